"""reputation.analysis on a demo warehouse built by the real pipeline (tests/analysis_demo.py): the figures agree with
the views they come from, and the API finds what the generator planted (the outage, the contest, the influencers,
the members who turned)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest

from reputation import analysis
from tests.analysis_demo import analysis_demo, truth

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, prefect_home: Path) -> Path:
    return analysis_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def con(demo: Path):
    connection = analysis.open_warehouse(project=demo / "project.yaml")
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def planted(demo: Path) -> dict:
    return truth(demo)


def rendered(fig) -> bool:
    """The figure draws to a PNG with something on its axes."""
    out = BytesIO()
    fig.savefig(out, format="png")
    return out.tell() > 1_000 and any(ax.has_data() for ax in fig.axes)


def test_coverage_and_brands(con, planted: dict):
    about = analysis.coverage(con)
    assert about["mentions"] == planted["n_mentions"]
    assert str(about["first_day"]) == planted["start"] and str(about["last_day"]) == planted["end"]
    assert about["brands"][0] == planted["brands"]["own"]  # the own brand is the most mentioned
    assert set(about["brands"][1:]) == set(planted["brands"]["competitors"])
    assert {"fr", "en"} <= set(about["languages"])


def test_metrics_agree_with_the_views_per_day_and_add_up_per_week(con, planted: dict):
    daily = analysis.metrics(con, freq="D")
    view = con.execute(
        "SELECT bucket, brand, mentions, net_sentiment, share_of_voice, reputation_index FROM metrics_daily "
        "WHERE platform = '*' AND lang = '*' ORDER BY bucket, brand"
    ).df()
    assert daily["mentions"].tolist() == view["mentions"].tolist()
    for col in ("share_of_voice", "reputation_index", "net_sentiment"):
        pd.testing.assert_series_equal(daily[col], view[col], check_names=False)
    weekly = analysis.metrics(con, freq="W")
    assert (pd.to_datetime(weekly["bucket"]).dt.weekday == 0).all()  # Monday weeks
    assert weekly.groupby("brand")["mentions"].sum().equals(daily.groupby("brand")["mentions"].sum())
    assert ((weekly.groupby("bucket")["share_of_voice"].sum() - 1).abs() < 1e-9).all()
    day = planted["crisis"]["start"]
    hourly = analysis.metrics(con, freq="H", start=day, end=day)
    assert hourly["bucket"].dt.date.eq(date.fromisoformat(day)).all() and len(hourly) > 24
    with pytest.raises(ValueError, match="freq"):
        analysis.metrics(con, freq="M")  # type: ignore[arg-type]


def test_one_brand_keeps_its_share_among_all_brands(con):
    everyone = analysis.share_of_voice(con, "W")
    nexora = analysis.metrics(con, "Nexora", "W")
    assert set(nexora["brand"]) == {"Nexora"}
    expected = everyone[everyone["brand"] == "Nexora"]["share_of_voice"].reset_index(drop=True)
    pd.testing.assert_series_equal(nexora["share_of_voice"], expected)
    assert (nexora["share_of_voice"] < 1).all()


def test_overview_breakdown_and_aspects_add_up(con, planted: dict):
    overview = analysis.brand_overview(con)
    totals = con.execute("SELECT brand, sum(mentions) AS n FROM daily_brand_metrics GROUP BY brand").df()
    assert overview.set_index("brand")["mentions"].to_dict() == totals.set_index("brand")["n"].to_dict()
    assert overview["mentions"].is_monotonic_decreasing and abs(overview["share_of_voice"].sum() - 1) < 1e-9
    for by in ("platform", "lang"):
        part = analysis.breakdown(con, "Nexora", by)
        assert part["mentions"].sum() == overview.set_index("brand").loc["Nexora", "mentions"]
        assert abs(part["share"].sum() - 1) < 1e-9 and "*" not in set(part[by])
    first = date.fromisoformat(planted["crisis"]["start"])
    week = analysis.brand_overview(con, start=first, end=first + timedelta(days=6))
    assert 0 < week["mentions"].sum() < overview["mentions"].sum()
    assert week.iloc[0]["brand"] == "Nexora" and week.iloc[0]["share_of_voice"] > overview.iloc[0]["share_of_voice"]
    aspects = analysis.aspects(con, "Nexora")
    assert "network" in set(aspects["aspect"]) and aspects["net_sentiment"].between(-1, 1).all()


def test_the_outage_shows_in_the_reputation_index_and_its_topics_emerge(con, planted: dict):
    crisis = planted["crisis"]
    index = analysis.reputation_index(con, crisis["brand"], freq="D").set_index("bucket")["reputation_index"]
    outage = index[crisis["start"] : crisis["end"]]
    assert outage.max() < index.drop(outage.index).median() - 10
    start = date.fromisoformat(crisis["start"])
    emerging = analysis.emerging_topics(con)
    week = emerging[emerging["week"].dt.date == start - timedelta(days=start.weekday())]
    assert len(week) >= 1 and set(week["kind"]) <= {"new", "growing"}
    keywords = {w for k in crisis["keywords_fr"] + crisis["keywords_en"] for w in k.lower().split()}
    overview = analysis.topics_overview(con).set_index("topic_id")
    terms = {
        t for topic in week["topic_id"] for t in [*overview.loc[topic, "terms_fr"], *overview.loc[topic, "terms_en"]]
    }
    assert terms & keywords


def test_topics_cover_the_mentions_and_read_as_their_topic(con):
    overview = analysis.topics_overview(con)
    total = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    outliers = con.execute("SELECT count(*) FROM mentions WHERE topic_id = -1").fetchone()[0]
    assert overview["mentions"].sum() + outliers == total and overview["mentions"].is_monotonic_decreasing
    topic = int(overview.iloc[0]["topic_id"])
    read = analysis.topic_mentions(con, topic, 5)
    assert len(read) == 5 and read["engagement"].is_monotonic_decreasing
    ids = con.execute("SELECT mention_id FROM mentions WHERE topic_id = $t AND share_of_id IS NULL", {"t": topic}).df()[
        "mention_id"
    ]
    assert set(read["mention_id"]) <= set(ids)
    negative = analysis.topic_mentions(con, topic, 3, sentiment="negative", lang="fr")
    assert set(negative["sentiment"]) == {"negative"} and set(negative["lang"]) == {"fr"}
    trend = analysis.topic_trend(con, "Nexora", "W")
    assert ((trend.groupby("bucket")["share"].sum() - 1).abs() < 1e-9).all()


def test_influencers_roles_and_graph(con, planted: dict):
    assert analysis.periods(con)[:2] == ["all", "recent"]
    top = analysis.top_influencers(con, "all", 10)
    influential = {a["handle"] for a in planted["influencers"] + planted["detractors"]}
    assert len(set(top["who"]) & influential) >= 8 and not top["is_brand_account"].any()
    assert top["influence_score"].is_monotonic_decreasing
    at_risk = analysis.roles(con, "recent", "at_risk", brand="Nexora", n=1000)
    turned = {a["handle"] for a in planted["at_risk"]}
    assert len(turned & set(at_risk["who"])) >= 0.7 * len(turned)  # a small demo: most, not all (see test_pipeline)
    assert at_risk["reason"].str.len().gt(0).all()
    with pytest.raises(ValueError, match="role"):
        analysis.roles(con, "recent", "fan")
    nodes, edges = analysis.graph_frames(con, "recent", min_weight=2)
    assert (edges["weight"] >= 2).all() and set(edges["source_author"]) <= set(nodes["author_id"])
    graph = analysis.community_graph(con, "recent", min_weight=2)
    assert graph.number_of_nodes() == len(nodes)
    assert sum(w for _, _, w in graph.edges(data="weight")) == edges["weight"].sum()
    summary = analysis.graph_summary(graph)
    assert summary["nodes"] == len(nodes) and 0 < summary["largest_component_share"] <= 1
    assert any("detractor:Nexora" in r for r in nodes["roles"])
    with pytest.raises(ValueError, match="no period"):
        analysis.graph_frames(con, "1999-01")
    health = analysis.community_health(con)
    assert len(health) == 7 and health["week"].is_monotonic_increasing


def test_the_largest_crisis_is_the_planted_outage_and_its_timeline_explains_it(con, planted: dict):
    crisis = planted["crisis"]
    found = analysis.incidents(con, kind="crisis")
    largest = found.iloc[0]
    assert largest["brand"] == crisis["brand"] and str(largest["started_at"].date()) == crisis["start"]
    assert {"volume_daily", "negative_share_daily"} <= set(largest["signals"])
    timeline = analysis.alert_timeline(con, largest["alert_id"], hours_before=24, hours_after=24)
    hourly = timeline.hourly
    assert (hourly["bucket"].diff().dropna() == pd.Timedelta(hours=1)).all()  # every hour, empty ones included
    inside, before = hourly[hourly["in_alert"]], hourly[~hourly["in_alert"]]
    episode = con.execute(
        "SELECT sum(mentions) FROM metrics_hourly WHERE brand = $b AND platform = '*' AND lang = '*' "
        "AND bucket >= $s AND bucket < $e",
        {"b": crisis["brand"], "s": largest["started_at"], "e": largest["ended_at"]},
    ).fetchone()[0]
    assert inside["mentions"].sum() == episode
    assert inside["mentions"].sum() > 3 * inside["week_before"].sum()
    assert inside["negative"].sum() / inside["mentions"].sum() > before["negative"].sum() / before["mentions"].sum()
    keywords = {w for k in crisis["keywords_fr"] + crisis["keywords_en"] for w in k.lower().split()}
    assert set(timeline.terms) & keywords and not timeline.topics.empty and not timeline.authors.empty
    assert timeline.examples["mention_id"].tolist() == timeline.alert["examples"]
    assert set(timeline.examples["sentiment"]) == {"negative"}
    with pytest.raises(KeyError):
        analysis.alert_timeline(con, "al_nope")


def test_the_contest_is_a_spike_and_a_campaign_above_its_baseline(con, planted: dict):
    contest = planted["contest"]
    first, last = pd.Timestamp(contest["start"]), pd.Timestamp(contest["end"]) + pd.Timedelta(days=1)
    spikes = analysis.incidents(con, brand=contest["brand"], kind="spike")
    assert ((spikes["started_at"] < last) & (spikes["ended_at"] > first)).any()
    summary = analysis.campaign_summary(con, "Nexora Giveaway")
    assert str(summary["start_day"].date()) == contest["start"] and summary["lift"] > 1.2
    assert summary["hashtags"] == contest["hashtags"]
    daily = analysis.campaign_daily(con, "Nexora Giveaway")
    assert set(daily["phase"]) == {"baseline", "campaign"}
    window = daily[daily["phase"] == "campaign"]
    assert window["brand_mentions"].mean() > window["baseline_per_day"].iloc[0]
    with pytest.raises(KeyError, match="Nexora Giveaway"):
        analysis.campaign_summary(con, "Spring sale")


def test_queue_media_map_and_linked_domains(con, planted: dict):
    queue = analysis.response_queue(con, 5)
    assert queue["rank"].tolist() == [1, 2, 3, 4, 5] and set(queue["intent"]) <= {"question", "complaint"}
    assert set(analysis.response_queue(con, 50, intent="question")["intent"]) == {"question"}
    media = analysis.media_map(con, "Nexora", 10)
    assert media["rank"].tolist() == list(range(1, 11))
    candidates = analysis.linked_domains(con, candidates_only=True)
    assert sorted(set(candidates["domain"])) == planted["linked_sites"]


def test_every_chart_renders_from_the_api(con):
    weekly = analysis.metrics(con, freq="W")
    crisis = analysis.incidents(con, kind="crisis").iloc[0]
    graph = analysis.community_graph(con, "recent")
    figures = [
        analysis.plot_trend(weekly, "mentions"),
        analysis.plot_trend(analysis.reputation_index(con), "reputation_index"),
        analysis.plot_share_of_voice(analysis.share_of_voice(con)),
        analysis.plot_net_sentiment(analysis.breakdown(con, "Nexora"), "platform"),
        analysis.plot_topic_trend(analysis.topic_trend(con, "Nexora")),
        analysis.plot_influencers(analysis.top_influencers(con, "all", 10)),
        analysis.plot_graph(graph, top=40, brand="Nexora"),
        analysis.plot_health(analysis.community_health(con)),
        analysis.plot_alert(analysis.alert_timeline(con, crisis["alert_id"])),
        analysis.plot_campaign(analysis.campaign_daily(con, "Nexora Giveaway")),
    ]
    assert all(rendered(f) for f in figures)
    drawn = figures[6].axes[0].collections[-1]  # the nodes of the graph chart: the 40 most influential
    assert len(drawn.get_offsets()) == 40


def test_open_warehouse_waits_for_a_writer_then_names_it(locked_warehouse: Path):
    from reputation.warehouse.readers import WarehouseBusy

    with pytest.raises(WarehouseBusy, match=r"PID \d+"):
        analysis.open_warehouse(locked_warehouse, wait_seconds=0.5)


def test_tables_rebuilt_without_a_primary_key_still_have_one_row_per_key(con):
    """Migrations 0018 and 0022 dropped the keys of the tables the analytics rebuild whole and of the per-mention
    enrichment tables; the stages keep them unique."""
    import re

    from reputation.warehouse import packaged_migrations

    keys = [
        key
        for version, _, sql in packaged_migrations()
        if version in (18, 22)
        for key in re.findall(r"^-- (\w+): one row per \(([^)]*)\)$", sql, re.M)
    ]
    assert len(keys) == 12 + 8
    for table, columns in keys:
        total, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({columns})) FROM {table}").fetchone()
        assert total == distinct > 0, table


def test_the_mentions_reads_with_only_the_joins_they_need_give_the_views_values(con):
    """reputation.warehouse.mentions_view: the analytics read the `mentions` view's columns without its other joins."""
    import duckdb

    from reputation.warehouse.mentions_view import COLUMNS, mentions_sql

    view = [row[0] for row in con.execute("DESCRIBE mentions").fetchall()]
    assert view == [name for name, _, _ in COLUMNS]
    for name in view:
        narrow = f"SELECT mention_id, {name} FROM {mentions_sql(name)} x"
        full = f"SELECT mention_id, {name} FROM mentions"
        assert con.execute(f"SELECT count(*) FROM ({narrow})").fetchone()[0] == len(con.execute(full).fetchall())
        assert con.execute(f"SELECT count(*) FROM ({narrow} EXCEPT ALL {full})").fetchone()[0] == 0, name
        assert con.execute(f"SELECT count(*) FROM ({full} EXCEPT ALL {narrow})").fetchone()[0] == 0, name
    everything = mentions_sql(" ".join(view))
    assert [row[0] for row in con.execute(f"DESCRIBE {everything}").fetchall()] == view
    assert (
        con.execute(f"SELECT count(*) FROM (SELECT * FROM {everything} EXCEPT ALL SELECT * FROM mentions)").fetchone()[
            0
        ]
        == 0
    )
    # an enrichment column the SQL did not name is not there: an error, not NULLs
    with pytest.raises(duckdb.BinderException):
        con.execute(f"SELECT sentiment FROM {mentions_sql('intent')} x")
    # `only`: the same rows, of the mentions named only (ids that are no mention's, and repeated ones, change nothing)
    picked = (
        "picked AS (SELECT mention_id FROM raw_mentions WHERE hash(mention_id) % 3 = 0 UNION ALL "
        "SELECT 'no such mention' UNION ALL SELECT min(mention_id) FROM raw_mentions WHERE hash(mention_id) % 3 = 0)"
    )
    wanted = con.execute("SELECT count(*) FROM raw_mentions WHERE hash(mention_id) % 3 = 0").fetchone()[0]
    assert 0 < wanted < con.execute("SELECT count(*) FROM raw_mentions").fetchone()[0]
    restricted = f"SELECT * FROM {mentions_sql(' '.join(view), only='picked')} x"
    expected = "SELECT * FROM mentions WHERE mention_id IN (SELECT mention_id FROM picked)"
    for sql in (restricted, expected):
        assert con.execute(f"WITH {picked} SELECT count(*) FROM ({sql})").fetchone()[0] == wanted
    assert con.execute(f"WITH {picked} SELECT count(*) FROM ({restricted} EXCEPT ALL {expected})").fetchone()[0] == 0
    assert con.execute(f"WITH {picked} SELECT count(*) FROM ({expected} EXCEPT ALL {restricted})").fetchone()[0] == 0
