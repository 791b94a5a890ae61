"""The community's mentions and interactions staged in DuckDB, and the aggregates computed there.

The community stage needs per-author and per-edge aggregates (profiles, interactions, stances, answers), not a
million mention rows in pandas. Two temp tables hold what it reads: `_community_mentions` (the raw columns it uses,
the texts' @handles, the local time, intent, sentiment and `is_brand`) and `_community_events` (one row per
interaction). DuckDB aggregates them in a fraction of pandas' time and memory; the influence and role logic stays in
pandas, on per-author frames (reputation.community, reputation.community_roles).

Row order is kept where a result depends on it: `rid` is each mention's position (the warehouse's insertion order),
profiles come in the order of their author's first mention (ties in influence rank are broken by it), edges in the
order of their first interaction, and "first"/"last" values are the first/last non-null in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd

from reputation.warehouse.mentions_view import narrowed

MENTIONS = "_community_mentions"
EVENTS = "_community_events"
_FRAME = "_community_frame"
T = TypeVar("T")

# The @handles of a text (RE2: no look-behind, and \w is ASCII there; tests/unit/test_community.py checks it against
# the Python pattern community._MENTION).
MENTION_SQL = r"(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_]+)"

# The staged columns and their types, for frames that lack some (tests, notebooks).
_TYPES = {
    "mention_id": "VARCHAR", "platform": "VARCHAR", "author_id": "VARCHAR", "author_handle": "VARCHAR",
    "author_followers": "BIGINT", "brands": "VARCHAR[]", "published_at": "TIMESTAMP", "parent_id": "VARCHAR",
    "share_of_id": "VARCHAR", "likes": "BIGINT", "shares": "BIGINT", "replies": "BIGINT", "intent": "VARCHAR",
    "sentiment": "VARCHAR",
}  # fmt: skip

# Each author's last handle: a brand account is an author whose last handle is one of the brands' accounts, compared
# in Python (str.lower), as the profiles' `is_brand_account` is (DuckDB's lower() differs on a few letters).
_LAST_HANDLES = """SELECT author_id, arg_max(author_handle, rowid) AS handle FROM raw_mentions
WHERE author_handle IS NOT NULL GROUP BY author_id"""

_STAGE_WAREHOUSE = f"""CREATE OR REPLACE TEMP TABLE {MENTIONS} AS
SELECT r.rowid AS rid, r.mention_id, r.platform, r.author_id, r.author_handle, r.author_followers,
       -- most texts tag nobody: the regular expression runs on those with an '@' only
       CASE WHEN contains(r.text, '@') THEN regexp_extract_all(r.text, $mention, 1) ELSE [] END AS handles,
       r.brands, r.published_at,
       timezone($tz, r.published_at AT TIME ZONE 'UTC') AS local_time, r.parent_id, r.share_of_id,
       r.likes, r.shares, r.replies, e.intent, e.sentiment,
       r.author_id IN (SELECT unnest($brand_authors::VARCHAR[])) AS is_brand
FROM raw_mentions r
JOIN ({narrowed("SELECT mention_id, intent, sentiment FROM mentions")}) e USING (mention_id)"""

# One row per interaction, author -> author: a reply, a share/quote, or an @mention of a known handle on the same
# platform; self-loops and unknown targets dropped. A handle belongs to the author whose first mention carrying a
# handle came first; `ord`: replies, then shares, then @mentions, each in mention order.
_STAGE_EVENTS = f"""CREATE OR REPLACE TEMP TABLE {EVENTS} AS
WITH owner AS (SELECT mention_id, author_id FROM {MENTIONS}),
handle_of AS (
    SELECT author_id, arg_min(platform || ':' || lower(author_handle), rid) AS k, min(rid) AS rid
    FROM {MENTIONS} WHERE author_handle IS NOT NULL GROUP BY author_id
), by_handle AS (SELECT k, arg_min(author_id, rid) AS author_id FROM handle_of GROUP BY k),
tagged AS (
    SELECT author_id, platform, published_at, local_time, rid, unnest(handles) AS handle,
           generate_subscripts(handles, 1) AS pos
    FROM {MENTIONS} WHERE len(handles) > 0
), ev AS (
    SELECT c.author_id AS source_author, o.author_id AS target_author, 'reply' AS kind, c.published_at AS "at",
           c.local_time, 0 AS part, c.rid, 0 AS pos
    FROM {MENTIONS} c JOIN owner o ON o.mention_id = c.parent_id
    UNION ALL
    SELECT c.author_id, o.author_id, 'share', c.published_at, c.local_time, 1, c.rid, 0
    FROM {MENTIONS} c JOIN owner o ON o.mention_id = c.share_of_id
    UNION ALL
    SELECT t.author_id, b.author_id, 'mention', t.published_at, t.local_time, 2, t.rid, t.pos
    FROM tagged t JOIN by_handle b ON b.k = t.platform || ':' || lower(t.handle)
)
SELECT source_author, target_author, kind, "at", local_time::DATE AS day,
       row_number() OVER (ORDER BY part, rid, pos) AS ord
