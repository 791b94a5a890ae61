"""The per-mention stages' partitions as Prefect tasks, submitted through the flow's task runner (Dask workers when it
is prefect-dask's DaskTaskRunner). The stage itself, which reads and writes the warehouse, stays in the flow's
process."""

from __future__ import annotations

import sys

import pandas as pd
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext

from reputation.config import Project
from reputation.partitions import PARTITION_SIZE, Compute, Mapper, partitioned


# No cache and no stored result: the inputs are DataFrames, and the rows go straight back to the writer.
@task(name="enrich-partition", cache_policy=NO_CACHE, persist_result=False)
def compute_partition(compute: Compute, part: pd.DataFrame) -> pd.DataFrame:
    return compute(part)


def submit_all(compute: Compute, parts: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Every partition submitted at once (the cluster works on them together), the results in order."""
    futures = [compute_partition.submit(compute, part) for part in parts]
    return [future.result() for future in futures]


def partition_mapper(project: Project) -> Mapper | None:
    """A mapper over the current flow's Dask workers when the flow runs on a DaskTaskRunner, else None (the stage
    computes its batches itself)."""
    context = FlowRunContext.get()
    dask = sys.modules.get("prefect_dask")  # imported if and only if a DaskTaskRunner may be in use
    if context is None or dask is None or not isinstance(context.task_runner, dask.DaskTaskRunner):
        return None
    size = project.runner.dask.partition_size if project.runner.dask else PARTITION_SIZE
    return partitioned(submit_all, size)
