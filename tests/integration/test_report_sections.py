"""The weekly report's alerts, media map and campaign sections on a real warehouse of demo mentions: the planted
crisis and contest show in their weeks, a quiet week says it had no alert, the media map matches the mart of the
report's own week (computed, without writing, for an older week), the CSV tables hold the warehouse's numbers, and
hostile text from a mention is escaped."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from markupsafe import Markup, escape

from reputation import campaigns, media_map, stages
from reputation.config import Project
from reputation.demo.generator import DemoConfig
from reputation.report import render_html, render_text, save_weekly_report, weekly_context
from reputation.report.charts import NAMES
from reputation.report.sections import ALERT_ROWS, MEDIA_CANDIDATES, MEDIA_TOP
from reputation.report.tables import csv_bytes, report_tables
from reputation.report.wording import WORDING
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration

EVIL_HANDLE = '"><img src=x onerror=alert(1)>'
EVIL_TEXT = "Nexora panne totale, nul, on exige un remboursement! 1 < 2 & 3 > 0 <script>alert(1)</script>"
NO_CHARTS = {name: Markup("") for name in NAMES}  # the charts are not what these tests look at


@dataclass
class Built:
    project: Project
    truth: dict
    crisis_end: date  # the Sunday closing the crisis week
    contest_end: date  # ... the week the contest starts in
    mart_end: date  # the week the media map mart was built for (the last complete one)


def sunday(day: str | date) -> date:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return d + timedelta(days=6 - d.weekday())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    out = tmp_path_factory.mktemp("report-sections")
    project, files = demo_project(out, DemoConfig(seed=7, n_mentions=3_000, weeks=6, n_authors=375))
    truth = json.loads(files["ground_truth"].read_text(encoding="utf-8"))
    # A newcomer with a hostile handle posts on the crisis's first day: the most engaging negative mention (so an
    # example of the crisis alert) and, first seen that week, a new outlet of the media map.
    day = truth["crisis"]["start"]
    hostile = [
        {
            "platform": "twitter",
            "platform_id": f"evil-{i}",
            "author_id": "evil-author",
            "author_handle": EVIL_HANDLE,
            "author_followers": 5_000_000,
            "published_at": f"{day}T{14 + i}:00:00Z",
            "text": EVIL_TEXT if i == 0 else f"Nexora panne encore, toujours rien, nul ({i})",
            "url": "javascript:alert(1)" if i == 0 else f"https://x.com/evil/status/{i}",
            "likes": 100_000 if i == 0 else 10,
        }
        for i in range(6)
    ]
    with files["mentions"].open("a", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in hostile)
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        stages.detect_language(wh)
        stages.score_sentiment(wh, project.sentiment_spec)
        stages.classify_voice(wh, project)
        stages.discover_topics(wh, project)
        stages.score_community(wh, project)
        stages.compute_metrics(wh, project)
        stages.detect_alerts(wh, project)
        campaigns.refresh(wh, project)
        summary = media_map.refresh(wh, project)
    yield Built(project, truth, sunday(day), sunday(truth["contest"]["start"]), summary["week_end"])


@pytest.fixture
def wh(built: Built) -> Iterator[Warehouse]:
    with Warehouse(built.project.warehouse_path, read_only=True) as w:
        yield w


def week_alerts_sql(wh: Warehouse, end: date) -> pd.DataFrame:
    return wh.df(
        "SELECT * FROM alerts WHERE started_at < CAST(? AS DATE) + 1 AND ended_at > CAST(? AS DATE)",
        [end, end - timedelta(days=6)],
    )


def h(text: str) -> str:
    """`text` as the HTML shows it (escaped)."""
    return str(escape(text))


def table(context: dict, name: str) -> pd.DataFrame:
    """A report table as a spreadsheet reads its CSV file."""
    return pd.read_csv(io.BytesIO(csv_bytes(report_tables(context)[name])), encoding="utf-8-sig")


def test_the_crisis_week_lists_the_crisis_alert_with_its_terms_and_examples(built: Built, wh: Warehouse):
    ctx = weekly_context(wh, built.project, built.crisis_end)
    expected = week_alerts_sql(wh, built.crisis_end)
    assert ctx["alert_count"] == len(expected) > 0
    assert len(ctx["alerts"]) == min(ALERT_ROWS, len(expected))
    assert {a["alert_id"] for a in ctx["alerts"]} <= set(expected["alert_id"])
    first = ctx["alerts"][0]
    assert (first["brand"], first["kind"]) == ("Nexora", "crisis")
    ranks = [(not a["own"], a["kind"] != "crisis", -a["score"]) for a in ctx["alerts"]]
    assert ranks == sorted(ranks)  # own brand first, crises before spikes, then by score
    assert first["terms"] and first["topics"] and 1 <= len(first["examples"]) <= 2
    words = {w for k in ("keywords_fr", "keywords_en") for kw in built.truth["crisis"][k] for w in kw.split()}
    assert words & set(first["terms"])  # panne, remboursement, refund, outage...

    for lang in ("en", "fr"):
        html = render_html(ctx, lang, NO_CHARTS)
        t = WORDING[lang]
        section = html[html.index(h(t["alerts"])) : html.index(h(t["topics"]))]
        assert {"en": "Crisis", "fr": "Crise"}[lang] in section and "Nexora" in section
        assert ", ".join(first["terms"][:3]) in section
        example = first["examples"][0]["text"][:40].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert example in section
        # the facts are worded from the numbers, in the report's language, not the detector's English summary
        assert {"en": "against", "fr": "contre"}[lang] in section and "(z " not in section
        text = render_text(ctx, lang)
        assert t["alerts"] in text and ", ".join(first["terms"][:3]) in text


def test_a_quiet_week_says_there_was_no_alert(built: Built, wh: Warehouse):
    first, last = pd.Timestamp(built.truth["start"]).date(), pd.Timestamp(built.truth["end"]).date()
    weeks = [sunday(first) + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    quiet = [end for end in weeks if week_alerts_sql(wh, end).empty]
    assert quiet, "the demo should have a week without alerts"
    ctx = weekly_context(wh, built.project, quiet[0])
    assert ctx["alerts"] == [] and ctx["alert_count"] == 0
    for lang in ("en", "fr"):
        assert h(WORDING[lang]["alerts_none"]) in render_html(ctx, lang, NO_CHARTS)
        assert WORDING[lang]["alerts_none"] in render_text(ctx, lang)
    assert table(ctx, "alerts").empty


def test_the_contest_week_lists_the_campaign_with_its_lift_and_new_members(built: Built, wh: Warehouse):
    ctx = weekly_context(wh, built.project, built.contest_end)
    assert ctx["campaigns_state"] == "listed"
    [giveaway] = [c for c in ctx["campaigns"] if c["kind"] == "contest"]
    assert giveaway["lift"] > 1 and giveaway["new_members"] > 0 and giveaway["participants"] > giveaway["new_members"]
    assert giveaway["start_day"] == date.fromisoformat(built.truth["contest"]["start"])
    for lang, words in (("en", ("contest", "Lift")), ("fr", ("concours", "Effet volume"))):
        html = render_html(ctx, lang, NO_CHARTS)
        section = html[html.index(h(WORDING[lang]["campaigns"])) :]
        assert giveaway["campaign"] in section and all(w in section for w in words)
        assert f"{giveaway['lift']:.1f}×" in section and f">{giveaway['new_members']}<" in section
    assert f"{giveaway['lift']:.1f}×" in render_text(ctx, "en")

    csv = table(ctx, "campaigns").set_index("campaign")
    mart = wh.df("SELECT * FROM campaigns").set_index("campaign")
    for column in ("mentions", "participants", "new_members", "reach", "lift", "net_sentiment", "share_of_voice",
                   "baseline_share_of_voice"):  # fmt: skip
        assert csv.loc[giveaway["campaign"], column] == pytest.approx(mart.loc[giveaway["campaign"], column], abs=1e-4)
    assert csv.loc[giveaway["campaign"], "start_day"] == built.truth["contest"]["start"]


def test_campaigns_before_the_contest_or_undefined_are_said_so(built: Built, wh: Warehouse):
    before = sunday(built.truth["start"])  # the first week: its 28 days end before the contest starts
    assert before < date.fromisoformat(built.truth["contest"]["start"])
    ctx = weekly_context(wh, built.project, before)
    assert ctx["campaigns_state"] == "none" and ctx["campaigns"] == []
    assert h(WORDING["en"]["campaigns_none"].format(days=28, end=before)) in render_html(ctx, "en", NO_CHARTS)
    none = built.project.model_copy(update={"campaigns": []})
    ctx = weekly_context(wh, none, built.contest_end)
    assert ctx["campaigns_state"] == "undefined"
    assert h(WORDING["fr"]["campaigns_undefined"]) in render_html(ctx, "fr", NO_CHARTS)
    assert table(ctx, "campaigns").empty


def test_the_media_map_of_the_marts_week_is_the_marts(built: Built, wh: Warehouse):
    ctx = weekly_context(wh, built.project, built.mart_end)
    media = ctx["media"]
    assert media["from_mart"]
    own = wh.df("SELECT * FROM media_map WHERE brand = 'Nexora' ORDER BY rank")
    top = own.head(MEDIA_TOP)
    assert [o["name"] for o in media["outlets"]] == top["name"].tolist()
    assert [o["new_this_week"] for o in media["outlets"]] == top["new_this_week"].tolist()
    new = own[own["new_this_week"]]
    assert media["outlet_count"] == len(own) and media["new_count"] == len(new) > 0
    assert [o["name"] for o in media["new"]] == new["name"].head(len(media["new"])).tolist()
    domains = wh.df("SELECT * FROM linked_domains WHERE brand = 'Nexora' AND candidate ORDER BY rank")
    assert media["candidate_count"] == len(domains) > 0  # the demo links to a few sites no source collects
    assert [d["domain"] for d in media["candidates"]] == domains["domain"].head(MEDIA_CANDIDATES).tolist()

    html = render_html(ctx, "en", NO_CHARTS)
    section = html[html.index(h(WORDING["en"]["media"].format(own="Nexora"))) : html.index(WORDING["en"]["campaigns"])]
    marker = WORDING["en"]["new_marker"] + "</span>"
    # a marker beside each new outlet of the top list, and before each outlet of the new list
    assert section.count(marker) == int(top["new_this_week"].sum()) + len(media["new"])
    assert h(WORDING["en"]["media_new"].format(count=len(new))) in section
    assert all(name in section for name in top["name"].head(3))
    assert h(WORDING["en"]["media_candidates"].format(count=len(domains))) in section
    assert f'href="{h(domains["example_url"].iloc[0])}"' in section  # an http(s) link to the source to add

    csv = table(ctx, "media_outlets").set_index("outlet")
    mart = own.set_index("outlet").loc[csv.index]
    for column in ("rank", "mentions", "reach", "week_mentions"):
        assert csv[column].tolist() == mart[column].tolist()
    assert csv["new_this_week"].tolist() == mart["new_this_week"].tolist()
    assert (csv["net_sentiment"] - mart["net_sentiment"]).abs().max() < 1e-4
    sources = table(ctx, "sources_to_add")
    expected = domains.head(MEDIA_CANDIDATES)
    assert sources["domain"].tolist() == expected["domain"].tolist()
    assert sources["mentions"].tolist() == expected["mentions"].tolist()
    assert sources["example_url"].tolist() == expected["example_url"].tolist()


def test_an_older_week_gets_its_own_media_map_without_writing(built: Built, tmp_path: Path):
    path = built.project.warehouse_path
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert built.crisis_end < built.mart_end
    with Warehouse(path, read_only=True) as wh:  # a write would fail
        ctx = weekly_context(wh, built.project, built.crisis_end)
        saved = save_weekly_report(wh, built.project, tmp_path / "report", built.crisis_end)
        assert wh.scalar("SELECT DISTINCT week_end FROM mart_media_outlets") == built.mart_end  # left as it was
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert {p.name for p in saved} >= {f"weekly-{built.crisis_end}-en.html", f"weekly-{built.crisis_end}-alerts.csv"}
    media = ctx["media"]
    assert not media["from_mart"] and media["week_end"] == built.crisis_end
    start = pd.Timestamp(built.crisis_end - timedelta(days=6))
    assert all(o["first_seen"] >= start for o in media["new"]) and media["new"]
    assert all(o["first_seen"] < start for o in media["outlets"] if not o["new_this_week"])
    assert EVIL_HANDLE in [o["name"] for o in media["new"]]  # the newcomer with the most mentions that week

    # the same as the marts a refresh for that week writes (on a copy of the warehouse)
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    with Warehouse(copy) as other:
        media_map.refresh(other, built.project, built.crisis_end)
        own = other.df("SELECT * FROM media_map WHERE brand = 'Nexora' ORDER BY rank")
        candidates = other.scalar("SELECT count(*) FROM linked_domains WHERE brand = 'Nexora' AND candidate")
    assert [(o["outlet"], o["mentions"], o["reach"], o["week_mentions"]) for o in media["outlets"]] == list(
        own[["outlet", "mentions", "reach", "week_mentions"]].head(MEDIA_TOP).itertuples(index=False, name=None)
    )
    assert media["new_count"] == int(own["new_this_week"].sum()) and media["candidate_count"] == candidates


def test_the_alerts_table_holds_the_warehouses_numbers(built: Built, wh: Warehouse):
    ctx = weekly_context(wh, built.project, built.crisis_end)
    csv = table(ctx, "alerts").set_index("alert_id")
    expected = week_alerts_sql(wh, built.crisis_end).set_index("alert_id").loc[csv.index]
    assert len(csv) == min(ALERT_ROWS, ctx["alert_count"]) and csv["rank"].tolist() == list(range(1, len(csv) + 1))
    assert csv["mentions"].tolist() == expected["mentions"].tolist()
    for column in ("observed", "expected", "score"):
        assert (csv[column] - expected[column]).abs().max() < 1e-4
    assert csv["kind"].tolist() == expected["kind"].tolist() and (csv["week_end"] == str(built.crisis_end)).all()
    assert csv["terms"].tolist() == ["; ".join(t) for t in expected["terms"]]
    assert csv["started_at"].tolist() == [t.strftime("%Y-%m-%d %H:%M:%S") for t in expected["started_at"]]
    ids = csv["examples"].iloc[0].split("; ")
    assert ids and set(ids) <= set(expected["examples"].iloc[0])


def test_hostile_text_in_an_alert_example_and_a_media_map_name_is_escaped(built: Built, wh: Warehouse):
    ctx = weekly_context(wh, built.project, built.crisis_end)
    example = ctx["alerts"][0]["examples"][0]
    assert example["who"] == EVIL_HANDLE and "1 < 2 & 3 > 0" in example["text"]
    assert example["url"] == ""  # javascript: is never a link
    for lang in ("en", "fr"):
        html = render_html(ctx, lang, NO_CHARTS)
        assert "<script" not in html.lower() and "<img" not in html and "javascript:" not in html
        alerts = html[html.index(h(WORDING[lang]["alerts"])) : html.index(h(WORDING[lang]["topics"]))]
        media = html[html.index(h(WORDING[lang]["media"].format(own="Nexora"))) :]
        escaped = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
        assert escaped in alerts and "1 &lt; 2 &amp; 3 &gt; 0" in alerts
        assert escaped in media