FROM ev WHERE source_author IS DISTINCT FROM target_author
ORDER BY ord"""


def _where(start: date | None, end: date | None, column: str = "local_time::DATE") -> str:
    return "true" if start is None else f"{column} BETWEEN $start AND $end"


def _params(start: date | None, end: date | None) -> dict[str, object]:
    return {} if start is None else {"start": start, "end": end}


def read(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or {}).df()


def stage_warehouse(con: duckdb.DuckDBPyConnection, timezone: str, accounts: set[str]) -> int:
    """Stage the warehouse's mentions and interactions; returns the number of mentions."""
    lowered = {a.lower() for a in accounts}
    brand_authors: list[str] = []
    if lowered:  # a project may name no account
        last = read(con, _LAST_HANDLES)
        brand_authors = sorted(last.loc[last["handle"].astype(str).str.lower().isin(lowered), "author_id"])
    con.execute(_STAGE_WAREHOUSE, {"mention": MENTION_SQL, "tz": timezone, "brand_authors": brand_authors})
    con.execute(_STAGE_EVENTS)
    return int(con.execute(f"SELECT count(*) FROM {MENTIONS}").fetchall()[0][0])


def stage_frame(con: duckdb.DuckDBPyConnection, m: pd.DataFrame) -> None:
    """Stage a mentions frame: the columns of the staged table it has (others NULL); `handles` (lists), else found
    in `text`; `local_time` (default: `published_at`); `is_brand` (default: false)."""
    frame = m.assign(rid=np.arange(len(m)))
    con.register(_FRAME, frame)
    try:
        cols = [f"{c}::{t} AS {c}" if c in frame else f"NULL::{t} AS {c}" for c, t in _TYPES.items()]
        if "handles" in frame:
            cols.append("handles::VARCHAR[] AS handles")
        elif "text" in frame:
            cols.append(f"regexp_extract_all(text, '{MENTION_SQL}', 1) AS handles")
        else:
            cols.append("[]::VARCHAR[] AS handles")
        local = "local_time" if "local_time" in frame else "published_at"
        cols.append(f"{local}::TIMESTAMP AS local_time")
        cols.append("coalesce(is_brand, false) AS is_brand" if "is_brand" in frame else "false AS is_brand")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {MENTIONS} AS SELECT rid, {', '.join(cols)} FROM {_FRAME}")
    finally:
        con.unregister(_FRAME)
    con.execute(_STAGE_EVENTS)


