"""Prefect flows: thin wiring of `reputation.stages`, one task per stage (each works on bounded batches)."""

from reputation.orchestration import configure_prefect

configure_prefect()
