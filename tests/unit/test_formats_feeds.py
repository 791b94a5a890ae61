"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.schema import SchemaError
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.feeds import SyndicationFeed, parse_date
from reputation.warehouse import Warehouse

FIXTURES = Path(__file__).parents[1] / "fixtures" / "formats"
HERE = FIXTURES / "feeds"
SAMPLES = Path(__file__).parents[3] / "shared/data/platform_samples"
FEED = SyndicationFeed()


def parse(name: str):
    path = HERE / name
    return FEED.parse(path.read_text(encoding="utf-8"), path)


@pytest.mark.parametrize("name", ["news.rss", "blog.atom", "rss1.rdf", "billion_laughs.xml", "malformed.xml"])
def test_detect_picks_feed(name: str):
    path = HERE / name
    assert detect(path, path.read_text(encoding="utf-8")[:HEAD_CHARS]).name == "feed"


def test_detect_leaves_canonical_other_shapes_and_other_xml(tmp_path: Path):
    mention = {
        "platform": "news",
        "url": "https://n.example/1",
        "author_id": "n",
        "text": "x",
        "published_at": "2020-01-01",
    }
    (tmp_path / "m.jsonl").write_text(json.dumps(mention) + "\n", encoding="utf-8")
    (tmp_path / "m.json").write_text(json.dumps([mention]), encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url/></urlset>', encoding="utf-8")
    (tmp_path / "other.xml").write_text('<?xml version="1.0"?><feed><entry/></feed>', encoding="utf-8")  # not Atom
    for name in ("m.jsonl", "m.json", "sitemap.xml", "other.xml"):
        path = tmp_path / name
        assert not FEED.sniff(path, path.read_text(encoding="utf-8"))
    for other in ("facebook/post_comments.json", "reviews/google_details.json", "reviews/trustpilot.json"):
        assert not FEED.sniff(FIXTURES / other, (FIXTURES / other).read_text(encoding="utf-8"))


def test_rss2_items_html_entities_fallback_date_and_rejects():
    out = parse("news.rss")
    assert out.records[0] == {
        "platform": "news",
        "platform_id": "qt-0001",
        "url": "https://www.quotidien-tech.example/a/1",
        "author_id": "quotidien-tech.example",
        "title": "Nexora & Telvia : la panne",
        "text": "La panne de Nexora a duré 3 heures.\nLes clients étaient furieux.",
        "author_handle": "Claire Dubois",
        "lang": "fr",
        "published_at": "2025-09-01T10:30:00+02:00",
        "replies": 14,
    }
    second = out.records[1]
    assert second["title"] == "Sans date, avec entité HTML brute"  # &nbsp; is undeclared in XML, read anyway
    assert second["text"] == "Texte échappé & décodé"  # escaped HTML in description
    assert second["platform_id"] == second["url"]  # no guid: the link
    assert second["published_at"] == "2025-09-02T12:00:00+02:00"  # no pubDate: the channel's lastBuildDate
    assert [(b.line, b.reason) for b in out.bad] == [
        (3, "item without link or guid"),
        (4, "date is not an RFC 822 or ISO 8601 date: lundi dernier"),
    ]


def test_atom_entries_blog_xhtml_and_updated_only():
    out = parse("blog.atom")
    first, second = out.records
    assert {r["platform"] for r in out.records} == {"blog"}  # WordPress generator
    assert first["title"] == "Why I left Nexora" and first["text"] == "Three outages in a month.\nEnough."
    assert (first["published_at"], first["lang"], first["author_handle"]) == ("2025-09-02T21:15:00+01:00", "en", "Jane")
    assert (second["published_at"], second["lang"], second["text"]) == (
        "2025-09-01T10:00:00+00:00",
        "fr",
        "Petit résumé",
    )
    assert first["author_id"] == "janeblog.example"
    assert [(b.line, b.reason) for b in out.bad] == [(3, "item without link or guid")]


def test_rss1_rdf_items():
    out = parse("rss1.rdf")
    assert [r["platform_id"] for r in out.records] == ["https://presse.example/d/1", "https://presse.example/d/2"]
    first = out.records[0]
    assert (first["author_handle"], first["lang"], first["published_at"]) == ("dpa", "de", "2025-08-30T09:00:00+02:00")
    assert first["author_id"] == "presse.example" and first["platform"] == "news"
    assert out.bad == []


def test_entity_declarations_fail_the_file():
    with pytest.raises(SchemaError, match="entit"):
        parse("billion_laughs.xml")


def test_malformed_xml_fails_with_position():
    with pytest.raises(SchemaError, match=r"line 3, column \d+"):
        parse("malformed.xml")


def test_parse_date_forms():
    assert parse_date("Mon, 10 Feb 25 12:40:04 +0100") == "2025-02-10T12:40:04+01:00"  # 2-digit year
    assert parse_date("Sat, 07 Sep 2002 00:00:01 GMT") == "2002-09-07T00:00:01+00:00"
    assert parse_date("2025-08-30T09:00:00Z") == "2025-08-30T09:00:00+00:00"
    assert parse_date("soon") is None


def test_ingest_rss_twice_and_bad_feeds_fail_cleanly(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        report = ingest_file(wh, HERE / "news.rss")
        assert report.format == "feed" and report.error is None
        assert (report.read, report.loaded, report.duplicates, report.rejected) == (4, 2, 0, 2)
        again = ingest_file(wh, HERE / "news.rss")
        assert (again.loaded, again.duplicates) == (0, 2)
        for name in ("billion_laughs.xml", "malformed.xml"):
            failed = ingest_file(wh, HERE / name)
            assert failed.error and failed.loaded == 0
        assert wh.df("SELECT count(*) AS n FROM raw_mentions")["n"].iloc[0] == 2


@pytest.mark.skipif(not (SAMPLES / "rss_atom").is_dir(), reason="platform samples not available")
@pytest.mark.parametrize(("name", "count"), [("fr/franceinfo_titres.rss.xml", 26), ("en/daringfireball.atom.xml", 48)])
def test_real_feed_samples(name: str, count: int):
    path = SAMPLES / "rss_atom" / name
    text = path.read_text(encoding="utf-8")
    assert detect(path, text[:HEAD_CHARS]).name == "feed"
    out = FEED.parse(text, path)
    assert out.bad == [] and len(out.records) == count
    assert len({r["platform_id"] for r in out.records}) == count
    assert all(r["published_at"] and r["title"] and r["author_id"] for r in out.records)
