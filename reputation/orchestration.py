"""Prefect settings the project relies on, applied in one place before Prefect is imported."""

from __future__ import annotations

import os

DEFAULTS = {
    # No telemetry leaves the machine.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Local runs start a temporary server by themselves; nothing to start by hand.
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
    "PREFECT_LOGGING_LOG_PRINTS": "true",
}


def configure_prefect() -> None:
    """Set the project's Prefect defaults, keeping any value the user already set."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
