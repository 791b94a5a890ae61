"""Keys of the community stage's periods: a period whose key is the one stored by the last run keeps its stored
edges, influence scores and roles instead of being computed again (reputation.stages.score_community).

A period's results (community_roles._period_roles) are computed from its mentions, with what the whole history says
of them (the author's first mention, the authors of the posts they answer or share, who is a brand account), from
the mentions of the lookback window before it (members at risk), from its interactions and from the settings. Its
key covers all of these: per local day, the count and the sum of row hashes (DuckDB's `hash`) of the mentions and of
the interactions, summed over the period's days and its lookback window's, with the settings and code versions. On a
day's new mentions the past months keep their keys; `all`, the current month and, when the day falls in it,
`recent` get new ones.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import duckdb
import pandas as pd

from reputation import community, community_data
from reputation.community_roles import ROLES_VERSION, Period
from reputation.config import CommunityRoles

KEYS_VERSION = "1"

# Per local day: the mentions and a hash of every column the periods' results read, with the values the whole
# history gives them. Sums go out as text: DuckDB's HUGEINT would arrive in pandas as a float.
_MENTION_DAYS = f"""
WITH r AS (
    SELECT mention_id, author_id, parent_id, share_of_id, local_time, is_brand,
           hash(mention_id, platform, author_id, author_handle, author_followers, brands, published_at, parent_id,
                share_of_id, likes, shares, replies, intent, sentiment) AS h
    FROM {community_data.MENTIONS}
), first_seen AS (SELECT author_id, min(local_time) AS first_at FROM r GROUP BY author_id)
SELECT r.local_time::DATE AS day, count(*) AS n,
       sum(hash(r.h, r.is_brand, f.first_at, p.author_id, p.is_brand, s.author_id))::VARCHAR AS h
FROM r JOIN first_seen f USING (author_id)
LEFT JOIN r p ON p.mention_id = r.parent_id
LEFT JOIN r s ON s.mention_id = r.share_of_id
GROUP BY ALL
"""
_EVENT_DAYS = f"""SELECT day, count(*) AS n, sum(hash(source_author, target_author, kind, "at"))::VARCHAR AS h
FROM {community_data.EVENTS} GROUP BY ALL"""


def _by_day(frame: pd.DataFrame) -> dict:
    return {pd.Timestamp(day).date(): (int(n), int(h)) for day, n, h in frame.itertuples(index=False, name=None)}


def daily(con: duckdb.DuckDBPyConnection) -> tuple[dict, dict]:
    """(mentions, interactions) of the staged mentions (reputation.community_data): local day -> (count, hash
    sum)."""
    return _by_day(community_data.read(con, _MENTION_DAYS)), _by_day(community_data.read(con, _EVENT_DAYS))


def _window(days: dict, first: object, last: object) -> list[int]:
    """Count and hash sum (modulo 2**64) of the days from `first` to `last`, both included."""
    inside = [v for d, v in days.items() if first <= d <= last]
    return [sum(n for n, _ in inside), sum(h for _, h in inside) % 2**64]


def period_keys(
    periods: list[Period],
    mentions: dict,
    interactions: dict,
    accounts: set[str],
    weights: community.Weights,
    rules: CommunityRoles,
    timezone: str,
) -> dict[str, str]:
    """Period name -> key, from :func:`daily`'s two maps."""
    settings = json.dumps(
        [KEYS_VERSION, ROLES_VERSION, community.INFLUENCE_VERSION, sorted(a.lower() for a in accounts),
         vars(weights), rules.model_dump(mode="json"), timezone],
        sort_keys=True,
    )  # fmt: skip
    keys = {}
    for p in periods:
        lookback = p.start - timedelta(days=rules.lookback_days)
        parts = [
            settings,
            p.name,
            str(p.start),
            str(p.end),
            _window(mentions, p.start, p.end),
            _window(mentions, lookback, p.start - timedelta(days=1)),
            _window(interactions, p.start, p.end),
        ]
        keys[p.name] = hashlib.sha256(json.dumps(parts).encode()).hexdigest()
    return keys
