"""Backfill flow: reprocess the mentions published in a date range with the project as it is now (new brand queries,
charter, models...), then refresh the analytics (reputation/backfill.py)."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task

from flows.enrich_analytics import enrich_analytics_flow
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
        # what the daily schedule runs, now over the range's mentions too
        state = enrich_analytics_flow(project_file, return_state=True)
        if not state.is_completed():
            raise RuntimeError(f"backfill: {state.result(raise_on_failure=False)}")
        return {"reset": done, **state.result()}
