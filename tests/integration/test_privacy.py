"""Privacy end to end on a real warehouse built by the stages from a small demo, with its weekly reports and raw
pages on disk: `reputation forget` erases a planted influencer from every column of every table and from the files
(a generic scan finds none of their identifiers), leaves everyone else's data as it was (replies lose their link and
the @handle only), keeps them out when the same files are ingested again or a live source is fetched again, and
does nothing the second time; retention deletes everything older than its cutoff, touches nothing newer, deletes
nothing more on a rerun, and keeps old mentions out of a new ingest. Every table is classified (privacy.tables).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from reputation import privacy, stages
from reputation.config import Project, load_project, parse_project
from reputation.demo.generator import DemoConfig
from reputation.privacy.tables import TABLES, unclassified
from reputation.report import save_weekly_report
from reputation.sources.live import run_source
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project
from tests.replay import ReplayServer, Reply

pytestmark = pytest.mark.integration

NOW = datetime(2026, 9, 20, 12)  # naive UTC, in the demo's last week (it runs from Monday 31 August to 20 September)
DAYS = 10  # the first local day kept is then 10 September
LANDED = "landing/social"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "reputation.cli.privacy", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder: the demo's mentions through every stage, two weekly reports, three raw pages."""
    out = tmp_path_factory.mktemp("privacy")
    project, files = demo_project(out, DemoConfig(seed=5, n_mentions=2_000, weeks=3, n_authors=300))
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        stages.detect_language(wh)
        stages.score_sentiment(wh, project.sentiment_spec)
        stages.classify_voice(wh, project)
        stages.extract_entities(wh, project)
        stages.extract_aspects(wh, project)
        stages.discover_topics(wh, project)
        stages.score_community(wh, project)
        stages.compute_metrics(wh, project)
        stages.measure_campaigns(wh, project)
        stages.refresh_response_queue(wh, project)
        stages.map_media(wh, project)
        stages.detect_alerts(wh, project)
        save_weekly_report(wh, project)  # the week to 20 September
        save_weekly_report(wh, project, week_end=date(2026, 9, 6))
    truth = json.loads(files["ground_truth"].read_text(encoding="utf-8"))
    sam = next(i for i in truth["influencers"] if i["handle"] == "TechAvecSam")

    def post(n: int, author: str, handle: str | None, text: str, at: str) -> str:
        return json.dumps({"platform": "twitter", "platform_id": f"page-{n}", "author_id": author,
                           "author_handle": handle, "text": text, "published_at": at})  # fmt: skip

    pages = out / LANDED
    pages.mkdir(parents=True)
    # their post without a handle: only reading the page as ingestion does finds it is theirs
    (pages / "20260915T120000000000-001.jsonl").write_text(
        post(1, sam["author_id"], None, "Nexora, encore bravo", "2026-09-15T11:00:00Z") + "\n"
        + post(2, "42424242", "someone", "Nexora ok", "2026-09-15T11:30:00Z") + "\n", encoding="utf-8",
    )  # fmt: skip
    (pages / "20260915T120000000000-002.jsonl").write_text(
        post(3, "42424242", "someone", "Telvia bof", "2026-09-15T11:40:00Z") + "\n", encoding="utf-8"
    )
    (pages / "20260901T080000000000-001.jsonl").write_text(
        post(4, "42424242", "someone", "Orbix lent", "2026-09-01T07:00:00Z") + "\n", encoding="utf-8"
    )
    return out


