"""Prefect settings the project relies on, applied in one place before Prefect is imported."""

from __future__ import annotations

import os
from typing import Any

DEFAULTS = {
    # No telemetry leaves the machine.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Local runs start a temporary server by themselves; nothing to start by hand.
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
    "PREFECT_LOGGING_LOG_PRINTS": "true",
    # The library's structured run and stage events (reputation.observability) show in each flow run's logs.
    "PREFECT_LOGGING_EXTRA_LOGGERS": "reputation",
}


def configure_prefect() -> None:
    """Set the project's Prefect defaults, keeping any value the user already set."""
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


# Retries for tasks that open the warehouse: only a DuckDB I/O error (typically another process holding the
# file's write lock, e.g. a notebook opened read-write) is worth retrying; a bad model name or bad data is not.
WAREHOUSE_RETRIES = {"retries": 3, "retry_delay_seconds": [2, 10, 30]}


def retry_on_warehouse_io(task: object, task_run: object, state: Any) -> bool:
    """Prefect `retry_condition_fn`: retry only when the task failed on a DuckDB I/O error."""
    import duckdb

    return isinstance(state.result(raise_on_failure=False), duckdb.IOException)
