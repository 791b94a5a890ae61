"""The whole pipeline: ingest, enrich, analytics, report.

The warehouse is opened first: if it cannot be (typically another process holds its lock), nothing else runs
and the cause is the error. After that, later steps run even if an earlier one failed partly, so one bad step
never leaves the others undone; the run is then marked failed.
"""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task

from flows.analytics import analytics_flow
from flows.enrich import enrich_for
from flows.ingest import ingest_flow
from flows.report import report_flow
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.run_history import recorded_run
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def open_warehouse(project_file: str) -> int:
    """Open (and migrate) the warehouse once; returns its schema version."""
    with Warehouse(load_project(project_file).warehouse_path) as wh:
        return wh.schema_version()


@flow(name="pipeline")
def pipeline_flow(project_file: str, week_end: date | None = None) -> dict[str, object]:
    logger = get_run_logger()
    logger.info(f"warehouse schema version {open_warehouse(project_file)}")
    with recorded_run(load_project(project_file), "pipeline", {"week_end": week_end}):
        states = {
            "ingest": ingest_flow(project_file, return_state=True),
            "enrich": enrich_for(project_file)(project_file, return_state=True),
            "analytics": analytics_flow(project_file, return_state=True),
            "report": report_flow(project_file, week_end, return_state=True),
        }
        failed = [name for name, s in states.items() if not s.is_completed()]
        if failed:
            logger.error(f"failed steps: {failed}")
            raise RuntimeError(f"pipeline steps failed: {failed}")
        return {name: s.result() for name, s in states.items()}


if __name__ == "__main__":
    import sys

    pipeline_flow(sys.argv[1])
