"""The files the pipeline wrote that can name an author: saved reports (report.dir) and the raw pages of live
sources (landing_dir). Forget regenerates or deletes them; retention deletes those older than its cutoff.

Files given elsewhere with --out (graph and queue exports, reports saved to another folder) are not known here:
docs/privacy.md says to delete or export them again.
"""

from __future__ import annotations

import email
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from email import policy
from pathlib import Path

from reputation.config import Project
from reputation.warehouse import Warehouse

_REPORT = re.compile(r"^weekly-(\d{4}-\d{2}-\d{2})-")  # weekly-<week end>-<language or table>.<html|csv|eml>
_LANDED = re.compile(r"^(\d{8}T\d{6})\d*-")  # <UTC time of the fetch>-<n>.<suffix> (sources.live.land)


@dataclass(frozen=True)
class FileAction:
    path: Path
    action: str  # regenerated | deleted (in a dry run: would be)
    why: str

    def __str__(self) -> str:
        return f"{self.path}: {self.action} ({self.why})"


def identifiers(author_ids: Iterable[str], handles: Iterable[str], raw_ids: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of them in a file's text: pseudonymous or platform ids anywhere, a handle as a word
    (with or without '@'). None when there is nothing to look for."""
    parts = [re.escape(i) for i in sorted(set(author_ids))]
    parts += [re.escape(r) for r in sorted(set(raw_ids)) if len(r) >= 6]  # a short id would match by chance
    words = sorted({h for h in handles if h}, key=len, reverse=True)
    if words:
        parts.append(r"(?<![\w@])@?(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def file_text(path: Path) -> str | None:
    """What a person reads in a file: an e-mail's decoded parts, HTML entities resolved; None for binary files."""
    raw = path.read_bytes()
    if path.suffix.lower() == ".eml":
        msg = email.message_from_bytes(raw, policy=policy.default)
        parts = []
        for part in msg.walk():
            payload = part.get_payload(decode=True) if not part.is_multipart() else None
            if payload and part.get_content_maintype() != "image":
                parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
        return "\n".join([str(msg["Subject"] or ""), *parts])
    if b"\x00" in raw[:4096]:
        return None
    text = raw.decode("utf-8-sig", errors="replace")
    return html.unescape(text) if path.suffix.lower() in (".html", ".htm", ".svg") else text


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _names(path: Path, pattern: re.Pattern[str]) -> bool:
    text = file_text(path)
    return text is not None and pattern.search(text) is not None


def forget_reports(
    wh: Warehouse, project: Project, pattern: re.Pattern[str] | None, *, dry_run: bool
) -> list[FileAction]:
    """Saved reports naming the author: each affected week is saved again from the (already erased) warehouse;
    a file that still names them, or that cannot be regenerated (e-mail previews, other files), is deleted."""
    from reputation.report import save_weekly_report

    if pattern is None:
        return []
    affected = [p for p in _files(project.report_dir) if _names(p, pattern)]
    weeks = sorted({m.group(1) for p in affected if p.suffix != ".eml" and (m := _REPORT.match(p.name))})
    regenerated: set[Path] = set()
    for week in weeks:
        if dry_run:
            regenerated |= {p for p in affected if p.name.startswith(f"weekly-{week}-") and p.suffix != ".eml"}
            continue
        try:
            written = save_weekly_report(wh, project, project.report_dir, date.fromisoformat(week))
        except ValueError:  # nothing left to report on
            continue
        regenerated |= {p for p in written if not _names(p, pattern)}
    prefix = "would be " if dry_run else ""
    actions = []
    for p in affected:
        if p in regenerated:
            actions.append(FileAction(p, prefix + "regenerated", "a report naming them, saved again without them"))
        else:
            if not dry_run:
                p.unlink(missing_ok=True)
            actions.append(FileAction(p, prefix + "deleted", "names them and cannot be regenerated without them"))
    return actions


def forget_landing(
    project: Project, author_ids: frozenset[str], pattern: re.Pattern[str] | None, *, dry_run: bool
) -> list[FileAction]:
    """Raw pages of live sources holding a post of a forgotten author (any of `author_ids`, found by reading the
    page as ingestion does) or naming them: deleted. A page nests posts (a reply carries its parent, a share the
    original), so editing one author out of it is not reliable; the other posts on it are in the warehouse."""
    from reputation.ingest import read_file  # ingest imports this package: import at use
    from reputation.schema import SchemaError, normalize_mentions

    salt = project.privacy.salt()
    actions = []
    for path in _files(project.landing_path):
        why = ""
        if pattern is not None and _names(path, pattern):
            why = "names them"
        elif author_ids:
            try:
                _, frame, _ = read_file(path)
            except (SchemaError, OSError, ValueError):
                frame = None
            if frame is not None and not frame.empty:
                found = normalize_mentions(frame, salt=salt).mentions["author_id"]
                if found.isin(author_ids).any():
                    why = "holds their posts"
        if why:
            if not dry_run:
                path.unlink()
            actions.append(FileAction(path, ("would be " if dry_run else "") + "deleted", why))
    return actions


def expired_files(project: Project, first_day: date, cutoff_utc: datetime, *, dry_run: bool) -> list[FileAction]:
    """Retention: reports of weeks that ended before the first day kept, raw pages fetched before the cutoff (a
    page holds nothing published after it was fetched)."""
    actions = []
    for path in _files(project.report_dir):
        m = _REPORT.match(path.name)
        if m and date.fromisoformat(m.group(1)) < first_day:
            actions.append(FileAction(path, "deleted", f"a report of a week before {first_day}"))
    for path in _files(project.landing_path):
        m = _LANDED.match(path.name)
        if m and datetime.strptime(m.group(1), "%Y%m%dT%H%M%S") < cutoff_utc:
            actions.append(FileAction(path, "deleted", f"a page fetched before {cutoff_utc:%Y-%m-%d %H:%M} UTC"))
    if dry_run:
        return [FileAction(a.path, "would be deleted", a.why) for a in actions]
    for a in actions:
        a.path.unlink(missing_ok=True)
    return actions
