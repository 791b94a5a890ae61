"""Run history, watermarks, structured logs and `reputation status`, on real Prefect flow runs over a small project:
a pipeline run, then a day of new mentions through the ingest and enrich flows alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from reputation.warehouse import Warehouse

pytestmark = pytest.mark.integration

TEXTS = ["Nexora est génial, merci !", "Telvia is the worst, useless support", "Nexora panne encore, nul"]


def mentions(day: int, n: int, start: int = 0) -> str:
    rows = [
        {
            "platform": "twitter",
            "platform_id": str(start + i),
            "author_id": f"u{i % 7}",
            "author_handle": f"h{i % 7}",
            "text": TEXTS[i % 3],
            "published_at": f"2026-09-{day:02d}T{8 + i % 10:02d}:00:00Z",
        }
        for i in range(n)
    ]
    return "\n".join(json.dumps(r) for r in rows)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, prefect_home: Path) -> Path:
    """A pipeline run over 90 mentions, then 10 new ones loaded and enriched by the ingest and enrich flows."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.enrich import enrich_flow
    from flows.ingest import ingest_flow
    from flows.pipeline import pipeline_flow

    folder = tmp_path_factory.mktemp("runs")
    (folder / "tweets").mkdir()
    (folder / "forum").mkdir()  # declared, never fed: a stale source
    (folder / "tweets" / "first.jsonl").write_text("\n".join(mentions(d, 6, 100 * d) for d in range(1, 16)))
    project = folder / "p.yaml"
    project.write_text(
        "name: runs test\n"
        "brands:\n  own: {name: Nexora, query: 'nexora*'}\n  competitors: [{name: Telvia, query: telvia}]\n"
        "sources: [{name: tweets, paths: [tweets]}, {name: forum, paths: [forum]}]\n"
        "models: {sentiment: builtin-lexicon}\n"
        "topics: {min_mentions: 10, n_topics: 2}\n"
    )
    with prefect_test_harness():
        assert pipeline_flow(str(project), return_state=True).is_completed()
        (folder / "tweets" / "second.jsonl").write_text(mentions(16, 10, 5000))
        ingest_flow(str(project))
        enrich_flow(str(project))
    return project


def test_each_top_level_flow_is_one_run_with_its_stages(runs: Path):
    with Warehouse(runs.parent / "warehouse.duckdb", read_only=True) as wh:
        history = wh.df("SELECT * FROM runs ORDER BY started_at")
        stages = wh.df("SELECT run_id, stage, status, rows_in FROM stage_runs ORDER BY started_at")
    assert history["flow"].tolist() == ["pipeline", "ingest", "enrich"]  # subflows are part of the pipeline's run
    assert history["status"].tolist() == ["ok", "ok", "ok"]
    pipeline, ingest, enrich = history.to_dict("records")
    assert (pipeline["mentions_before"], pipeline["mentions_after"]) == (0, 90)
    assert (ingest["mentions_before"], ingest["mentions_after"]) == (90, 100)
    # every stage of the pipeline, run in subflows and tasks, carries the pipeline's run id
    of_pipeline = stages[stages["run_id"] == pipeline["run_id"]]
    assert pipeline["stages_ok"] == len(of_pipeline) >= 12 and pipeline["stages_failed"] == 0
    assert {"language", "sentiment", "topics", "community", "alerts"} <= set(of_pipeline["stage"])
    assert set(stages["run_id"]) == {pipeline["run_id"], enrich["run_id"]}  # ingesting files is not a stage
    models = json.loads(pipeline["model_versions"])
    assert models["sentiment"].startswith("builtin-lexicon@") and "language" in models
    assert pipeline["ended_at"] > pipeline["started_at"]


def test_a_later_run_processes_only_the_new_mentions(runs: Path):
    with Warehouse(runs.parent / "warehouse.duckdb", read_only=True) as wh:
        enrich = wh.scalar("SELECT run_id FROM runs WHERE flow = 'enrich'")
        done = wh.df("SELECT stage, rows_in FROM stage_runs WHERE run_id = ?", [enrich])
        marks = wh.df("SELECT output, high_water, processed FROM stage_watermarks ORDER BY output")
        newest = wh.scalar("SELECT max(ingested_at) FROM raw_mentions")
        assert wh.scalar("SELECT count(*) FROM enr_sentiment") == 100  # once each, nothing twice
    assert dict(done.itertuples(index=False)) == {"language": 10, "sentiment": 10, "voice": 10, "entities": 10,
                                                  "aspects": 10}  # fmt: skip
    # every per-mention output's watermark is now the newest ingestion; the enrich run moved it by 10
    enr = marks[marks["output"].str.startswith("enr_") & (marks["output"] != "enr_topic")]
    assert set(enr["output"]) == {"enr_language", "enr_sentiment", "enr_intent", "enr_moderation", "enr_entities",
                                  "enr_aspects_processed"}  # fmt: skip
    assert (enr["high_water"] == newest).all() and (enr["processed"] == 10).all()


