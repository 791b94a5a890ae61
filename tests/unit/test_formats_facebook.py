"""Facebook / Instagram Graph API pages and Facebook "Download Your Information" exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.facebook import FacebookDyi, GraphApi, fix_mojibake
from reputation.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats"
HERE = FIXTURES / "facebook"
SAMPLES = Path(__file__).parents[3] / "shared/data/platform_samples"


def parse(fmt: GraphApi | FacebookDyi, name: str):
    path = HERE / name
    return fmt.parse(path.read_text(encoding="utf-8"), path)


def detected(path: Path) -> str | None:
    fmt = detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS])
    return fmt.name if fmt else None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("post_comments.json", "facebook-graph"),
        ("page_feed.jsonl", "facebook-graph"),
        ("instagram_comments.json", "facebook-graph"),
        ("your_posts_1.json", "facebook-dyi"),
        ("comments.json", "facebook-dyi"),
    ],
)
def test_detect_picks_facebook_formats(name: str, expected: str):
    assert detected(HERE / name) == expected


def test_detect_leaves_canonical_and_other_shapes(tmp_path: Path):
    mention = {"platform": "facebook", "platform_id": "1", "author_id": "u", "text": "hi", "published_at": "2020-01-01"}
    (tmp_path / "m.jsonl").write_text(json.dumps(mention) + "\n", encoding="utf-8")
    (tmp_path / "m.json").write_text(json.dumps([mention]), encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps({"data": [mention]}), encoding="utf-8")  # canonical {"data": [...]}
    for path in (tmp_path / "m.jsonl", tmp_path / "m.json", tmp_path / "d.json"):
        assert detected(path) is None
    fb = (GraphApi(), FacebookDyi())
    for other in ("reviews/google_details.json", "reviews/trustpilot.json", "feeds/news.rss"):
        text = (FIXTURES / other).read_text(encoding="utf-8")
        assert not any(f.sniff(FIXTURES / other, text) for f in fb)


def test_comments_edge_maps_replies_permalink_ids_and_rejects():
    out = parse(GraphApi(), "post_comments.json")
    first, reply, anonymous = out.records
    assert first == {
        "platform": "facebook",
        "platform_id": "111_201",
        "url": None,
        "author_id": "9001",
        "author_handle": "Alice Martin",
        "text": "Nexora m'a remboursé en 2 jours, top",
        "published_at": "2019-02-25T08:14:38+00:00",
        "parent_id": None,
        "likes": 3,
        "shares": None,
        "replies": 1,
    }
    assert reply["parent_id"] == "111_201"
    # no id, no from: both ids come from the permalink, the author is the anonymous pseudo-author
    assert (anonymous["platform_id"], anonymous["parent_id"], anonymous["author_id"]) == (
        "111_206",
        "111_205",
        "anonymous",
    )
    assert [(b.line, b.reason) for b in out.bad] == [
        (3, "item without message"),
        (4, "created_time is not a date-time"),
    ]
    assert out.positions == [1, 2, 5]


def test_page_feed_counts_embedded_comments_and_offsets():
    out = parse(GraphApi(), "page_feed.jsonl")
    assert [r["platform_id"] for r in out.records] == ["555_111", "111_301", "555_112"]
    post, comment, other = out.records
    assert (post["likes"], post["shares"], post["replies"]) == (40, 12, 7)
    assert post["url"] == "https://www.facebook.com/555/posts/111/"
    assert comment["parent_id"] == "555_111"
    assert other["published_at"] == "2019-02-23T07:30:00-05:00" and other["likes"] == 5
    assert out.bad == []


def test_instagram_media_and_nested_replies():
    out = parse(GraphApi(), "instagram_comments.json")
    assert {r["platform"] for r in out.records} == {"instagram"}
    comment, reply, media = out.records
    assert (comment["author_id"], comment["likes"], comment["text"]) == ("jane.doe", 4, "Love the new Nexora app")
    assert (reply["parent_id"], reply["author_id"], reply["author_handle"]) == (
        "17858893269000001",
        "178414000",
        "nexora",
    )
    assert (media["text"], media["url"], media["replies"]) == ("Unboxing", "https://www.instagram.com/p/abc/", 2)


def test_dyi_posts_repair_mojibake_and_build_stable_ids():
    out = parse(FacebookDyi(), "your_posts_1.json")
    assert out.records[0] == {
        "platform": "facebook",
        "platform_id": "dyi:1550000000:96f3d0f84fe0",
        "author_id": "Zoé Dupont",
        "author_handle": "Zoé Dupont",
        "text": "Très déçue par Nexora 😞",
        "published_at": "2019-02-12T19:33:20Z",
    }
    assert out.records[1]["author_id"] == "Zoé Dupont"  # a title already in proper UTF-8 stays as is
    assert [(b.line, b.reason) for b in out.bad] == [
        (3, "entry without post or comment text"),
        (4, "timestamp is not an epoch time"),
    ]
    assert parse(FacebookDyi(), "your_posts_1.json").records == out.records  # same ids on a second read


def test_dyi_comments_use_comment_author_and_time():
    out = parse(FacebookDyi(), "comments.json")
    assert [(r["text"], r["author_id"], r["published_at"]) for r in out.records] == [
        ("Merci à l'équipe Nexora", "Zoé Dupont", "2019-02-12T22:20:01Z"),
        ("Already fine: é", "Zoé Dupont", "2019-02-13T01:06:40Z"),
    ]
    assert out.records[0]["platform_id"].startswith("dyi:1550010001:")


def test_fix_mojibake_only_when_it_round_trips():
    assert fix_mojibake("Ã©tÃ©") == "été"
    assert fix_mojibake("déjà") == "déjà"
    assert fix_mojibake("😞") == "😞"


def test_malformed_documents_are_rejected_not_raised():
    out = GraphApi().parse('{"data": [{"id": "1"\n[1, 2]\n', Path("x.json"))
    assert [b.reason.split(":")[0] for b in out.bad] == [
        "malformed JSON",
        "not a Graph API object",
        "not a Graph API object",
    ]


def test_ingest_comments_twice(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, HERE / "post_comments.json")
        assert report.format == "facebook-graph"
        assert (report.read, report.loaded, report.duplicates, report.rejected) == (5, 3, 0, 2)
        parents = wh.df("SELECT mention_id, parent_id FROM raw_mentions ORDER BY mention_id")
        assert parents["parent_id"].tolist()[1] == "facebook:111_201"
        again = ingest_file(wh, HERE / "post_comments.json")
        assert (again.loaded, again.duplicates) == (0, 3)
        dyi = ingest_file(wh, HERE / "your_posts_1.json")
        assert (dyi.loaded, dyi.rejected) == (2, 2)


@pytest.mark.skipif(not (SAMPLES / "facebook_instagram").is_dir(), reason="platform samples not available")
def test_real_graph_sample():
    path = SAMPLES / "facebook_instagram" / "pyfacebook_fb_post_comments_p1.json"
    text = path.read_text(encoding="utf-8")
    assert detect(path, text[:HEAD_CHARS]).name == "facebook-graph"
    out = GraphApi().parse(text, path)
    assert out.bad == [] and len(out.records) == 10
    assert sum(r["parent_id"].startswith("19292868552_") for r in out.records) == 6  # top-level; 4 replies
    assert all(r["platform_id"] and r["published_at"].endswith("+00:00") for r in out.records)
