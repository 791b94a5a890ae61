"""Facebook and Instagram: Graph API pages (comments edges, page feeds, Instagram media and comments) and the
Facebook "Download Your Information" (DYI) JSON export.

Graph API rules:

- platform_id is the Graph `id`. Comments fetched without `id` (as in many `fields=` selections) get it from their
  `permalink_url` (`.../posts/<post>/?comment_id=<c>[&reply_comment_id=<r>]` -> `<post>_<r or c>`, the Graph comment
  id form), and their parent from it too: the comment `<post>_<c>` for a reply, else the post `<page>_<post>`.
- A comment's `parent.id` (or Instagram's `parent_id`) is its parent_id; comments embedded in a post or a comment
  (`comments` / `replies` edges with `data`) are emitted too, with the enclosing item as parent.
- Comments read without a page token carry no `from`: their author_id is then ``anonymous`` (one pseudo-author,
  like Reddit's "[deleted]"), so the text still counts and influence analysis sees one faceless account.
- likes = `like_count` or the `reactions` / `likes` summary total; replies = `comment_count` / `comments_count` or
  the `comments` summary total; shares = `shares.count`. created_time "+0000" offsets become "+00:00".
- Items with `timestamp` and `username` / `media_type` / `caption` are Instagram (platform "instagram").

DYI rules (the export has no ids nor urls): strings are repaired from mojibake (UTF-8 bytes stored as latin-1
escapes); platform_id = ``dyi:<epoch>:<first 12 hex of SHA-1 of the text>``, stable across re-exports so that
ingesting the next export adds only new posts. author_id is the comment's `author`, else the name that starts the
entry's title ("Jean Dupont updated his status."), else ``dyi-owner``. The title is an activity line, not a post
title, so it is not mapped. Entries without text (photos, check-ins) are rejected with a reason.

Positions are item numbers (1-based, across the file); a document that is not JSON is reported at its line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from reputation.sources.formats.base import Parsed, iso_from_epoch, iter_json_documents

ANONYMOUS = "anonymous"  # author of Graph comments served without `from`
DYI_OWNER = "dyi-owner"  # author of DYI entries whose author cannot be read
_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")
_POST_PERMALINK = re.compile(r"facebook\.com/(\d+)/posts/(\d+)")
_JSON_START = ("{", "[")
# Graph timestamps always carry a 4-digit offset ("+0000"), which canonical and other platforms' files do not
_FB_TIME = re.compile(r'"created_time"\s*:\s*"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"')
_IG_TIME = re.compile(r'"timestamp"\s*:\s*"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}"')
_IG_KEYS = re.compile(r'"(username|media_type|caption)"\s*:')
_DYI_LISTS = re.compile(r'"(comments_v2|group_comments_v2|group_posts_v2|status_updates_v2)"\s*:\s*\[')
_DYI_ENTRY = re.compile(r'"timestamp"\s*:\s*\d{9,10}\b')
_DYI_DATA = re.compile(r'"data"\s*:\s*\[\s*\{\s*"(post|comment|update_timestamp)"\s*:')
_TITLE_AUTHOR = re.compile(
    r"^(.+?) (?:updated|shared|posted|wrote|commented|replied|added|created|changed|uploaded|was|is)\b"
)


def iso_from_graph(value: Any) -> str | None:
    """ISO 8601 from a Graph API time ("2019-02-25T08:14:38+0000"), or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(_OFFSET.sub(r"\1:\2", value.strip())).isoformat()
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    """A whole count, or None: the ingest layer validates ranges, this only unwraps the Graph shapes."""
    if isinstance(value, dict):  # {"count": n} (shares) or {"summary": {"total_count": n}} (reactions, comments)
        value = value.get("count", (value.get("summary") or {}).get("total_count"))
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ids_from_permalink(url: Any) -> tuple[str | None, str | None]:
    """(comment id, parent id) read from a comment's permalink, or (None, None)."""
    if not isinstance(url, str):
        return None, None
    match = _POST_PERMALINK.search(url)
    if not match:
        return None, None
    page, post = match.groups()
    query = parse_qs(urlsplit(url).query)
    comment, reply = query.get("comment_id", [None])[0], query.get("reply_comment_id", [None])[0]
    if reply and comment:
        return f"{post}_{reply}", f"{post}_{comment}"
    if comment:
        return f"{post}_{comment}", f"{page}_{post}"
    return f"{page}_{post}", None  # the permalink of a post


