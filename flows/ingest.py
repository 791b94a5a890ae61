"""Ingest flow: load the project's sources into the raw layer, one task per file."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task

from reputation import stages
from reputation.config import load_project
from reputation.orchestration import WAREHOUSE_RETRIES, retry_on_warehouse_io
from reputation.run_history import recorded_run
from reputation.sources.live import run_source
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


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def fetch_live(project_file: str, source: str) -> dict[str, object]:
    """Fetch one live source since its cursor, land its pages and ingest them (HTTP retries happen inside)."""
    project = load_project(project_file)
    [spec] = [s for s in project.live_sources() if s.name == source]
    with Warehouse(project.warehouse_path) as wh:
        run = run_source(wh, project, spec)
    get_run_logger().info(run.summary())
    errors = [r.error for r in run.reports if r.error]
    return {"path": source, "loaded": run.loaded, "error": "; ".join(e for e in errors if e) or None}


@task(**WAREHOUSE_RETRIES, retry_condition_fn=retry_on_warehouse_io)
def apply_retention(project_file: str) -> str:
    """Delete what is older than privacy.retention_days, everywhere (docs/privacy.md); recorded as a stage."""
    from reputation.privacy import apply_retention as apply
    from reputation.run_history import current_run_id

    project = load_project(project_file)
    with Warehouse(project.warehouse_path) as wh:
        result = apply(wh, project, run_id=current_run_id())
    get_run_logger().info(str(result))
    return str(result)


@flow(name="ingest")
def ingest_flow(project_file: str, paths: list[str] | None = None) -> list[dict[str, object]]:
    """Load the given files, or all of the project's sources (files, then live sources); one failing source
    never stops the others, and the run fails at the end naming the ones that failed."""
    project = load_project(project_file)
    with recorded_run(project, "ingest", {"paths": paths}):
        files = stages.source_files(project, [Path(p) for p in paths] if paths else None)
        states = [ingest_one(project_file, name, str(path), return_state=True) for name, path in files]
        if not paths:
            states += [fetch_live(project_file, s.name, return_state=True) for s in project.live_sources()]
        results, failed = [], []
        for state in states:
            if not state.is_completed():
                failed.append(str(state.result(raise_on_failure=False)))
                continue
            result = state.result()
            results.append(result)
            if result["error"]:
                failed.append(f"{result['path']}: {result['error']}")
        if project.privacy.retention_days is not None:  # after loading, so a late export's old mentions go too
            retention = apply_retention(project_file, return_state=True)
            if not retention.is_completed():
                failed.append(f"retention: {retention.result(raise_on_failure=False)}")
        if failed:  # everything else was loaded; the run is marked failed so the problem is seen
            raise RuntimeError(f"{len(failed)} source(s) failed: " + " | ".join(failed))
        return results
