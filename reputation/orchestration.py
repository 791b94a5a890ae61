"""Prefect settings the project relies on, applied in one place before Prefect is imported; retries; and the task
runner of the enrich flow (Prefect's default, or a Dask cluster)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner

    from reputation.config import Project

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


DASK_ADDRESS_ENV = "REPUTATION_DASK_ADDRESS"


def dask_address(project: Project) -> str | None:
    """The scheduler to use: REPUTATION_DASK_ADDRESS, else the project's `runner.dask.address`."""
    dask = project.runner.dask
    return os.environ.get(DASK_ADDRESS_ENV) or (dask.address if dask else None)


def uses_dask(project: Project) -> bool:
    return project.runner.dask is not None or bool(os.environ.get(DASK_ADDRESS_ENV))


def task_runner(project: Project) -> TaskRunner | None:
    """The task runner of the flows that run the per-mention stages: a DaskTaskRunner when the project asks for Dask
    (an existing scheduler, or a temporary local cluster), else None (Prefect's default, everything here)."""
    if not uses_dask(project):
        return None
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as err:
        raise ImportError(
            "runner.dask (or REPUTATION_DASK_ADDRESS) needs prefect-dask: pip install 'reputation[dask]'"
        ) from err
    address = dask_address(project)
    if address:
        return DaskTaskRunner(address=address)
    workers = project.runner.dask.workers if project.runner.dask else 2
    # processes, one thread each: the models' Python code holds the GIL
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "processes": True, "threads_per_worker": 1})
