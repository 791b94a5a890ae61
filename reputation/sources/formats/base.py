"""What every platform format provides, and JSON helpers for the shapes real exports come in.

A format turns the text of one file into canonical mention records (dicts keyed by the columns of
docs/mention.md) and the items it could not map, each with a reason; the ingest step does the rest
(validation, keys, dedupe, brand matching, storage, quarantine).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import orjson


@dataclass
class BadRecord:
    """An item that could not be used: its position in the file (1-based line or item), why, and the raw text."""

    line: int
    reason: str
    record: str


@dataclass
class Parsed:
    records: list[dict[str, Any]] = field(default_factory=list)  # canonical mention dicts
    positions: list[int] = field(default_factory=list)  # line or item number of each record (for quarantine)
    bad: list[BadRecord] = field(default_factory=list)

    def add(self, position: int, record: dict[str, Any]) -> None:
        self.records.append(record)
        self.positions.append(position)

    def reject(self, position: int, reason: str, raw: object) -> None:
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
        self.bad.append(BadRecord(position, reason, text[:10_000]))


class PlatformFormat(Protocol):
    """A platform's file format. `sniff` must be cheap and must not claim files of other formats."""

    name: str  # e.g. "twitter-v2"; shown in `reputation ingest` output

    def sniff(self, path: Path, head: str) -> bool:
        """Whether this file is in this format, judging from its name and its first 64 KiB of text."""
        ...

    def parse(self, text: str, path: Path) -> Parsed:
        """Map the whole file to canonical records; never raise for a bad item, reject it with a reason."""
        ...


def iter_json_documents(text: str) -> Iterator[tuple[int, Any | None, str | None, str]]:
    """Yield (line number, object or None, error or None, raw text) for every JSON document in `text`.

    Handles one JSON document, JSON Lines, and several documents concatenated with or without newlines; a
    truncated or malformed document is yielded with its error and parsing resumes on the next line. JSON Lines go
    through orjson line by line (the common, fast case); from the first line that is not one whole document on,
    the exact scanner takes over."""
    pos = 0
    for line_no, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 may sit inside strings
        stripped = line.strip()
        if stripped:
            try:
                obj = orjson.loads(stripped)
            except orjson.JSONDecodeError:
                yield from _scan_json(text, pos, line_no)
                return
            yield line_no, obj, None, stripped
        pos += len(line) + 1


def _scan_json(text: str, pos: int, line: int) -> Iterator[tuple[int, Any | None, str | None, str]]:
    """The exact scanner: json.raw_decode from `pos` (at line `line`), newlines counted incrementally."""
    decoder = json.JSONDecoder()
    n, counted = len(text), pos
    while pos < n:
        while pos < n and text[pos] in " \t\r\n\ufeff":
            pos += 1
        if pos >= n:
            return
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl + 1
            yield line, None, f"malformed JSON: {err.msg}", text[pos:end].strip()
            pos = end
            continue
        yield line, obj, None, text[pos:end]
        pos = end


_BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6])\b[^>]*>", re.IGNORECASE)
# a tag (<p>, <a href=...>, </b>, <br/>, <!-- -->), not a lone "<" in "1 < 2 & 3 > 0"
_TAG = re.compile(r"<(?:[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?|/[a-zA-Z][\w:-]*\s*|!--.*?--)>", re.DOTALL)
_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def html_to_text(markup: str | None) -> str:
    """Plain text from an HTML fragment (Mastodon statuses, YouTube comments, feed summaries): tags removed,
    line breaks kept for <br> and block ends, entities decoded, blank runs collapsed."""
    if not markup:
        return ""
    text = _DROP.sub(" ", markup)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def iso_from_epoch(value: Any) -> str | None:
    """ISO 8601 UTC from epoch seconds (a number or a numeric string, as exports of different years store it), or
    None when it is not a finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        seconds = float(value)
        if not math.isfinite(seconds):
            return None
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError):
        return None
