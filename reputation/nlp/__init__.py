"""Per-mention models: language, sentiment. Each model names itself and its version for every row it writes."""
