"""Mastodon: API Status entities (timeline pages, a status context) and ActivityPub outboxes.

Rules, chosen so that the same post and the same person get the same ids whichever instance served the file:

- platform_id is the status `uri` (its ActivityPub id), unique across the fediverse; the API `id` is only
  an id local to the instance that answered.
- author_id is the account's address `username@home-host`: the `acct` when it has a domain (remote account),
  else the username with the host of `account.url` (account local to the answering instance).
- `in_reply_to_id` is one of those local ids: it becomes the parent's `uri` when the parent is anywhere in the
  same file (before or after, in a page, a context or inside a boost), else ``local:<host>:<id>``, with the
  host of the answering instance (guessed from the file's local accounts). ActivityPub `inReplyTo` is already
  the parent's uri.
- A boost (`reblog`, `Announce`) is a mention of its own, with share_of_id = the original's uri and the
  original's text (as a retweet carries the tweet's text); the original is emitted once too.
- Direct messages (visibility "direct") are rejected with a reason; public, unlisted and followers-only are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reputation.sources.formats.base import Parsed, html_to_text, iter_json_documents

PLATFORM = "mastodon"
NOT_PUBLIC = frozenset({"direct"})  # direct messages are private conversations, not mentions
_STATUS_KEYS = ('"favourites_count"', '"reblogs_count"', '"account"', '"uri"')
_AP_COLLECTION = re.compile(r'"type"\s*:\s*"OrderedCollection(Page)?"')
_ACTOR_PATH = re.compile(r"^/(?:users/|@)([^/@]+)/?$")


def _host(url: Any) -> str:
    return urlsplit(url).netloc if isinstance(url, str) else ""


def account_id(account: dict[str, Any]) -> str | None:
    """Global address `username@home-host` of an API Account."""
    acct = account.get("acct") or account.get("username")
    if not acct:
        return None
    if "@" in acct:
        return acct
    host = _host(account.get("url")) or _host(account.get("uri"))
    return f"{acct}@{host}" if host else acct


def actor_id(actor: Any) -> str | None:
    """`username@host` from an ActivityPub actor URI (Mastodon's /users/<name>), else the URI itself."""
    if isinstance(actor, dict):
        actor = actor.get("id")
    if not isinstance(actor, str) or not actor:
        return None
    parts = urlsplit(actor)
    match = _ACTOR_PATH.match(parts.path)
    return f"{match.group(1)}@{parts.netloc}" if match and parts.netloc else actor


def _media_text(attachments: Any) -> str:
    """Alt texts of a media-only post, so it is not an empty mention."""
    if not isinstance(attachments, list):
        return ""
    return "\n".join(a["description"] for a in attachments if isinstance(a, dict) and a.get("description"))


class _Statuses:
    """Statuses of one file, flattened (boosted originals included), so replies can be linked across it."""

    def __init__(self) -> None:
        # (position, status, position of the boosted original): positions are item numbers in file order, as a
        # page holds many statuses on one line and the ingest step needs one position per record
        self.items: list[tuple[int, dict[str, Any], int]] = []
        self.uri_of: dict[str, str] = {}  # local API id -> uri
        self.local_hosts: list[str] = []

    def collect(self, item_no: Iterator[int], status: dict[str, Any]) -> None:
        position = next(item_no)
        reblog = status.get("reblog")
        self.items.append((position, status, next(item_no) if isinstance(reblog, dict) else position))
        self._index(status)
        if isinstance(reblog, dict):
            self._index(reblog)

    def _index(self, status: dict[str, Any]) -> None:
        local_id, uri = status.get("id"), status.get("uri")
        if local_id is not None and isinstance(uri, str):
            self.uri_of[str(local_id)] = uri
        account = status.get("account")
        if not self.local_hosts and isinstance(account, dict) and "@" not in str(account.get("acct", "@")):
            self.local_hosts.append(_host(account.get("url")))

    def parent(self, status: dict[str, Any]) -> str | None:
        local_id = status.get("in_reply_to_id")
        if local_id is None or local_id == "":
            return None
        local_id = str(local_id)
        if local_id in self.uri_of:
            return self.uri_of[local_id]
        host = self.local_hosts[0] if self.local_hosts else _host(status.get("uri"))
        return f"local:{host}:{local_id}"


def map_status(status: dict[str, Any], statuses: _Statuses) -> tuple[dict[str, Any] | None, str | None]:
    """(canonical record, None) for an API Status, or (None, reason)."""
    uri = status.get("uri")
    if not isinstance(uri, str) or not uri:
        return None, "status without uri"
    if status.get("visibility") in NOT_PUBLIC:
        return None, f"not public (visibility {status['visibility']})"
    account = status.get("account") if isinstance(status.get("account"), dict) else {}
    reblog = status.get("reblog") if isinstance(status.get("reblog"), dict) else None
    shown = reblog or status  # a boost has no content of its own
    return {
        "platform": PLATFORM,
        "platform_id": uri,
        "url": status.get("url") or uri,
        "author_id": account_id(account),
        "author_handle": account.get("acct"),
        "author_followers": account.get("followers_count"),
        "title": shown.get("spoiler_text") or None,
        "text": html_to_text(shown.get("content")) or _media_text(shown.get("media_attachments")),
        "lang": shown.get("language"),
        "published_at": status.get("created_at"),
        "parent_id": statuses.parent(status),
        "share_of_id": reblog.get("uri") if reblog else None,
        "likes": status.get("favourites_count"),
        "shares": status.get("reblogs_count"),
        "replies": status.get("replies_count"),
    }, None


def _lang(note: dict[str, Any]) -> str | None:
    content_map = note.get("contentMap")
    return next(iter(content_map), None) if isinstance(content_map, dict) and content_map else None


def _total(collection: Any) -> int | None:
    return collection.get("totalItems") if isinstance(collection, dict) else None


def map_note(note: dict[str, Any], actor: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(canonical record, None) for an ActivityPub Note, or (None, reason)."""
    uri = note.get("id")
    if not isinstance(uri, str) or not uri:
        return None, "Note without id"
    author = actor_id(note.get("attributedTo") or actor)
    url = note.get("url")
    if isinstance(url, dict | list):  # a Link object or several: keep the first href
        first = url[0] if isinstance(url, list) and url else url
        url = first.get("href") if isinstance(first, dict) else first
    return {
        "platform": PLATFORM,
        "platform_id": uri,
        "url": url or uri,
        "author_id": author,
        "author_handle": author,
        "title": note.get("summary") or None,
        "text": html_to_text(note.get("content")) or _media_text(note.get("attachment")),
        "lang": _lang(note),
        "published_at": note.get("published"),
        "parent_id": note.get("inReplyTo") or None,
        "replies": _total(note.get("replies")),
        "likes": _total(note.get("likes")),
        "shares": _total(note.get("shares")),
    }, None


def _ordered_items(collection: dict[str, Any]) -> list[Any]:
    """Activities of an outbox collection or page (a collection may embed its first page)."""
    items = collection.get("orderedItems")
    if items is None and isinstance(collection.get("first"), dict):
        items = collection["first"].get("orderedItems")
    return items if isinstance(items, list) else []


def _parse_outbox(out: Parsed, item_no: Iterator[int], collection: dict[str, Any]) -> None:
    activities = [a for a in _ordered_items(collection) if isinstance(a, dict)]
    objects = [a["object"] for a in activities if isinstance(a.get("object"), dict)]
    notes = {o["id"]: o for o in objects if isinstance(o.get("id"), str)}
    for activity in _ordered_items(collection):
        kind = activity.get("type") if isinstance(activity, dict) else None
        if kind == "Create" and isinstance(activity.get("object"), dict):
            record, reason = map_note(activity["object"], activity.get("actor"))
        elif kind == "Announce":
            record, reason = _map_announce(activity, notes)
        else:
            record, reason = None, f"unsupported activity {kind!r}"
        if record is None:
            out.reject(next(item_no), reason or "unusable activity", activity)
        else:
            out.add(next(item_no), record)


def _map_announce(activity: dict[str, Any], notes: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """A boost; its text is the original's, so the original must be in the file (it usually is only a uri)."""
    target = activity.get("object")
    original = target if isinstance(target, dict) else notes.get(target)
    target_uri = original.get("id") if isinstance(original, dict) else target
    if not isinstance(activity.get("id"), str) or not isinstance(target_uri, str):
        return None, "Announce without id or object"
    if original is None:
        return None, "boost of a status not in the file (no text)"
    author = actor_id(activity.get("actor"))
    return {
        "platform": PLATFORM,
        "platform_id": activity["id"],
        "url": activity["id"],
        "author_id": author,
        "author_handle": author,
        "title": original.get("summary") or None,
        "text": html_to_text(original.get("content")),
        "lang": _lang(original),
        "published_at": activity.get("published"),
        "share_of_id": target_uri,
    }, None


def _is_status(obj: Any) -> bool:
    return isinstance(obj, dict) and "uri" in obj and "account" in obj and "created_at" in obj


class MastodonFormat:
    """Mastodon API statuses (array, JSON Lines, timeline pages), contexts, and ActivityPub outboxes."""

    name = "mastodon"

    def sniff(self, path: Path, head: str) -> bool:
        start = head.lstrip("\ufeff \t\r\n")[:1]
        if start not in ("{", "["):
            return False
        if _AP_COLLECTION.search(head):
            return '"orderedItems"' in head or '"first"' in head
        if '"ancestors"' in head and '"descendants"' in head:
            return '"account"' in head or '"descendants": []' in head or '"descendants":[]' in head
        return all(key in head for key in _STATUS_KEYS)

    def parse(self, text: str, path: Path) -> Parsed:
        out = Parsed()
        statuses = _Statuses()
        item_no = count(1)
        for _, doc, error, raw in iter_json_documents(text):
            if error is not None:
                out.reject(next(item_no), error, raw)
            elif isinstance(doc, dict) and doc.get("type") in ("OrderedCollection", "OrderedCollectionPage"):
                _parse_outbox(out, item_no, doc)
            else:
                self._collect(out, statuses, item_no, doc)
        self._emit(out, statuses)
        return out

    @staticmethod
    def _collect(out: Parsed, statuses: _Statuses, item_no: Iterator[int], doc: Any) -> None:
        if isinstance(doc, dict) and ("ancestors" in doc or "descendants" in doc):
            items = [*(doc.get("ancestors") or []), *(doc.get("descendants") or [])]
        else:
            items = doc if isinstance(doc, list) else [doc]
        for item in items:
            if _is_status(item):
                statuses.collect(item_no, item)
            else:
                out.reject(next(item_no), "not a Mastodon status", item)

    @staticmethod
    def _emit(out: Parsed, statuses: _Statuses) -> None:
        listed = {s["uri"] for _, s, _ in statuses.items if isinstance(s["uri"], str)}
        emitted: set[str] = set()
        for position, status, original_position in statuses.items:
            reblog = status.get("reblog")
            # the boosted original, once, unless the file has it on its own
            uri = reblog.get("uri") if _is_status(reblog) else None
            if isinstance(uri, str) and uri not in listed and uri not in emitted:
                emitted.add(uri)
                _add(out, original_position, reblog, statuses)
            _add(out, position, status, statuses)


def _add(out: Parsed, position: int, status: dict[str, Any], statuses: _Statuses) -> None:
    record, reason = map_status(status, statuses)
    if record is None:
        out.reject(position, reason or "unusable status", status)
    else:
        out.add(position, record)


FORMATS = [MastodonFormat()]
