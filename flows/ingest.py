"""Ingest flow: load the project's sources into the raw layer, one task per file."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task

from reputation import stages
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.warehouse import Warehouse


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def ingest_one(project_file: str, source: str | None, path: str) -> dict[str, object]:
    """Load one file; its problems are reported in the result, not raised."""
    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        report = stages.ingest_source_file(wh, project, source, Path(path))
    logger = get_run_logger()
    (logger.error if report.error else logger.info)(report.summary())
    return {"path": report.path, "loaded": report.loaded, "error": report.error}


@flow(name="ingest")
def ingest_flow(project_file: str, paths: list[str] | None = None) -> list[dict[str, object]]:
    """Load the given files, or all of the project's file sources; fails at the end if any file failed."""
    project = load_project(project_file)
    files = stages.source_files(project, [Path(p) for p in paths] if paths else None)
    results = [ingest_one(project_file, name, str(path)) for name, path in files]
    failed = [str(r["path"]) for r in results if r["error"]]
    if failed:  # every other file was loaded; the run is marked failed so the problem is seen
        raise RuntimeError(f"{len(failed)} of {len(results)} source file(s) failed: {', '.join(failed)}")
    return results
