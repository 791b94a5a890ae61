"""The response queue and the media map on a real warehouse of demo mentions: the queue holds unanswered questions
and complaints (longer during the planted outage), the planted influencers and detractors lead the own brand's media
map, and the CLI writes both as CSV files Excel can open."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from typer.testing import CliRunner

from reputation import media_map, response_queue, stages
from reputation.cli.queue import queue_app
from reputation.config import Project
from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, dict, Path]]:
    out = tmp_path_factory.mktemp("queue")
    project, files = demo_project(out, DemoConfig.sized(8_000, 10, 5))
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        stages.detect_language(wh)
        stages.score_sentiment(wh, project.models.sentiment)
        stages.classify_voice(wh, project)
        stages.score_community(wh, project)
    yield project, json.loads(files["ground_truth"].read_text(encoding="utf-8")), out


def _utc(day: str, project: Project) -> datetime:
    """The end of a local day, in naive UTC."""
    local = datetime.fromisoformat(day).replace(hour=23, minute=59, tzinfo=ZoneInfo(project.timezone))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def test_queue_holds_unanswered_questions_and_complaints(built: tuple[Project, dict, Path]):
    project, truth, _ = built
    own = {a["handle"].lower() for a in truth["brand_accounts"] if a["brand"] == truth["brands"]["own"]}
    brands = {a["handle"].lower() for a in truth["brand_accounts"]}
    with Warehouse(project.warehouse_path) as wh:
        summary = response_queue.refresh(wh, project)
        q = wh.df("SELECT * FROM response_queue ORDER BY rank")
        last = wh.scalar("SELECT max(published_at) FROM mentions")
        replies = wh.df("SELECT parent_id, lower(author_handle) AS handle FROM mentions WHERE parent_id IS NOT NULL")
        flagged = wh.df("SELECT mention_id FROM mentions WHERE list_contains(moderation_flags, 'spam')")
    assert summary["as_of"] == last and summary["queued"] == len(q) > 50
    assert 0 < summary["answered"] < summary["to_answer"] and len(q) == summary["to_answer"] - summary["answered"]
    assert set(q["intent"]) == {"question", "complaint"} and q["rank"].tolist() == list(range(1, len(q) + 1))
    assert q["priority"].is_monotonic_decreasing and q["waiting_hours"].between(0, 14 * 24).all()
    assert not q["who"].str.lower().isin(brands).any()  # members only
    answered_by_own = set(replies.loc[replies["handle"].isin(own), "parent_id"])
    assert not set(q["mention_id"]) & answered_by_own  # no item has a direct reply from the brand
    assert not set(q["mention_id"]) & set(flagged["mention_id"])
    top = q.head(20)
    assert (top["intent"] == "complaint").mean() >= 0.8 and (top["sentiment"] == "negative").mean() >= 0.8
    assert top["influence"].mean() > q["influence"].mean()  # influential authors come first
    assert q["reason"].str.contains("waiting").all()


def test_the_queue_reads_the_window_and_what_it_replies_to_with_the_views_values(built: tuple[Project, dict, Path]):
    project, _, _ = built
    with Warehouse(project.warehouse_path) as wh:
        until = wh.scalar("SELECT max(published_at) FROM mentions")
        since = until - timedelta(days=3)
        read = response_queue.read_mentions(wh, since, until)
        window = "published_at BETWEEN $since AND $until"
        expected = wh.df(
            f"""SELECT * EXCLUDE (text), CASE WHEN intent IN ('complaint', 'question') THEN text END AS text
            FROM mentions WHERE {window}
               OR mention_id IN (SELECT parent_id FROM mentions WHERE {window})""",
            {"since": since, "until": until},
        )
    assert read["mention_id"].is_unique
    older = read["published_at"] < since
    assert 0 < older.sum() < (~older).sum()  # the window, and the posts it replies to that came before it
    expected = expected[read.columns].sort_values("mention_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(read.sort_values("mention_id").reset_index(drop=True), expected)


def test_the_outage_makes_the_queue_much_longer(built: tuple[Project, dict, Path]):
    project, truth, _ = built
    crisis_end = _utc(truth["crisis"]["end"], project)
    with Warehouse(project.warehouse_path) as wh:
        normal = response_queue.refresh(wh, project, now=crisis_end - timedelta(days=7))
        outage = response_queue.refresh(wh, project, now=crisis_end)
        q = wh.df("SELECT * FROM response_queue")
    assert outage["queued"] > 1.8 * normal["queued"], (normal, outage)
    crisis_days = (
        pd.to_datetime(q["published_local"])
        .dt.date.astype(str)
        .between(truth["crisis"]["start"], truth["crisis"]["end"])
    )
    assert crisis_days.mean() > 0.5  # most of the queue is the outage's
    assert (q.head(50)["urgent_terms"] != "").mean() > 0.5  # "panne", "outage", "remboursement"...


def test_planted_accounts_lead_the_own_brand_media_map(built: tuple[Project, dict, Path]):
    project, truth, _ = built
    own = truth["brands"]["own"]
    with Warehouse(project.warehouse_path) as wh:
        summary = media_map.refresh(wh, project)
        outlets = wh.df("SELECT * FROM media_map WHERE brand = $b ORDER BY rank", {"b": own})  # type: ignore[arg-type]
        domains = wh.df("SELECT * FROM linked_domains")
        per_brand = wh.df("SELECT brand, sum(share_of_brand) AS share FROM media_map GROUP BY 1")
    assert pd.Timestamp(summary["week_end"]) == outlets["week_end"].iloc[0] and summary["week_end"].weekday() == 6
    accounts = outlets[outlets["kind"] == "account"]
    planted = {a["handle"] for a in truth["influencers"]} | {
        a["handle"] for a in truth["detractors"] if a["brand"] == own
    }
    top = set(accounts.head(len(planted) + 5)["name"])
    assert len(planted & top) >= 0.8 * len(planted), sorted(planted - top)
    rivals = {a["handle"] for a in truth["detractors"] if a["brand"] != own}
    assert not rivals & set(accounts.head(30)["name"])  # a competitor's detractors talk of their target
    brand_handles = {a["handle"] for a in truth["brand_accounts"]}
    assert not brand_handles & set(accounts["name"])
    detractors = accounts[accounts["name"].isin({a["handle"] for a in truth["detractors"] if a["brand"] == own})]
    assert (detractors["net_sentiment"] < -0.3).all()
    sites = outlets[outlets["kind"] == "site"]
    assert set(sites["platform"]) <= {"news", "blog", "forum", "review"} and sites["outlet"].str.contains(".").all()
    new = outlets[outlets["new_this_week"]]
    week_start = pd.Timestamp(outlets["week_start"].iloc[0])
    assert len(new) == summary["new_this_week"] and (new["first_seen"] >= week_start).all()
    assert (outlets.loc[~outlets["new_this_week"], "first_seen"] < week_start).all()
    assert per_brand["share"].round(9).eq(1).all()
    # shorteners, image hosts and the platforms are left out; what is left are the sites mentions come from (covered)
    # and the news sites the demo's posts link to, which no source collects: the candidates
    assert not domains["domain"].str.contains(r"t\.co$|bit\.ly$|imgur\.com$|x\.com$|reddit\.com$").any()
    candidates = domains[domains["candidate"]]
    assert len(candidates) and set(candidates["domain"]) <= set(truth["linked_sites"])
    assert (candidates["linked"] == candidates["mentions"]).all() and domains.loc[
        ~domains["candidate"], "covered"
    ].all()


def test_cli_exports_csv_for_excel(built: tuple[Project, dict, Path]):
    project, truth, out = built
    runner = CliRunner()
    path = str(project.base_dir / "project.yaml")
    result = runner.invoke(queue_app, ["refresh", "--project", path])
    assert result.exit_code == 0, result.output
    assert "to answer" in result.output and "media map, week ending" in result.output

    result = runner.invoke(queue_app, ["export", "--project", path, "--out", str(out / "queue.csv"), "--limit", "25"])
    assert result.exit_code == 0, result.output
    raw = (out / "queue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads accents right
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == 25 and [r["rank"] for r in rows] == [str(i) for i in range(1, 26)]
    assert rows[0]["intent"] in {"question", "complaint"} and rows[0]["reason"]
    assert not any(r["text"].startswith(("@", "=", "+", "-")) for r in rows)  # no cell Excel would run

    result = runner.invoke(queue_app, ["media", "--project", path, "--out", str(out / "media.csv"), "-n", "10"])
    assert result.exit_code == 0, result.output
    media = pd.read_csv(out / "media.csv", encoding="utf-8-sig")
    assert len(media) == 10 and set(media["brand"]) == {project.brands.own.name}
    result = runner.invoke(queue_app, ["domains", "--project", path, "--candidates", "--out", str(out / "d.csv")])
    assert result.exit_code == 0, result.output
    candidates = pd.read_csv(out / "d.csv", encoding="utf-8-sig")
    assert len(candidates) and set(candidates["domain"]) <= set(truth["linked_sites"])
    result = runner.invoke(queue_app, ["media", "--project", path, "--brand", "Nope"])
    assert result.exit_code == 2 and "not a brand" in result.output