def drop(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DROP TABLE IF EXISTS {EVENTS}")
    con.execute(f"DROP TABLE IF EXISTS {MENTIONS}")


@contextmanager
def staged(con: duckdb.DuckDBPyConnection, timezone: str, accounts: set[str]) -> Iterator[int]:
    """The warehouse's mentions staged for the block (:func:`stage_warehouse`), dropped after it."""
    try:
        yield stage_warehouse(con, timezone, accounts)
    finally:
        drop(con)


def on_frame(m: pd.DataFrame, work: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """`work` on a throw-away in-memory DuckDB where `m` is staged: the same SQL for frames as for the warehouse."""
    con = duckdb.connect(config={"pandas_analyze_sample": 2**62})  # typed from every row, as the warehouse does
    try:
        stage_frame(con, m)
        return work(con)
    finally:
        con.close()


def profiles(
    con: duckdb.DuckDBPyConnection, accounts: set[str] | None = None, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """One row per author who wrote a mention between the local dates `start` and `end` (default: all): activity,
    reach and engagement received (reputation.community.author_profiles)."""
    out = read(
        con,
        f"""SELECT author_id, arg_min(platform, rid) FILTER (platform IS NOT NULL) AS platform,
            arg_max(author_handle, rid) FILTER (author_handle IS NOT NULL) AS handle,
            max(author_followers) AS followers, count(*) AS mentions,
            count(*) FILTER (len(brands) > 0) AS brand_mentions,
            sum(coalesce(likes, 0))::BIGINT AS likes_received, sum(coalesce(shares, 0))::BIGINT AS shares_received,
            sum(coalesce(replies, 0))::BIGINT AS replies_received,
            min(published_at) AS first_seen, max(published_at) AS last_seen
        FROM {MENTIONS} WHERE {_where(start, end)} GROUP BY author_id ORDER BY min(rid)""",
        _params(start, end),
    )
    lowered = {a.lower() for a in accounts or set()}
    out["is_brand_account"] = out["handle"].fillna("").str.lower().isin(lowered)
    return out


def events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The staged interactions: `source_author`, `target_author`, `kind`, `at`, `day` (local date)."""
    return read(con, f'SELECT source_author, target_author, kind, "at", day FROM {EVENTS} ORDER BY ord')


def edges_sql(start: date | None = None, end: date | None = None) -> str:
    """Edges per author pair and kind between two local dates: `weight`, `first_at`, `last_at`, in the order of their
    first interaction."""
    return f"""SELECT source_author, target_author, kind, count(*) AS weight, min("at") AS first_at,
        max("at") AS last_at FROM {EVENTS} WHERE {_where(start, end, "day")} GROUP BY ALL ORDER BY min(ord)"""


def edges(con: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    return read(con, edges_sql(start, end), _params(start, end))


def graph(con: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None) -> pd.DataFrame:
    """The edges of :func:`edges_sql` as positions: `src`, `dst` (the row of their author in :func:`profiles` of the
    same dates, -1 for an author who wrote nothing then), `kind`, `weight`. No author id goes through pandas."""
    return read(
        con,
        f"""WITH nodes AS (
            SELECT author_id, row_number() OVER (ORDER BY min(rid)) - 1 AS pos
            FROM {MENTIONS} WHERE {_where(start, end)} GROUP BY author_id
        ), e AS (
            SELECT source_author, target_author, kind, count(*) AS weight, min(ord) AS first
            FROM {EVENTS} WHERE {_where(start, end, "day")} GROUP BY ALL
        )
        SELECT coalesce(s.pos, -1) AS src, coalesce(t.pos, -1) AS dst, e.kind, e.weight
        FROM e LEFT JOIN nodes s ON s.author_id = e.source_author LEFT JOIN nodes t ON t.author_id = e.target_author
        ORDER BY e.first""",
        _params(start, end),
    )


def answers(con: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None) -> pd.Series:
    """Replies each author wrote between two local dates to a member's post (not a brand account's), not their
    own, by author."""
    found = read(
        con,
        f"""SELECT c.author_id, count(*) AS n FROM {MENTIONS} c
        JOIN {MENTIONS} p ON p.mention_id = c.parent_id AND NOT p.is_brand
        WHERE {_where(start, end, "c.local_time::DATE")} AND c.author_id IS DISTINCT FROM p.author_id
        GROUP BY c.author_id""",
        _params(start, end),
    )
    return found.set_index("author_id")["n"]


def originals(con: duckdb.DuckDBPyConnection, start: date | None = None, end: date | None = None) -> pd.Series:
    """Posts of their own (neither a reply nor a share) each author wrote between two local dates."""
    found = read(
        con,
        f"""SELECT author_id, count(*) AS n FROM {MENTIONS}
        WHERE {_where(start, end)} AND parent_id IS NULL AND share_of_id IS NULL GROUP BY author_id""",
        _params(start, end),
    )
    return found.set_index("author_id")["n"]


def first_seen(con: duckdb.DuckDBPyConnection) -> pd.Series:
    """Each author's first mention ever, local time."""
    found = read(con, f"SELECT author_id, min(local_time) AS first FROM {MENTIONS} GROUP BY author_id")
    return found.set_index("author_id")["first"]


def stance_counts(
    con: duckdb.DuckDBPyConnection, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Per author and brand, between two local times (`start` included, `end` excluded; default: all): mentions
    naming the brand, and how many were positive and negative. Sorted by author and brand."""
    where = "true" if start is None else "local_time >= $start AND local_time < $end"
    return read(
        con,
        f"""SELECT author_id, brand, count(*) AS brand_mentions,
            count(*) FILTER (sentiment = 'positive') AS positive, count(*) FILTER (sentiment = 'negative') AS negative
        FROM (SELECT author_id, sentiment, unnest(brands) AS brand FROM {MENTIONS} WHERE {where})
        WHERE brand IS NOT NULL GROUP BY ALL ORDER BY author_id, brand""",
        {} if start is None else {"start": start.to_pydatetime(), "end": end.to_pydatetime()},  # type: ignore[union-attr]
    )
