"""The topics stage on a real DuckDB warehouse of demo mentions: stable ids across refits, new mentions assigned
without refitting, lineage recorded, the planted outage raised as an emerging topic, share of topic in a mart."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pandas as pd
import pytest

from reputation import stages, topic_store, topic_tracking
from reputation.config import load_project
from reputation.demo.generator import DemoConfig, write_demo
from reputation.warehouse import Warehouse

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Mentions ingested in two parts (the last week arrives later), topics run after each, then a forced refit."""
    out = tmp_path_factory.mktemp("topics")
    files = write_demo(out / "demo", DemoConfig.sized(10_000, 10, 7))
    lines = files["mentions"].read_text(encoding="utf-8").splitlines()
    early = [x for x in lines if json.loads(x)["published_at"] < "2026-11-02"]
    late = [x for x in lines if json.loads(x)["published_at"] >= "2026-11-02"]
    assert early and late
    (out / "early.jsonl").write_text("\n".join(early), encoding="utf-8")
    (out / "late.jsonl").write_text("\n".join(late), encoding="utf-8")
    project_file = out / "project.yaml"
    project_file.write_text((resources.files("reputation.demo") / "project.yaml").read_text(encoding="utf-8"))
    project = load_project(project_file)
    result: dict = {"project": project, "truth": pd.read_csv(files["ground_truth_mentions"], dtype=str)}
    with Warehouse(project.warehouse_path) as wh:
        for name in ("early", "late"):
            stages.ingest(wh, project, [out / f"{name}.jsonl"])
            stages.detect_language(wh)
            stages.score_sentiment(wh, project.models.sentiment)
            result[name] = stages.discover_topics(wh, project)
            result[f"{name}_versions"] = wh.df("SELECT model_version FROM topic_fits")["model_version"].tolist()
        result["before_refit"] = wh.df("SELECT mention_id, topic_id FROM mentions")
        result["refit"] = stages.discover_topics(wh, project, refit=True)
    return result


@pytest.fixture
def wh(run: dict):
    with Warehouse(run["project"].warehouse_path, read_only=True) as w:
        yield w


def test_new_mentions_are_assigned_to_the_active_fit_without_refitting(run: dict, wh: Warehouse):
    assert len(run["early_versions"]) == 1 and run["late_versions"] == run["early_versions"]
    assert "new mentions assigned" in run["late"].detail and run["late"].rows_in > 0
    assert wh.scalar("SELECT count(*) FROM mentions WHERE topic_id IS NULL") == 0


def test_a_fit_is_stored_without_its_assignments_but_with_their_weak_weight(wh: Warehouse):
    fit = topic_store.active_fit(wh)
    assert fit is not None and fit.fitted.assignments.empty  # they are in enr_topic, a row per fitted mention
    weights = wh.df(
        "SELECT weight FROM enr_topic WHERE model = ? AND model_version = ?", [fit.model, fit.model_version]
    )["weight"]
    assert len(weights) == fit.mentions
    assert topic_tracking.fit_weak_weight(fit.fitted) == topic_tracking.weak_weight(weights) > 0


def test_a_refit_keeps_the_ids_of_the_topics_it_finds_again(run: dict, wh: Warehouse):
    fits = wh.df("SELECT model_version, previous_version FROM topic_fits ORDER BY fitted_at")
    assert len(fits) == 2 and fits["previous_version"].iloc[1] == fits["model_version"].iloc[0]
    lineage = wh.df("SELECT * FROM topic_lineage")
    assert set(lineage["relation"]) <= {"continued", "merged", "split", "new", "retired"}
    kept = lineage[lineage["keeps_id"]]
    assert (kept["previous_topic"] == kept["topic_id"]).all()  # the id carried over is the same number
    # the same subject under the same id: most mentions keep their topic id through the refit
    after = wh.df("SELECT mention_id, topic_id FROM mentions")
    both = run["before_refit"].merge(after, on="mention_id", suffixes=("_before", "_after"))
    assert (both["topic_id_before"] == both["topic_id_after"]).mean() >= 0.7
    ids = wh.df("SELECT topic_id FROM topics t JOIN active_models a ON a.stage = 'topics' AND t.model = a.model "
                "AND t.model_version = a.model_version")["topic_id"]  # fmt: skip
    assert ids.is_unique


def test_topics_carry_labels_in_both_languages_and_representative_mentions(wh: Warehouse):
    topics = wh.df(
        "SELECT t.* FROM topics t JOIN active_models a ON a.stage = 'topics' AND t.model = a.model "
        "AND t.model_version = a.model_version"
    )
    assert len(topics) >= 6
    assert topics["label"].str.len().gt(0).all()
    assert topics["terms_fr"].map(len).gt(0).sum() >= len(topics) - 1
    assert topics["terms_en"].map(len).gt(0).sum() >= len(topics) - 1
    reps = {m for r in topics["representatives"] for m in r}
    known = set(wh.df("SELECT mention_id FROM mentions")["mention_id"])
    assert reps and reps <= known


def test_the_planted_outage_is_an_emerging_topic_in_its_week(run: dict, wh: Warehouse):
    alerts = wh.df("SELECT * FROM emerging_topics")
    crisis_week = date(2026, 10, 12)  # the outage: 13 and 14 October
    in_week = alerts[alerts["week"] == pd.Timestamp(crisis_week)] if len(alerts) else alerts
    truth = run["truth"].assign(mention_id=lambda t: t["platform"] + ":" + t["platform_id"])
    mentions = wh.df("SELECT mention_id, topic_id FROM mentions").merge(truth[["mention_id", "topic"]])
    outage_topics = {
        t for t, g in mentions.groupby("topic_id") if t >= 0 and (g["topic"] == "network_outage").mean() >= 0.5
    }
    assert outage_topics
    raised = in_week[in_week["topic_id"].isin(outage_topics)]
    assert len(raised) >= 1, alerts[["topic_id", "week", "kind", "mentions", "baseline"]].to_string()
    assert raised["examples"].map(len).min() >= 1 and raised["label"].str.len().min() > 0
    # ordinary weeks of ordinary topics are not alerts: few alerts in all
    assert len(alerts) <= 12


def test_share_of_topic_per_brand_and_day_adds_up(wh: Warehouse):
    mart = wh.df("SELECT * FROM topic_share")
    assert len(mart) > 0 and {"label", "net_sentiment"} <= set(mart.columns)
    sums = mart.groupby(["day", "brand"])["share_of_topic"].sum()
    assert ((sums - 1).abs() < 1e-9).all()


def test_the_weekly_report_of_the_crisis_week_shows_the_emerging_topic(run: dict, wh: Warehouse):
    from reputation.report import render_html, weekly_context

    context = weekly_context(wh, run["project"], date(2026, 10, 18))
    assert context["start"] == date(2026, 10, 12) and context["emerging"]
    first = context["emerging"][0]
    assert first["label"] and first["mentions"] >= 20 and 1 <= len(first["examples"]) <= 2
    assert all(isinstance(x, str) and x for x in first["examples"])
    page = render_html(context, "fr")
    assert "Sujets émergents" in page and "ses semaines habituelles" in page
