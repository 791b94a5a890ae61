"""Backfill: reprocess the mentions published in a date range with the project as it is now.

After a change of brand queries, charter, aspects or models, or to redo a period, :func:`reset_range` makes the
range's mentions new again: their brands are matched again with the current queries, their per-mention enrichment
rows (every model version) are deleted, and the watermarks of those outputs are dropped. The enrich and analytics
stages that follow (flows/backfill.py) then process exactly those mentions, and the analytics, which are computed
over the whole history, pick the changes up. Mentions outside the range are not touched; running the same backfill
twice gives the same warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from reputation.config import Project
from reputation.query import match_brands
from reputation.warehouse import Warehouse

# Per-mention outputs (docs/warehouse.md, "Enriched"): rows keyed by mention and model version.
PER_MENTION = (
    "enr_language",
    "enr_sentiment",
    "enr_intent",
    "enr_moderation",
    "enr_entities",
    "enr_aspects",
    "enr_aspects_processed",
    "enr_topic",
)


@dataclass(frozen=True)
class Reset:
    start: date
    end: date
    mentions: int  # published in the range
    brands_changed: int  # whose matched brands differ under the current queries
    rows_deleted: int  # enrichment rows removed


def utc_bounds(start: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """The range's first and last day (inclusive, project time zone) as naive UTC [from, to)."""
    if end < start:
        raise ValueError(f"backfill: the range ends ({end}) before it starts ({start})")
    tz = ZoneInfo(timezone)
    lo = datetime.combine(start, time(), tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    hi = datetime.combine(end + timedelta(days=1), time(), tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    return lo, hi


def reset_range(wh: Warehouse, project: Project, start: date, end: date) -> Reset:
    """Match the range's mentions against the current brand queries and clear their enrichment, in one
    transaction (a crash leaves the range as it was)."""
    lo, hi = utc_bounds(start, end, project.timezone)
    m = wh.df(
        "SELECT mention_id, title, text, author_handle, lang, platform, url, brands FROM raw_mentions "
        "WHERE published_at >= ? AND published_at < ?",
        [lo, hi],
    )
    queries = {b.name: b.query for b in project.brands.all}
    matched = match_brands(m, queries) if len(m) else m["brands"]
    changed = m.assign(brands=matched)[[list(a) != list(b) for a, b in zip(m["brands"], matched, strict=True)]]
    deleted = 0
    with wh.transaction():
        wh.con.register("_backfill_ids", m[["mention_id"]])
        try:
            for table in PER_MENTION:
                deleted += int(
                    wh.con.execute(
                        f"DELETE FROM {table} WHERE mention_id IN (SELECT mention_id FROM _backfill_ids)"
                    ).fetchone()[0]
                )
            if len(changed):
                wh.con.register("_backfill_brands", changed[["mention_id", "brands"]])
                wh.con.execute(
                    "UPDATE raw_mentions r SET brands = c.brands FROM _backfill_brands c "
                    "WHERE r.mention_id = c.mention_id"
                )
                wh.con.unregister("_backfill_brands")
            # the watermarks no longer hold: the next run looks at every mention once (and finds these)
            wh.con.execute(f"DELETE FROM stage_watermarks WHERE output IN {PER_MENTION}")
        finally:
            wh.con.unregister("_backfill_ids")
    return Reset(start, end, len(m), len(changed), deleted)