def test_runs_and_stages_are_logged_as_json_lines(runs: Path):
    lines = [json.loads(x) for x in (runs.parent / "logs" / "reputation.jsonl").read_text().splitlines()]
    events = [x for x in lines if "event" in x]
    assert [x["flow"] for x in events if x["event"] == "run_started"] == ["pipeline", "ingest", "enrich"]
    finished = [x for x in events if x["event"] == "run_finished"]
    assert [x["status"] for x in finished] == ["ok"] * 3 and finished[0]["mentions_after"] == 90
    stage_lines = [x for x in events if x["event"] == "stage"]
    sentiment = [x for x in stage_lines if x["stage"] == "sentiment"]
    assert [x["rows_in"] for x in sentiment] == [90, 10]
    assert all(x["seconds"] >= 0 and x["run_id"] and x["ts"] for x in stage_lines)
    assert {x["run_id"] for x in stage_lines} == {finished[0]["run_id"], finished[2]["run_id"]}


def test_status_shows_runs_stages_and_a_stale_source(runs: Path):
    out = subprocess.run(
        [sys.executable, "-m", "reputation.cli", "status", "--project", str(runs)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
    )
    text = out.stderr
    assert out.returncode == 1, text  # the declared `forum` source was never loaded: stale
    assert "pipeline" in text and "+90 mentions" in text and "+10 mentions" in text
    assert "enr_sentiment" in text and "0 mentions behind" in text
    [tweets] = [line for line in text.splitlines() if line.strip().startswith("tweets")]
    [forum] = [line for line in text.splitlines() if line.strip().startswith("forum")]
    assert "fresh" in tweets and "100 mentions" in tweets
    assert "stale" in forum and "never" in forum


def test_a_backfill_reprocesses_its_range_with_the_current_project_and_only_it(runs: Path, prefect_home: Path):
    from prefect.testing.utilities import prefect_test_harness

    from flows.backfill import backfill_flow

    # the Nexora query now leaves out outage posts: only the range's mentions are matched again
    changed = runs.parent / "p2.yaml"
    changed.write_text(runs.read_text().replace("query: 'nexora*'}", "query: 'nexora* AND NOT panne'}"))
    db = runs.parent / "warehouse.duckdb"
    with Warehouse(db, read_only=True) as wh:
        before = wh.df("SELECT mention_id, brands, published_at FROM raw_mentions ORDER BY mention_id")
    in_range = before["published_at"].between("2026-09-02", "2026-09-05 23:59:59")
    with prefect_test_harness():
        first = backfill_flow(str(changed), date(2026, 9, 2), date(2026, 9, 5))
        again = backfill_flow(str(changed), date(2026, 9, 2), date(2026, 9, 5))
    with Warehouse(db, read_only=True) as wh:
        after = wh.df("SELECT mention_id, brands FROM raw_mentions ORDER BY mention_id")
        last = wh.df("SELECT * FROM runs WHERE flow = 'backfill' ORDER BY started_at")
        redone = wh.df(
            "SELECT stage, rows_in FROM stage_runs WHERE run_id = ? AND stage IN ('language', 'sentiment')",
            [last["run_id"].iloc[1]],
        )
        assert wh.scalar("SELECT count(*) FROM enr_sentiment") == 100  # reprocessed, never duplicated
        assert wh.scalar("SELECT count(*) FROM mentions WHERE sentiment IS NULL") == 0
    n, deleted = int(in_range.sum()), first["reset"]["rows_deleted"]
    assert first["reset"] == {"mentions": n, "brands_changed": 8, "rows_deleted": deleted}
    assert again["reset"] == {"mentions": n, "brands_changed": 0, "rows_deleted": deleted}  # already matched
    assert dict(redone.itertuples(index=False)) == {"language": int(in_range.sum()), "sentiment": int(in_range.sum())}
    moved = after["brands"].map(list) != before["brands"].map(list)
    assert moved.sum() == 8 and not (moved & ~in_range).any()  # the range's "Nexora panne" tweets, only them
    assert all(list(b) == [] for b in after.loc[moved, "brands"])
    assert last["status"].tolist() == ["ok", "ok"] and json.loads(last["params"].iloc[0])["start"] == "2026-09-02"


def test_the_ingest_flow_applies_the_retention_policy_as_a_stage_of_its_run(tmp_path: Path, prefect_home: Path):
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest_flow
    from reputation.warehouse import utcnow

    (tmp_path / "tweets").mkdir()
    (tmp_path / "tweets" / "m.jsonl").write_text("\n".join(mentions(d, 3, 100 * d) for d in range(1, 16)))
    keep_from = date(2026, 9, 8)  # the cutoff: local midnight (UTC project) that many days before today
    days = (utcnow().date() - keep_from).days
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: retention test\nbrands:\n  own: {name: Nexora, query: 'nexora*'}\n"
        f"sources: [{{name: tweets, paths: [tweets]}}]\nprivacy: {{retention_days: {days}}}\n"
    )
    with prefect_test_harness():
        ingest_flow(str(project))
    with Warehouse(tmp_path / "warehouse.duckdb", read_only=True) as wh:
        kept = wh.df("SELECT min(published_at) AS first, count(*) AS n FROM raw_mentions").iloc[0]
        [run] = wh.df("SELECT run_id, status FROM runs").to_dict("records")
        stages = wh.df("SELECT stage, status FROM stage_runs WHERE run_id = ?", [run["run_id"]])
    assert run["status"] == "ok" and stages.values.tolist() == [["retention", "ok"]]
    assert kept["n"] == 3 * 8 and kept["first"].date() == keep_from  # 8 of the 15 days are recent enough
