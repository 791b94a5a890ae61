"""Prefect flows on a tiny hand-written dataset: a failing step does not take the others down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.warehouse import Warehouse

pytestmark = pytest.mark.integration

TEXTS = [
    "Nexora est génial, merci !",
    "Telvia is the worst, useless support",
    "Nexora panne encore, nul",
    "Quelqu'un a essayé Telvia ?",
]


def write_project(folder: Path, sentiment_model: str) -> Path:
    rows = [
        {
            "platform": "twitter",
            "platform_id": str(i),
            "author_id": f"u{i % 5}",
            "author_handle": f"h{i % 5}",
            "text": TEXTS[i % 4],
            "published_at": f"2026-09-{1 + i % 20:02d}T10:00:00Z",
            "parent_id": str(i - 1) if i % 3 == 1 else None,
        }
        for i in range(60)
    ]
    (folder / "m.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    project = folder / "p.yaml"
    project.write_text(
        "name: flows test\n"
        "brands:\n  own: {name: Nexora, query: 'nexora*'}\n  competitors: [{name: Telvia, query: telvia}]\n"
        "sources: [{name: t, paths: [m.jsonl]}]\n"
        f"models: {{sentiment: {sentiment_model}}}\n"
        "topics: {min_mentions: 10, n_topics: 2}\n"
    )
    return project


def test_a_failing_step_leaves_the_others_done(tmp_path: Path, prefect_home: Path):
    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import pipeline_flow

    project = write_project(tmp_path, "no-such-model")
    with prefect_test_harness():
        state = pipeline_flow(str(project), return_state=True)
    assert state.is_failed()
    assert "enrich" in str(state.result(raise_on_failure=False))
    with Warehouse(tmp_path / "warehouse.duckdb", read_only=True) as wh:
        assert wh.scalar("SELECT count(*) FROM raw_mentions") == 60
        assert wh.scalar("SELECT count(*) FROM enr_language") == 60  # the step before the failure
        assert wh.scalar("SELECT count(*) FROM community_authors") == 5  # analytics still ran
        assert wh.scalar("SELECT sum(mentions) FROM daily_brand_metrics") == 60
        failed = wh.df("SELECT stage, detail FROM stage_runs WHERE status = 'failed'")
    assert failed["stage"].tolist() == ["sentiment"]
    assert "unknown sentiment model 'no-such-model'" in failed["detail"][0]
    assert list((tmp_path / "reports").glob("weekly-*.html"))  # and the report was still written


def test_only_a_locked_warehouse_is_retried(locked_warehouse: Path):
    """The retry condition on real failure states: a DuckDB lock held by another process is transient, a bad
    model name is not."""
    import duckdb
    from prefect.states import Failed

    from reputation.orchestration import retry_on_warehouse_io

    with pytest.raises(duckdb.IOException) as locked:
        Warehouse(locked_warehouse)
    assert retry_on_warehouse_io(None, None, Failed(data=locked.value))
    assert not retry_on_warehouse_io(None, None, Failed(data=ValueError("unknown sentiment model 'x'")))


def test_ingest_flow_names_the_source_of_each_mention(tmp_path: Path, prefect_home: Path):
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest_flow

    project = write_project(tmp_path, "builtin-lexicon")  # its source is named "t"
    with prefect_test_harness():
        ingest_flow(str(project))
    with Warehouse(tmp_path / "warehouse.duckdb", read_only=True) as wh:
        assert wh.df("SELECT DISTINCT source FROM raw_mentions")["source"].tolist() == ["t"]
