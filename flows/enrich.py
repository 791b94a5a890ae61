"""Enrich flow: language, then sentiment (which reads the language), for mentions not yet processed."""

from __future__ import annotations

from prefect import flow, get_run_logger, task

from reputation import stages
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.run_history import recorded_run
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def detect_language(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        result = stages.detect_language(wh, progress=get_run_logger().info)
    return str(result)


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def score_sentiment(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        result = stages.score_sentiment(
            wh,
            project.sentiment_spec,
            progress=get_run_logger().info,
            transformers=project.models.transformers,
            registry=project.registry_path,
        )
    return str(result)


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def classify_voice(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        result = stages.classify_voice(wh, project, progress=get_run_logger().info)
    return str(result)


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def extract_entities(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(stages.extract_entities(wh, project))


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def extract_aspects(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(stages.extract_aspects(wh, project, progress=get_run_logger().info))


@flow(name="enrich")
def enrich_flow(project_file: str) -> list[str]:
    """Per-mention models, incremental: a rerun only processes what is new. Intent and aspects read the
    sentiment."""
    with recorded_run(load_project(project_file), "enrich"):
        results = [
            detect_language(project_file),
            score_sentiment(project_file),
            classify_voice(project_file),
            extract_entities(project_file),
            extract_aspects(project_file),
        ]
        for line in results:
            get_run_logger().info(line)
        return results