@pytest.fixture
def folder(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project for one test."""
    return Path(shutil.copytree(built, tmp_path / "project"))


def influencer(folder: Path, handle: str) -> dict[str, str]:
    truth = json.loads((folder / "demo" / "ground_truth.json").read_text(encoding="utf-8"))
    return next(i for i in truth["influencers"] if i["handle"] == handle)


def needles(author_ids: set[str], raw_id: str, handle: str) -> list[re.Pattern[str]]:
    """What would betray them: their pseudonymous or platform id anywhere, their handle as a word."""
    return [
        *(re.compile(re.escape(a)) for a in author_ids),
        re.compile(re.escape(raw_id)),
        re.compile(rf"(?i)(?<![\w@])@?{re.escape(handle)}(?!\w)"),
    ]


def scan_warehouse(wh: Warehouse, patterns: list[re.Pattern[str]]) -> list[tuple[str, str, str]]:
    """(table, column, value) of every value, in every text, JSON, list or struct column of every table (but the
    tombstones), that a pattern finds."""
    hits = []
    columns = wh.df(
        "SELECT c.table_name, c.column_name, c.data_type FROM duckdb_columns() c JOIN duckdb_tables() t "
        "USING (table_name) WHERE NOT t.temporary AND c.table_name <> 'forgotten_authors'"
    )
    skip = ("BIGINT", "INTEGER", "DOUBLE", "FLOAT", "TIMESTAMP", "DATE", "BOOLEAN", "BLOB", "DECIMAL")
    for t, c, kind in columns.itertuples(index=False):
        if kind.startswith(skip):
            continue
        values = wh.df(f'SELECT DISTINCT CAST("{c}" AS VARCHAR) AS v FROM {t} WHERE "{c}" IS NOT NULL')["v"]
        hits += [(t, c, v[:120]) for v in values if any(p.search(v) for p in patterns)]
    return hits


def scan_files(folder: Path, patterns: list[re.Pattern[str]]) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = html.unescape(path.read_bytes().decode("utf-8-sig", errors="replace"))
        found += [f"{path.name}: {m.group(0)}" for p in patterns for m in p.finditer(text)]
    return found


def table_counts(wh: Warehouse) -> dict[str, int]:
    names = wh.df("SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1")["table_name"]
    return {t: int(wh.scalar(f"SELECT count(*) FROM {t}")) for t in names}


def digests(folder: Path) -> dict[str, str]:
    """Every file but the warehouse (a command records its run there even when it changes nothing else)."""
    return {
        str(p.relative_to(folder)): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and p.suffix != ".duckdb"
    }


def test_every_table_that_can_hold_personal_data_has_a_rule(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        cols = wh.df(
            "SELECT table_name, list(column_name) AS cols FROM duckdb_columns() JOIN duckdb_tables() USING "
            "(table_name) WHERE NOT temporary GROUP BY table_name"
        )
    columns = dict(zip(cols["table_name"], cols["cols"], strict=True))
    # a table added by a migration, with a column that names a mention or an author, needs a rule
    assert unclassified(columns) == []
    assert unclassified({**columns, "mart_new": ["day", "author_id"]}) == ["mart_new"]
    exempt = {("raw_mentions", "author_id"), ("forgotten_authors", "author_id")}  # chosen by author; the tombstone
    for table, rule in TABLES.items():
        assert table in columns, f"a rule for {table}, which no migration creates"
        named = {*rule.mentions, *rule.authors, *rule.links, *rule.mention_lists, *rule.author_json,
                 *rule.who_lists, *rule.text, *rule.words, *rule.terms, *(c for c, _ in rule.urls),
                 *((rule.time[0],) if rule.time else ())}  # fmt: skip
        assert named <= set(columns[table]), (table, named - set(columns[table]))
        for col in columns[table]:  # every id column is erased by its rule
            if col in ("mention_id", "duplicate_of") and (table, col) not in exempt:
                assert col in rule.mentions, (table, col)
            if (col == "author_id" or col.endswith("_author")) and (table, col) not in exempt:
                assert col in rule.authors, (table, col)


def test_forget_an_influencer_everywhere(folder: Path):
    sam = influencer(folder, "TechAvecSam")
    project = load_project(folder / "project.yaml")
    with Warehouse(project.warehouse_path) as wh:
        who = privacy.resolve(wh, project, "@TechAvecSam")
        [au] = who.author_ids
        before = wh.df("SELECT * FROM raw_mentions ORDER BY mention_id")
        counts = table_counts(wh)
        look_for = needles({au}, sam["author_id"], sam["handle"])
        # the scan finds them before: in their rows, others' words, the community, the marts, the reports
        tables = {t for t, _, _ in scan_warehouse(wh, look_for)}
        assert {
            "raw_mentions",
            "community_authors",
            "community_edges",
            "mart_community_top",
            "quarantine",
        } - tables == {"quarantine"}
        authors = set(wh.df("SELECT author_id FROM community_authors")["author_id"])
        influence = wh.df("SELECT * EXCLUDE (computed_at) FROM community_influence WHERE author_id <> $1", [au])
        explained = wh.scalar("SELECT count(*) FROM alert_explanations")  # kept results, which may quote anyone
        keyed = wh.scalar("SELECT count(*) FROM community_period_keys")
    assert explained > 0 and keyed > 0
    theirs = before[before["author_id"] == au]
    assert len(theirs) == sam["observed"]["posts"]
    # the page holds their post under their platform id only, which the command is not given: it reads the page
    assert scan_files(folder / "reports", look_for) and scan_files(folder / "landing", look_for)
    files_before = digests(folder)

    dry = run_cli("forget", "TechAvecSam", "--project", str(folder / "project.yaml"), "--dry-run")
    assert f"raw_mentions: {len(theirs)} deleted" in dry.stderr
    assert "would be regenerated" in dry.stderr and "would be deleted" in dry.stderr
    with Warehouse(project.warehouse_path) as wh:
        assert {t: n for t, n in table_counts(wh).items() if t != "stage_runs"} == {
            t: n for t, n in counts.items() if t != "stage_runs"
        }
    assert digests(folder) == files_before

    done = run_cli("forget", "@TechAvecSam", "--project", str(folder / "project.yaml"), "--yes")
    assert f"raw_mentions: {len(theirs)} deleted" in done.stderr and "community_authors: 1 deleted" in done.stderr
    page = folder / LANDED / "20260915T120000000000-001.jsonl"
    assert f"{page}: deleted (holds their posts)" in done.stderr
    assert "weekly-2026-09-20-fr.html: regenerated" in done.stderr
    assert f"alert_explanations: {explained} deleted" in done.stderr  # the next alerts run recomputes them
    assert f"community_period_keys: {keyed} deleted" in done.stderr  # the next community run recomputes every period

    with Warehouse(project.warehouse_path) as wh:
        assert scan_warehouse(wh, look_for) == []
        assert wh.df("SELECT author_id FROM forgotten_authors")["author_id"].tolist() == [au]
        after = wh.df("SELECT * FROM raw_mentions ORDER BY mention_id")
        assert set(wh.df("SELECT author_id FROM community_authors")["author_id"]) == authors - {au}
        pd.testing.assert_frame_equal(
            wh.df("SELECT * EXCLUDE (computed_at) FROM community_influence WHERE author_id <> $1", [au]), influence
        )
    assert scan_files(folder / "reports", look_for) == [] and scan_files(folder / "landing", look_for) == []
    assert not page.exists() and (folder / LANDED / "20260915T120000000000-002.jsonl").exists()
    assert (folder / "reports" / "weekly-2026-09-20-fr.html").exists()  # saved again, without them

    # everyone else's mentions are all there, as they were but for the link to theirs and their @handle
    kept = before[before["author_id"] != au].set_index("mention_id")
    after = after.set_index("mention_id")
    assert list(after.index) == list(kept.index)
    theirs_ids = set(theirs["mention_id"])
    for col in ("parent_id", "share_of_id"):
        was_theirs = kept[col].isin(theirs_ids)
        assert was_theirs.any() and after.loc[was_theirs, col].isna().all()
        assert after.loc[~was_theirs, col].equals(kept.loc[~was_theirs, col])
    at = re.compile(rf"(?i)(?<![\w@])@{sam['handle']}(?![\w])")
    assert after["text"].equals(kept["text"].str.replace(at, "@[removed]", regex=True))
    assert (after["text"] != kept["text"]).sum() > 10  # replies and retweets named them
    under = kept["url"].map(lambda u: isinstance(u, str) and any(u.startswith(v) for v in theirs["url"]))
    assert after.loc[~under, "url"].equals(kept.loc[~under, "url"]) and after.loc[under, "url"].isna().all()
    same = [c for c in kept.columns if c not in ("text", "parent_id", "share_of_id", "url", "url_key")]
    pd.testing.assert_frame_equal(after[same], kept[same])

    with Warehouse(project.warehouse_path) as wh:
        # the next run recomputes what quoted their handle, from the redacted text
        stages.detect_language(wh)
        stages.score_sentiment(wh, project.sentiment_spec)
        stages.extract_entities(wh, project)
        assert wh.scalar("SELECT count(*) FROM mentions WHERE sentiment IS NULL") == 0
        # the same files again: their records are skipped, nothing comes back
        [report] = stages.ingest(wh, project)
        assert (report.loaded, report.forgotten) == (0, len(theirs))
        assert "skipped (forgotten authors)" in report.summary()
        assert wh.scalar("SELECT count(*) FROM raw_mentions") == len(kept)
        assert scan_warehouse(wh, look_for) == []
        counts = table_counts(wh)
    files = digests(folder)

    again = run_cli("forget", "@TechAvecSam", "--project", str(folder / "project.yaml"), "--yes")
    assert "0 mentions and 0 rows in all, 0 files" in again.stderr
    with Warehouse(project.warehouse_path) as wh:
        assert {t: n for t, n in table_counts(wh).items() if t != "stage_runs"} == {
            t: n for t, n in counts.items() if t != "stage_runs"
        }
    assert digests(folder) == files


def test_forget_by_the_platform_author_id(folder: Path):
    julie = influencer(folder, "TechnoJulie")
    project = load_project(folder / "project.yaml")
    with Warehouse(project.warehouse_path) as wh:
        who = privacy.resolve(wh, project, julie["author_id"])
        assert who.raw_ids == {julie["author_id"]} and julie["handle"] in who.handles
        assert privacy.resolve(wh, project, julie["author_id"], platform="youtube").author_ids == who.author_ids
        assert privacy.resolve(wh, project, julie["author_id"], platform="reddit").author_ids != who.author_ids
        first = privacy.forget(wh, project, who)
        assert first.mentions == julie["observed"]["posts"]
        assert scan_warehouse(wh, needles(set(who.author_ids), julie["author_id"], julie["handle"])) == []
        second = privacy.forget(wh, project, privacy.resolve(wh, project, julie["author_id"], platform="youtube"))
        assert (second.erasure.total, second.files, second.identity.already) == (0, [], who.author_ids)


def test_rejected_records_of_a_forgotten_author_are_not_quarantined(tmp_path: Path):
    project = parse_project({"name": "p", "brands": {"own": {"name": "Nexora", "query": "nexora"}}}, tmp_path)
    records = [
        {"platform": "twitter", "platform_id": "1", "author_id": "777777", "author_handle": "gone", "text": "Nexora",
         "published_at": "2026-09-01T10:00:00Z"},
        {"platform": "twitter", "platform_id": "2", "author_id": "777777", "author_handle": "gone", "text": "Nexora",
         "published_at": "not a date"},
        {"platform": "twitter", "platform_id": "3", "author_id": "888888", "text": "@gone Nexora",
         "published_at": "2026-09-01T11:00:00Z"},
        {"platform": "twitter", "platform_id": "4", "author_id": "888888", "text": "@gone hein",
         "published_at": "never"},
    ]  # fmt: skip
    path = tmp_path / "m.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project, [path])
        assert wh.scalar("SELECT count(*) FROM quarantine") == 2
        # a rejected record of theirs goes with them; another's keeps its words without their handle
        result = privacy.forget(wh, project, privacy.resolve(wh, project, "777777", platform="twitter"))
        assert result.erasure.get("quarantine") == 1 and result.mentions == 1
        assert wh.df("SELECT record FROM quarantine")["record"].str.contains("@[removed] hein", regex=False).all()
        assert wh.scalar("SELECT text FROM raw_mentions") == "@[removed] Nexora"
        wh.con.execute("DELETE FROM quarantine")
        [report] = stages.ingest(wh, project, [path])
        assert (report.loaded, report.forgotten, report.rejected) == (0, 2, 1)
        assert wh.scalar("SELECT count(*) FROM raw_mentions") == 1
        assert "777777" not in "".join(wh.df("SELECT record FROM quarantine")["record"])


FEED = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Journal</title>
<link>https://journal.example/</link>{items}</channel></rss>"""
ITEM = """<item><title>Nexora {n}</title><link>https://journal.example/a/{n}</link><guid>j-{n}</guid>
<pubDate>Tue, 0{n} Sep 2026 08:00:00 GMT</pubDate><description>Nexora {n}</description></item>"""


def test_a_live_source_never_brings_a_forgotten_author_back(tmp_path: Path, replay_server: ReplayServer):
    def feed(*ns: int) -> str:
        return FEED.format(items="".join(ITEM.format(n=n) for n in ns))

    url = replay_server.script("/feed.xml", Reply(200, feed(1, 2), {"ETag": '"v1"'}))
    project = parse_project({"name": "live", "brands": {"own": {"name": "Nexora", "query": "nexora"}},
                             "sources": [{"name": "journal", "type": "rss", "url": url}]}, tmp_path)  # fmt: skip
    [source] = project.live_sources()
    with Warehouse(project.warehouse_path) as wh:
        assert run_source(wh, project, source).loaded == 2
        # a feed's author is its site
        result = privacy.forget(wh, project, privacy.resolve(wh, project, "journal.example", platform="news"))
        assert result.mentions == 2 and [a.action for a in result.files] == ["deleted"]
        replay_server.script("/feed.xml", Reply(200, feed(1, 2, 3), {"ETag": '"v2"'}))
        again = run_source(wh, project, source)
        assert (again.pages, again.loaded, again.reports[0].forgotten) == (1, 0, 3)
        assert wh.scalar("SELECT count(*) FROM raw_mentions") == 0
    assert list((tmp_path / "landing" / "journal").iterdir()) == []  # not even the raw page is kept


def retention_project(folder: Path, days: int | None) -> Project:
    path = folder / "project.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["privacy"] = {**data.get("privacy", {}), "retention_days": days}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_project(path)


# Columns that date what a row is about, by name, wherever they are; how to compare them with the cutoff.
EVENT_TIMES = {
    **{"published_at": "utc", "last_at": "utc", "bucket": "local", "last_seen": "local", "ended_at": "local"},
    **{"day": "day", "period_end": "day", "end_day": "day", "week": "week", "period": "month"},
}


def test_retention_deletes_what_is_older_and_nothing_else(folder: Path):
    project = retention_project(folder, DAYS)
    cutoff = privacy.cutoff_for(NOW, DAYS, project.timezone)
    assert (cutoff.day, cutoff.utc, cutoff.local) == (
        date(2026, 9, 10),
        datetime(2026, 9, 10, 4),
        datetime(2026, 9, 10),
    )
    files_before = digests(folder)
    with Warehouse(project.warehouse_path) as wh:
        counts = table_counts(wh)
    dry = run_cli("retention", "--project", str(folder / "project.yaml"), "--now", "2026-09-20T12:00:00", "--dry-run")
    assert "raw_mentions: " in dry.stderr and "would be deleted" in dry.stderr
    assert digests(folder) == files_before
    with Warehouse(project.warehouse_path) as wh:
        assert table_counts(wh) == counts
        newer = wh.df("SELECT * FROM raw_mentions WHERE published_at >= $1 ORDER BY mention_id", [cutoff.utc])
        old = int(wh.scalar("SELECT count(*) FROM raw_mentions WHERE published_at < $1", [cutoff.utc]))
        assert old > 500 and len(newer) > 500
        enriched = wh.df(
            "SELECT * FROM enr_sentiment WHERE mention_id IN (SELECT mention_id FROM raw_mentions "
            "WHERE published_at >= $1) ORDER BY mention_id", [cutoff.utc]
        )  # fmt: skip

        result = privacy.apply_retention(wh, project, now=NOW)
        assert result.mentions == old
        assert f"raw_mentions: {old} deleted" in dry.stderr  # the dry run said so
        for table in ("mart_daily_brand_metrics", "mart_metrics_hourly", "community_influence", "community_authors"):
            assert result.erasure.get(table) > 0, table
        pd.testing.assert_frame_equal(wh.df("SELECT * FROM raw_mentions ORDER BY mention_id"), newer)
        pd.testing.assert_frame_equal(wh.df("SELECT * FROM enr_sentiment ORDER BY mention_id"), enriched)
        mentions = set(newer["mention_id"])
        authors = set(newer["author_id"])
        columns = wh.df(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() JOIN duckdb_tables() USING (table_name) "
            "WHERE NOT temporary"
        )
        for t, c, kind in columns.itertuples(index=False):
            if c in ("mention_id", "duplicate_of"):
                assert set(wh.df(f"SELECT {c} FROM {t}")[c]) <= mentions, (t, c)
            elif c in ("examples", "representatives"):
                assert set(wh.df(f"SELECT unnest({c}) AS v FROM {t}")["v"]) <= mentions, (t, c)
            elif (c == "author_id" or c.endswith("_author")) and t != "forgotten_authors":
                assert set(wh.df(f"SELECT {c} FROM {t} WHERE {c} IS NOT NULL")[c]) <= authors, (t, c)
            if c in EVENT_TIMES and t not in ("stage_runs",):  # nothing about a day, week or month gone by
                bound = cutoff.bound(EVENT_TIMES[c])
                where = f"regexp_matches({c}, '^\\d{{4}}-\\d{{2}}$') AND " if kind == "VARCHAR" else ""
                assert not wh.scalar(f"SELECT count(*) FROM {t} WHERE {where}{c} < $1", [bound]), (t, c)
        alert_authors = wh.df(
            "SELECT json_extract_string(unnest(CAST(authors AS JSON[])), '$.author_id') AS a FROM alerts"
        )
        assert set(alert_authors["a"]) <= authors

        rerun = privacy.apply_retention(wh, project, now=NOW)
        assert (rerun.erasure.total, rerun.files) == (0, [])
        # old mentions stay out of a new ingest; the next run of the stages rebuilds the marts from what is kept
        [report] = stages.ingest(wh, project)
        assert (report.loaded, report.expired) == (0, old)
        stages.score_community(wh, project)
        stages.compute_metrics(wh, project)
        assert wh.scalar("SELECT min(first_seen) FROM community_authors") >= cutoff.utc
        assert wh.scalar("SELECT min(day) FROM mart_daily_brand_metrics") == cutoff.day
    reports = {p.name for p in (folder / "reports").iterdir()}
    assert not any(n.startswith("weekly-2026-09-06") for n in reports) and "weekly-2026-09-20-fr.html" in reports
    assert sorted(p.name for p in (folder / LANDED).iterdir()) == [
        "20260915T120000000000-001.jsonl",
        "20260915T120000000000-002.jsonl",
    ]


def test_no_retention_keeps_everything(folder: Path):
    project = retention_project(folder, None)
    with Warehouse(project.warehouse_path) as wh:
        counts = table_counts(wh)
        result = privacy.apply_retention(wh, project, now=NOW)
        assert (result.cutoff, result.erasure.total, result.files) == (None, 0, [])
        assert {t: n for t, n in table_counts(wh).items() if t != "stage_runs"} == {
            t: n for t, n in counts.items() if t != "stage_runs"
        }
