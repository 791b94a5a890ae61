"""Authors per month: activity, reach, engagement, replies received, and sentiment towards each brand."""

from __future__ import annotations

import pandas as pd

from reputation.community_periods import author_brands, author_periods


def frame() -> pd.DataFrame:
    rows = [
        # id, author, platform, followers, time, likes, shares, replies, parent, brands, sentiment
        ("1", "a", "twitter", 100, "2026-09-03 10:00", 5, 1, 2, None, ["Nexora"], "positive"),
        ("2", "b", "reddit", 10, "2026-09-04 10:00", 0, 0, 0, "1", ["Nexora"], "negative"),
        ("3", "a", "reddit", 150, "2026-09-20 10:00", 1, 0, 0, "2", ["Nexora", "Orbix"], "negative"),
        ("4", "a", "twitter", 160, "2026-10-01 09:00", None, None, None, "1", [], "neutral"),
        ("5", "c", "twitter", 5, "2026-10-02 09:00", 0, 0, 0, "4", ["Orbix"], "neutral"),
    ]
    columns = [
        "mention_id", "author_id", "platform", "author_followers", "local_time", "likes", "shares", "replies",
        "parent_id", "brands", "sentiment",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).assign(local_time=lambda f: pd.to_datetime(f["local_time"]))


def test_author_periods():
    out = author_periods(frame()).set_index(["period", "author_id"])
    a_sep = out.loc[("2026-09", "a")]
    assert a_sep["mentions"] == 2 and a_sep["reach"] == 150 and a_sep["engagement"] == 9
    assert a_sep["replies_received"] == 1  # b answered a; a answering itself in October does not count
    assert a_sep["platforms"] == ["reddit", "twitter"]
    assert a_sep["first_seen"] == pd.Timestamp("2026-09-03 10:00") and a_sep["last_seen"] == pd.Timestamp(
        "2026-09-20 10:00"
    )
    assert out.loc[("2026-09", "b"), "replies_received"] == 1
    assert out.loc[("2026-10", "a"), "replies_received"] == 1 and out.loc[("2026-10", "a"), "engagement"] == 0
    assert len(out) == 4


def test_author_brands():
    out = author_brands(frame()).set_index(["period", "author_id", "brand"])
    assert out.loc[("2026-09", "a", "Nexora"), ["mentions", "positive", "negative"]].tolist() == [2, 1, 1]
    assert out.loc[("2026-09", "a", "Nexora"), "net_sentiment"] == 0.0
    assert out.loc[("2026-09", "a", "Orbix"), "net_sentiment"] == -1.0
    assert pd.isna(out.loc[("2026-10", "c", "Orbix"), "net_sentiment"])  # neutral only: no stance
    assert ("2026-10", "a") not in {k[:2] for k in out.index}  # a mention naming no brand counts for none


def test_author_platforms_sorted_and_distinct_with_many_platforms():
    # each author's platforms once, sorted, however many there are
    base = frame().iloc[0].to_dict()
    for count in (3, 70):
        names = [f"p{i:02d}" for i in range(count)]
        rows = [base | {"mention_id": f"a{i}", "platform": p} for i, p in enumerate(list(reversed(names)) * 2)]
        rows.append(base | {"mention_id": "z1", "author_id": "z", "platform": "p01"})
        out = author_periods(pd.DataFrame(rows).assign(parent_id="x")).set_index("author_id")
        assert out.loc["a", "platforms"] == names
        assert out.loc["z", "platforms"] == ["p01"]
