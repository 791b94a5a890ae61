"""Enrich flow: language, then sentiment (which reads the language), for mentions not yet processed.

On a Dask task runner (`runner.dask` in the project file, or REPUTATION_DASK_ADDRESS), each stage still reads and
writes the warehouse here, and sends its batches' partitions to the Dask workers (flows/partitions.py)."""

from __future__ import annotations

from prefect import Flow, flow, get_run_logger, task

from flows.partitions import partition_mapper
from reputation import partitions, stages
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io, task_runner
from reputation.run_history import recorded_run
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def detect_language(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        result = stages.detect_language(
            wh, progress=get_run_logger().info, mapper=partition_mapper(project), detector=project.models.language
        )
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
            mapper=partition_mapper(project),
        )
    return str(result)


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def classify_voice(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        result = stages.classify_voice(wh, project, progress=get_run_logger().info, mapper=partition_mapper(project))
    return str(result)


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def extract_entities(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(stages.extract_entities(wh, project, mapper=partition_mapper(project)))


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def extract_aspects(project_file: str) -> str:
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        return str(
            stages.extract_aspects(wh, project, progress=get_run_logger().info, mapper=partition_mapper(project))
        )


@flow(name="enrich")
def enrich_flow(project_file: str) -> list[str]:
    """Per-mention models, incremental: a rerun only processes what is new. Intent and aspects read the
    sentiment. The stages are called, not submitted: they run in this process, the single warehouse writer."""
    with recorded_run(load_project(project_file), "enrich"):
        try:
            results = [
                detect_language(project_file),
                score_sentiment(project_file),
                classify_voice(project_file),
                extract_entities(project_file),
                extract_aspects(project_file),
            ]
        finally:
            # this machine's worker processes hold their models: their memory goes back to the analytics that follow
            partitions.release_local_pool()
        for line in results:
            get_run_logger().info(line)
        return results


def enrich_for(project_file: str) -> Flow[[str], list[str]]:
    """The enrich flow with the task runner the project asks for (a Dask cluster, or Prefect's default)."""
    runner = task_runner(load_project(project_file))
    return enrich_flow if runner is None else enrich_flow.with_options(task_runner=runner)
