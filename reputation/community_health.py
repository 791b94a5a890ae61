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

import duckdb
import numpy as np
import pandas as pd

from reputation import community_data
from reputation.community_data import MENTIONS

HEALTH_COLUMNS = [
    "week", "active", "new", "returned", "churned", "mentions", "ugc_share",
    "to_answer", "answered", "answered_share", "median_response_hours",
]  # fmt: skip


# Per week (Mondays, from the first to the last, empty weeks included): members active, new (first week ever) and
# kept (active the week before too), mentions by everyone and by members, members' questions and complaints.
_WEEKS = f"""
WITH m AS (
    SELECT author_id, is_brand, intent, date_trunc('week', local_time)::DATE AS week FROM {MENTIONS}
), weeks AS (
    SELECT unnest(generate_series(min(week), max(week), INTERVAL 7 DAY))::DATE AS week FROM m
), pairs AS (SELECT DISTINCT author_id, week FROM m WHERE NOT is_brand),
firsts AS (SELECT author_id, min(week) AS first FROM pairs GROUP BY ALL),
activity AS (
    SELECT p.week, count(*) AS active, count(*) FILTER (p.week = f.first) AS new,
           count(b.week) AS kept
    FROM pairs p JOIN firsts f ON f.author_id IS NOT DISTINCT FROM p.author_id
    LEFT JOIN pairs b ON b.author_id IS NOT DISTINCT FROM p.author_id AND b.week = p.week - 7
    GROUP BY ALL
), volume AS (
    SELECT week, count(*) AS mentions, count(*) FILTER (NOT is_brand) AS member_mentions,
           count(*) FILTER (NOT is_brand AND intent IN ('question', 'complaint')) AS to_answer
    FROM m GROUP BY ALL
)
SELECT w.week, coalesce(a.active, 0) AS active, coalesce(a.new, 0) AS new, coalesce(a.kept, 0) AS kept,
       coalesce(v.mentions, 0) AS mentions, coalesce(v.member_mentions, 0) AS member_mentions,
       coalesce(v.to_answer, 0) AS to_answer
FROM weeks w LEFT JOIN activity a USING (week) LEFT JOIN volume v USING (week) ORDER BY w.week
"""

# Members' questions and complaints with a direct reply by a brand account: their week and the hours to the first
# reply (as pandas computes them: microseconds / 10**6 / 3600, so the medians are the same to the last bit).
_ANSWERED = f"""
SELECT date_trunc('week', a.local_time)::DATE AS week,
       min(date_diff('microsecond', a.local_time, r.local_time) / 1000000 / 3600) AS hours
FROM {MENTIONS} a JOIN {MENTIONS} r ON r.parent_id = a.mention_id AND r.is_brand
WHERE NOT a.is_brand AND a.intent IN ('question', 'complaint') AND r.local_time >= a.local_time
GROUP BY a.mention_id, week
"""


def weekly_health(m: pd.DataFrame) -> pd.DataFrame:
    """Health rows per week from mentions: `mention_id`, `author_id`, `is_brand` (a brands' account wrote it),
    `local_time` (project time zone, naive), `parent_id`, `intent`. The community stage runs :func:`staged_health`
    on the warehouse's staged mentions."""
    if m.empty:
        return pd.DataFrame(columns=HEALTH_COLUMNS)
    return community_data.on_frame(m, staged_health)


def staged_health(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """:func:`weekly_health` of the staged mentions (reputation.community_data)."""
    weeks = community_data.read(con, _WEEKS)
    if weeks.empty:
        return pd.DataFrame(columns=HEALTH_COLUMNS)
    answered = community_data.read(con, _ANSWERED)
    active, new, kept = (weeks[c].to_numpy(dtype=np.int64) for c in ("active", "new", "kept"))
    churned = np.concatenate([[0], active[:-1] - kept[1:]])  # active the week before, not this one
    mentions, member_mentions = weeks["mentions"].to_numpy(np.int64), weeks["member_mentions"].to_numpy(np.int64)
    to_answer = weeks["to_answer"].to_numpy(np.int64)
    week_days = pd.to_datetime(weeks["week"]).dt.date
    by_week = answered.groupby(pd.to_datetime(answered["week"]).dt.date)["hours"]
    n_answered, medians = by_week.size().reindex(week_days, fill_value=0), by_week.median()
    rows = [
        {
            "week": week,
            "active": int(active[i]),
            "new": int(new[i]),
            "returned": int(active[i] - new[i] - kept[i]),
            "churned": int(churned[i]),
            "mentions": int(mentions[i]),
            "ugc_share": float(member_mentions[i] / mentions[i]) if mentions[i] else 0.0,
            "to_answer": int(to_answer[i]),
            "answered": int(n_answered.iloc[i]),
            "answered_share": int(n_answered.iloc[i]) / int(to_answer[i]) if to_answer[i] else None,
            "median_response_hours": float(medians[week]) if week in medians.index else None,
        }
        for i, week in enumerate(week_days)
    ]
    return pd.DataFrame(rows, columns=HEALTH_COLUMNS)
