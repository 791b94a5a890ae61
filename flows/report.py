"""Report flow: render the weekly report from the warehouse and save it; with `send`, also e-mail it."""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task

from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.report import save_weekly_report
from reputation.report.email import save_and_send_weekly_report
from reputation.run_history import recorded_run
from reputation.warehouse import Warehouse


class ReportNotSent(RuntimeError):
    """Some recipients were not reached (the report is saved; the attempts are in the table deliveries)."""


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def render_weekly_report(project_file: str, week_end: date | None = None) -> list[str]:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        paths = save_weekly_report(wh, project, week_end=week_end)
    return [str(p) for p in paths]


# No Prefect retries beyond the warehouse lock's: deliveries retry by themselves, and a rerun skips what was sent.
@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def send_weekly_report(project_file: str, week_end: date | None = None) -> list[str]:
    """Save the weekly report, then e-mail it; fails when a recipient was not reached."""
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        outcome = save_and_send_weekly_report(wh, project, week_end)
    logger = get_run_logger()
    for r in outcome.results:
        (logger.error if r.status == "failed" else logger.info)(r.summary())
    if outcome.failed:
        raise ReportNotSent(
            f"the report did not reach {len(outcome.failed)} of {len(outcome.results)} recipients (saved: "
            f"{', '.join(p.name for p in outcome.saved)}); see the warehouse table deliveries"
        )
    return [str(p) for p in outcome.saved]


@flow(name="report")
def report_flow(project_file: str, week_end: date | None = None, send: bool = False) -> list[str]:
    """Save the weekly report; with `send`, also e-mail it to the project's recipients."""
    with recorded_run(load_project(project_file), "report", {"week_end": week_end, "send": send}):
        paths = (send_weekly_report if send else render_weekly_report)(project_file, week_end)
        for p in paths:
            get_run_logger().info(f"report saved: {p}")
        return paths
