"""Load files of canonical mentions (CSV, JSON, JSONL) into the warehouse's raw layer.

A bad record never costs the good ones: it goes to the quarantine table with its reason and line. A file that
cannot be read at all (missing, unknown columns) is reported and skipped; the other files go on. Ingesting the
same file twice adds nothing (mentions are keyed by platform id, quarantined records by content).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import numpy as np
import orjson
import pandas as pd

from reputation import dedup
from reputation.observability import log_event
from reputation.partitions import local_workers
from reputation.privacy.tombstones import ingest_exclusions
from reputation.query import Mentions, match_brands
from reputation.schema import CANONICAL_COLUMNS, MAX_TEXT_CHARS, SchemaError, check_columns, normalize_mentions
from reputation.sources.formats import HEAD_CHARS, detect
from reputation.sources.formats.base import BadRecord, iter_json_documents
from reputation.warehouse import Warehouse, utcnow

_T = TypeVar("_T")
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}
# Files a folder scan picks up: the canonical formats, plus what platform exports come as (feeds, the X archive).
SCANNED = {*FORMATS, ".xml", ".rss", ".atom", ".rdf", ".js", ".txt"}


@dataclass
class FileReport:
    """What happened to one file."""

    path: str
    format: str = "?"
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    truncated: int = 0
    rejected: int = 0
    forgotten: int = 0  # records of forgotten authors, not loaded (docs/privacy.md)
    expired: int = 0  # mentions older than the retention cutoff, not loaded
    reasons: Counter[str] = field(default_factory=Counter)
    error: str | None = None

    def summary(self) -> str:
        if self.error:
            return f"{self.path}: FAILED: {self.error}"
        text = (
            f"{self.path} [{self.format}]: {self.read} read, {self.loaded} loaded, "
            f"{self.duplicates} duplicates, {self.rejected} rejected"
        )
        if self.truncated:
            text += f", {self.truncated} text(s) cut to {MAX_TEXT_CHARS:,} characters"
        if self.near_duplicates:
            text += f", {self.near_duplicates} near-duplicates linked"
        if self.forgotten:
            text += f", {self.forgotten} skipped (forgotten authors)"
        if self.expired:
            text += f", {self.expired} skipped (older than privacy.retention_days)"
        if self.reasons:
            text += " (" + "; ".join(f"{n} × {r}" for r, n in self.reasons.most_common(3)) + ")"
        return text


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM); a file that is not, line by line: UTF-8 where a line is valid UTF-8, else
    Windows-1252 (legacy exports, and files concatenated from both). Never fails: a record stays readable."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "\n".join(out)


# JSON Lines files larger than this are read and loaded a run of whole lines at a time, so the memory an ingest needs
# does not grow with the file (about 60,000 mentions a run).
CHUNK_BYTES = 32 * 2**20


def chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[tuple[int, str]]:
    """(lines before it, text) of consecutive runs of whole lines of about `size` bytes, each decoded as `_decode`
    would decode it (a run ends at a newline, so no character is cut, and before a line that starts a JSON document).
    """
    before, carry = 0, b""
    with path.open("rb") as f:
        while block := carry + f.read(size):
            block += f.readline()  # to the end of the line the block stops in
            # and on to the next line that starts a document: a pretty-printed object spans several lines
            while (carry := f.readline()) and not carry.lstrip().startswith((b"{", b"[")):
                block += carry
            yield before, _decode(block)
            before += block.count(b"\n")


def _records_frame(records: list[dict[str, object]], lines: list[int]) -> pd.DataFrame:
    """Object columns, so ids stay exact (no int -> float coercion when some are missing); canonical columns first
    in schema order, then any unknown key (check_columns names those)."""
    frame = pd.DataFrame(records, dtype=object)
    order = {c: i for i, c in enumerate(CANONICAL_COLUMNS)}
    frame = frame[sorted(frame.columns, key=lambda k: (order.get(k, len(order)), k))]
    frame.index = pd.Index(lines, name="line")
    return frame


def _read_jsonl(text: str) -> tuple[list[dict[str, object]], list[int], list[BadRecord]]:
    """JSON Lines, tolerant: several objects on one line, a truncated or malformed line (rejected, the rest read)."""
    records, lines, bad = [], [], []
    for no, obj, error, raw in iter_json_documents(text):
        if error is not None:
            bad.append(BadRecord(no, error, raw[:10_000]))
        elif not isinstance(obj, dict):
            bad.append(BadRecord(no, "not a JSON object", raw[:10_000]))
        else:
            records.append(obj)
            lines.append(no)
    return records, lines, bad


def _read_json(text: str) -> tuple[list[dict[str, object]], list[int], list[BadRecord]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise SchemaError(f"not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}") from None
    items = doc.get("mentions", doc.get("data")) if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise SchemaError("expected a JSON array of mentions, or an object with a 'mentions' array")
    records, lines, bad = [], [], []
    for no, obj in enumerate(items, start=1):
        if isinstance(obj, dict):
            records.append(obj)
            lines.append(no)
        else:
            bad.append(BadRecord(no, "not a JSON object", json.dumps(obj)[:10_000]))
    return records, lines, bad


def _read_csv(text: str) -> tuple[pd.DataFrame, list[BadRecord]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise SchemaError("empty CSV file (no header)")
    header = [h.strip() for h in header]
    rows, lines, bad = [], [], []
    for no, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            bad.append(BadRecord(reader.line_num, f"expected {len(header)} fields, found {len(row)}", ",".join(row)))
            continue
        rows.append(row)
        lines.append(no)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame.index = pd.Index(lines, name="line")
    return frame, bad


def _lookup(record: dict[str, object], path: str) -> object:
    """A value by column name, or by a dotted path into nested JSON ("user.screen_name")."""
    if path in record:
        return record[path]
    value: object = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _map_records(records: list[dict[str, object]], columns: dict[str, str]) -> list[dict[str, object]]:
    """Apply a project's column mapping (canonical name -> the file's name); other keys are not wanted."""
    return [
        {**{k: v for k, v in r.items() if k in CANONICAL_COLUMNS}, **{c: _lookup(r, src) for c, src in columns.items()}}
        for r in records
    ]


def _map_frame(frame: pd.DataFrame, columns: dict[str, str], where: str) -> pd.DataFrame:
    missing = [src for src in columns.values() if src not in frame.columns]
    if missing:
        raise SchemaError(
            f"{where}: column mapping names {missing}, not in the file (its columns: {list(frame.columns)})"
        )
    mapped = frame[[c for c in frame.columns if c in CANONICAL_COLUMNS and c not in columns]].copy()
    for canonical, src in columns.items():
        mapped[canonical] = frame[src]
    return mapped


MIXED_SAMPLE = 200  # lines sampled through a JSON Lines file to tell whether it mixes formats


_REQUIRED = {c for c, (required, _) in CANONICAL_COLUMNS.items() if required}


def _line_kind(path: Path, line: str) -> str | None:
    """What one JSON line is: a platform format's name, "jsonl" for a canonical mention, None if neither."""
    fmt = detect(path, line)
    if fmt is not None:
        return fmt.name
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return "jsonl" if isinstance(obj, dict) and obj.keys() >= _REQUIRED else None


