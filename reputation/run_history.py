"""Run history: one row per run of a top-level flow in the table `runs`, its stages in `stage_runs` under the same
run id, and a structured log line for each (reputation.observability).

A flow wraps its body in :func:`recorded_run`. Inside Prefect the run id is the top-level flow run's id, so the
stages of a pipeline run (run in subflows and tasks) and the pipeline's own row share it; subflows started by a
parent record nothing themselves. Outside Prefect (a stage called from Python), stages get a fresh id each.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reputation import observability
from reputation.config import Project
from reputation.warehouse import Warehouse, utcnow


def current_run_id() -> str:
    """The top-level Prefect flow run's id when called inside one, else a new id."""
    try:
        from prefect.runtime import flow_run

        root = flow_run.root_flow_run_id or flow_run.id
    except ImportError:  # Prefect is a dependency, but the library also works without a flow
        root = None
    return str(root) if root else uuid.uuid4().hex[:12]


def _is_top_level() -> bool:
    from prefect.runtime import flow_run

    return not flow_run.parent_flow_run_id


@dataclass
class Run:
    run_id: str
    flow: str
    recorded: bool  # False for a subflow: its parent records the run


def start_run(wh: Warehouse, run_id: str, flow: str, params: Mapping[str, Any]) -> None:
    wh.con.execute(
        "INSERT OR REPLACE INTO runs (run_id, flow, started_at, status, params, mentions_before) "
        "VALUES (?, ?, ?, 'running', ?, (SELECT count(*) FROM raw_mentions))",
        [run_id, flow, utcnow(), json.dumps(dict(params), default=str)],
    )


def finish_run(wh: Warehouse, run_id: str, error: str | None = None) -> dict[str, Any]:
    """Close a run's row: status, end, counts over its stages, the active model versions. Returns the row."""
    models = wh.df("SELECT stage, model || '@' || model_version AS v FROM active_models ORDER BY stage")
    wh.con.execute(
        """
        UPDATE runs SET
            ended_at = $now,
            status = CASE WHEN $error IS NULL AND s.failed = 0 THEN 'ok' ELSE 'failed' END,
            mentions_after = (SELECT count(*) FROM raw_mentions),
            stages_ok = s.ok, stages_failed = s.failed, rows_out = s.rows_out,
            model_versions = $models,
            error = $error
        FROM (SELECT count(*) FILTER (WHERE status = 'ok') AS ok, count(*) FILTER (WHERE status = 'failed') AS failed,
                     coalesce(sum(rows_out), 0) AS rows_out
              FROM stage_runs WHERE run_id = $run) s
        WHERE run_id = $run
        """,
        {"now": utcnow(), "error": error, "models": json.dumps(dict(models.itertuples(index=False))), "run": run_id},
    )
    row = wh.df("SELECT * FROM runs WHERE run_id = ?", [run_id]).iloc[0].to_dict()
    return row


def _writer(path: Path) -> Warehouse:
    """The warehouse for writing, waiting like the flows' tasks do while a reader (a notebook) holds the file."""
    import duckdb

    from reputation.orchestration import WAREHOUSE_RETRIES

    for wait in (*WAREHOUSE_RETRIES["retry_delay_seconds"], None):
        try:
            return Warehouse(path)
        except duckdb.IOException as err:
            if wait is None or "lock" not in str(err):
                raise
            time.sleep(wait)
    raise AssertionError("unreachable")


def log_dir(project: Project) -> Path:
    """Where the project's structured log file goes: `logs/` beside the warehouse."""
    return project.warehouse_path.parent / "logs"


@contextmanager
def recorded_run(project: Project, flow: str, params: Mapping[str, Any] | None = None) -> Iterator[Run]:
    """Record a top-level flow's run in `runs` (started, then ended ok or failed with the error) and log it.

    The warehouse is opened only briefly at the start and the end: the flow's tasks open it themselves."""
    observability.log_to_file(log_dir(project))
    run = Run(current_run_id(), flow, _is_top_level())
    if not run.recorded:
        yield run
        return
    warehouse = project.warehouse_path
    with _writer(warehouse) as wh:
        start_run(wh, run.run_id, flow, params or {})
    observability.log_event("run_started", run_id=run.run_id, flow=flow, params=dict(params or {}))
    error: str | None = None
    try:
        yield run
    except BaseException as err:
        error = " ".join(f"{type(err).__name__}: {err}".split())[:2000]
        raise
    finally:
        with _writer(warehouse) as wh:
            row = finish_run(wh, run.run_id, error)
        seconds = (row["ended_at"] - row["started_at"]).total_seconds()
        observability.log_event(
            "run_finished",
            run_id=run.run_id,
            flow=flow,
            status=row["status"],
            seconds=round(seconds, 3),
            mentions_before=int(row["mentions_before"]),
            mentions_after=int(row["mentions_after"]),
            stages_ok=int(row["stages_ok"]),
            stages_failed=int(row["stages_failed"]),
            rows_out=int(row["rows_out"]),
            error=error,
        )
