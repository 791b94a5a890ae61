"""Enrich-analytics flow: what the daily schedule runs (docs/operations.md): enrichment of the new mentions, then the
analytics, which read it. Ingestion has its own, hourly, schedule."""

from __future__ import annotations

from prefect import flow

from flows.analytics import analytics_flow
from flows.enrich import enrich_for
from reputation.config import load_project
from reputation.run_history import recorded_run


@flow(name="enrich-analytics")
def enrich_analytics_flow(project_file: str) -> dict[str, object]:
    """Enrichment, then analytics; analytics run even when an enrichment step failed."""
    with recorded_run(load_project(project_file), "enrich-analytics"):
        states = {
            "enrich": enrich_for(project_file)(project_file, return_state=True),
            "analytics": analytics_flow(project_file, return_state=True),
        }
        failed = [name for name, s in states.items() if not s.is_completed()]
        if failed:
            raise RuntimeError(f"failed: {', '.join(failed)} (see the sub-flows' logs)")
        return {name: s.result() for name, s in states.items()}
