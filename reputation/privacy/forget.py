"""The right to be forgotten: erase an author from every table and from the files the pipeline wrote, and keep a
tombstone so that ingestion never loads them again (docs/privacy.md)."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from reputation.config import Project
from reputation.privacy import files
from reputation.privacy.erase import Erasure, Forgotten, erase, transaction
from reputation.schema import pseudonymize
from reputation.warehouse import Warehouse, utcnow

PSEUDONYM = re.compile(r"au_[0-9a-f]{16}")


@dataclass(frozen=True)
class Identity:
    """Who AUTHOR designates: pseudonymous ids, and how each was found."""

    author_ids: frozenset[str]
    handles: frozenset[str]  # handles they used (and the one given), for their @mentions in other people's words
    raw_ids: frozenset[str]  # the platform's author id, when AUTHOR was one
    found: dict[str, list[str]] = field(default_factory=dict)  # author id -> how it was found
    already: frozenset[str] = frozenset()  # ids forgotten before

    def describe(self) -> list[str]:
        return [
            f"{a}: {', '.join(how)}" + (" (forgotten before)" if a in self.already else "")
            for a, how in sorted(self.found.items())
        ]


@dataclass
class ForgetResult:
    identity: Identity
    erasure: Erasure
    files: list[files.FileAction]
    dry_run: bool
    seconds: float = 0.0

    @property
    def mentions(self) -> int:
        return self.erasure.get("raw_mentions")

    def summary(self) -> str:
        """One line without any identifier (it goes to stage_runs)."""
        n = len(self.identity.author_ids)
        return (
            f"{n} author{'s' * (n != 1)}: {self.mentions} mentions and {self.erasure.total} rows in all, "
            f"{len(self.files)} files"
        )


def resolve(wh: Warehouse, project: Project, author: str, platform: str | None = None) -> Identity:
    """Pseudonymous ids for AUTHOR: a pseudonymous id (``au_...``), a handle (with or without '@') or the platform's
    author id, hashed as at ingestion (with the project's salt). Without `platform`, every platform in the warehouse
    is tried; with it, a platform id is forgotten even if that author was never collected (they stay out)."""
    text = author.strip()
    if not text:
        raise ValueError("AUTHOR is empty")
    platform = platform.strip().lower() if platform else None
    found: dict[str, list[str]] = {}
    if PSEUDONYM.fullmatch(text):
        found[text] = ["pseudonymous id"]
    handle = text.removeprefix("@")
    by_handle = wh.df(
        "SELECT author_id, platform FROM raw_mentions WHERE lower(author_handle) = lower($h) "
        "AND ($p IS NULL OR platform = $p) "
        "UNION SELECT author_id, platform FROM community_authors WHERE lower(handle) = lower($h) "
        "AND ($p IS NULL OR platform = $p)",
        {"h": handle, "p": platform},  # type: ignore[arg-type]
    )
    for r in by_handle.itertuples():
        found.setdefault(r.author_id, []).append(f"handle @{handle} on {r.platform}")
    raw_ids: set[str] = set()
    if not text.startswith("@") and not PSEUDONYM.fullmatch(text):
        platforms = [platform] if platform else _platforms(wh)
        candidates = pseudonymize(
            pd.Series(platforms, dtype=object), pd.Series([text] * len(platforms)), _salt(project)
        )
        known = _known(wh, list(candidates))
        for p, pid in zip(platforms, candidates, strict=True):
            if platform is not None or pid in known:
                found.setdefault(pid, []).append(f"{p} author id")
                raw_ids.add(text)
    ids = frozenset(found)
    handles = set(
        wh.df(
            "SELECT DISTINCT author_handle AS h FROM raw_mentions WHERE author_id IN (SELECT unnest($1::VARCHAR[])) "
            "AND author_handle IS NOT NULL UNION SELECT handle FROM community_authors "
            "WHERE author_id IN (SELECT unnest($1::VARCHAR[])) AND handle IS NOT NULL",
            [sorted(ids)],
        )["h"]
    )
    if not PSEUDONYM.fullmatch(text) and not (raw_ids and by_handle.empty):
        handles.add(handle)  # also when nobody here uses it: their @mentions in other people's words go
    already = frozenset(
        r[0]
        for r in wh.con.execute(
            "SELECT author_id FROM forgotten_authors WHERE author_id IN (SELECT unnest($1::VARCHAR[]))", [sorted(ids)]
        ).fetchall()
    )
    return Identity(ids, frozenset(handles), frozenset(raw_ids), found, already)


def _salt(project: Project) -> str:
    return project.privacy.salt()


def _platforms(wh: Warehouse) -> list[str]:
    rows = wh.con.execute(
        "SELECT platform FROM raw_mentions UNION SELECT platform FROM community_authors ORDER BY platform"
    ).fetchall()
    return [r[0] for r in rows]


def _known(wh: Warehouse, ids: list[str]) -> set[str]:
    rows = wh.con.execute(
        "SELECT author_id FROM (SELECT author_id FROM raw_mentions UNION SELECT author_id FROM community_authors "
        "UNION SELECT author_id FROM forgotten_authors) WHERE author_id IN (SELECT unnest($1::VARCHAR[]))",
        [ids],
    ).fetchall()
    return {r[0] for r in rows}


def forget(
    wh: Warehouse,
    project: Project,
    identity: Identity,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    run_id: str | None = None,
) -> ForgetResult:
    """Erase the author from every table in one transaction, record the tombstone, then clean the files.

    Idempotent: forgetting the same author again erases nothing more. A dry run changes nothing and says what a
    run would do."""
    started, t0 = utcnow(), time.perf_counter()
    now = now or started
    forgotten = Forgotten(identity.author_ids, identity.handles, identity.raw_ids)
    with transaction(wh, commit=not dry_run):
        erasure = Erasure()
        _forget_quarantine(wh, project, identity, erasure)
        erase(
            wh.con,
            "SELECT mention_id FROM raw_mentions WHERE author_id IN (SELECT unnest($1::VARCHAR[]))",
            [sorted(identity.author_ids)],
            forgotten=forgotten,
            out=erasure,
        )
        new = sorted(identity.author_ids - identity.already)
        if new:
            wh.con.register("_tombstones", pd.DataFrame({"author_id": new, "forgotten_at": now}))
            wh.con.execute("INSERT INTO forgotten_authors BY NAME SELECT * FROM _tombstones")
            wh.con.unregister("_tombstones")
            erasure.add("forgotten_authors", "inserted", len(new))
    # the files after the warehouse: a crash in between leaves files a rerun cleans (the tombstone is in already)
    every_id = identity.author_ids | frozenset(
        r[0] for r in wh.con.execute("SELECT author_id FROM forgotten_authors").fetchall()
    )
    pattern = files.identifiers(identity.author_ids, identity.handles, identity.raw_ids)
    actions = files.forget_reports(wh, project, pattern, dry_run=dry_run)
    actions += files.forget_landing(project, every_id, pattern, dry_run=dry_run)
    result = ForgetResult(identity, erasure, actions, dry_run, time.perf_counter() - t0)
    if not dry_run:
        rows = erasure.total
        wh.record_stage(run_id or uuid.uuid4().hex[:12], "forget", started, "ok", rows, rows, result.summary())
    return result


def _forget_quarantine(wh: Warehouse, project: Project, identity: Identity, erasure: Erasure) -> None:
    """Rejected records of the author: by their (platform, author_id) hashed as at ingestion, or holding their handle
    as a value or their platform id. Other records keep their words; erase() redacts @handle in them."""
    rows = wh.df(
        "SELECT record_key, record, CASE WHEN json_valid(record) THEN json_extract_string(record, '$.platform') END "
        "AS platform, CASE WHEN json_valid(record) THEN json_extract_string(record, '$.author_id') END AS author "
        "FROM quarantine"
    )
    if rows.empty:
        return
    platform = rows["platform"].fillna("").astype(str).str.strip().str.lower()
    ids = pseudonymize(platform, rows["author"].fillna("").astype(str).str.strip(), _salt(project))
    theirs = rows["author"].notna() & ids.isin(identity.author_ids)
    values = [re.escape(h) for h in identity.handles if h]
    if values:  # the handle as a whole JSON string or CSV field ("author_handle": "name", ...,name,...)
        theirs |= rows["record"].str.contains(rf'(?i)(?:^|[",])@?(?:{"|".join(values)})(?:[",]|$)', regex=True)
    for raw in identity.raw_ids:
        if len(raw) >= 6:
            theirs |= rows["record"].str.contains(raw, regex=False)
    keys = rows.loc[theirs.fillna(False).astype(bool), ["record_key"]]
    if keys.empty:
        return
    wh.con.register("_their_records", keys)
    n = wh.con.execute("DELETE FROM quarantine WHERE record_key IN (SELECT record_key FROM _their_records)").fetchone()
    wh.con.unregister("_their_records")
    erasure.add("quarantine", "deleted", int(n[0]) if n else 0)
