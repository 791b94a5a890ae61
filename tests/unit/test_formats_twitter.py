"""X/Twitter formats (v1.1, v2 and twarc flat, archive tweets.js): detection, mapping, rejects, and loading."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.schema import CANONICAL_COLUMNS
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.twitter import ARCHIVE_OWNER, TwitterArchive, TwitterV1, TwitterV2
from reputation.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats" / "twitter"
SAMPLES = Path(__file__).parents[3] / "shared" / "data" / "platform_samples"
ALLOWED_KEYS = set(CANONICAL_COLUMNS) - {"brands"}  # formats never compute brands
CANONICAL = {"platform": "twitter", "platform_id": "1", "author_id": "u1", "text": "hi", "published_at": "2026-01-01"}


def parse(path: Path):
    text = path.read_text(encoding="utf-8")
    fmt = detect(path, text[:HEAD_CHARS])
    assert fmt is not None, f"no format detected for {path.name}"
    return fmt.name, fmt.parse(text, path)


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["platform_id"]: r for r in records}


# ------------------------------------------------------------------------------------------------ detection


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("v1_stream.jsonl", "twitter-v1"),
        ("v1_search.json", "twitter-v1"),
        ("v2_pages.jsonl", "twitter-v2"),
        ("v2_twarc_flat.jsonl", "twitter-v2"),
        ("archive/tweets.js", "twitter-archive"),
    ],
)
def test_detects_own_fixtures(name: str, expected: str):
    path = FIXTURES / name
    assert detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS]).name == expected


@pytest.mark.parametrize(
    "head",
    [
        json.dumps(CANONICAL) + "\n" + json.dumps(CANONICAL),  # canonical JSONL
        json.dumps({"mentions": [CANONICAL]}),
        json.dumps({"data": [dict(CANONICAL, id="1")]}),  # canonical JSON under "data"
        json.dumps({"posts": [{"uri": "at://did:plc:x/app.bsky.feed.post/1", "author": {}, "record": {}}]}),
        json.dumps({"id": "1", "created_at": "2023-01-01T00:00:00Z", "content": "<p>toot</p>", "account": {}}),
        json.dumps({"data": [{"id": "17", "text": "nice", "timestamp": "2023-01-01T00:00:00+0000"}]}),  # Instagram
        json.dumps({"kind": "Listing", "data": {"children": [{"kind": "t1", "data": {"body": "hi"}}]}}),  # Reddit
        "window.YTD.account.part0 = [{}]",
    ],
)
def test_does_not_claim_other_shapes(head: str):
    for fmt in (TwitterV1(), TwitterV2(), TwitterArchive()):
        assert not fmt.sniff(Path("x.json"), head), fmt.name


def test_other_platform_fixtures_are_not_twitter():
    for path in (FIXTURES.parent / "bluesky").glob("*.json*"):
        fmt = detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS])
        assert fmt is None or not fmt.name.startswith("twitter"), path.name


def test_sniffs_a_first_document_larger_than_the_head():
    tweet = json.loads((FIXTURES / "v1_stream.jsonl").read_text(encoding="utf-8").splitlines()[0])
    big = json.dumps({"statuses": [tweet] * 200})
    assert len(big) > HEAD_CHARS and TwitterV1().sniff(Path("s.json"), big[:HEAD_CHARS])
    page = json.loads((FIXTURES / "v2_pages.jsonl").read_text(encoding="utf-8").splitlines()[0])
    big = json.dumps([page] * 40)
    assert len(big) > HEAD_CHARS and TwitterV2().sniff(Path("p.json"), big[:HEAD_CHARS])


# ---------------------------------------------------------------------------------------------------- v1.1


def test_v1_stream_records_and_rejects():
    name, parsed = parse(FIXTURES / "v1_stream.jsonl")
    assert name == "twitter-v1"
    # 6 top-level tweets + the retweeted quote tweet + the tweet it quotes
    assert len(parsed.records) == 8
    assert [(b.line, b.reason) for b in parsed.bad] == [
        (7, "malformed JSON: Expecting property name enclosed in double quotes"),
        (8, "stream notice 'delete', not a tweet"),
        (9, "not a v1.1 tweet (no id, text or created_at)"),
        (10, "malformed JSON: Unterminated string starting at"),  # truncated last line
    ]
    assert all(set(r) <= ALLOWED_KEYS for r in parsed.records)


def test_v1_original_tweet_fields():
    records = by_id(parse(FIXTURES / "v1_stream.jsonl")[1].records)
    assert records["1050118621198921728"] == {
        "platform": "twitter",
        "platform_id": "1050118621198921728",
        "url": "https://x.com/alice/status/1050118621198921728",
        "author_id": "11",
        "author_handle": "alice",
        "author_followers": 1200,
        "text": "Nexora support & billing <3 https://t.co/abc",  # entities decoded, \/ unescaped
        "lang": None,  # "und"
        "published_at": "2018-10-10T20:19:24+00:00",
        "parent_id": None,
        "share_of_id": None,
        "likes": 10,
        "shares": 4,  # retweets + quotes
        "replies": 2,
    }


def test_v1_extended_reply_and_missing_user_fields():
    records = by_id(parse(FIXTURES / "v1_stream.jsonl")[1].records)
    assert records["1050118621198921729"]["text"].endswith("keeps every word until the very end.")
    assert records["1050118621198921733"]["text"] == "tweet_mode=extended gives full_text directly"
    assert records["1050118621198921730"]["parent_id"] == "1050118621198921728"
    no_name = records["1050118621198921732"]
    assert (no_name["author_id"], no_name["author_handle"], no_name["author_followers"]) == ("55", None, None)
    assert no_name["url"] == "https://x.com/i/status/1050118621198921732"
    assert no_name["lang"] == "id"  # Twitter's legacy "in"


def test_v1_retweet_of_a_quote_emits_the_chain():
    records = by_id(parse(FIXTURES / "v1_stream.jsonl")[1].records)
    retweet, quote, original = (
        records["1050118621198921731"],
        records["1050000000000000001"],
        records["1049000000000000001"],
    )
    assert retweet["share_of_id"] == "1050000000000000001"
    assert retweet["text"] == "RT @carol: Finally! https://t.co/q"
    assert (retweet["likes"], retweet["shares"], retweet["replies"]) == (0, 0, 0)  # counts belong to the original
    assert (quote["author_handle"], quote["share_of_id"], quote["likes"], quote["shares"]) == (
        "carol",
        original["platform_id"],
        40,
        14,
    )
    assert (original["author_handle"], original["text"], original["lang"]) == (
        "dave",
        "Nexora launches a new plan",
        "fr",
    )


def test_v1_search_response_numbers_items_and_emits_embedded_original_once():
    name, parsed = parse(FIXTURES / "v1_search.json")
    assert name == "twitter-v1" and not parsed.bad
    assert [r["platform_id"] for r in parsed.records] == ["1050118621198921740", "1050118621198921728"]
    assert parsed.positions == [1, 2]
    assert parsed.records[0]["share_of_id"] == "1050118621198921728"
    assert parsed.records[1]["likes"] == 10  # the top-level version, not a copy from the retweet


# ------------------------------------------------------------------------------------------------------ v2


def test_v2_pages_records_and_error_rejects():
    name, parsed = parse(FIXTURES / "v2_pages.jsonl")
    assert name == "twitter-v2"
    assert sorted(r["platform_id"][-2:] for r in parsed.records) == ["01", "02", "03", "05", "07", "99"]
    assert [(b.line, b.reason) for b in parsed.bad] == [
        (1, "API error (Not Found Error): Could not find tweet with referenced_tweets.id: [1500000000000000000]."),
        (2, "API error (Forbidden): User has been suspended: [109]."),
        (
            2,
            "API error (Authorization Error): Sorry, you are not authorized to see the Tweet with ids: "
            "[1600000000000000008].",
        ),
        (3, "malformed JSON: Invalid control character at"),
        (4, "not a v2 response page or tweet"),
    ]


def test_v2_fields_metrics_and_references():
    records = by_id(parse(FIXTURES / "v2_pages.jsonl")[1].records)
    assert records["1600000000000000001"] == {
        "platform": "twitter",
        "platform_id": "1600000000000000001",
        "url": "https://x.com/eve/status/1600000000000000001",
        "author_id": "101",
        "author_handle": "eve",
        "author_followers": 900,
        "text": "Nexora's new plan is a scam, thread 🧵 — here is the whole note tweet, longer than 280 characters "
        "in real life & complete.",
        "lang": "en",
        "published_at": "2022-12-06T10:00:00.000Z",
        "parent_id": None,
        "share_of_id": None,
        "likes": 30,
        "shares": 6,
        "replies": 2,
        "views": 4000,
    }
    assert records["1600000000000000002"]["parent_id"] == "1600000000000000001"
    retweet = records["1600000000000000003"]
    assert retweet["share_of_id"] == "1599999999999999999"
    assert retweet["text"] == "RT @grace: Nexora outage again & no answer"  # full text of the included original
    assert (retweet["likes"], retweet["shares"], retweet["views"]) == (0, 0, None)
    assert records["1599999999999999999"]["author_handle"] == "grace"  # included tweet, emitted too
    assert records["1600000000000000005"]["share_of_id"] == "1500000000000000000"
    assert records["1600000000000000005"]["lang"] is None  # "qme"
    unknown_user = records["1600000000000000007"]
    assert (unknown_user["author_id"], unknown_user["author_handle"]) == ("109", None)


def test_v2_without_author_or_created_at():
    page = {"data": [{"id": "1578516068309794817", "text": "hello", "edit_history_tweet_ids": ["1578516068309794817"]}]}
    parsed = TwitterV2().parse(json.dumps(page), Path("p.json"))
    record = parsed.records[0]
    assert record["author_id"] is None  # ingestion quarantines it: no made-up shared author
    assert record["published_at"] == "2022-10-07T22:42:12.752Z"  # from the snowflake id


def test_twarc_flat():
    name, parsed = parse(FIXTURES / "v2_twarc_flat.jsonl")
    assert name == "twitter-v2" and not parsed.bad
    records = by_id(parsed.records)
    assert len(records) == 3
    assert records["1600000000000000010"]["share_of_id"] == "1599999999999999999"
    assert records["1600000000000000010"]["author_handle"] == "eve"
    assert records["1600000000000000011"]["parent_id"] == "1599999999999999999"
    assert records["1599999999999999999"]["author_followers"] == 40000


# ------------------------------------------------------------------------------------------------- archive


def test_archive_with_account_js():
    name, parsed = parse(FIXTURES / "archive" / "tweets.js")
    assert name == "twitter-archive"
    assert [(b.line, b.reason) for b in parsed.bad] == [(3, "not an archive tweet (no id or text)")]
    first, reply = parsed.records
    assert first == {
        "platform": "twitter",
        "platform_id": "1700000000000000001",
        "url": "https://x.com/nexora_fan/status/1700000000000000001",
        "author_id": "424242",
        "author_handle": "nexora_fan",
        "author_followers": None,
        "text": "Our Nexora review is out & live",
        "lang": "en",
        "published_at": "2023-09-08T07:30:00+00:00",
        "parent_id": None,
        "share_of_id": None,
        "likes": 7,  # the archive writes counts as strings
        "shares": 2,
        "replies": None,
    }
    assert reply["parent_id"] == "1699999999999999999"


def test_archive_without_account_js(tmp_path: Path):
    shutil.copy(FIXTURES / "archive" / "tweets.js", tmp_path / "tweets.js")
    _, parsed = parse(tmp_path / "tweets.js")
    assert {(r["author_id"], r["author_handle"]) for r in parsed.records} == {(ARCHIVE_OWNER, None)}
    assert parsed.records[0]["url"] == "https://x.com/i/status/1700000000000000001"


# -------------------------------------------------------------------------------------------- end to end


def test_ingest_v1_links_replies_and_retweets(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, FIXTURES / "v1_stream.jsonl")
        assert report.format == "twitter-v1"
        assert (report.read, report.loaded, report.duplicates, report.rejected) == (12, 8, 0, 4)
        links = wh.df("SELECT mention_id, parent_id, share_of_id FROM raw_mentions").set_index("mention_id")
        assert links.loc["twitter:1050118621198921730", "parent_id"] == "twitter:1050118621198921728"
        assert links.loc["twitter:1050118621198921731", "share_of_id"] == "twitter:1050000000000000001"
        assert links.loc["twitter:1050000000000000001", "share_of_id"] == "twitter:1049000000000000001"
        assert set(links.index) >= {"twitter:1050000000000000001", "twitter:1049000000000000001"}
        again = ingest_file(wh, FIXTURES / "v1_stream.jsonl")
        assert (again.loaded, again.duplicates) == (0, 8)


# ------------------------------------------------------------------------------------------ real samples


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared platform samples not available")
@pytest.mark.parametrize(
    ("name", "expected", "minimum"),
    [
        ("twitter_v1/twitterdev_original_format_examples.jsonl", "twitter-v1", 25),
        ("twitter_v1/tweepy_search_tweets_v11.json", "twitter-v1", 15),
        ("twitter_v2/twarc_flat_tweets.jsonl", "twitter-v2", 100),
        ("twitter_v2/tweepy_search_recent_v2.json", "twitter-v2", 10),
    ],
)
def test_real_samples(name: str, expected: str, minimum: int):
    fmt, parsed = parse(SAMPLES / name)
    assert fmt == expected
    assert parsed.bad == []
    assert minimum <= len(parsed.records) <= 2 * minimum  # top-level tweets plus embedded originals
    assert len({r["platform_id"] for r in parsed.records}) == len(parsed.records)
    assert all(r["platform_id"].isdigit() and r["published_at"] for r in parsed.records)
    # tweepy's recorded search did not request the author_id field: those tweets carry no author (ingestion
    # quarantines them); every other sample names its authors
    authorless = name.endswith("tweepy_search_recent_v2.json")
    assert all((r["author_id"] is None) == authorless for r in parsed.records)


def test_twenty_thousand_tweets_in_two_hundred_pages():
    """Well above 50,000 tweets/s for compact v2 pages (v1 payloads are dominated by JSON decoding)."""
    tweet = {
        "id": "1600000000000000001",
        "author_id": "101",
        "created_at": "2022-12-06T10:00:00.000Z",
        "lang": "en",
        "text": "Nexora outage again, no answer from support",
        "public_metrics": {"retweet_count": 5, "reply_count": 2, "like_count": 30, "quote_count": 1},
    }
    users = [{"id": "101", "username": "eve", "public_metrics": {"followers_count": 9}}]
    pages = (
        json.dumps(
            {"data": [dict(tweet, id=str(10**18 + 100 * p + i)) for i in range(100)], "includes": {"users": users}}
        )
        for p in range(200)
    )
    text = "\n".join(pages)
    parsed = TwitterV2().parse(text, Path("many.jsonl"))  # its speed is measured in bench/, not here
    assert len(parsed.records) == 20_000 and not parsed.bad
