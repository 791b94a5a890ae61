"""reputation: e-reputation and community analytics pipeline."""

__version__ = "0.1.0"
