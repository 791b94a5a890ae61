"""Reddit: API listings (subreddit/user listings, comment pages) and Pushshift / Arctic-Shift NDJSON dumps.

Ids are Reddit *fullnames* ("t1_<id>" for comments, "t3_<id>" for submissions) because that is what
`parent_id` and `crosspost_parent` already hold: a reply's parent_id is then the platform_id of its parent.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

from reputation.sources.formats.base import Parsed, iso_from_epoch, iter_json_documents

PLATFORM = "reddit"
SITE = "https://www.reddit.com"
GONE = frozenset({"[removed]", "[deleted]"})  # what Reddit shows in place of a removed or deleted body
_PREFIXED = re.compile(r"t\d_")
_LISTING = re.compile(r'"kind"\s*:\s*"Listing"')


def fullname(value: Any, prefix: str) -> str | None:
    """A fullname; old dumps store bare base-36 ids, which get `prefix` ("t1_" or "t3_")."""
    if value is None or value == "":
        return None
    value = str(value)
    return value if _PREFIXED.match(value) else prefix + value


def unescape(value: Any) -> Any:
    """Reddit escapes &, < and > in the markdown of bodies, self texts and titles (also in dumps)."""
    return html.unescape(value) if isinstance(value, str) and "&" in value else value


def _parent(data: dict[str, Any]) -> str | None:
    """Fullname of what a comment replies to: a bare parent id equal to the submission's id is the submission."""
    parent = data.get("parent_id")
    if parent is None or parent == "" or _PREFIXED.match(str(parent)):
        return parent or None
    link = str(data.get("link_id") or "").removeprefix("t3_")
    return ("t3_" if str(parent) == link else "t1_") + str(parent)


def _url(kind: str, data: dict[str, Any], thing_id: str) -> str | None:
    permalink = data.get("permalink")
    if isinstance(permalink, str) and permalink:
        return permalink if permalink.startswith("http") else SITE + permalink
    sub = data.get("subreddit")
    if not sub:
        return None
    if kind == "t3":
        return f"{SITE}/r/{sub}/comments/{thing_id}/"
    link = str(data.get("link_id") or "").removeprefix("t3_")
    return f"{SITE}/r/{sub}/comments/{link}/_/{thing_id}/" if link else None  # "_" stands for the title slug


