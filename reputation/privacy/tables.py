"""Where personal data sits in the warehouse: every table, and what erasing a mention or an author means there.

One :class:`Rule` per table, read by the erasure (reputation.privacy.erase) for `reputation forget` and retention.
A table left out of :data:`TABLES` is a test failure when it has a column that can hold a mention, an author or
their words (:func:`unclassified`), so a new table is never forgotten by the right to be forgotten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# How a time column is compared with the retention cutoff (the local midnight N days ago):
#   utc / local: a timestamp, UTC or in the project's time zone; day: a local date;
#   week: the Monday of a local week (deleted when the whole week is before the cutoff);
#   month: a 'YYYY-MM' period (deleted when the whole month is); other periods ('all', 'recent') are kept.
TimeKind = Literal["utc", "local", "day", "week", "month"]


@dataclass(frozen=True)
class Rule:
    """What to do in one table. Every field names columns of that table."""

    mentions: tuple[str, ...] = ()  # mention ids: a row naming an erased mention is deleted
    authors: tuple[str, ...] = ()  # pseudonymous author ids: a row naming an erased author is deleted
    links: tuple[str, ...] = ()  # mention ids a kept row points to (reply, share): NULL when erased (forget)
    mention_lists: tuple[str, ...] = ()  # VARCHAR[] of mention ids: erased ids removed from the list
    author_json: tuple[str, ...] = ()  # JSON arrays of objects with an author_id: their entries removed
    who_lists: tuple[str, ...] = ()  # VARCHAR[] of handles or ids: erased authors' removed
    text: tuple[str, ...] = ()  # people's words: @handle of a forgotten author redacted (forget)
    words: tuple[str, ...] = ()  # labels and summaries made of words: the handle as a word redacted (forget)
    terms: tuple[str, ...] = ()  # VARCHAR[] of words: the handle removed (forget)
    urls: tuple[tuple[str, str], ...] = ()  # (column, SQL replacement): a link to a forgotten author (forget)
    derived: bool = False  # per-mention model output: dropped when its mention's text is redacted (recomputed)
    time: tuple[str, TimeKind] | None = None  # retention: rows older than the cutoff are deleted
    cache: bool = False  # results kept for reuse, which may quote anything: emptied by any erasure (recomputed)
    note: str = ""  # why a table needs nothing, or what is special


_ENRICHED = Rule(mentions=("mention_id",), derived=True)

TABLES: dict[str, Rule] = {
    # raw
    "raw_mentions": Rule(
        mentions=("mention_id",),
        links=("parent_id", "share_of_id"),
        text=("text", "title"),
        urls=(("url", "NULL"), ("url_key", "NULL")),
        note="erased mentions are chosen here: by author (forget) or by published_at (retention)",
    ),
    "quarantine": Rule(
        text=("record",),
        note="rejected records: a forgotten author's (by author_id, handle or platform id) are deleted; retention "
        "deletes records quarantined or published before the cutoff",
    ),
    "duplicates": Rule(mentions=("mention_id", "duplicate_of")),
    "near_duplicates": Rule(mentions=("mention_id", "duplicate_of")),
    "ingest_log": Rule(note="counts per file read; no record content"),
    "source_cursors": Rule(note="where each live source stopped (page tokens, since ids): no author"),
    # enriched
    "enr_language": _ENRICHED,
    "enr_sentiment": _ENRICHED,
    "enr_topic": _ENRICHED,
    "enr_intent": _ENRICHED,
    "enr_moderation": _ENRICHED,
    "enr_entities": _ENRICHED,
    "enr_aspects": _ENRICHED,
    "enr_aspects_processed": _ENRICHED,
    "active_models": Rule(note="which model version each stage serves"),
    # topics
    "topics": Rule(mention_lists=("representatives",), words=("label",), terms=("top_terms", "terms_fr", "terms_en")),
    "topic_fits": Rule(
        note="fitted models: vocabulary and weights, no ids or texts (a word used by many mentions can be in the "
        "vocabulary until the next refit)"
    ),
    "topic_lineage": Rule(note="topic ids of successive fits"),
    "topic_alerts": Rule(mention_lists=("examples",), words=("label",), time=("week", "week")),
    # community
    "community_authors": Rule(authors=("author_id",)),
    "community_edges": Rule(authors=("source_author", "target_author"), time=("last_at", "utc")),
    "community_period_edges": Rule(authors=("source_author", "target_author"), time=("period", "month")),
    "community_influence": Rule(authors=("author_id",), time=("period", "month")),
    "community_author_periods": Rule(authors=("author_id",), time=("period", "month")),
    "community_author_brands": Rule(authors=("author_id",), time=("period", "month")),
    "community_roles": Rule(authors=("author_id",), words=("reason",), time=("period_end", "day")),
    "mart_community_top": Rule(authors=("author_id",), words=("reason",), time=("period_end", "day")),
    "mart_weekly_community_health": Rule(time=("week", "week")),
    # marts
    "mart_daily_brand_metrics": Rule(time=("day", "day")),
    "mart_metrics_daily": Rule(time=("bucket", "local")),
    "mart_metrics_hourly": Rule(time=("bucket", "local")),
    "mart_daily_aspect_sentiment": Rule(time=("day", "day")),
    "mart_daily_topics": Rule(time=("day", "day")),
    "alerts": Rule(
        mention_lists=("examples",),
        author_json=("authors",),
        words=("summary", "topics"),
        terms=("terms",),
        time=("ended_at", "local"),
    ),
    "community_period_keys": Rule(cache=True, note="fingerprints of the community periods' data (hashes)"),
    "campaign_keys": Rule(cache=True, note="fingerprints of the campaigns' data (hashes)"),
    "alert_explanations": Rule(cache=True, note="the alerts' explanations kept for the next run (authors, examples)"),
    "deliveries": Rule(note="reports and alerts sent: the recipients are the project's staff, not the authors"),
    "mart_response_queue": Rule(
        mentions=("mention_id",),
        authors=("author_id",),
        text=("text",),
        words=("reason",),
        urls=(("url", "NULL"),),
    ),
    "mart_media_outlets": Rule(authors=("author_id",), time=("last_seen", "local")),
    "mart_linked_domains": Rule(urls=(("example_url", "'https://' || domain || '/'"),), time=("last_seen", "local")),
    "mart_campaigns": Rule(who_lists=("top_participants",), time=("end_day", "day")),
    "mart_campaign_daily": Rule(time=("day", "day")),
    # privacy itself
    "forgotten_authors": Rule(note="the tombstones: only pseudonymous ids, kept so that forgotten authors stay out"),
    "retention_runs": Rule(note="when retention ran and its cutoff"),
    "schema_migrations": Rule(note="schema versions"),
    "stage_runs": Rule(note="stage history: counts and model versions"),
    "runs": Rule(note="flow runs: parameters, counts, model versions"),
    "stage_watermarks": Rule(
        note="how far each per-mention stage got; forget drops them when it drops model outputs to recompute"
    ),
}

# Tables whose rows are computed per mention by a model: dropped for a mention whose text was redacted, so the next
# run recomputes them from the redacted text (entity offsets, aspect clauses and moderation reasons quote it).
DERIVED = tuple(name for name, rule in TABLES.items() if rule.derived)

# A column with one of these names can hold a mention, an author or their words: its table must be classified.
PERSONAL_COLUMN = re.compile(
    r"^(mention_id|author_id|author_handle|handle|who|text|title|record|url|parent_id|share_of_id|duplicate_of"
    r"|examples|representatives|authors|top_participants)$|_author$|_mention_id$|_url$"
)


def unclassified(columns: dict[str, list[str]]) -> list[str]:
    """Tables (name -> column names) that may hold personal data and have no rule in :data:`TABLES`."""
    return sorted(
        table for table, cols in columns.items() if table not in TABLES and any(PERSONAL_COLUMN.search(c) for c in cols)
    )
