"""YouTube Data API comment threads and comments, mapped to canonical mentions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.youtube import YouTubeComments
from reputation.warehouse import Warehouse

HERE = Path(__file__).parents[1] / "fixtures" / "formats" / "youtube"
SAMPLES = Path(__file__).parents[3] / "shared/data/platform_samples"


def parse(path: Path):
    text = path.read_text(encoding="utf-8")
    fmt = detect(path, text[:HEAD_CHARS])
    assert fmt is not None and fmt.name == "youtube-comments"
    return fmt.parse(text, path)


def test_thread_pages_with_replies_and_bad_lines():
    parsed = parse(HERE / "threads.jsonl")
    assert [r["platform_id"] for r in parsed.records] == ["Ug1", "Ug1.r1", "Ug1.r2", "Ug3"]
    assert parsed.records[0] == {
        "platform": "youtube",
        "platform_id": "Ug1",
        "url": "https://www.youtube.com/watch?v=vid1&lc=Ug1",
        "author_id": "UCann",
        "author_handle": "@annfr",
        "text": "Nexora & Telvia: 1:02 c'est faux\nvraiment",  # tags dropped, entities decoded, <br> kept
        "published_at": "2026-06-01T12:00:00Z",
        "parent_id": None,
        "likes": 12,
        "replies": 2,
    }
    reply = parsed.records[1]
    assert (reply["parent_id"], reply["url"], "replies" in reply) == (
        "Ug1",
        "https://www.youtube.com/watch?v=vid1&lc=Ug1.r1",
        False,
    )
    assert [(b.line, b.reason.split(":")[0]) for b in parsed.bad] == [
        (4, "thread without topLevelComment"),
        (6, "not a YouTube thread or comment"),  # a video inside a page
        (7, "malformed JSON"),
        (8, "not a YouTube thread or comment"),  # another response kind
        (9, "malformed JSON"),  # truncated last line
    ]
    assert parsed.positions == [1, 2, 3, 5]  # item numbers in file order: one position per record


def test_comment_list_response():
    parsed = parse(HERE / "comments.json")
    first, ghost = parsed.records
    assert (first["text"], first["parent_id"], first["url"]) == ("bold claim", "Ug1", None)
    assert (ghost["text"], ghost["author_id"]) == ("no channel id", None)  # validation rejects it downstream


@pytest.mark.parametrize(
    "head",
    [
        '{"platform": "youtube", "platform_id": "a", "author_id": "u", "text": "hi", "published_at": "2026-01-01"}\n',
        '{"kind": "Listing", "data": {"children": []}}',
        '[{"id": "1", "uri": "https://m.example/s/1", "account": {}, "favourites_count": 0, "reblogs_count": 0}]',
        '{"kind": "youtube#videoListResponse", "items": []}',
    ],
)
def test_sniff_rejects_other_shapes(head: str):
    assert not YouTubeComments().sniff(Path("x.json"), head)


def test_canonical_jsonl_is_not_detected(tmp_path: Path):
    path = tmp_path / "m.jsonl"
    path.write_text(
        json.dumps({"platform": "youtube", "author_id": "u", "text": "x", "published_at": "2026-01-01T00:00:00Z"}),
        encoding="utf-8",
    )
    assert detect(path, path.read_text(encoding="utf-8")) is None


def test_ingest_links_replies_to_their_thread(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, HERE / "threads.jsonl")
        assert (report.format, report.loaded, report.duplicates, report.rejected) == ("youtube-comments", 4, 0, 5)
        m = wh.df("SELECT mention_id, parent_id, published_at FROM raw_mentions").set_index("mention_id")
        assert m.loc["youtube:Ug1.r1", "parent_id"] == "youtube:Ug1"
        assert str(m.loc["youtube:Ug1.r2", "published_at"]) == "2026-06-01 12:00:00"  # +02:00 to UTC
        comments = ingest_file(wh, HERE / "comments.json")
        assert (comments.loaded, comments.rejected, dict(comments.reasons)) == (1, 1, {"missing author_id": 1})


@pytest.mark.skipif(not (SAMPLES / "youtube").is_dir(), reason="platform samples not available")
def test_real_sample():
    parsed = parse(SAMPLES / "youtube/pyyoutube_comment_threads_by_video_paged_1.json")
    assert (len(parsed.records), len(parsed.bad)) == (5, 0)
    assert all(r["author_id"].startswith("UC") and r["text"] for r in parsed.records)
    assert sum(r["replies"] for r in parsed.records) == 2
