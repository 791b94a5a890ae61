"""Retention (privacy.retention_days): mentions published before local midnight N days ago are deleted, with every
row derived from them and every aggregate row of the days before; the next run of the analytics stages recomputes
the rest from what is kept (docs/privacy.md)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from reputation.config import Project
from reputation.privacy import files
from reputation.privacy.erase import Cutoff, Erasure, erase, transaction
from reputation.warehouse import Warehouse, utcnow


def cutoff_for(now: datetime, days: int, timezone: str) -> Cutoff:
    """Local midnight `days` days before `now`'s local day (`now`: naive UTC); everything before it goes."""
    zone = ZoneInfo(timezone)
    first_day = now.replace(tzinfo=UTC).astimezone(zone).date() - timedelta(days=days)
    local = datetime(first_day.year, first_day.month, first_day.day, tzinfo=zone)
    return Cutoff(utc=local.astimezone(UTC).replace(tzinfo=None), local=local.replace(tzinfo=None), day=first_day)


@dataclass
class RetentionResult:
    cutoff: Cutoff | None  # None: the project keeps everything
    erasure: Erasure
    files: list[files.FileAction]
    dry_run: bool
    seconds: float = 0.0

    @property
    def mentions(self) -> int:
        return self.erasure.get("raw_mentions")

    def summary(self) -> str:
        if self.cutoff is None:
            return "no privacy.retention_days: everything is kept"
        return (
            f"before {self.cutoff.day} ({self.cutoff.utc:%Y-%m-%d %H:%M} UTC): {self.mentions} mentions and "
            f"{self.erasure.total} rows in all, {len(self.files)} files"
        )

    def __str__(self) -> str:
        return f"retention: {self.summary()} in {self.seconds:.1f} s"


def apply_retention(
    wh: Warehouse, project: Project, now: datetime | None = None, *, dry_run: bool = False, run_id: str | None = None
) -> RetentionResult:
    """Delete what is older than `privacy.retention_days` (relative to `now`, naive UTC; default: now) from every
    table in one transaction, then the reports and raw pages older than that. Recorded in stage_runs as
    `retention`; ingestion skips mentions older than the cutoff from then on. A rerun deletes nothing more."""
    started, t0 = utcnow(), time.perf_counter()
    days = project.privacy.retention_days
    cutoff = cutoff_for(now or started, days, project.timezone) if days is not None else None
    erasure = Erasure()
    with transaction(wh, commit=not dry_run):
        if cutoff is not None:
            _expire_quarantine(wh, cutoff, erasure)
            erase(
                wh.con,
                "SELECT mention_id FROM raw_mentions WHERE published_at < $1",
                [cutoff.utc],
                cutoff=cutoff,
                out=erasure,
            )
        # a project that stops retention lets old mentions in again (a NULL cutoff); no row per run otherwise
        if cutoff is not None or wh.scalar("SELECT cutoff FROM retention_runs ORDER BY applied_at DESC LIMIT 1"):
            wh.con.execute(
                "INSERT INTO retention_runs VALUES (?, ?, ?, ?)",
                [cutoff.utc if cutoff else None, days, erasure.get("raw_mentions"), started],
            )
    actions = files.expired_files(project, cutoff.day, cutoff.utc, dry_run=dry_run) if cutoff else []
    result = RetentionResult(cutoff, erasure, actions, dry_run, time.perf_counter() - t0)
    if not dry_run:
        wh.record_stage(
            run_id or uuid.uuid4().hex[:12],
            "retention",
            started,
            "ok",
            result.mentions,
            erasure.total,
            result.summary(),
        )
    return result


def _expire_quarantine(wh: Warehouse, cutoff: Cutoff, erasure: Erasure) -> None:
    """Rejected records quarantined before the cutoff, or whose readable published_at is before it."""
    rows = wh.df(
        "SELECT record_key, quarantined_at, CASE WHEN json_valid(record) THEN "
        "json_extract_string(record, '$.published_at') END AS published_at FROM quarantine"
    )
    if rows.empty:
        return
    published = pd.to_datetime(rows["published_at"], errors="coerce", utc=True, format="mixed")
    old = (rows["quarantined_at"] < cutoff.utc) | (published.dt.tz_convert(None) < cutoff.utc).fillna(False)
    keys = rows.loc[old.astype(bool), ["record_key"]]
    if keys.empty:
        return
    wh.con.register("_expired_records", keys)
    n = wh.con.execute(
        "DELETE FROM quarantine WHERE record_key IN (SELECT record_key FROM _expired_records)"
    ).fetchone()
    wh.con.unregister("_expired_records")
    erasure.add("quarantine", "deleted", int(n[0]) if n else 0)
