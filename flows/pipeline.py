"""The whole pipeline: ingest, enrich, analytics, report. Later steps run even if an earlier one failed
partly, so one bad step never leaves the others undone; the run is then marked failed."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger

from flows.analytics import analytics_flow
from flows.enrich import enrich_flow
from flows.ingest import ingest_flow
from flows.report import report_flow


@flow(name="pipeline")
def pipeline_flow(project_file: str, week_end: date | None = None) -> dict[str, object]:
    logger = get_run_logger()
    states = {
        "ingest": ingest_flow(project_file, return_state=True),
        "enrich": enrich_flow(project_file, return_state=True),
        "analytics": analytics_flow(project_file, return_state=True),
        "report": report_flow(project_file, week_end, return_state=True),
    }
    failed = [name for name, s in states.items() if not s.is_completed()]
    outcome = {name: s.result(raise_on_failure=False) for name, s in states.items()}
    if failed:
        logger.error(f"failed steps: {failed}")
        raise RuntimeError(f"pipeline steps failed: {failed}")
    return outcome


if __name__ == "__main__":
    import sys

    pipeline_flow(sys.argv[1])
