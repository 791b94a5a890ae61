"""Weekly community health: members active, new, returning, churned, user-generated share, brand answers."""

from __future__ import annotations

import pandas as pd

from reputation.community_health import weekly_health


def mention(mid: str, author: str, when: str, *, brand: bool = False, parent: str | None = None, intent: str = "other"):
    return {
        "mention_id": mid,
        "author_id": author,
        "is_brand": brand,
        "local_time": pd.Timestamp(when),
        "parent_id": parent,
        "intent": intent,
    }


def test_members_and_answers_week_by_week():
    m = pd.DataFrame(
        [
            # week 1 (Mon 2026-09-07): a and b; a asks, the brand answers 3 hours later
            mention("1", "a", "2026-09-07 10:00", intent="question"),
            mention("2", "b", "2026-09-08 10:00", intent="complaint"),
            mention("3", "brand", "2026-09-07 13:00", brand=True, parent="1"),
            # week 2: b only (a churned); b's complaint is answered after 30 hours, a second answer does not count
            mention("4", "b", "2026-09-14 09:00", intent="complaint"),
            mention("5", "brand", "2026-09-15 15:00", brand=True, parent="4"),
            mention("6", "brand", "2026-09-16 15:00", brand=True, parent="4"),
            # week 3: a comes back, c is new
            mention("7", "a", "2026-09-21 12:00"),
            mention("8", "c", "2026-09-22 12:00"),
        ]
    )
    health = weekly_health(m).set_index("week")
    w1, w2, w3 = (pd.Timestamp(d).date() for d in ("2026-09-07", "2026-09-14", "2026-09-21"))
    assert health.loc[w1, ["active", "new", "returned", "churned"]].tolist() == [2, 2, 0, 0]
    assert health.loc[w2, ["active", "new", "returned", "churned"]].tolist() == [1, 0, 0, 1]
    assert health.loc[w3, ["active", "new", "returned", "churned"]].tolist() == [2, 1, 1, 1]
    assert health.loc[w1, "to_answer"] == 2 and health.loc[w1, "answered"] == 1
    assert health.loc[w1, "answered_share"] == 0.5 and health.loc[w1, "median_response_hours"] == 3.0
    assert health.loc[w2, "median_response_hours"] == 30.0
    assert health.loc[w2, "ugc_share"] == 1 / 3 and health.loc[w3, "ugc_share"] == 1.0
    assert pd.isna(health.loc[w3, "median_response_hours"])


def test_no_mentions_no_rows():
    assert weekly_health(pd.DataFrame(columns=["mention_id", "author_id", "is_brand", "local_time"])).empty


def test_a_week_without_mentions_churns_everyone_and_they_return_after():
    m = pd.DataFrame(
        [
            mention("1", "a", "2026-09-07 10:00"),
            mention("2", "b", "2026-09-09 10:00"),
            # week of 2026-09-14: nobody
            mention("3", "a", "2026-09-22 10:00"),
            mention("4", "c", "2026-09-23 10:00"),
            mention("5", "brand", "2026-09-23 11:00", brand=True),
        ]
    )
    health = weekly_health(m)
    assert health["week"].astype(str).tolist() == ["2026-09-07", "2026-09-14", "2026-09-21"]
    assert health[["active", "new", "returned", "churned", "mentions"]].values.tolist() == [
        [2, 2, 0, 0, 2],
        [0, 0, 0, 2, 0],
        [2, 1, 1, 0, 3],
    ]
    assert health["ugc_share"].tolist() == [1.0, 0.0, 2 / 3]
