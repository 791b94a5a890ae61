"""Stable topic ids across refits and emerging-topic alerts (pure functions)."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from reputation.config import EmergingSettings
from reputation.topic_tracking import emerging_topics, inherit_from_parents, stable_ids


def lineage(rows: list[tuple[int, int, str, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["previous_topic", "current_topic", "relation", "similarity", "keeps_id"])


def test_matched_topics_keep_their_ids_and_new_ones_get_fresh_ids():
    # previous ids 3, 7, 9; the new fit has local topics 0..3: 0 continues 7, 1 and 2 split 3 (2 is closer), 3 is new
    rows = [
        (7, 0, "continued", 0.9, True),
        (3, 1, "split", 0.6, False),
        (3, 2, "split", 0.8, True),
        (-1, 3, "new", 0.0, False),
        (9, -1, "retired", 0.0, False),
    ]
    assert stable_ids(lineage(rows), [0, 1, 2, 3], next_id=10) == {0: 7, 2: 3, 1: 10, 3: 11}


def weekly(counts: dict[int, list[int]], start: date = date(2026, 8, 31)) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"topic_id": t, "week": pd.Timestamp(start + timedelta(weeks=i)), "mentions": n}
            for t, series in counts.items()
            for i, n in enumerate(series)
        ]
    )


def test_a_topic_growing_abnormally_or_appearing_is_an_alert_and_steady_or_small_ones_are_not():
    counts = {
        1: [100, 110, 95, 105, 100, 320, 100],  # a spike in week 5
        2: [100, 104, 98, 101, 99, 120, 130],  # steady growth within noise
        3: [0, 0, 0, 0, 0, 45, 60],  # appears in week 5
        4: [3, 2, 4, 3, 3, 9, 3],  # tripled, but too small to call
    }
    alerts = emerging_topics(weekly(counts), EmergingSettings(baseline_weeks=4, min_mentions=20, growth=2.0))
    got = {(r.topic_id, r.week, r.kind) for r in alerts.itertuples()}
    week5, week6 = date(2026, 8, 31) + timedelta(weeks=5), date(2026, 8, 31) + timedelta(weeks=6)
    # topic 3 is new in week 5, and still far above its (zero) median baseline in week 6
    assert got == {(1, week5, "growing"), (3, week5, "new"), (3, week6, "growing")}
    spike = alerts[alerts["topic_id"] == 1].iloc[0]
    assert spike["baseline"] == 102.5 and round(spike["ratio"], 2) == 3.12


def test_no_alert_before_a_baseline_exists():
    assert emerging_topics(weekly({1: [50, 200, 400]}), EmergingSettings(baseline_weeks=4)).empty
    assert emerging_topics(pd.DataFrame(columns=["topic_id", "week", "mentions"])).empty


def test_shares_and_outlier_replies_take_their_parents_topic():
    frame = pd.DataFrame(
        {
            "mention_id": ["a", "b", "c", "d", "e", "f"],
            "parent": [None, "a", "a", "c", "zz", "a"],
            "is_share": [False, True, False, False, False, False],
            "topic": [4, 9, -1, -1, -1, 2],
            "parent_topic": [float("nan")] * 4 + [7.0, float("nan")],
        }
    )
    # b shares a: 4; c replies to a with no topic: 4; d replies to c: 4 (a chain); e's parent is outside: 7;
    # f replies with a topic of its own: kept
    assert inherit_from_parents(frame).tolist() == [4, 4, 4, 4, 7, 2]


def test_a_reply_weakly_placed_takes_its_parents_topic_and_a_clear_one_keeps_its_own():
    frame = pd.DataFrame(
        {
            "mention_id": ["a", "b", "c", "d"],
            "parent": [None, "a", "a", "x"],
            "is_share": [False, False, False, False],
            "topic": [4, 2, 3, 5],
            "weight": [0.5, 0.05, 0.6, 0.01],
        }
    )
    # b is weak: a's topic; c is clear: its own; d is weak but its parent is unknown: its own
    assert inherit_from_parents(frame, weak=0.1).tolist() == [4, 4, 3, 5]
    assert inherit_from_parents(frame).tolist() == [4, 2, 3, 5]  # without a threshold only outliers inherit
