"""Mastodon statuses, contexts and ActivityPub outboxes, mapped to canonical mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.mastodon import MastodonFormat
from reputation.warehouse import Warehouse

HERE = Path(__file__).parents[1] / "fixtures" / "formats" / "mastodon"
SAMPLES = Path(__file__).parents[3] / "shared/data/platform_samples"
ANN_1001 = "https://social.example/users/ann/statuses/1001"
BEN_77 = "https://other.example/users/ben/statuses/77"
DEE_5 = "https://far.example/users/dee/statuses/5"


def parse(path: Path):
    text = path.read_text(encoding="utf-8")
    fmt = detect(path, text[:HEAD_CHARS])
    assert fmt is not None and fmt.name == "mastodon"
    return fmt.parse(text, path)


def test_timeline_statuses_replies_and_boosts():
    parsed = parse(HERE / "timeline.json")
    by_id = {r["platform_id"]: r for r in parsed.records}
    assert list(by_id) == [ANN_1001, BEN_77, "https://social.example/users/cat/statuses/1003/activity", DEE_5,
                           "https://social.example/users/ann/statuses/1004/activity"]  # fmt: skip
    assert by_id[ANN_1001] == {
        "platform": "mastodon",
        "platform_id": ANN_1001,
        "url": "https://social.example/@ann/1001",
        "author_id": "ann@social.example",
        "author_handle": "ann",
        "author_followers": 150,
        "title": "Nexora",
        "text": "Panne & lenteurs chez nexora.example\ndepuis ce matin …\n#nexora",
        "lang": "fr",
        "published_at": "2026-03-01T09:00:00.000Z",
        "parent_id": None,
        "share_of_id": None,
        "likes": 4,
        "shares": 1,
        "replies": 1,
    }
    assert by_id[BEN_77]["parent_id"] == ANN_1001  # local in_reply_to_id resolved within the file
    assert by_id[BEN_77]["author_id"] == "ben@other.example"
    boost = by_id["https://social.example/users/cat/statuses/1003/activity"]  # a boost of a reply
    assert (boost["share_of_id"], boost["text"], boost["parent_id"]) == (BEN_77, "@ann pareil ici", None)
    # a boosted original that is not listed on its own is emitted once; its unknown parent stays instance-local
    assert by_id[DEE_5]["parent_id"] == "local:social.example:999"
    assert by_id[DEE_5]["text"] == "Telvia support fixed it <3"
    assert sorted(b.reason for b in parsed.bad) == ["not a Mastodon status", "not public (visibility direct)"]


def test_context_links_ancestors_and_descendants():
    parsed = parse(HERE / "context.json")
    assert [r["parent_id"] for r in parsed.records] == [
        None,
        "https://social.example/users/ann/statuses/20",
        "local:social.example:22",  # the focal status itself is not in a context response
    ]
    assert parsed.bad == []


def test_activitypub_outbox():
    parsed = parse(HERE / "outbox.json")
    note, reply, boost = parsed.records
    assert (note["text"], note["lang"], note["replies"], note["author_id"]) == (
        "Nexora & moi, c'est fini",
        "fr",
        2,
        "ann@social.example",
    )
    assert (reply["parent_id"], reply["title"]) == (note["platform_id"], "suite")
    assert (boost["share_of_id"], boost["text"]) == (reply["platform_id"], "Bonjour Telvia")
    assert [b.reason for b in parsed.bad] == [
        "boost of a status not in the file (no text)",
        "unsupported activity 'Like'",
    ]


@pytest.mark.parametrize(
    "head",
    [
        '{"platform": "mastodon", "platform_id": "a", "author_id": "u", "text": "hi", "published_at": "2026-01-01"}\n',
        '{"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"author": "a"}}]}}',
        '{"kind": "youtube#commentThreadListResponse", "items": []}',
        '{"posts": [{"uri": "at://did:plc:x/app.bsky.feed.post/1", "author": {}, "likeCount": 1}]}',
    ],
)
def test_sniff_rejects_other_shapes(head: str):
    assert not MastodonFormat().sniff(Path("x.json"), head)


def test_canonical_jsonl_is_not_detected(tmp_path: Path):
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"platform": "mastodon", "author_id": "u", "text": "x", "published_at": "2026-01-01T00:00:00Z"}),
        encoding="utf-8",
    )
    assert detect(path, path.read_text(encoding="utf-8")) is None


def test_ingest_timeline_links_reply_and_boost(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, HERE / "timeline.json")
        assert (report.format, report.loaded, report.duplicates, report.rejected) == ("mastodon", 5, 0, 2)
        m = wh.df("SELECT mention_id, parent_id, share_of_id FROM raw_mentions").set_index("mention_id")
        assert m.loc[f"mastodon:{BEN_77}", "parent_id"] == f"mastodon:{ANN_1001}"
        assert m.loc["mastodon:https://social.example/users/cat/statuses/1003/activity", "share_of_id"] == (
            f"mastodon:{BEN_77}"
        )


@pytest.mark.skipif(not (SAMPLES / "mastodon").is_dir(), reason="platform samples not available")
def test_real_samples():
    timeline = parse(SAMPLES / "mastodon/mastodonpy_localhost_public_timeline.json")
    assert (len(timeline.records), len(timeline.bad)) == (8, 0)
    assert all(r["author_id"].endswith("@localhost:3000") and r["text"] for r in timeline.records)
    context = parse(SAMPLES / "mastodon/mastodonpy_mastodon_social_context.json")
    assert (len(context.records), len(context.bad)) == (2, 0)
    assert context.records[0]["author_id"] == "halcy@mastodon.social"
