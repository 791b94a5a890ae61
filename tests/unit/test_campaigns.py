"""Campaigns and contests on hand-made mentions: matching by hashtag and by query, participants and new members,
the lift against the baseline, running and scheduled campaigns, errors that name the campaign."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reputation import campaigns
from reputation.config import ProjectError, parse_project
from reputation.config_signals import Campaign

TRACKED = ["Nexora", "Telvia"]
ACCOUNTS = {"nexora", "nexorahelp", "telviacares"}


def mention(
    mid: str,
    day: str,
    text: str,
    *,
    author: str = "a",
    handle: str | None = None,
    brands: tuple[str, ...] = ("Nexora",),
    sentiment: str = "neutral",
    followers: int | None = 100,
    likes: int = 0,
    title: str | None = None,
) -> dict:
    return {
        "mention_id": mid,
        "platform": "twitter",
        "day": pd.Timestamp(day),
        "author_id": author,
        "author_handle": handle if handle is not None else author,
        "author_followers": followers,
        "title": title,
        "text": text,
        "lang": "fr",
        "url": None,
        "brands": list(brands),
        "sentiment": sentiment,
        "likes": likes,
        "shares": 0,
        "replies": 0,
    }


def contest(**kw: object) -> Campaign:
    fields = {"name": "Giveaway", "kind": "contest", "hashtags": ["#NexoraGiveaway"], "start": date(2026, 9, 14)}
    return Campaign(**{**fields, "end": date(2026, 9, 16), "baseline_days": 7, **kw})


def run(campaign: Campaign, rows: list[dict], *, last_day: str = "2026-09-30", first_seen: dict | None = None):
    m = pd.DataFrame(rows)
    seen = m.groupby("author_id")["day"].min() if first_seen is None else pd.Series(first_seen).map(pd.Timestamp)
    return campaigns.measure(
        campaign,
        m,
        brand="Nexora",
        tracked=TRACKED,
        accounts=ACCOUNTS,
        first_seen=seen,
        first_day=date(2026, 9, 1),
        last_day=pd.Timestamp(last_day).date(),
    )


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("Je participe au #NexoraGiveaway !", True),
        ("#nexoragiveaway", True),
        ("tentez votre chance #NéxoraGiveaway, #tirage", True),  # accents do not matter
        ("(#NEXORAGIVEAWAY)", True),
        ("#NexoraGiveaways", False),  # a longer tag is another tag
        ("#NexoraGiveaway2026", False),
        ("NexoraGiveaway sans dièse", False),  # the # is required in the text
        ("foo#NexoraGiveaway", False),  # not a hashtag: glued to a word
        ("the Nexora giveaway", False),
    ],
)
def test_hashtags_match_whole_tags_ignoring_case_and_accents(text: str, hit: bool):
    row, _ = run(contest(), [mention("1", "2026-09-15", text)])
    assert row["mentions"] == int(hit)


def test_hashtag_with_or_without_hash_and_in_titles():
    rows = [mention("1", "2026-09-15", "Bonne chance", title="#ConcoursNexora"), mention("2", "2026-09-15", "rien")]
    for tag in ("ConcoursNexora", "#concoursnexora", " #ConcoursNexora "):
        row, _ = run(contest(hashtags=[tag]), rows)
        assert row["mentions"] == 1


def test_query_or_hashtags_pick_the_mentions():
    rows = [
        mention("1", "2026-09-14", "Le concours de Nexora est ouvert"),  # query
        mention("2", "2026-09-15", "Je joue #NexoraGiveaway"),  # hashtag
        mention("3", "2026-09-15", "concours de Telvia", brands=("Telvia",)),  # neither
        mention("4", "2026-09-16", "nexora concours", title=None),  # query (NEAR in either order)
        mention("5", "2026-09-20", "Le concours de Nexora est fini"),  # after the end
    ]
    row, _ = run(contest(query="concours NEAR/3 nexora*"), rows)
    assert row["mentions"] == 3
    row, _ = run(contest(query="concours NEAR/3 nexora*", hashtags=[]), rows)
    assert row["mentions"] == 2
    row, _ = run(contest(query="author:b"), [*rows, mention("6", "2026-09-15", "hello", author="b")])
    assert row["mentions"] == 2 and row["participants"] == 2  # field filters work too: b's mention, and a's hashtag


def test_participants_exclude_the_brands_accounts():
    rows = [
        mention("1", "2026-09-14", "Le #NexoraGiveaway commence!", author="n1", handle="Nexora", likes=500),
        mention("2", "2026-09-14", "@Nexora je participe #NexoraGiveaway", author="u1", handle="@Marie", likes=3),
        mention("3", "2026-09-15", "moi aussi #NexoraGiveaway", author="u2", handle="Paul", followers=50, likes=9),
        mention("4", "2026-09-15", "encore #NexoraGiveaway", author="u2", handle="Paul", followers=70),
        mention("5", "2026-09-15", "RT #NexoraGiveaway", author="t1", handle="TelviaCares"),  # any brand's account
    ]
    row, _ = run(contest(), rows)
    assert row["mentions"] == 5 and row["member_mentions"] == 3
    assert row["participants"] == 2
    assert row["reach"] == 100 + 70  # each participant once, at the largest follower count seen
    assert row["engagement"] == 512  # every matching mention's engagement, the brand's post included
    assert row["top_participants"] == ["Paul", "@Marie"]  # most engagement first


def test_new_members_are_first_seen_in_the_window():
    rows = [
        mention("1", "2026-09-02", "Nexora c'est bien", author="old"),
        mention("2", "2026-09-14", "#NexoraGiveaway", author="old"),  # returning: seen before the start
        mention("3", "2026-09-14", "#NexoraGiveaway", author="new1"),
        mention("4", "2026-09-15", "Nexora?", author="new2"),
        mention("5", "2026-09-16", "#NexoraGiveaway", author="new2"),  # first mention in the window, not this one
    ]
    row, _ = run(contest(), rows)
    assert row["participants"] == 3 and row["new_members"] == 2
    assert row["new_member_share"] == pytest.approx(2 / 3)
    # first mention ever, anywhere in the warehouse: the frame may not reach that far back
    row, _ = run(contest(), rows, first_seen={"old": "2026-09-02", "new1": "2025-01-01", "new2": "2026-09-15"})
    assert row["new_members"] == 1


def test_lift_math():
    lifted = campaigns.lift(pd.Series([10, 20]), pd.Series([5, 5, 10, 100]))
    assert lifted == {
        "brand_per_day": 15.0,
        "baseline_per_day": 7.5,  # the median: a spike in the baseline does not move it
        "lift": 2.0,
        "lift_per_day": 7.5,
        "extra_mentions": 15.0,
    }
    assert campaigns.lift(pd.Series([3]), pd.Series([0, 0, 1]))["lift"] is None  # baseline 0: no ratio
    assert campaigns.lift(pd.Series([3]), pd.Series([0, 0, 1]))["lift_per_day"] == 3.0
    assert campaigns.lift(pd.Series([3]), pd.Series([], dtype=int))["baseline_per_day"] is None


def brand_days(start: str, volumes: list[int], *, sentiment: str = "neutral", telvia: int = 0) -> list[dict]:
    """`volumes[i]` mentions of Nexora (and `telvia` of Telvia) on the i-th day from `start`."""
    rows = []
    for i, n in enumerate(volumes):
        day = (pd.Timestamp(start) + timedelta(days=i)).strftime("%Y-%m-%d")
        rows += [mention(f"{day}-{k}", day, "Nexora", author=f"{day}-{k}", sentiment=sentiment) for k in range(n)]
        rows += [mention(f"{day}-t{k}", day, "Telvia", brands=("Telvia",)) for k in range(telvia)]
    return rows


def test_lift_and_baseline_from_the_brands_daily_volume():
    # 7 baseline days (Sep 7-13) of 2, 2, 2, 2, 4, 4, 20: median 2; window (Sep 14-16) 6, 8, 10: mean 8
    rows = brand_days("2026-09-07", [2, 2, 2, 2, 4, 4, 20], sentiment="negative", telvia=2)
    rows += brand_days("2026-09-14", [6, 8, 10], sentiment="positive", telvia=2)
    rows += brand_days("2026-09-01", [50] * 6)  # before the baseline: ignored
    rows += [mention("x", "2026-09-15", "#NexoraGiveaway", brands=(), sentiment="positive")]  # names no brand
    row, daily = run(contest(), rows)
    assert row["baseline_days"] == 7 and row["baseline_per_day"] == 2.0
    assert row["brand_mentions"] == 24 and row["brand_per_day"] == 8.0
    assert row["lift"] == 4.0 and row["lift_per_day"] == 6.0 and row["extra_mentions"] == 18.0
    assert row["brand_net_sentiment"] == 1.0 and row["baseline_net_sentiment"] == -1.0
    assert row["share_of_voice"] == pytest.approx(24 / 30) and row["baseline_share_of_voice"] == pytest.approx(36 / 50)
    assert row["mentions"] == 1 and row["net_sentiment"] == 1.0 and row["positive"] == 1
    assert len(daily) == 10 and daily["phase"].tolist() == ["baseline"] * 7 + ["campaign"] * 3
    assert daily["brand_mentions"].tolist() == [2, 2, 2, 2, 4, 4, 20, 6, 8, 10]
    assert daily["mentions"].sum() == 1 and (daily["baseline_per_day"] == 2.0).all()
    assert daily["day"].iloc[0] == date(2026, 9, 7)


def test_quiet_days_count_as_zero_and_baseline_is_clipped_to_the_data():
    # data starts Sep 1: a 28-day baseline has 13 days (Sep 1-13), quiet ones count as 0
    rows = brand_days("2026-09-01", [4] * 6) + brand_days("2026-09-14", [4, 4, 4])
    row, daily = run(contest(baseline_days=28), rows)
    assert row["baseline_days"] == 13 and row["baseline_per_day"] == 0.0 and row["lift"] is None
    assert len(daily) == 16 and daily.loc[daily["day"] == date(2026, 9, 10), "brand_mentions"].item() == 0


def test_running_and_scheduled():
    rows = brand_days("2026-09-07", [5] * 7) + brand_days("2026-09-14", [5, 5]) + [
        mention("g", "2026-09-15", "#NexoraGiveaway")
    ]  # fmt: skip
    # data ends on Sep 15, the contest on the 16th: running, measured on the two days so far
    row, daily = run(contest(), rows, last_day="2026-09-15")
    assert row["status"] == "running" and row["days"] == 2 and row["mentions"] == 1
    assert row["lift"] == pytest.approx(5.5 / 5) and len(daily) == 9
    row, _ = run(contest(), rows, last_day="2026-09-16")
    assert row["status"] == "ended" and row["days"] == 3
    row, daily = run(contest(start=date(2026, 10, 1), end=date(2026, 10, 3)), rows, last_day="2026-09-16")
    assert row["status"] == "scheduled" and daily.empty
    assert row["days"] == row["mentions"] == row["participants"] == row["brand_mentions"] == 0
    assert row["lift"] is None and row["top_participants"] == []
    assert campaigns.status(contest(), None) == "scheduled"  # an empty warehouse


def project(campaign_list: list[dict]):
    return parse_project(
        {
            "name": "p",
            "brands": {
                "own": {"name": "Nexora", "query": "nexora*"},
                "competitors": [{"name": "Telvia", "query": "t"}],
            },
            "campaigns": campaign_list,
        },
        Path("."),
    )


def test_errors_name_the_campaign():
    base = {"start": "2026-09-14", "end": "2026-09-16"}
    bad_query = project([{"name": "Rentrée", "query": "nexora AND", **base}])
    with pytest.raises(ProjectError, match=r"'Rentrée': query does not parse: expected a term at position 10"):
        campaigns.compile_campaign(bad_query.campaigns[0])
    with pytest.raises(ProjectError, match=r"'Tags': '#foo-bar' is not a hashtag"):
        campaigns.compile_campaign(project([{"name": "Tags", "hashtags": ["#foo-bar"], **base}]).campaigns[0])
    unknown = project([{"name": "Pub", "hashtags": ["x"], "brand": "Orbix", **base}])
    with pytest.raises(ProjectError, match=r"'Pub': brand 'Orbix' is not one of the project's brands"):
        campaigns.refresh(None, unknown)  # type: ignore[arg-type]  # checked before the warehouse is read
    twice = project([{"name": "A", "hashtags": ["x"], **base}, {"name": "A", "hashtags": ["y"], **base}])
    with pytest.raises(ProjectError, match=r"names must be unique, 'A'"):
        campaigns.refresh(None, twice)  # type: ignore[arg-type]
    assert campaigns.campaign_brand(project([{"name": "T", "hashtags": ["x"], "brand": "telvia", **base}]).campaigns[0],
                                    TRACKED, "Nexora") == "Telvia"  # fmt: skip


def test_a_hundred_thousand_mentions_in_seconds():
    rng = np.random.default_rng(0)
    n = 100_000
    days = pd.Timestamp("2026-08-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    words = np.array(
        ["Nexora c'est top", "Telvia en panne", "je joue #NexoraGiveaway", "rien à voir", "#ConcoursNexora"]
    )
    text = words[rng.integers(0, len(words), n)]
    m = pd.DataFrame(
        {
            "mention_id": np.arange(n).astype(str),
            "day": days,
            "author_id": rng.integers(0, 20_000, n).astype(str),
            "author_handle": None,
            "author_followers": rng.integers(0, 5_000, n),
            "title": None,
            "text": text,
            "brands": [["Nexora"] if "exora" in t else ["Telvia"] if "Telvia" in t else [] for t in text],
            "sentiment": rng.choice(["positive", "neutral", "negative"], n),
            "likes": rng.integers(0, 10, n),
            "shares": 0,
            "replies": 0,
        }
    )
    campaign = contest(hashtags=["#NexoraGiveaway", "ConcoursNexora"], start=date(2026, 9, 1), end=date(2026, 9, 29))
    seen = m.groupby("author_id")["day"].min()
    t0 = time.perf_counter()
    row, daily = campaigns.measure(
        campaign,
        m,
        brand="Nexora",
        tracked=TRACKED,
        accounts=ACCOUNTS,
        first_seen=seen,
        first_day=date(2026, 8, 1),
        last_day=date(2026, 9, 29),
    )
    assert time.perf_counter() - t0 < 10  # about 0.5 s on 2 cores
    expected = (m["day"] >= "2026-09-01") & m["text"].str.contains("#")
    assert row["mentions"] == expected.sum() and len(daily) == 7 + 29


def test_a_campaign_before_the_data_has_nothing_to_measure():
    rows = brand_days("2026-09-01", [3, 3])
    row, daily = run(contest(start=date(2026, 8, 1), end=date(2026, 8, 10)), rows)
    assert row["status"] == "ended" and row["days"] == row["baseline_days"] == row["mentions"] == 0
    assert row["lift"] is None and row["brand_per_day"] is None and daily.empty
