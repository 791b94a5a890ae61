"""Report flow: render the weekly HTML report from the warehouse and save it."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task

from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.report import save_weekly_report
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def render_weekly_report(project_file: str, week_end: date | None = None) -> list[str]:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        paths = save_weekly_report(wh, project, week_end=week_end)
    return [str(p) for p in paths]


@flow(name="report")
def report_flow(project_file: str, week_end: date | None = None) -> list[str]:
    paths = render_weekly_report(project_file, week_end)
    for p in paths:
        get_run_logger().info(f"report saved: {p}")
    return paths
