"""Backfill flow: reprocess the mentions published in a date range with the project as it is now (new brand queries,
charter, models...), then refresh the analytics (reputation/backfill.py)."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task

from flows.analytics import analytics_flow
from flows.enrich import enrich_for
from reputation.backfill import reset_range
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.run_history import recorded_run
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def reset(project_file: str, start: date, end: date) -> dict[str, object]:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        done = reset_range(wh, project, start, end)
    return {"mentions": done.mentions, "brands_changed": done.brands_changed, "rows_deleted": done.rows_deleted}


@flow(name="backfill")
def backfill_flow(project_file: str, start: date, end: date) -> dict[str, object]:
    """Reset the range's mentions, enrich them again, and rerun the analytics; fails at the end if a step did."""
    logger = get_run_logger()
    with recorded_run(load_project(project_file), "backfill", {"start": start, "end": end}):
        done = reset(project_file, start, end)
        logger.info(
            f"{start}..{end}: {done['mentions']} mentions to reprocess, {done['brands_changed']} with other brands "
            f"under the current queries, {done['rows_deleted']} enrichment rows cleared"
        )
        states = {
            "enrich": enrich_for(project_file)(project_file, return_state=True),
            "analytics": analytics_flow(project_file, return_state=True),
        }
        failed = [name for name, s in states.items() if not s.is_completed()]
        if failed:
            raise RuntimeError(f"backfill steps failed: {failed}")
        return {"reset": done, **{name: s.result() for name, s in states.items()}}
