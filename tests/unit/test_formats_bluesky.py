"""Bluesky format (searchPosts, getAuthorFeed, getPostThread): detection, mapping, rejects, and loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.schema import CANONICAL_COLUMNS
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.bluesky import BlueskyPosts
from reputation.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats" / "bluesky"
SAMPLES = Path(__file__).parents[3] / "shared" / "data" / "platform_samples"
ALLOWED_KEYS = set(CANONICAL_COLUMNS) - {"brands"}
POST = "at://did:plc:{}/app.bsky.feed.post/{}"


def parse(path: Path):
    text = path.read_text(encoding="utf-8")
    fmt = detect(path, text[:HEAD_CHARS])
    assert fmt is not None, f"no format detected for {path.name}"
    return fmt.name, fmt.parse(text, path)


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["platform_id"]: r for r in records}


@pytest.mark.parametrize("name", ["search_posts.json", "author_feed.json", "post_thread.json", "search_pages.jsonl"])
def test_detects_own_fixtures(name: str):
    path = FIXTURES / name
    assert detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS]).name == "bluesky"


@pytest.mark.parametrize(
    "head",
    [
        json.dumps({"platform": "bluesky", "platform_id": "x", "author_id": "d", "text": "t", "published_at": "2025"}),
        json.dumps({"mentions": [{"platform": "bluesky", "author_id": "d", "text": "t"}]}),
        json.dumps({"posts": [{"id": 1, "title": "a forum post"}]}),
        json.dumps({"feed": [{"title": "an RSS-like item"}]}),
        json.dumps({"thread": {"id": "t1", "messages": []}}),
        json.dumps({"statuses": [], "search_metadata": {}}),
    ],
)
def test_does_not_claim_other_shapes(head: str):
    assert not BlueskyPosts().sniff(Path("x.json"), head)


def test_twitter_fixtures_are_not_bluesky():
    for path in (FIXTURES.parent / "twitter").rglob("*.js*"):
        fmt = detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS])
        assert fmt is None or fmt.name != "bluesky", path.name


def test_sniffs_a_response_larger_than_the_head():
    post = json.loads((FIXTURES / "search_posts.json").read_text(encoding="utf-8"))["posts"][0]
    big = json.dumps({"cursor": "x", "posts": [post] * 200})
    assert len(big) > HEAD_CHARS and BlueskyPosts().sniff(Path("b.json"), big[:HEAD_CHARS])


def test_search_posts():
    name, parsed = parse(FIXTURES / "search_posts.json")
    assert name == "bluesky"
    assert [(b.line, b.reason) for b in parsed.bad] == [(5, "not a Bluesky post view (no at:// uri, record or author)")]
    assert len(parsed.records) == 5  # 4 posts + the quoted post shown in an embed
    assert parsed.positions == [1, 2, 3, 4, 3]
    assert all(set(r) <= ALLOWED_KEYS for r in parsed.records)
    records = by_id(parsed.records)
    first = POST.format("ana111", "3laaa1")
    assert records[first] == {
        "platform": "bluesky",
        "platform_id": first,
        "url": "https://bsky.app/profile/ana.bsky.social/post/3laaa1",
        "author_id": "did:plc:ana111",
        "author_handle": "ana.bsky.social",
        "author_followers": None,
        "text": "Nexora: meilleur opérateur 📶",
        "lang": "pt",  # langs[0] = "pt-BR"
        "published_at": "2025-05-19T10:00:00.000Z",
        "parent_id": None,
        "share_of_id": None,
        "likes": 10,
        "shares": 3,  # reposts + quotes
        "replies": 1,
    }
    assert records[POST.format("ben222", "3lbbb2")]["parent_id"] == first
    quoted = POST.format("cam333", "3lccc0")
    assert records[POST.format("ben222", "3lbbb3")]["share_of_id"] == quoted
    assert (records[quoted]["text"], records[quoted]["likes"], records[quoted]["shares"]) == (
        "Nexora is down in Lyon",
        4,
        2,
    )
    gone = records[POST.format("gone999", "3lggg4")]
    assert gone["author_handle"] is None and gone["lang"] is None
    assert gone["url"] == "https://bsky.app/profile/did:plc:gone999/post/3lggg4"
    assert gone["published_at"] == "2025-05-19T12:00:00.000Z"  # indexedAt when createdAt is missing


def test_author_feed_reposts_and_reply_context():
    _, parsed = parse(FIXTURES / "author_feed.json")
    assert [(b.line, b.reason) for b in parsed.bad] == [(5, "not a Bluesky feed item (no post view)")]
    records = by_id(parsed.records)
    assert len(records) == 6  # 4 posts, 1 repost, the reply's parent (also its root, emitted once)
    reposted = POST.format("cam333", "3lccc8")
    repost = records[f"repost:did:plc:ana111:{reposted}"]
    assert repost == {
        "platform": "bluesky",
        "platform_id": f"repost:did:plc:ana111:{reposted}",
        "url": "https://bsky.app/profile/cam.bsky.social/post/3lccc8",
        "author_id": "did:plc:ana111",
        "author_handle": "ana.bsky.social",
        "author_followers": None,
        "text": "Nexora status page says all green 🙃",
        "lang": "en",
        "published_at": "2025-05-20T09:00:00.000Z",
        "share_of_id": reposted,
        "likes": 0,
        "shares": 0,
        "replies": 0,
    }
    assert records[reposted]["shares"] == 7
    root = POST.format("cam333", "3lccc6")
    assert records[POST.format("ana111", "3laaa7")]["parent_id"] == root and root in records
    assert POST.format("ana111", "3laaa9") in records  # pinned post: an ordinary post


def test_post_thread_walks_parents_and_replies():
    _, parsed = parse(FIXTURES / "post_thread.json")
    assert parsed.bad == []  # notFoundPost and blockedPost are skipped, not rejected
    records = by_id(parsed.records)
    assert set(records) == {
        POST.format("ben222", "3lttt1"),
        POST.format("ana111", "3lppp0"),
        POST.format("cam333", "3lrrr1"),
        POST.format("ben222", "3lrrr2"),
    }
    assert records[POST.format("ben222", "3lrrr2")]["parent_id"] == POST.format("cam333", "3lrrr1")
    assert records[POST.format("ben222", "3lttt1")]["parent_id"] == POST.format("ana111", "3lppp0")


def test_pages_with_unknown_object_and_truncated_last_line():
    _, parsed = parse(FIXTURES / "search_pages.jsonl")
    assert len(parsed.records) == 1
    assert [(b.line, b.reason) for b in parsed.bad] == [
        (2, "not a Bluesky searchPosts, getAuthorFeed or getPostThread response"),
        (3, "malformed JSON: Unterminated string starting at"),
    ]


def test_ingest_links_replies_and_quotes(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, FIXTURES / "search_posts.json")
        assert report.format == "bluesky"
        assert (report.read, report.loaded, report.duplicates, report.rejected) == (6, 5, 0, 1)
        links = wh.df("SELECT mention_id, parent_id, share_of_id FROM raw_mentions").set_index("mention_id")
        parent, reply = POST.format("ana111", "3laaa1"), POST.format("ben222", "3lbbb2")
        assert links.loc[f"bluesky:{reply}", "parent_id"] == f"bluesky:{parent}"
        quoted = POST.format("cam333", "3lccc0")
        assert links.loc[f"bluesky:{POST.format('ben222', '3lbbb3')}", "share_of_id"] == f"bluesky:{quoted}"
        assert f"bluesky:{quoted}" in links.index
        again = ingest_file(wh, FIXTURES / "search_posts.json")
        assert (again.loaded, again.duplicates) == (0, 5)


@pytest.mark.skipif(not (SAMPLES / "bluesky").is_dir(), reason="shared platform samples not available")
def test_real_search_posts_sample():
    fmt, parsed = parse(SAMPLES / "bluesky" / "bskyr_searchPosts_redistricting.json")
    assert fmt == "bluesky" and parsed.bad == []
    assert 25 <= len(parsed.records) <= 27  # 25 posts plus the quoted posts shown in embeds
    assert all(r["platform_id"].startswith("at://") and r["author_id"].startswith("did:") for r in parsed.records)
    assert all(r["text"] and r["published_at"] for r in parsed.records)
    assert sum(r["parent_id"] is not None for r in parsed.records) == 12