def is_instagram(item: dict[str, Any]) -> bool:
    return (
        "timestamp" in item
        and "created_time" not in item
        and any(k in item for k in ("username", "media_type", "caption"))
    )


def map_graph_item(item: dict[str, Any], parent: str | None) -> tuple[dict[str, Any] | None, str | None]:
    """(canonical record, None) for a Graph post, comment or Instagram media / comment, or (None, reason)."""
    instagram = is_instagram(item)
    url = item.get("permalink_url") or item.get("permalink")
    derived_id, derived_parent = _ids_from_permalink(url)
    item_id = item.get("id") or derived_id
    if not item_id and not url:
        return None, "item without id or permalink"
    published = iso_from_graph(item.get("timestamp" if instagram else "created_time"))
    if published is None:
        return None, "timestamp is not a date-time" if instagram else "created_time is not a date-time"
    text = (item.get("text") or item.get("caption")) if instagram else item.get("message")
    if not isinstance(text, str) or not text.strip():
        return None, "item without text" if instagram else "item without message"
    author = item.get("from") if isinstance(item.get("from"), dict) else item.get("owner")
    author = author if isinstance(author, dict) else {}
    handle = author.get("username") or author.get("name") or item.get("username")
    parent_field = item.get("parent")
    own_parent = (
        parent_field.get("id") if isinstance(parent_field, dict) else item.get("parent_id") if instagram else None
    )
    record: dict[str, Any] = {
        "platform": "instagram" if instagram else "facebook",
        "platform_id": str(item_id) if item_id else None,
        "url": url if isinstance(url, str) else None,
        "author_id": str(author.get("id") or handle or ANONYMOUS),
        "author_handle": handle,
        "text": text,
        "published_at": published,
        "parent_id": own_parent or parent or derived_parent,
        "likes": _count(item.get("like_count", item.get("reactions", item.get("likes")))),
        "shares": _count(item.get("shares")),
        "replies": _count(item.get("comment_count", item.get("comments_count", item.get("comments")))),
    }
    return record, None


def _embedded(item: dict[str, Any]) -> list[Any]:
    """Comments nested in a post (`comments`) or a comment (`comments`, Instagram `replies`)."""
    out: list[Any] = []
    for key in ("comments", "replies"):
        edge = item.get(key)
        if isinstance(edge, dict) and isinstance(edge.get("data"), list):
            out += edge["data"]
    return out


def _pages(doc: Any) -> Iterator[list[Any]] | None:
    """The item lists of a document: a page `{"data": [...]}`, a list of pages, or an object with edges."""
    if isinstance(doc, dict) and isinstance(doc.get("data"), list):
        return iter([doc["data"]])
    if isinstance(doc, dict):  # e.g. /{page-id}?fields=posts{...}: edges of one object
        edges = [v["data"] for v in doc.values() if isinstance(v, dict) and isinstance(v.get("data"), list)]
        if edges:
            return iter(edges)
        if "created_time" in doc or "timestamp" in doc:  # one item fetched by id
            return iter([[doc]])
        return None
    if isinstance(doc, list):
        if all(isinstance(d, dict) and isinstance(d.get("data"), list) for d in doc):
            return iter([d["data"] for d in doc])
        return iter([doc])  # a bare list of items
    return None


