"""Privacy's pure parts: the retention cutoff in the project's time zone, the patterns that find a forgotten handle
(run by DuckDB's RE2 as the erasure runs them), what ingestion skips, which tables need a rule, and finding
identifiers in saved files (e-mails decoded)."""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reputation.config import ProjectError, parse_project
from reputation.privacy import IngestExclusions, cutoff_for
from reputation.privacy.erase import Erasure, at_pattern, path_pattern, redactable, word_pattern
from reputation.privacy.files import file_text, identifiers
from reputation.privacy.tables import unclassified
from reputation.schema import normalize_mentions


def test_the_cutoff_is_local_midnight_n_days_back():
    # Toronto is UTC-4 in September: 20 September 02:00 UTC is still the 19th there
    c = cutoff_for(datetime(2026, 9, 20, 2), 10, "America/Toronto")
    assert (c.day, c.local, c.utc) == (date(2026, 9, 9), datetime(2026, 9, 9), datetime(2026, 9, 9, 4))
    # across the change to winter time, the first day kept still starts at its own local midnight (UTC-5)
    c = cutoff_for(datetime(2026, 11, 24, 12), 7, "America/Toronto")
    assert (c.day, c.utc) == (date(2026, 11, 17), datetime(2026, 11, 17, 5))
    assert c.bound("week") == date(2026, 11, 11) and c.bound("month") == "2026-11"
    assert cutoff_for(datetime(2026, 9, 20, 23, 30), 1, "UTC").utc == datetime(2026, 9, 19)


def test_retention_days_in_the_project_file(tmp_path: Path):
    base = {"name": "p", "brands": {"own": {"name": "N", "query": "n"}}}
    assert parse_project(base, tmp_path).privacy.retention_days is None
    assert parse_project({**base, "privacy": {"retention_days": 365}}, tmp_path).privacy.retention_days == 365
    with pytest.raises(ProjectError, match=r"privacy\.retention_days: .*greater than or equal to 1"):
        parse_project({**base, "privacy": {"retention_days": 0}}, tmp_path)


CASES = [  # text, @mention found, as a word found, redacted text
    ("RT @TechAvecSam: merci", True, True, "RT @[removed]: merci"),
    ("@techavecsam @TechAvecSam!", True, True, "@[removed] @[removed]!"),
    ("ecrire a sam@TechAvecSam.fr", False, True, "ecrire a sam@TechAvecSam.fr"),  # a word in a label: redacted
    ("@TechAvecSamuel a raison", False, False, "@TechAvecSamuel a raison"),
    ("TechAvecSam a raison", False, True, "TechAvecSam a raison"),
    ("Bravo @Branché, et @lea.connectee.", True, True, "Bravo @[removed], et @[removed]."),
    ("@Branchée et @leaXconnectee", False, False, "@Branchée et @leaXconnectee"),
]


@pytest.mark.parametrize(("text", "at", "word", "redacted"), CASES)
def test_handle_patterns_in_duckdb(text: str, at: bool, word: bool, redacted: str):
    handles = redactable(frozenset({"TechAvecSam", "Branché", "lea.connectee", "Le Coin Techno"}))
    assert "Le Coin Techno" not in handles  # a display name is never written as an @mention
    con = duckdb.connect()
    pattern = at_pattern(handles)
    once = "regexp_replace($1, $2, '\\1@[removed]\\2', 'g')"
    found_at, found_word, out = con.execute(
        f"SELECT regexp_matches($1, $2), regexp_matches($1, $3), regexp_replace({once}, $2, '\\1@[removed]\\2', 'g')",
        [text, pattern, word_pattern(handles)],
    ).fetchone()
    assert (found_at, found_word, out) == (at, word, redacted)


def test_links_that_name_a_handle():
    con = duckdb.connect()
    pattern = path_pattern(["TechAvecSam"])
    urls = [
        "https://x.com/TechAvecSam/status/1",
        "https://mastodon.social/@techavecsam",
        "https://x.com/TechAvecSam2/s",
    ]
    assert [con.execute("SELECT regexp_matches($1, $2)", [u, pattern]).fetchone()[0] for u in urls] == [
        True,
        True,
        False,
    ]


def test_identifiers_in_files():
    assert identifiers([], [], []) is None
    p = identifiers(["au_0123456789abcdef"], ["Le Coin Techno", "sam"], ["12345", "100012429342422"])
    assert p is not None
    found = [bool(p.search(t)) for t in ("au_0123456789abcdef", "par Le Coin Techno", "@Sam!", "100012429342422")]
    assert found == [True, True, True, True]
    assert [bool(p.search(t)) for t in ("samuel", "x@sam", "id 12345")] == [False, False, False]  # short ids: no


def test_an_email_is_read_decoded(tmp_path: Path):
    msg = EmailMessage()
    msg["Subject"] = "Weekly"
    msg.set_content("hello")
    msg.add_attachment(b"who,mentions\nTechAvecSam,8\n", maintype="text", subtype="csv", filename="community.csv")
    path = tmp_path / "weekly-2026-09-20-fr.eml"
    path.write_bytes(bytes(msg))
    assert "TechAvecSam" not in path.read_text(encoding="utf-8")  # base64 in the file
    assert "TechAvecSam,8" in (file_text(path) or "")
    (tmp_path / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert file_text(tmp_path / "chart.png") is None


def test_what_ingestion_skips():
    raw = pd.DataFrame(
        {
            "platform": ["Twitter ", "twitter", "reddit", None],
            "platform_id": ["1", "2", "3", "4"],
            "author_id": ["42", "43", "42", "42"],
            "text": ["a", "b", "c", "d"],
            "published_at": ["2026-09-01T00:00:00Z", "2026-09-20T00:00:00Z", "2026-09-20T00:00:00Z", "x"],
        }
    )
    norm = normalize_mentions(raw, salt="s3cret")
    gone = norm.mentions["author_id"].iloc[0]  # twitter author 42, as ingestion stores them
    excluded = IngestExclusions(frozenset({gone}), datetime(2026, 9, 10))
    assert excluded.forgotten(norm.mentions["author_id"]).tolist() == [True, False, False]
    assert excluded.expired(norm.mentions["published_at"]).tolist() == [True, False, False]
    # the same author on another platform is someone else; a record without a platform cannot be told
    assert excluded.forgotten_records(raw, "s3cret").tolist() == [True, False, False, False]
    assert excluded.forgotten_records(raw, "other salt").tolist() == [False] * 4
    assert IngestExclusions(frozenset(), None).expired(norm.mentions["published_at"]).tolist() == [False] * 3


def test_a_new_table_with_personal_columns_needs_a_rule():
    assert unclassified({"raw_mentions": ["mention_id"], "mart_x": ["day", "mentions"]}) == []
    assert unclassified({"mart_x": ["day", "target_author"], "y": ["example_url"], "z": ["text"]}) == [
        "mart_x",
        "y",
        "z",
    ]


def test_the_erasure_report():
    e = Erasure()
    e.add("raw_mentions", "deleted", 3)
    e.add("raw_mentions", "updated", 2)
    e.add("alerts", "updated", 0)  # nothing done: not listed
    e.add("enr_language", "dropped", 1)
    assert e.lines() == ["enr_language: 1 dropped", "raw_mentions: 3 deleted, 2 updated"]
    assert (e.total, e.get("raw_mentions"), e.get("alerts")) == (6, 3, 0)
