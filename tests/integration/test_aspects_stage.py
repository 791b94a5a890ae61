"""The aspects stage on a real DuckDB warehouse of demo mentions: incremental, idempotent, and it finds the planted
network outage as a network aspect turning negative on the crisis days."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from reputation import stages
from reputation.config import Project, parse_project
from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration

CONFIG = DemoConfig(seed=11, n_mentions=6_000, weeks=6, n_authors=800)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict]:
    """Demo mentions ingested, with language and sentiment (the stages the aspects stage reads), aspects run twice."""
    out = tmp_path_factory.mktemp("aspects")
    project, _ = demo_project(out, CONFIG)
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        stages.detect_language(wh)
        stages.score_sentiment(wh, project.models.sentiment)
        first = stages.extract_aspects(wh, project)
        second = stages.extract_aspects(wh, project)
    truth = json.loads((out / "demo" / "ground_truth.json").read_text())
    return project, {"truth": truth, "first": first, "second": second}


@pytest.fixture
def wh(demo: tuple[Project, dict]):
    with Warehouse(demo[0].warehouse_path, read_only=True) as w:
        yield w


def test_aspects_mark_every_mention_and_a_rerun_adds_nothing(demo: tuple[Project, dict], wh: Warehouse):
    first, second = demo[1]["first"], demo[1]["second"]
    n = wh.scalar("SELECT count(*) FROM raw_mentions")
    assert first.rows_in == n and first.rows_out == wh.scalar("SELECT count(*) FROM enr_aspects") > n / 2
    assert second.rows_in == second.rows_out == 0
    marks = wh.df("SELECT * FROM enr_aspects_processed")
    assert len(marks) == marks["mention_id"].nunique() == n  # mentions without aspects are marked too
    assert (marks["aspects"] == 0).sum() > 0
    assert marks["aspects"].sum() == first.rows_out
    runs = wh.df("SELECT status, rows_in FROM stage_runs WHERE stage = 'aspects' ORDER BY started_at")
    assert runs.values.tolist() == [["ok", n], ["ok", 0]]


def test_aspect_rows_are_served_by_the_public_views(wh: Warehouse):
    active = wh.df("SELECT model, model_version FROM active_models WHERE stage = 'aspects'")
    assert active["model"].item() == "aspect-lexicon+builtin-linear"
    assert wh.scalar("SELECT count(*) FROM mention_aspects") == wh.scalar("SELECT count(*) FROM enr_aspects")
    kinds = wh.df("SELECT kind, count(DISTINCT aspect) AS n FROM mention_aspects GROUP BY kind")
    assert dict(kinds.values.tolist()) == {"aspect": 5, "product": 1}  # the demo's one product: Nexora Box
    # the mart counts each (mention, brand, aspect) once, for the tracked brands
    expected = wh.scalar(
        "SELECT count(*) FROM mention_aspects JOIN (SELECT mention_id, unnest(brands) AS b FROM raw_mentions) "
        "USING (mention_id)"
    )
    assert wh.scalar("SELECT sum(mentions) FROM aspect_sentiment") == expected
    assert wh.scalar("SELECT count(*) FROM aspect_sentiment WHERE positive + neutral + negative <> mentions") == 0


def test_planted_outage_makes_the_network_aspect_negative_on_crisis_days(demo: tuple[Project, dict], wh: Warehouse):
    crisis = demo[1]["truth"]["crisis"]
    assert crisis["topic"] == "network_outage"
    start, end = date.fromisoformat(crisis["start"]), date.fromisoformat(crisis["end"])
    daily = wh.df(
        "SELECT day, aspect, mentions, negative FROM aspect_sentiment WHERE brand = ? AND kind = 'aspect'",
        [crisis["brand"]],
    )
    daily["crisis"] = daily["day"].dt.date.between(start, end)
    totals = daily.groupby(["aspect", "crisis"])[["mentions", "negative"]].sum()
    share = (totals["negative"] / totals["mentions"]).unstack()
    network = share.loc["network"]
    # far more negative about the network during the outage than on other days...
    assert network[True] > 0.6 and network[True] > network[False] + 0.3, share
    # ...and the network is the aspect whose negative share jumps most (among aspects with a measurable share on those
    # two days: a handful of delivery mentions can swing by chance)
    measured = totals["mentions"].unstack()[True] >= 30
    jump = (share[True] - share[False])[measured]
    assert jump.idxmax() == "network", (jump, totals)
    # the crisis days are the network's busiest days
    network_days = daily[daily["aspect"] == "network"].nlargest(
        int(daily.loc[daily["crisis"], "day"].nunique()), "mentions"
    )
    assert network_days["crisis"].all()


def test_a_changed_aspect_list_is_a_new_version_beside_the_old(demo: tuple[Project, dict], tmp_path: Path):
    project = demo[0]
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(project.warehouse_path.read_bytes())
    changed = parse_project(
        {
            **project.model_dump(mode="json", exclude={"base_dir"}),
            "aspects": {"custom": [{"name": "roaming", "en": ["roaming"], "fr": ["itinérance"]}]},
        },
        tmp_path,
    )
    with Warehouse(copy) as wh:
        before = wh.scalar("SELECT count(*) FROM enr_aspects")
        result = stages.extract_aspects(wh, changed)
        assert result.rows_in == wh.scalar("SELECT count(*) FROM raw_mentions")
        versions = wh.df("SELECT model_version, count(*) AS n FROM enr_aspects GROUP BY ALL")
        assert len(versions) == 2 and before in versions["n"].tolist()
        assert wh.scalar("SELECT count(*) FROM mention_aspects WHERE aspect = 'roaming'") > 0
