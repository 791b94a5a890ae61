"""Authors per period (calendar month in the project's time zone): what each did, and how they speak of each brand.

Computed by DuckDB on the staged mentions (reputation.community_data); the community stage stores them
(`community_author_periods`, `community_author_brands`). Roles per period (advocates, detractors...) build on these.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from reputation import community_data
from reputation.warehouse import not_in

PERIOD_COLUMNS = [
    "period", "author_id", "mentions", "reach", "engagement", "replies_received", "first_seen", "last_seen",
    "platforms",
]  # fmt: skip
BRAND_COLUMNS = ["period", "author_id", "brand", "mentions", "positive", "negative", "net_sentiment"]


def _months(keep: Sequence[str]) -> str:
    """The staged mentions with their month, but those of the months in `keep`."""
    months = f"SELECT *, strftime(local_time, '%Y-%m') AS period FROM {community_data.MENTIONS}"
    return f"SELECT * FROM ({months}) WHERE {not_in('period', keep)}"


def periods_sql(keep: Sequence[str] = ()) -> str:
    """Per month and author, but for the months in `keep` (whose stored rows hold). A reply counts for the author it
    answers, in the month of the reply; answering oneself is not a reply received."""
    return f"""
WITH m AS ({_months(keep)}),
received AS (
    SELECT r.period, p.author_id, count(*) AS replies_received
    FROM m r JOIN {community_data.MENTIONS} p ON p.mention_id = r.parent_id
    WHERE p.author_id IS DISTINCT FROM r.author_id GROUP BY ALL
), authors AS (
    SELECT period, author_id, count(*) AS mentions, max(author_followers) AS reach,
           sum(coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0))::DOUBLE AS engagement,
           min(local_time) AS first_seen, max(local_time) AS last_seen,
           coalesce(list(DISTINCT platform ORDER BY platform) FILTER (platform IS NOT NULL), []) AS platforms
    FROM m GROUP BY ALL
)
SELECT a.period, a.author_id, a.mentions, a.reach, a.engagement, coalesce(r.replies_received, 0) AS replies_received,
       a.first_seen, a.last_seen, a.platforms
FROM authors a LEFT JOIN received r USING (period, author_id)
ORDER BY a.period, a.author_id
"""


def brands_sql(keep: Sequence[str] = ()) -> str:
    """Per month, author and brand, but for the months in `keep`."""
    return f"""
WITH rows AS (SELECT period, author_id, sentiment, unnest(brands) AS brand FROM ({_months(keep)})),
counts AS (
    SELECT period, author_id, brand, count(*) AS mentions, count(*) FILTER (sentiment = 'positive') AS positive,
           count(*) FILTER (sentiment = 'negative') AS negative
    FROM rows WHERE brand IS NOT NULL GROUP BY ALL
)
SELECT *, CASE WHEN positive + negative > 0 THEN (positive - negative) / (positive + negative) END AS net_sentiment
FROM counts ORDER BY period, author_id, brand
"""


def author_periods(m: pd.DataFrame) -> pd.DataFrame:
    """Per month and author: `mentions` written, `reach` (largest follower count seen), `engagement` received
    (likes + shares + replies counted by the platforms), `replies_received` (replies to them in the data),
    `first_seen` / `last_seen` in the month, `platforms`.

    `m`: `mention_id`, `author_id`, `platform`, `author_followers`, `local_time`, `likes`, `shares`, `replies`,
    `parent_id`. The community stage runs :func:`periods_sql` on the warehouse's staged mentions."""
    if m.empty:
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    out = community_data.on_frame(m, lambda con: community_data.read(con, periods_sql()))
    return out.assign(platforms=out["platforms"].map(list))[PERIOD_COLUMNS]


def author_brands(m: pd.DataFrame) -> pd.DataFrame:
    """Per month, author and brand they mention: mentions, positive, negative and net sentiment
    ((pos - neg) / (pos + neg), None when neither). `m`: `author_id`, `local_time`, `brands` (lists), `sentiment`.
    The community stage runs :func:`brands_sql` on the warehouse's staged mentions."""
    if m.empty:
        return pd.DataFrame(columns=BRAND_COLUMNS)
    return community_data.on_frame(m, lambda con: community_data.read(con, brands_sql()))[BRAND_COLUMNS]