class GraphApi:
    """Facebook / Instagram Graph API responses: pages of posts, comments or media, alone, in a JSON array
    or in JSON Lines."""

    name = "facebook-graph"

    def sniff(self, path: Path, head: str) -> bool:
        if head.lstrip("\ufeff \t\r\n")[:1] not in _JSON_START or '"data"' not in head:
            return False
        return bool(_FB_TIME.search(head) or (_IG_TIME.search(head) and _IG_KEYS.search(head)))

    def parse(self, text: str, path: Path) -> Parsed:
        out = Parsed()
        position = 0
        for line, doc, error, raw in iter_json_documents(text):
            pages = None if error else _pages(doc)
            if pages is None:
                position += 1
                out.reject(line, error or "not a Graph API page", raw)
                continue
            for items in pages:
                # explicit stack of (item, parent id): replies nest, and depth must not hit the recursion limit
                stack: list[tuple[Any, str | None]] = [(i, None) for i in reversed(items)]
                while stack:
                    item, parent = stack.pop()
                    position += 1
                    if not isinstance(item, dict):
                        out.reject(position, "not a Graph API object", item)
                        continue
                    record, reason = map_graph_item(item, parent)
                    if record is None:
                        out.reject(position, reason or "unusable item", item)
                    else:
                        out.add(position, record)
                    own_id = record["platform_id"] if record else item.get("id")
                    stack += [(child, own_id) for child in reversed(_embedded(item))]
        return out


def fix_mojibake(value: str) -> str:
    """Undo DYI's encoding bug (UTF-8 bytes escaped as latin-1 code points); other strings are returned as is."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _dyi_entries(doc: Any) -> list[Any] | None:
    """Entries of a DYI file: a top-level list (your_posts_1.json) or the lists of a wrapping object."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list)]
        return [e for lst in lists for e in lst] if lists else None
    return None


def _dyi_text_author(entry: dict[str, Any]) -> tuple[str | None, str | None, Any]:
    """(text, author, timestamp) of a DYI entry: the `post`, or the `comment` object of its `data` list."""
    text, author, stamp = None, None, entry.get("timestamp")
    for part in entry.get("data") or []:
        if not isinstance(part, dict):
            continue
        if isinstance(part.get("post"), str):
            text = text or part["post"]
        comment = part.get("comment")
        if isinstance(comment, dict):
            text = text or comment.get("comment")
            author = author or comment.get("author")
            stamp = comment.get("timestamp") or stamp
        elif isinstance(comment, str):
            text = text or comment
    return text, author, stamp


def map_dyi_entry(entry: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(canonical record, None) for a DYI post or comment, or (None, reason)."""
    if not isinstance(entry, dict):
        return None, "not a DYI entry"
    text, author, stamp = _dyi_text_author(entry)
    published = iso_from_epoch(stamp)
    if published is None:
        return None, "timestamp is not an epoch time"
    if not isinstance(text, str) or not text.strip():
        return None, "entry without post or comment text"
    text = fix_mojibake(text)
    if not isinstance(author, str) or not author:
        title = fix_mojibake(entry.get("title") or "") if isinstance(entry.get("title"), str) else ""
        match = _TITLE_AUTHOR.match(title)
        author = match.group(1) if match else DYI_OWNER
    author = fix_mojibake(author)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    record = {
        "platform": "facebook",
        "platform_id": f"dyi:{int(float(stamp))}:{digest}",
        "author_id": author,
        "author_handle": None if author == DYI_OWNER else author,
        "text": text,
        "published_at": published,
    }
    return record, None


class FacebookDyi:
    """Facebook "Download Your Information" JSON: your_posts_*.json, comments.json, group posts and comments."""

    name = "facebook-dyi"

    def sniff(self, path: Path, head: str) -> bool:
        if head.lstrip("\ufeff \t\r\n")[:1] not in _JSON_START:
            return False
        return bool(_DYI_LISTS.search(head) or (_DYI_ENTRY.search(head) and _DYI_DATA.search(head)))

    def parse(self, text: str, path: Path) -> Parsed:
        out = Parsed()
        position = 0
        for line, doc, error, raw in iter_json_documents(text):
            entries = None if error else _dyi_entries(doc)
            if entries is None:
                position += 1
                out.reject(line, error or "not a DYI export", raw)
                continue
            for entry in entries:
                position += 1
                record, reason = map_dyi_entry(entry)
                if record is None:
                    out.reject(position, reason or "unusable entry", entry)
                else:
                    out.add(position, record)
        return out


FORMATS = [GraphApi(), FacebookDyi()]