def map_thing(kind: str, data: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """(canonical record, None) for a comment ("t1") or submission ("t3"), or (None, reason)."""
    thing_id = data.get("id")
    name = data.get("name") or (f"{kind}_{thing_id}" if thing_id else None)
    if not name:
        return None, f"{kind} without id or name"
    published = iso_from_epoch(data.get("created_utc", data.get("created")))
    if published is None:
        return None, "created_utc is not an epoch time"
    author = data.get("author")
    score = data.get("score")
    record: dict[str, Any] = {
        "platform": PLATFORM,
        "platform_id": str(name),
        "url": _url(kind, data, str(thing_id or str(name)[3:])),
        "author_id": data.get("author_fullname") or author,  # "[deleted]" authors are kept as one pseudo-author
        "author_handle": author,
        "published_at": published,
        # a net score can be negative; it is not a like count then, so it is left out rather than rejected
        "likes": score if isinstance(score, int) and score >= 0 else None,
    }
    if kind == "t3":
        text = data.get("selftext") or None
        record["title"] = unescape(data.get("title")) or None
        record["text"] = None if text in GONE else unescape(text)
        record["replies"] = data.get("num_comments")
        record["share_of_id"] = fullname(data.get("crosspost_parent"), "t3_")
        if record["title"] is None and record["text"] is None:
            return None, "submission without title or text"
    else:
        body = data.get("body")
        if body in GONE:
            return None, f"comment body {body}"
        if not body:
            return None, "comment without body"
        record["text"] = unescape(body)
        record["parent_id"] = _parent(data)
    return record, None


def _add(out: Parsed, position: int, kind: str, data: dict[str, Any]) -> None:
    record, reason = map_thing(kind, data)
    if record is None:
        out.reject(position, reason or "unusable item", data)
    else:
        out.add(position, record)


def _walk_listing(out: Parsed, item_no: Iterator[int], listing: dict[str, Any]) -> None:
    """Every comment and submission of a listing, depth first in page order, replies included.

    An explicit stack rather than recursion: comment trees can nest deeper than Python's recursion limit."""
    stack: list[Any] = [listing]
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            out.reject(next(item_no), "not a Reddit thing", item)
            continue
        kind, data = item.get("kind"), item.get("data")
        if kind == "Listing" and isinstance(data, dict) and isinstance(data.get("children"), list):
            stack.extend(reversed(data["children"]))
        elif kind == "more":
            continue  # a stub of comments not loaded on this page: neither a mention nor an error
        elif kind in ("t1", "t3") and isinstance(data, dict):
            _add(out, next(item_no), kind, data)
            replies = data.get("replies")
            if isinstance(replies, dict):  # "" when there are none
                stack.append(replies)
        else:
            out.reject(next(item_no), f"unsupported Reddit kind {kind!r}", item)


class RedditListing:
    """Reddit API listings: one listing, several (JSON array or JSON Lines of pages), or a comment page
    `[post_listing, comments_listing]` whose comments nest their replies as listings.

    Positions are item numbers in file order (a malformed document counts as one item): a page holds many
    items on one line, and the ingest step needs one position per record."""

    name = "reddit-api"

    def sniff(self, path: Path, head: str) -> bool:
        return head.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") and _LISTING.search(head) is not None

    def parse(self, text: str, path: Path) -> Parsed:
        out = Parsed()
        item_no = count(1)
        for _, doc, error, raw in iter_json_documents(text):
            if error is not None:
                out.reject(next(item_no), error, raw)
            elif isinstance(doc, list) and all(isinstance(d, dict) and d.get("kind") == "Listing" for d in doc):
                for listing in doc:
                    _walk_listing(out, item_no, listing)
            elif isinstance(doc, dict) and doc.get("kind") == "Listing":
                _walk_listing(out, item_no, doc)
            else:
                out.reject(next(item_no), "not a Reddit listing", raw)
        return out


def _dump_kind(obj: dict[str, Any]) -> str | None:
    """ "t1" for a dumped comment, "t3" for a submission, None for anything else."""
    if "body" in obj and ("link_id" in obj or "parent_id" in obj):
        return "t1"
    if "title" in obj and ("selftext" in obj or "subreddit" in obj):
        return "t3"
    return None


_DUMP_KEYS = re.compile(r'"(created_utc|subreddit|author)"\s*:')


class PushshiftDump:
    """Pushshift / Arctic-Shift dumps: one bare comment or submission object per line (no kind wrapper)."""

    name = "reddit-pushshift"

    def sniff(self, path: Path, head: str) -> bool:
        first = head.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
        if not first.startswith("{"):
            return False
        try:
            obj = json.loads(first)
        except json.JSONDecodeError:  # a first line longer than the head: judge by its top-level keys' names
            return (
                len(set(_DUMP_KEYS.findall(first))) == 3
                and '"kind"' not in first[:200]
                and ('"link_id"' in first or '"selftext"' in first)
            )
        return (
            isinstance(obj, dict)
            and "kind" not in obj
            and "created_utc" in obj
            and "subreddit" in obj
            and _dump_kind(obj) is not None
        )

    def parse(self, text: str, path: Path) -> Parsed:
        # Line by line (not str.splitlines: U+2028 and friends may appear raw inside JSON strings): dumps are
        # large, and one object per line is the format, so a bad line costs only itself.
        out = Parsed()
        loads = json.loads
        for no, line in enumerate(text.split("\n"), start=1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = loads(line)
            except json.JSONDecodeError as err:
                out.reject(no, f"malformed JSON: {err.msg}", line)
                continue
            kind = _dump_kind(obj) if isinstance(obj, dict) else None
            if kind is None:
                out.reject(no, "not a Reddit comment or submission", line)
            else:
                _add(out, no, kind, obj)
        return out


FORMATS = [RedditListing(), PushshiftDump()]
