"""Per-mention models (language, sentiment); each names itself and its version on every row it writes."""
