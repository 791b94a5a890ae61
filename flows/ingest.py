"""Ingest flow: load the project's sources into the raw layer, one task per file."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task

from reputation import stages
from reputation.config import load_project
from reputation.ingest import expand_paths
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def ingest_one(project_file: str, path: str) -> dict[str, object]:
    """Load one file; its problems are reported in the result, not raised."""
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        [report] = stages.ingest(wh, project, [Path(path)])
    logger = get_run_logger()
    (logger.error if report.error else logger.info)(report.summary())
    return {"path": report.path, "loaded": report.loaded, "error": report.error}


@flow(name="ingest")
def ingest_flow(project_file: str, paths: list[str] | None = None) -> list[dict[str, object]]:
    """Load the given files, or all of the project's file sources; fails at the end if any file failed."""
    project = load_project(project_file)
    files = (
        expand_paths([Path(p) for p in paths])
        if paths
        else [f for _, src in project.source_paths() for f in expand_paths([src])]
    )
    results = [ingest_one(project_file, str(f)) for f in files]
    failed = [str(r["path"]) for r in results if r["error"]]
    if failed:  # every other file was loaded; the run is marked failed so the problem is seen
        raise RuntimeError(f"{len(failed)} of {len(results)} source file(s) failed: {', '.join(failed)}")
    return results
