"""The media map: outlets (accounts and sites) per brand, new ones in the report week, and linked domains."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from reputation.config import parse_project
from reputation.media_map import (
    DOMAIN_COLUMNS,
    OUTLET_COLUMNS,
    brand_sites,
    linked_domains,
    links,
    media_outlets,
    source_domains,
    under,
    url_domains,
)

WEEK_END = date(2026, 10, 18)  # a Sunday: the report week is 12-18 October


def mention(
    mid: str,
    author: str,
    when: str,
    *,
    platform: str = "twitter",
    handle: str | None = None,
    url: str | None = None,
    source: str | None = "demo",
    text: str = "Nexora",
    brands: tuple[str, ...] = ("Nexora",),
    sentiment: str = "neutral",
    followers: int | None = 100,
    flags: tuple[str, ...] = (),
) -> dict:
    return {
        "mention_id": mid,
        "platform": platform,
        "author_id": author,
        "author_handle": handle if handle is not None else author,
        "author_followers": followers,
        "url": url,
        "source": source,
        "text": text,
        "brands": list(brands),
        "sentiment": sentiment,
        "moderation_flags": list(flags),
        "local_time": pd.Timestamp(when),
    }


def test_outlet_keys_for_each_kind_of_platform():
    m = pd.DataFrame(
        [
            mention("1", "au_1", "2026-10-01", handle="Alice", url="https://x.com/Alice/status/1"),
            mention("2", "au_2", "2026-10-01", platform="reddit", handle=None, url="https://www.reddit.com/r/a/1"),
            mention("3", "au_3", "2026-10-01", platform="news", url="https://WWW.La-Presse.example:443/a/b?x=1"),
            mention("4", "au_4", "2026-10-01", platform="forum", url="http://forum.example/t/1#p2"),
            mention("5", "au_5", "2026-10-01", platform="blog", url=None, source="feed-blogs"),
            mention("6", "au_6", "2026-10-01", platform="review", url=None, source=None, handle="Bob"),
            mention("7", "au_7", "2026-10-01", platform="tiktok", url="https://www.tiktok.com/@c/video/7"),
        ]
    )
    m.loc[1, "author_handle"] = None  # handles not kept: the pseudonymous id names the account
    keys = media_outlets(m, week_end=WEEK_END).set_index("outlet")
    assert keys[["kind", "name"]].to_dict("index") == {
        "twitter:au_1": {"kind": "account", "name": "Alice"},
        "reddit:au_2": {"kind": "account", "name": "au_2"},
        "la-presse.example": {"kind": "site", "name": "la-presse.example"},
        "forum.example": {"kind": "site", "name": "forum.example"},
        "source:feed-blogs": {"kind": "site", "name": "source:feed-blogs"},
        "review:au_6": {"kind": "account", "name": "Bob"},
        "tiktok:au_7": {"kind": "account", "name": "au_7"},
    }


def test_outlets_per_brand_ranked_with_reach_sentiment_and_share():
    m = pd.DataFrame(
        [
            mention("1", "a", "2026-10-01", followers=500, sentiment="negative", brands=("Nexora", "Telvia")),
            mention("2", "a", "2026-10-02", followers=800, sentiment="negative"),
            mention("3", "a", "2026-10-03", followers=None, sentiment="positive"),
            mention("4", "b", "2026-10-01", followers=90_000, sentiment="positive"),
            # a news site: two authors (the paper and a commenter), one outlet; its reach is its largest audience
            mention("5", "paper", "2026-10-01", platform="news", url="https://www.news.example/1", followers=20_000),
            mention("6", "reader", "2026-10-02", platform="news", url="https://news.example/1#c", followers=10),
            mention("7", "help", "2026-10-02", handle="@NexoraHelp"),  # a brand account: not an outlet
            mention("8", "s", "2026-10-02", flags=("spam",)),  # spam: left out
            mention("9", "n", "2026-10-02", platform="news", url="https://nexora.example/press"),  # the brand's site
            mention("10", "c", "2026-10-02", brands=()),  # names no brand
        ]
    )
    out = media_outlets(
        m, week_end=WEEK_END, accounts=["NexoraHelp"], own_sites=["nexora.example"], brands=["Nexora", "Telvia"]
    )
    assert list(out.columns) == OUTLET_COLUMNS
    nexora = out[out["brand"] == "Nexora"].set_index("outlet")
    assert nexora.index.tolist() == ["twitter:a", "news.example", "twitter:b"]  # by mentions, then reach
    assert nexora["rank"].tolist() == [1, 2, 3]
    assert nexora.loc["twitter:a", ["mentions", "reach", "positive", "negative"]].tolist() == [3, 800, 1, 2]
    assert nexora.loc["twitter:a", "net_sentiment"] == -1 / 3 and pd.isna(nexora.loc["news.example", "net_sentiment"])
    assert nexora.loc["news.example", ["kind", "platform", "authors", "reach"]].tolist() == ["site", "news", 2, 20_000]
    assert pd.isna(nexora.loc["news.example", "author_id"]) and nexora.loc["twitter:b", "author_id"] == "b"
    assert nexora["share_of_brand"].sum() == pytest.approx(1.0) and nexora.loc["twitter:a", "share_of_brand"] == 0.5
    telvia = out[out["brand"] == "Telvia"]
    assert telvia["outlet"].tolist() == ["twitter:a"] and telvia["mentions"].tolist() == [1]


def test_new_this_week_in_the_project_time_zone():
    m = pd.DataFrame(
        [
            mention("1", "old", "2026-10-05 10:00"),
            mention("2", "old", "2026-10-13 10:00"),
            mention("3", "fresh", "2026-10-12 00:05"),  # Monday, local: in the week
            mention("4", "fresh", "2026-10-18 23:55"),  # Sunday night: in the week
            mention("5", "late", "2026-10-19 00:01"),  # after the week: not counted at all
            mention("6", "fresh", "2026-10-19 09:00"),
            mention("7", "before", "2026-10-11 23:59"),  # the Sunday before
        ]
    )
    out = media_outlets(m, week_end=WEEK_END).set_index("outlet")
    assert set(out.index) == {"twitter:old", "twitter:fresh", "twitter:before"}
    assert out["new_this_week"].to_dict() == {"twitter:old": False, "twitter:fresh": True, "twitter:before": False}
    assert out["week_mentions"].to_dict() == {"twitter:old": 1, "twitter:fresh": 2, "twitter:before": 0}
    assert out.loc["twitter:fresh", "last_seen"] == pd.Timestamp("2026-10-18 23:55")
    assert out["week_start"].iloc[0] == date(2026, 10, 12) and out["week_end"].iloc[0] == WEEK_END
    assert media_outlets(m.iloc[0:0], week_end=WEEK_END).empty


def test_links_found_in_text():
    texts = pd.Series(
        [
            "Voir https://WWW.LaPresse.example/actualites/123. Et www.blogue.example/post, (http://forum.example:8080/t)",
            "rien ici, juste nexora.example sans lien",
            "https://t.co/abc https://bit.ly/x?y=1!",
        ],
        index=[10, 11, 12],
    )
    found = links(texts)
    assert found["row"].tolist() == [10, 10, 10, 12, 12]
    assert found["domain"].tolist() == ["lapresse.example", "blogue.example", "forum.example", "t.co", "bit.ly"]
    assert found["url"].tolist()[:2] == ["https://WWW.LaPresse.example/actualites/123", "www.blogue.example/post"]
    assert found["url"].iloc[4] == "https://bit.ly/x?y=1"
    assert links(pd.Series(["no link"])).empty


def test_domains_helpers():
    domains = pd.Series(["nexora.ca", "aide.nexora.co.uk", "nexora-fans.blog.example", "shop.nexora.example", "x.ca"])
    assert brand_sites(domains, ["nexora.example"], {"nexora"}).tolist() == [True, True, False, True, False]
    assert under(
        pd.Series(["m.facebook.com", "facebook.com.evil.example", "i.imgur.com"]), ["facebook.com"]
    ).tolist() == [
        True,
        False,
        False,
    ]
    assert url_domains(pd.Series(["https://user@Www.Site.example:8443/p", None, "mailto:a@b.c"])).tolist() == [
        "site.example",
        "",
        "",
    ]


def test_linked_domains_exclusions_counts_and_candidates():
    m = pd.DataFrame(
        [
            mention(
                "1", "a", "2026-10-01", text="Lisez https://www.lapresse.example/a1 et https://lapresse.example/a2"
            ),
            mention("2", "b", "2026-10-02", text="lapresse again http://lapresse.example/a3", sentiment="negative"),
            mention("3", "c", "2026-10-03", text="https://t.co/x https://bit.ly/y https://i.imgur.com/z.png"),
            mention("4", "d", "2026-10-03", text="https://nexora.ca/forfaits and https://aide.nexora.example/faq"),
            mention("5", "e", "2026-10-04", text="see https://amp.covered.example/story", brands=("Nexora", "Telvia")),
            # a forum post is published on its site (and links to it: still one mention)
            mention(
                "6",
                "f",
                "2026-10-05",
                platform="forum",
                url="https://forum.example/t/9",
                text="https://forum.example/t/1",
            ),
            mention("7", "g", "2026-10-05", url="https://x.com/g/status/7", text="a tweet's own url is no site"),
            mention("8", "h", "2026-10-20", text="after the week https://late.example"),
            mention("9", "i", "2026-10-05", text="https://spam.example", flags=("spam",)),
        ]
    )
    out = linked_domains(
        m,
        week_end=WEEK_END,
        covered=["covered.example", "forum.example"],
        own_sites=["nexora.example"],
        brands=["Nexora", "Telvia"],
    )
    assert list(out.columns) == DOMAIN_COLUMNS
    nexora = out[out["brand"] == "Nexora"].set_index("domain")
    assert nexora.index.tolist() == ["lapresse.example", "amp.covered.example", "forum.example"]
    assert nexora.loc["lapresse.example", ["mentions", "linked", "published", "authors"]].tolist() == [2, 2, 0, 2]
    assert nexora.loc["lapresse.example", "net_sentiment"] == -1.0
    assert nexora.loc["lapresse.example", "example_url"] == "http://lapresse.example/a3"  # the latest
    assert nexora.loc["forum.example", ["mentions", "linked", "published"]].tolist() == [1, 1, 1]
    assert nexora["candidate"].to_dict() == {
        "lapresse.example": True,
        "amp.covered.example": False,  # a subdomain of a covered site
        "forum.example": False,
    }
    assert (nexora["covered"] == ~nexora["candidate"]).all()
    assert out.loc[out["brand"] == "Telvia", "domain"].tolist() == ["amp.covered.example"]


def test_source_domains_of_live_sources(tmp_path: Path):
    project = parse_project(
        {
            "name": "p",
            "brands": {"own": {"name": "Nexora", "query": "nexora"}},
            "sources": [
                {"name": "files", "paths": ["x.jsonl"]},
                {"name": "news", "type": "rss", "url": "https://www.LaPresse.example/rss/techno.xml"},
                {"name": "masto", "type": "mastodon", "instance": "https://mastodon.example", "hashtag": "nexora"},
                {"name": "r", "type": "reddit", "query": "nexora"},
            ],
        },
        tmp_path,
    )
    assert source_domains(project) == {"lapresse.example", "mastodon.example", "reddit.com"}


def test_a_brand_account_is_left_out_whatever_letters_its_handle_has():
    # handles are compared as Python lowers them (DuckDB's lower() differs on a dotted capital I, a final sigma)
    m = pd.DataFrame(
        [
            mention("1", "a", "2026-10-01"),
            mention("2", "help", "2026-10-02", handle="@İSTANBUL_Destek"),
            mention("3", "help", "2026-10-03", handle="İSTANBUL_Destek"),
        ]
    )
    out = media_outlets(m, week_end=WEEK_END, accounts=["@İstanbul_destek"])
    assert out["outlet"].tolist() == ["twitter:a"]