def _mixes_formats(path: Path, lines: list[str], filled: list[int]) -> bool:
    """Whether a sample of the JSON lines (`filled`: the positions of those not blank) holds two formats."""
    if len(filled) < 2 or not lines[filled[0]].lstrip().startswith("{"):
        return False
    sample = {*filled[:: max(1, len(filled) // MIXED_SAMPLE)], filled[-1]}
    # Only recognisable lines count: noise inside a one-format file (a stream's delete notices) is not a mix
    return len({kind for i in sample if (kind := _line_kind(path, lines[i])) is not None}) >= 2


def _read_mixed(path: Path, text: str) -> tuple[str, pd.DataFrame, list[BadRecord]] | None:
    """A JSON Lines file whose lines are in different formats (exports appended to one another), read line by
    line with each line's own format; None when a sample of its lines all look alike (the usual case)."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not _mixes_formats(path, lines, filled):
        return None
    records: list[dict[str, object]] = []
    positions: list[int] = []
    bad: list[BadRecord] = []
    names: set[str] = set()
    for i in filled:
        fmt = detect(path, lines[i])
        kind = fmt.name if fmt else _line_kind(path, lines[i])
        if kind is None:
            bad.append(BadRecord(i + 1, "neither a known platform format nor a canonical mention", lines[i][:10_000]))
            continue
        names.add(kind)
        if fmt is not None:
            parsed = fmt.parse(lines[i], path)
            items, where, rejects = parsed.records, [i + 1] * len(parsed.records), parsed.bad
        else:
            items, _, rejects = _read_jsonl(lines[i])
            where = [i + 1] * len(items)
        records += items
        positions += where
        bad += [BadRecord(i + 1, b.reason, b.record) for b in rejects]
    frame = _records_frame(records, positions) if records else pd.DataFrame()
    if records:
        check_columns(list(frame.columns), str(path))
    return "mixed: " + ", ".join(sorted(names)), frame, bad


def read_file(path: Path, columns: dict[str, str] | None = None) -> tuple[str, pd.DataFrame, list[BadRecord]]:
    """Read one file into raw records (indexed by line) and the records that could not even be parsed.

    A platform's own format (detected from the content) is mapped to canonical records first; otherwise the
    file is CSV, JSON or JSONL (by its extension) in the canonical columns, or in the file's own columns with a
    `columns` mapping (canonical name -> the file's column, or a dotted path into nested JSON)."""
    return read_text(path, _decode(path.read_bytes()), columns)


def read_text(
    path: Path, text: str, columns: dict[str, str] | None = None
) -> tuple[str, pd.DataFrame, list[BadRecord]]:
    """`read_file` on the file's text (or a run of its whole lines: `chunks`), `path` naming the file."""
    if not columns and (mixed := _read_mixed(path, text)) is not None:
        return mixed
    platform_format = None if columns else detect(path, text[:HEAD_CHARS])
    if platform_format is not None:
        parsed = platform_format.parse(text, path)
        frame = _records_frame(parsed.records, parsed.positions) if parsed.records else pd.DataFrame()
        return platform_format.name, frame, parsed.bad
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SchemaError(f"unsupported file type {path.suffix!r}; expected one of {sorted(FORMATS)}")
    if fmt == "csv":
        frame, bad = _read_csv(text)
        if columns:
            frame = _map_frame(frame, columns, str(path))
        check_columns(list(frame.columns), str(path))
        return fmt, frame, bad
    records, lines, bad = _read_jsonl(text) if fmt == "jsonl" else _read_json(text)
    if columns:
        records = _map_records(records, columns)
    return fmt, _checked_frame(path, records, lines), bad


def _checked_frame(path: Path, records: list[dict[str, object]], lines: list[int]) -> pd.DataFrame:
    frame = _records_frame(records, lines) if records else pd.DataFrame()
    if records:
        check_columns(list(frame.columns), str(path))
    return frame


def _plain_jsonl(path: Path, text: str, columns: dict[str, str] | None) -> bool:
    """Whether `read_text` would read `text` as JSON Lines of canonical mentions, one record per line."""
    if columns or FORMATS.get(path.suffix.lower()) != "jsonl" or detect(path, text[:HEAD_CHARS]) is not None:
        return False
    lines = text.split("\n")
    return not _mixes_formats(path, lines, [i for i, line in enumerate(lines) if line.strip()])


def _quarantine_frame(path: Path, bad: list[BadRecord]) -> pd.DataFrame:
    now = utcnow()
    keys = [hashlib.sha1(f"{path.name}\x1f{b.line}\x1f{b.record}".encode()).hexdigest() for b in bad]
    return pd.DataFrame(
        {
            "record_key": keys,
            "source_file": str(path),
            "line": [b.line for b in bad],
            "reason": [b.reason for b in bad],
            "record": [b.record for b in bad],
            "quarantined_at": now,
        }
    )


def ingest_file(
    wh: Warehouse,
    path: Path,
    *,
    source: str | None = None,
    brand_queries: dict[str, str] | None = None,
    salt: str = "",
    keep_handles: bool = True,
    columns: dict[str, str] | None = None,
) -> FileReport:
    """Load one file; a problem with the whole file is returned in the report (and logged), not raised.
    `columns` maps canonical names to the file's own columns (generic CSV / JSON exports)."""
    report = FileReport(str(path))
    try:
        _load(wh, path, report, source, brand_queries, salt, keep_handles, columns)
    except (SchemaError, OSError) as err:
        report.error = str(err).removeprefix(f"{path}: ")
    wh.con.execute(
        "INSERT INTO ingest_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [str(path), source, report.read, report.loaded, report.duplicates, report.rejected, report.error, utcnow()],
    )
    return report


def _load(
    wh: Warehouse,
    path: Path,
    report: FileReport,
    source: str | None,
    brand_queries: dict[str, str] | None,
    salt: str,
    keep_handles: bool,
    columns: dict[str, str] | None,
) -> None:
    if not path.is_file():
        raise SchemaError("file not found")
    if FORMATS.get(path.suffix.lower()) == "jsonl" and path.stat().st_size > CHUNK_BYTES:
        # one run of lines at a time, each stored before the next; later runs see the earlier ones in the
        # warehouse, so duplicates across runs are found as within one read
        formats = []
        prepare = partial(_read_and_prepare, path, columns, brand_queries, salt, keep_handles)
        for fmt, prepared in prepared_runs(path, prepare):
            _store_prepared(wh, path, report, prepared, source, salt)
            formats += [fmt] if fmt not in formats else []
        report.format = ", ".join(formats)
        return
    report.format, frame, bad = read_file(path, columns)
    _store_prepared(wh, path, report, _prepare(frame, bad, brand_queries, salt, keep_handles), source, salt)


def _read_and_prepare(
    path: Path,
    columns: dict[str, str] | None,
    brand_queries: dict[str, str] | None,
    salt: str,
    keep_handles: bool,
    before: int,
    text: str,
) -> tuple[str, _Prepared]:
    """(format, prepared records) of a run of lines that starts after `before` lines of the file. Canonical JSON
    Lines are read and prepared a slice of lines at a time (`PARSE_CHARS`): the same records as at once, as each line
    is one record and every step is row by row; other formats (a platform's lines may refer to one another) at once.
    """
    prepare = partial(_prepare, brand_queries=brand_queries, salt=salt, keep_handles=keep_handles)
    if not _plain_jsonl(path, text, columns):
        fmt, frame, bad = read_text(path, text, columns)
        return fmt, prepare(_shifted(frame, before), [_moved(b, before) for b in bad])
    parts = []
    for offset, piece in line_slices(text, PARSE_CHARS):
        records, lines, bad = _read_jsonl(piece)
        frame = _checked_frame(path, records, lines)
        parts.append(prepare(_shifted(frame, before + offset), [_moved(b, before + offset) for b in bad]))
    return "jsonl", _joined(parts)


def _shifted(frame: pd.DataFrame, lines: int) -> pd.DataFrame:
    frame.index = frame.index + lines
    return frame


def _moved(bad: BadRecord, lines: int) -> BadRecord:
    return BadRecord(bad.line + lines, bad.reason, bad.record)


# A run of lines is read and prepared this many characters at a time: its records as Python objects take ~10x their
# text (most of the ingest worker's peak with 32 MB runs), the prepared frame about as much as the text.
PARSE_CHARS = 8 * 2**20


def _joined(parts: list[_Prepared]) -> _Prepared:
    """One run's prepared records from its slices', in order."""
    if len(parts) == 1:
        return parts[0]
    filled = [p for p in parts if not p.mentions.empty]
    rejected = [p.rejected for p in parts if not p.rejected.empty]
    return _Prepared(
        pd.concat([p.mentions for p in filled], ignore_index=True) if filled else pd.DataFrame(),
        np.concatenate([p.lines for p in parts]),
        [b for p in parts for b in p.unparsed],
        [b for p in parts for b in p.rejects],
        pd.concat(rejected) if rejected else parts[0].rejected,
        sum(p.read for p in parts),
        sum(p.truncated for p in parts),
    )


def line_slices(text: str, size: int) -> Iterator[tuple[int, str]]:
    """(lines before it, slice) of consecutive runs of whole lines of `text` of about `size` characters, each ending
    before a line that starts a JSON document, as `chunks` cuts a file."""
    start, before, n = 0, 0, len(text)
    while start < n:
        end = text.find("\n", min(start + size, n))
        end = n if end == -1 else end + 1
        while end < n:  # on to the next line that starts a document: a pretty-printed object spans several lines
            stop = text.find("\n", end)
            if text[end : n if stop == -1 else stop].lstrip().startswith(("{", "[")):
                break
            end = n if stop == -1 else stop + 1
        piece = text[start:end]
        yield before, piece
        before += piece.count("\n")
        start = end


def prepared_runs(path: Path, prepare: Callable[[int, str], _T]) -> Iterator[_T]:
    """`prepare(lines before, text)` of each run of lines of a large file (`chunks`), in order. A worker process
    prepares the next run while the caller stores this one: preparing (parsing, validating, matching brands,
    fingerprints) needs no warehouse and is about half an ingest's time; storing needs every earlier run stored.
    One worker, started for the file (~1 s), none with REPUTATION_WORKERS=1; it holds one run of lines at a time.
    loky's, as the stages' workers: it starts clean (no fork of this process's DuckDB threads) without running the
    caller's main script again, which multiprocessing's spawn would, and a script without a `__main__` guard would
    fail."""
    runs = chunks(path, CHUNK_BYTES)
    worker = _started_worker(path)
    if worker is None:  # everything in this process
        yield from (prepare(before, text) for before, text in runs)
        return
    with worker:
        ahead: Future[_T] | None = None
        while True:
            try:
                run = next(runs, None)
            except OSError:  # the file cannot be read on: the run already prepared is stored first, as before
                if ahead is not None:
                    yield ahead.result()
                raise
            future = worker.submit(prepare, *run) if run is not None else None
            if ahead is not None:
                yield ahead.result()
            if future is None:
                return
            ahead = future


def _started_worker(path: Path) -> Executor | None:
    """The ingest's worker process, started; None with REPUTATION_WORKERS=1, or on a machine that cannot start
    one (logged)."""
    if local_workers() <= 1:
        return None
    from joblib.externals.loky import ProcessPoolExecutor
    from joblib.externals.loky.process_executor import BrokenProcessPool

    worker = ProcessPoolExecutor(max_workers=1)
    try:
        worker.submit(int).result()
    except (OSError, BrokenProcessPool) as err:
        worker.shutdown(wait=False)
        log_event("ingest_worker_unavailable", level=logging.WARNING, file=str(path), error=repr(err))
        return None
    return worker


@dataclass
class _Prepared:
    """A read's records made ready to store, without the warehouse: what `_prepare` hands to `_store_prepared`."""

    mentions: pd.DataFrame  # normalised, with brands, url_key and fingerprint; forgotten and expired ones still in
    lines: np.ndarray  # each mention's line
    unparsed: list[BadRecord]  # lines that could not be parsed
    rejects: list[BadRecord]  # records that failed validation...
    rejected: pd.DataFrame  # ...as read (to leave forgotten authors' out of the quarantine)
    read: int
    truncated: int


def _prepare(
    frame: pd.DataFrame,
    bad: list[BadRecord],
    brand_queries: dict[str, str] | None,
    salt: str,
    keep_handles: bool,
) -> _Prepared:
    """Validate and normalise records read (indexed by line), match brands and compute the deduplication keys: the
    ingest's work that needs no warehouse (so the next run of lines is prepared in a worker process while this one
    is stored: `prepared_runs`)."""
    read = len(frame) + len(bad)  # records parsed, plus lines that could not be parsed at all
    if frame.empty:
        empty = pd.DataFrame()
        return _Prepared(empty, np.array([], dtype=int), bad, [], empty, read, 0)
    norm = normalize_mentions(frame, salt=salt, keep_handles=keep_handles)
    lines = frame.index.to_numpy()
    rejected = frame.iloc[norm.rejects["row"].to_numpy()]
    rejects = [
        BadRecord(int(lines[row]), reason, rejected.iloc[i].dropna().to_json(force_ascii=False))
        for i, (row, reason) in enumerate(norm.rejects.itertuples(index=False))
    ]
    mentions = norm.mentions
    normalized = Mentions(mentions)  # once, for brand queries and text fingerprints
    if brand_queries:
        mentions["brands"] = match_brands(normalized, brand_queries)
    mentions["url_key"] = dedup.url_keys(mentions["platform"], mentions["url"], mentions["parent_id"])
    # shares and quotes are already linked to their original by share_of_id: no fingerprint needed
    mentions["fingerprint"] = dedup.fingerprints(normalized.text, normalized=True).where(mentions["share_of_id"].isna())
    valid_lines = np.delete(lines, norm.rejects["row"].to_numpy())
    return _Prepared(mentions, valid_lines, bad, rejects, rejected, read, norm.truncated)


def _store_prepared(
    wh: Warehouse, path: Path, report: FileReport, prepared: _Prepared, source: str | None, salt: str
) -> None:
    """Store prepared records: leave out forgotten authors' and expired ones, deduplicate against the warehouse,
    insert, and quarantine the bad ones; adds its counts to `report`."""
    report.read += prepared.read
    bad = list(prepared.unparsed)
    mentions = prepared.mentions
    if prepared.rejects or not mentions.empty:
        # forgotten authors stay out, even their rejected records (the quarantine keeps records whole)
        excluded = ingest_exclusions(wh)
        theirs = excluded.forgotten_records(prepared.rejected, salt)
        bad += [b for b, forgotten in zip(prepared.rejects, theirs, strict=True) if not forgotten]
        report.truncated += prepared.truncated
        valid_lines = prepared.lines
        forgotten = excluded.forgotten(mentions["author_id"])
        expired = ~forgotten & excluded.expired(mentions["published_at"])
        report.forgotten += int(forgotten.sum() + theirs.sum())
        report.expired += int(expired.sum())
        keep = ~(forgotten | expired)
        if not keep.all():
            mentions, valid_lines = mentions[keep].reset_index(drop=True), valid_lines[keep]
    report.rejected += len(bad)
    report.reasons += Counter(b.reason for b in bad)
    if not mentions.empty:
        if source is not None:
            mentions["source"] = mentions["source"].fillna(source)
        mentions["ingest_file"] = str(path)
        mentions["ingested_at"] = utcnow()
        loaded, near = _store(wh, path, mentions, valid_lines)
        report.loaded += loaded
        report.near_duplicates += near
        report.duplicates += len(mentions) - loaded
    if bad:
        wh.insert_new("quarantine", _quarantine_frame(path, bad), ["record_key"])


def _exact_duplicates(wh: Warehouse, m: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """For each mention, the mention it repeats (same id, or same canonical URL of a web page) and why; the first
    occurrence in the file is kept, and anything already in the warehouse wins."""
    dup_of = pd.Series(None, index=m.index, dtype=object)
    reason = pd.Series(None, index=m.index, dtype=object)

    def mark(mask: pd.Series, target: pd.Series, why: str) -> None:
        mask = mask & dup_of.isna() & target.notna()
        dup_of[mask], reason[mask] = target[mask], why

    wh.con.register("_keys", m[["mention_id", "url_key"]])
    try:
        stored_ids = set(wh.df("SELECT mention_id FROM raw_mentions JOIN _keys USING (mention_id)")["mention_id"])
        stored_urls = wh.df(
            "SELECT r.url_key, min(r.mention_id) AS mention_id FROM raw_mentions r "
            "JOIN (SELECT DISTINCT url_key FROM _keys WHERE url_key IS NOT NULL) k USING (url_key) GROUP BY r.url_key"
        ).set_index("url_key")["mention_id"]
    finally:
        wh.con.unregister("_keys")
    mark(m["mention_id"].isin(stored_ids), m["mention_id"], "same id")
    mark(m["mention_id"].duplicated(), m["mention_id"], "same id")
    mark(m["url_key"].notna(), m["url_key"].map(stored_urls), "same url")
    with_url = m[dup_of.isna() & m["url_key"].notna()]
    first = with_url.drop_duplicates("url_key").set_index("url_key")["mention_id"]
    repeated = pd.Series(False, index=m.index)
    repeated[with_url.index] = with_url["url_key"].duplicated().to_numpy()
    mark(repeated, m["url_key"].map(first), "same url")
    return dup_of, reason


def _store(wh: Warehouse, path: Path, m: pd.DataFrame, lines: np.ndarray) -> tuple[int, int]:
    """Insert new mentions (with their url_key and fingerprint: `_prepare`); record exact duplicates (not loaded)
    and link near-duplicates (loaded). Returns (loaded, near-duplicates linked)."""
    dup_of, reason = _exact_duplicates(wh, m)
    fresh = m[dup_of.isna()]
    candidates = fresh[fresh["fingerprint"].notna()]
    known = candidates
    if not candidates.empty:
        # only stored mentions that share a band with a candidate can be near-duplicates of one: read those, not
        # every fingerprint in the window (which made loading a large file in runs of lines quadratic)
        wh.con.register("_bands", dedup.bands(candidates["fingerprint"]))
        try:
            known = wh.df(
                "SELECT mention_id, fingerprint, published_at FROM raw_mentions "
                f"WHERE fingerprint IS NOT NULL AND published_at >= ? AND {dedup.band_filter_sql()}",
                [candidates["published_at"].min() - dedup.NEAR_DUPLICATE_WINDOW],
            )
        finally:
            wh.con.unregister("_bands")
    loaded = wh.insert_new("raw_mentions", fresh, ["mention_id"])
    now = utcnow()
    repeats = dup_of.notna().to_numpy()
    if repeats.any():
        # one line may hold many records (a JSON page of posts): the key names the mention too
        keys = [
            hashlib.sha1(f"{path.name}\x1f{line}\x1f{mid}".encode()).hexdigest()
            for line, mid in zip(lines[repeats], m["mention_id"][repeats], strict=True)
        ]
        wh.insert_new(
            "duplicates",
            pd.DataFrame(
                {
                    "record_key": keys,
                    "source_file": str(path),
                    "line": lines[repeats],
                    "mention_id": m["mention_id"][repeats].to_numpy(),
                    "duplicate_of": dup_of[repeats].to_numpy(),
                    "reason": reason[repeats].to_numpy(),
                    "detected_at": now,
                }
            ),
            ["record_key"],
        )
    near = dedup.near_duplicates(candidates, known) if not candidates.empty else pd.DataFrame()
    linked = wh.insert_new("near_duplicates", near.assign(detected_at=now), ["mention_id"]) if not near.empty else 0
    return loaded, linked


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, and the supported files inside given folders (sorted, for a stable order)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SCANNED)
        else:
            out.append(p)
    return out
