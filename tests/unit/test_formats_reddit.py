"""Reddit formats: API listings (comment trees, pages) and Pushshift dumps, mapped to canonical mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.reddit import PushshiftDump, RedditListing
from reputation.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats"
HERE = FIXTURES / "reddit"
SAMPLES = Path(__file__).parents[3] / "shared/data/platform_samples"


def parse(path: Path):
    fmt = detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS])
    assert fmt is not None
    return fmt.name, fmt.parse(path.read_text(encoding="utf-8"), path)


def test_comment_page_walks_nested_replies_and_skips_more_stubs():
    name, parsed = parse(HERE / "comment_page.json")
    assert name == "reddit-api"
    by_id = {r["platform_id"]: r for r in parsed.records}
    assert list(by_id) == ["t3_p1", "t1_c1", "t1_c2", "t1_c3"]  # depth first, 3 levels of replies
    assert by_id["t3_p1"] == {
        "platform": "reddit",
        "platform_id": "t3_p1",
        "url": "https://www.reddit.com/r/france/comments/p1/nexora_outage_again/",
        "author_id": "t2_alice",
        "author_handle": "alice",
        "published_at": "2026-01-01T00:00:00Z",
        "likes": 42,
        "title": "Nexora outage again?",
        "text": "Anyone else without internet & phone?",
        "replies": 5,
        "share_of_id": None,
    }
    assert [by_id[i]["parent_id"] for i in ("t1_c1", "t1_c2", "t1_c3")] == ["t3_p1", "t1_c1", "t1_c2"]
    deleted = by_id["t1_c2"]
    assert (deleted["author_id"], deleted["likes"]) == ("[deleted]", None)  # negative score: no like count
    assert deleted["url"] == "https://www.reddit.com/r/france/comments/p1/_/c2/"
    assert [(b.line, b.reason) for b in parsed.bad] == [
        (5, "comment body [removed]"),
        (6, "unsupported Reddit kind 't5'"),
    ]
    assert parsed.positions == [1, 2, 3, 4]  # item numbers in file order: one position per record


def test_listing_pages_as_json_lines_with_bad_lines():
    _, parsed = parse(HERE / "listings.jsonl")
    s1, s2 = parsed.records
    assert (s1["platform_id"], s1["title"], s1["text"], s1["likes"], s1["replies"]) == (
        "t3_s1",
        "Telvia launches fibre in Lyon",
        None,
        120,
        33,
    )
    assert (s2["share_of_id"], s2["text"], s2["url"]) == ("t3_s1", None, "https://www.reddit.com/r/lyon/comments/s2/")
    assert parsed.positions == [1, 2]  # item numbers; here one item per line
    reasons = [(b.line, b.reason.split(":")[0]) for b in parsed.bad]
    assert reasons == [(3, "malformed JSON"), (4, "not a Reddit listing"), (5, "malformed JSON")]


def test_pushshift_dump_normalises_bare_ids_and_times():
    name, parsed = parse(HERE / "pushshift.ndjson")
    assert name == "reddit-pushshift"
    by_id = {r["platform_id"]: r for r in parsed.records}
    assert by_id["t1_k1"]["url"] == "https://www.reddit.com/r/france/comments/x1/nexora/k1/"
    assert by_id["t1_k2"]["parent_id"] == "t1_k1"  # bare comment id
    assert by_id["t1_k2"]["published_at"] == "2026-01-01T00:01:40Z"  # epoch as a string
    assert by_id["t1_k3"]["parent_id"] == "t3_x1"  # bare id equal to the link id: the submission
    assert by_id["t1_k3"]["text"] == "Telvia > Nexora"  # Reddit escapes markdown's &, <, >
    assert (by_id["t3_x1"]["title"], by_id["t3_x1"]["text"], by_id["t3_x1"]["author_id"]) == (
        "Nexora?",
        None,
        "[deleted]",
    )
    assert [(b.line, b.reason.split(":")[0]) for b in parsed.bad] == [
        (5, "comment body [deleted]"),
        (6, "not a Reddit comment or submission"),
        (7, "malformed JSON"),
        (8, "created_utc is not an epoch time"),
        (9, "malformed JSON"),
    ]


@pytest.mark.parametrize(
    "head",
    [
        '{"platform": "reddit", "platform_id": "t1_a", "author_id": "u", "text": "hi", "published_at": "2026-01-01"}\n',
        '[{"id": "1", "uri": "https://m.example/s/1", "account": {}, "favourites_count": 0, "reblogs_count": 0}]',
        '{"kind": "youtube#commentThreadListResponse", "items": []}',
        '{"data": [{"id": "1", "text": "tweet", "author_id": "2"}]}',
    ],
)
def test_sniff_rejects_other_shapes(head: str):
    for fmt in (RedditListing(), PushshiftDump()):
        assert not fmt.sniff(Path("x.json"), head)


def test_canonical_jsonl_is_not_detected(tmp_path: Path):
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"platform": "reddit", "author_id": "u", "text": "x", "published_at": "2026-01-01T00:00:00Z"}),
        encoding="utf-8",
    )
    assert detect(path, path.read_text(encoding="utf-8")) is None


def test_ingest_comment_page_links_replies(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, HERE / "comment_page.json")
        assert (report.format, report.loaded, report.duplicates, report.rejected) == ("reddit-api", 4, 0, 2)
        m = wh.df("SELECT mention_id, parent_id FROM raw_mentions ORDER BY mention_id").set_index("mention_id")
        assert m.loc["reddit:t1_c2", "parent_id"] == "reddit:t1_c1"
        assert m.loc["reddit:t1_c1", "parent_id"] == "reddit:t3_p1"
        again = ingest_file(wh, HERE / "comment_page.json")
        assert (again.loaded, again.duplicates) == (0, 4)


@pytest.mark.skipif(not (SAMPLES / "reddit").is_dir(), reason="platform samples not available")
def test_real_samples():
    _, listing = parse(SAMPLES / "reddit/praw_r_askreddit_comments_listing.json")
    assert (len(listing.records), len(listing.bad)) == (100, 0)
    assert all(r["platform_id"].startswith("t1_") and r["parent_id"][:3] in ("t1_", "t3_") for r in listing.records)
    _, dump = parse(SAMPLES / "reddit/pushshift_comments.ndjson")
    # the only rejects are comments whose body Reddit replaced by [removed] / [deleted]: nothing left to analyse
    assert len(dump.records) == 23
    assert {b.reason for b in dump.bad} == {"comment body [removed]", "comment body [deleted]"}
