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
    members = m[~m["is_brand"]]
    first_week = members.groupby("author_id")["week"].min().to_dict()  # a dict: looked up once per active member
    active_by_week = {w: set(g) for w, g in members.groupby("week")["author_id"]}
    answers = _first_answers(m)
    rows = []
    previous: set[str] = set()
    for week in weeks:
        active = active_by_week.get(week, set())
        new = {a for a in active if first_week[a] == week}
        in_week = m[m["week"] == week]
        asked = members[(members["week"] == week) & members["intent"].isin(["question", "complaint"])]
        delays = answers.reindex(asked["mention_id"]).dropna()
        rows.append(
            {
                "week": week.date(),
                "active": len(active),
                "new": len(new),
                "returned": len(active - new - previous),
                "churned": len(previous - active),
                "mentions": len(in_week),
                "ugc_share": float((~in_week["is_brand"]).mean()) if len(in_week) else 0.0,
                "to_answer": len(asked),
                "answered": len(delays),
                "answered_share": len(delays) / len(asked) if len(asked) else None,
                "median_response_hours": float(np.median(delays)) if len(delays) else None,
            }
        )
        previous = active
    return pd.DataFrame(rows, columns=HEALTH_COLUMNS)


def _first_answers(m: pd.DataFrame) -> pd.Series:
    """Hours from a mention to the first direct reply by a brand account, by the answered mention's id."""
    replies = m[m["is_brand"] & m["parent_id"].notna()][["parent_id", "local_time"]]
    asked = m[["mention_id", "local_time"]].rename(columns={"mention_id": "parent_id", "local_time": "asked_at"})
    joined = replies.merge(asked, on="parent_id")
    hours = (joined["local_time"] - joined["asked_at"]).dt.total_seconds() / 3600
    joined = joined.assign(hours=hours)[hours >= 0]
    return joined.groupby("parent_id")["hours"].min()
