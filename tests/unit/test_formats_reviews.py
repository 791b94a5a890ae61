"""Google Places Details responses and Trustpilot-style review exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.reviews import GooglePlaces, TrustpilotReviews, starred
from reputation.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats"
HERE = FIXTURES / "reviews"
SAMPLES = Path(__file__).parents[3] / "shared/data/platform_samples"


def parse(fmt: GooglePlaces | TrustpilotReviews, name: str):
    path = HERE / name
    return fmt.parse(path.read_text(encoding="utf-8"), path)


def detected(path: Path) -> str | None:
    fmt = detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS])
    return fmt.name if fmt else None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("google_details.json", "google-places"),
        ("google_not_found.json", "google-places"),
        ("trustpilot.json", "trustpilot"),
    ],
)
def test_detect_picks_review_formats(name: str, expected: str):
    assert detected(HERE / name) == expected


def test_detect_leaves_canonical_and_other_shapes(tmp_path: Path):
    mention = {
        "platform": "review",
        "url": "https://x.example/r/1",
        "author_id": "u",
        "title": "★5",
        "published_at": "2020-01-01",
    }
    (tmp_path / "m.jsonl").write_text(json.dumps(mention) + "\n", encoding="utf-8")
    (tmp_path / "m.json").write_text(json.dumps([mention]), encoding="utf-8")
    assert detected(tmp_path / "m.jsonl") is None and detected(tmp_path / "m.json") is None
    ours = (GooglePlaces(), TrustpilotReviews())
    for other in ("facebook/post_comments.json", "facebook/your_posts_1.json", "feeds/news.rss"):
        text = (FIXTURES / other).read_text(encoding="utf-8")
        assert not any(f.sniff(FIXTURES / other, text) for f in ours)


def test_google_reviews_map_ids_rating_and_rejects():
    out = parse(GooglePlaces(), "google_details.json")
    assert out.records[0] == {
        "platform": "review",
        "platform_id": "google:ChIJtest123:1001",
        "url": "https://maps.google.com/?cid=42",
        "author_id": "1001",
        "author_handle": "Marie L.",
        "title": "★1 Nexora Store Lyon",
        "text": "Service client injoignable.",
        "lang": "fr",
        "published_at": "2023-11-14T22:13:20Z",
    }
    assert out.records[1]["title"] == "★5 Nexora Store Lyon" and out.records[1]["text"] == ""  # rating-only review
    # no author_url: the id falls back to the review time, the author to the name
    assert (out.records[2]["platform_id"], out.records[2]["author_id"]) == ("google:ChIJtest123:t1698000000", "Anonyme")
    assert [(b.line, b.reason) for b in out.bad] == [(4, "review time is not an epoch time")]


def test_google_status_not_ok_is_rejected_with_status():
    out = parse(GooglePlaces(), "google_not_found.json")
    assert out.records == []
    assert [b.reason for b in out.bad] == [
        "Google Places status NOT_FOUND",
        "Google Places status REQUEST_DENIED: The provided API key is invalid.",
    ]


def test_trustpilot_reviews_and_company_reply():
    out = parse(TrustpilotReviews(), "trustpilot.json")
    review, reply, second = out.records
    assert review == {
        "platform": "review",
        "platform_id": "trustpilot:5d2858ba0e1a2a0b3c4d5e6f",
        "url": None,
        "author_id": "c1",
        "author_handle": "Julie",
        "title": "★5 Livraison rapide",
        "text": "Commande reçue en 24 h.",
        "lang": "fr",
        "published_at": "2019-07-12T09:13:46.000Z",
        "likes": None,
    }
    assert reply["parent_id"] == review["platform_id"] and reply["author_id"] == "bu-nexora"
    assert reply["platform_id"] == "trustpilot:5d2858ba0e1a2a0b3c4d5e6f:reply"
    assert second["title"] == "★2 Déçu"  # "rating" is read like "stars"
    assert [(b.line, b.reason) for b in out.bad] == [(3, "createdAt is not a date-time")]


def test_starred_title():
    assert starred(4.0, "x") == "★4 x"
    assert starred(4.5, None) == "★4.5"
    assert starred(None, " y ") == "y"
    assert starred(True, "z") == "z"


def test_ingest_google_twice(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, HERE / "google_details.json")
        assert report.format == "google-places"
        assert (report.read, report.loaded, report.duplicates, report.rejected) == (4, 3, 0, 1)
        titles = wh.df("SELECT title FROM raw_mentions ORDER BY title")["title"].tolist()
        assert titles == ["★1 Nexora Store Lyon", "★4 Nexora Store Lyon", "★5 Nexora Store Lyon"]
        again = ingest_file(wh, HERE / "google_details.json")
        assert (again.loaded, again.duplicates) == (0, 3)
        tp = ingest_file(wh, HERE / "trustpilot.json")
        assert (tp.loaded, tp.rejected) == (3, 1)


@pytest.mark.skipif(not (SAMPLES / "reviews").is_dir(), reason="platform samples not available")
def test_real_google_sample():
    path = SAMPLES / "reviews" / "google_places_details_sacre_coeur_fr.json"
    text = path.read_text(encoding="utf-8")
    assert detect(path, text[:HEAD_CHARS]).name == "google-places"
    out = GooglePlaces().parse(text, path)
    assert out.bad == [] and len(out.records) == 5
    assert all(r["title"].startswith("★") and r["title"].endswith("Sacré-Cœur") for r in out.records)
    assert len({r["platform_id"] for r in out.records}) == 5
