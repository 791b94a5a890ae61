"""Analytics flow: topics, community, metrics, campaigns, the response queue, the media map, alerts and their
delivery. A failing step does not stop the others."""

from __future__ import annotations

from prefect import flow, get_run_logger, task

from reputation import stages
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.run_history import recorded_run
from reputation.warehouse import Warehouse

# In order: the queue and the media map read the community's tables; alerts name topics and leave the brands' own
# accounts out of their drivers; delivery sends what detection found.
STEPS = {
    "discover_topics": stages.discover_topics,
    "score_community": stages.score_community,
    "compute_metrics": stages.compute_metrics,
    "measure_campaigns": stages.measure_campaigns,
    "refresh_response_queue": stages.refresh_response_queue,
    "map_media": stages.map_media,
    "detect_alerts": stages.detect_alerts,
    "deliver_alerts": stages.deliver_alerts,
}


@task(task_run_name="{step}", **WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def analytics_step(step: str, project_file: str) -> str:
    """One analytics stage over the project's warehouse (a stage of reputation.stages, by name)."""
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(STEPS[step](wh, project))


@flow(name="analytics")
def analytics_flow(project_file: str) -> list[str]:
    """Run every analytics step; raise at the end if any failed, after the others have run."""
    logger = get_run_logger()
    with recorded_run(load_project(project_file), "analytics"):
        states = [analytics_step(step, project_file, return_state=True) for step in STEPS]
        failed = [(step, s) for step, s in zip(STEPS, states, strict=True) if not s.is_completed()]
        results = [str(s.result(raise_on_failure=False)) for s in states]
        for line in results:
            logger.info(line)
        if failed:
            causes = "; ".join(f"{step}: {s.result(raise_on_failure=False)}" for step, s in failed)
            raise RuntimeError(f"{len(failed)} analytics step(s) failed: {causes}")
        return results
