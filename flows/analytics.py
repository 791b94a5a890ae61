"""Analytics flow: topics, community, metrics and alerts. A failing step does not stop the others."""

from __future__ import annotations

from prefect import flow, get_run_logger, task

from reputation import stages
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def discover_topics(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(stages.discover_topics(wh, project))


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def score_community(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(stages.score_community(wh, project))


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def compute_metrics(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(stages.compute_metrics(wh, project))


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def detect_alerts(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(stages.detect_alerts(wh, project))


@flow(name="analytics")
def analytics_flow(project_file: str) -> list[str]:
    """Run every analytics step; raise at the end if any failed, after the others have run."""
    logger = get_run_logger()
    # alerts come last: their explanations name topics and leave the brands' own accounts out of the drivers
    steps = (discover_topics, score_community, compute_metrics, detect_alerts)
    states = [step(project_file, return_state=True) for step in steps]
    failed = [s for s in states if not s.is_completed()]
    results = [str(s.result(raise_on_failure=False)) for s in states]
    for line in results:
        logger.info(line)
    if failed:
        raise RuntimeError(f"{len(failed)} analytics step(s) failed: " + "; ".join(s.name or "" for s in failed))
    return results
