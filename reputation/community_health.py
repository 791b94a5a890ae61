"""Community health per week: is the community growing, and does the brand answer? (pure functions)

Weeks run Monday to Sunday in the project's time zone. Members are the authors who are not the brands' own
accounts. Definitions (docs/influence.md, "Community health"):
- active: members who posted that week; new: active members whose first mention ever is that week;
- returned: active members who were not new and did not post the week before (they came back);
- churned: members who posted the week before and not this week;
- ugc_share: share of the week's mentions written by members rather than by the brands' accounts;
- questions and complaints by members that week, the share a brand account answered (a direct reply), and the
  median time to that first answer, in hours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

HEALTH_COLUMNS = [
    "week", "active", "new", "returned", "churned", "mentions", "ugc_share",
    "to_answer", "answered", "answered_share", "median_response_hours",
]  # fmt: skip


def weekly_health(m: pd.DataFrame) -> pd.DataFrame:
    """Health rows per week from mentions: `mention_id`, `author_id`, `is_brand` (a brands' account wrote it),
    `local_time` (project time zone, naive), `parent_id`, `intent`."""
    if m.empty:
        return pd.DataFrame(columns=HEALTH_COLUMNS)
    m = m.assign(week=(m["local_time"] - pd.to_timedelta(m["local_time"].dt.weekday, unit="D")).dt.normalize())
    weeks = pd.date_range(m["week"].min(), m["week"].max(), freq="7D")
    n = len(weeks)

    def index(week: pd.Series) -> np.ndarray:  # each row's week as 0..n-1
        return ((week - weeks[0]) // pd.Timedelta(days=7)).to_numpy(dtype=np.int64)

    def per_week(at: np.ndarray) -> np.ndarray:
        return np.bincount(at, minlength=n)

    members = m[~m["is_brand"].to_numpy(dtype=bool)]
    # each member once per week they were active, counted with arrays (a set per week cost ~2 s at 1M mentions)
    pairs = members[["author_id", "week"]].drop_duplicates()
    author, _ = pd.factorize(pairs["author_id"])
    at = index(pairs["week"])
    first = pd.Series(at).groupby(author).transform("min").to_numpy()
    key = author.astype(np.int64) * (n + 1) + at
    before = np.isin(key - 1, key)  # active the week before too (key - 1 of a first week is no author's key)
    active, new, kept = per_week(at), per_week(at[at == first]), per_week(at[before])
    churned = np.concatenate([[0], active[:-1] - kept[1:]])  # active the week before, not this one
    mentions, member_mentions = per_week(index(m["week"])), per_week(index(members["week"]))
    asked = members[members["intent"].isin(["question", "complaint"])]
    delays = asked["mention_id"].map(_first_answers(m))
    answered = asked.assign(delay=delays.to_numpy())[delays.notna().to_numpy()]
    to_answer, n_answered = per_week(index(asked["week"])), per_week(index(answered["week"]))
    medians = answered.groupby(index(answered["week"]))["delay"].median()
    rows = [
        {
            "week": week.date(),
            "active": int(active[i]),
            "new": int(new[i]),
            "returned": int(active[i] - new[i] - kept[i]),
            "churned": int(churned[i]),
            "mentions": int(mentions[i]),
            "ugc_share": float(member_mentions[i] / mentions[i]) if mentions[i] else 0.0,
            "to_answer": int(to_answer[i]),
            "answered": int(n_answered[i]),
            "answered_share": int(n_answered[i]) / int(to_answer[i]) if to_answer[i] else None,
            "median_response_hours": float(medians[i]) if i in medians.index else None,
        }
        for i, week in enumerate(weeks)
    ]
    return pd.DataFrame(rows, columns=HEALTH_COLUMNS)


def _first_answers(m: pd.DataFrame) -> pd.Series:
    """Hours from a mention to the first direct reply by a brand account, by the answered mention's id."""
    replies = m[m["is_brand"] & m["parent_id"].notna()][["parent_id", "local_time"]]
    asked = m[["mention_id", "local_time"]].rename(columns={"mention_id": "parent_id", "local_time": "asked_at"})
    joined = replies.merge(asked, on="parent_id")
    hours = (joined["local_time"] - joined["asked_at"]).dt.total_seconds() / 3600
    joined = joined.assign(hours=hours)[hours >= 0]
    return joined.groupby("parent_id")["hours"].min()
