"""The `mentions` view's rows with only the enrichment joins a query reads.

The view (migration 0005) left-joins six tables to the raw mentions, and DuckDB builds every join's hash table
whatever columns a query reads: at 300,000 mentions reading two columns through the view takes 0.56 s and ~380 MB
against 0.15 s and ~30 MB without the joins it does not need (about 1.2 GB at a million). The stages that read the
whole history use :func:`mentions_sql` instead; tests/integration/test_analysis_api.py checks that it gives the view's
values, column by column.
"""

from __future__ import annotations

import re


def _active(table: str, stage: str) -> str:
    return (
        f"SELECT e.* FROM {table} e JOIN active_models a ON a.stage = '{stage}' "
        "AND e.model = a.model AND e.model_version = a.model_version"
    )


# The view's joins, in its order, by alias: the rows each one reads.
_JOINS = {
    "l": _active("enr_language", "language"),
    "s": _active("enr_sentiment", "sentiment"),
    "t": _active("enr_topic", "topics"),
    "d": "SELECT * FROM near_duplicates",
    "i": _active("enr_intent", "intent"),
    "m": _active("enr_moderation", "moderation"),
}
# The view's columns, in its order: (name, expression, the join it needs or None for raw_mentions' own).
COLUMNS: list[tuple[str, str, str | None]] = [
    ("mention_id", "r.mention_id", None),
    ("platform", "r.platform", None),
    ("author_id", "r.author_id", None),
    ("published_at", "r.published_at", None),
    ("lang", "COALESCE(l.lang, r.lang)", "l"),
    ("text", "r.text", None),
    ("brands", "r.brands", None),
    ("sentiment", "s.sentiment", "s"),
    ("sentiment_score", "s.score", "s"),
    ("topic_id", "t.topic_id", "t"),
    ("title", "r.title", None),
    ("url", "r.url", None),
    ("author_handle", "r.author_handle", None),
    ("author_followers", "r.author_followers", None),
    ("parent_id", "r.parent_id", None),
    ("share_of_id", "r.share_of_id", None),
    ("likes", "r.likes", None),
    ("shares", "r.shares", None),
    ("replies", "r.replies", None),
    ("views", "r.views", None),
    ("source", "r.source", None),
    ("lang_confidence", "l.confidence", "l"),
    ("sentiment_model", "s.model || '@' || s.model_version", "s"),
    ("near_duplicate_of", "d.duplicate_of", "d"),
    ("intent", "i.intent", "i"),
    ("moderation_flags", "m.flags", "m"),
    ("moderation_reasons", "m.reasons", "m"),
]


def _of(rows: str, only: str | None) -> str:
    """`rows` (a SELECT), restricted to the mentions of `only` when given."""
    return rows if only is None else f"{rows} SEMI JOIN {only} USING (mention_id)"


def mentions_sql(reads: str, only: str | None = None) -> str:
    """A parenthesised SELECT with the view's rows: raw_mentions' own columns, and the enrichment columns named in
    `reads` (the SQL that will read it), each joined as the view joins it. An enrichment column not named is left
    out, so a query reading one it did not name fails instead of reading NULLs; not for `SELECT *`.

    `only`: a relation with a `mention_id` column (e.g. a CTE of the query): the rows of those mentions only, each
    table read for them only. DuckDB builds a join's hash table from the whole enrichment table otherwise, and keeps
    what it read: reading a fortnight of a million mentions that way peaks ~300 MB higher."""
    named = {name for name, _, join in COLUMNS if join and re.search(rf"\b{name}\b", reads)}
    joins = {join for name, _, join in COLUMNS if name in named}
    columns = [
        expression if expression == f"r.{name}" else f"{expression} AS {name}"
        for name, expression, join in COLUMNS
        if join is None or name in named
    ]
    joined = " ".join(
        f"LEFT JOIN ({_of(sql, only)}) {alias} USING (mention_id)" for alias, sql in _JOINS.items() if alias in joins
    )
    raw = "raw_mentions" if only is None else f"({_of('SELECT * FROM raw_mentions', only)})"
    return f"(SELECT {', '.join(columns)} FROM {raw} r {joined})"


_FROM_VIEW = re.compile(r"\b(FROM|JOIN)(\s+)mentions\b(?!_)", re.IGNORECASE)


def narrowed(sql: str) -> str:
    """`sql` with each read of the `mentions` view (`FROM mentions`, `JOIN mentions`) replaced by
    :func:`mentions_sql` of the enrichment columns `sql` names. For queries that name the columns they read."""
    return _FROM_VIEW.sub(lambda found: f"{found.group(1)}{found.group(2)}{mentions_sql(sql)}", sql)
