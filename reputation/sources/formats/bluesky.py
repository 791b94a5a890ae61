"""Bluesky (AT Protocol) API responses: app.bsky.feed.searchPosts, getAuthorFeed and getPostThread.

A post's platform id is its ``at://`` uri. Posts embedded in a response (the post a quote embeds, the parent and
root shown with a feed item) are mentions too, emitted once per file unless also a top-level post. A repost in
an author feed is its own mention (``share_of_id`` = the reposted post): its id is the repost record's uri when
the API gives it, else ``repost:<reposter DID>:<post uri>`` (a DID reposts a post at most once); it carries the
post's text and 0 likes, shares and replies (the counts belong to the post). Unavailable thread items
(notFoundPost, blockedPost) carry no content and are skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reputation.sources.formats.base import Parsed, iter_json_documents

PLATFORM = "bluesky"
POST_TYPE = "app.bsky.feed.post"
_POST_COLLECTION = f"/{POST_TYPE}/"
_RESPONSE_KEYS = ("posts", "feed", "thread")
_MARKERS = re.compile(r'"\$type"\s*:\s*"app\.bsky\.feed\.post"')
_RESPONSE_KEY = re.compile(r'[{,]\s*"(?:posts|feed|thread)"\s*:\s*[\[{]')


def _is_post_view(obj: object) -> bool:
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("uri"), str)
        and obj["uri"].startswith("at://")
        and isinstance(obj.get("record"), dict)
        and isinstance(obj.get("author"), dict)
    )


def _shape(doc: object) -> str | None:
    """Which response a document is: 'posts', 'feed', 'thread', 'list' (an array of post views), 'view' (one post
    view) or None."""
    if isinstance(doc, list):
        return "list" if doc and _is_post_view(doc[0]) else None
    if not isinstance(doc, dict) or "platform" in doc:
        return None
    if _is_post_view(doc):
        return "view"  # JSON Lines of post views
    if isinstance(doc.get("posts"), list):
        posts = doc["posts"]
        return "posts" if not posts or _is_post_view(posts[0]) else None
    if isinstance(doc.get("feed"), list):
        feed = doc["feed"]
        return "feed" if not feed or (isinstance(feed[0], dict) and _is_post_view(feed[0].get("post"))) else None
    thread = doc.get("thread")
    if isinstance(thread, dict) and (_is_post_view(thread.get("post")) or "threadViewPost" in str(thread.get("$type"))):
        return "thread"
    return None


def _lang(record: dict[str, Any]) -> str | None:
    langs = record.get("langs")
    if not isinstance(langs, list) or not langs or not isinstance(langs[0], str):
        return None
    primary = langs[0].split("-", 1)[0].lower()  # "pt-BR" -> "pt"; 3-letter codes have no ISO 639-1 form
    return primary if len(primary) == 2 and primary.isalpha() else None


def _handle(author: dict[str, Any]) -> str | None:
    handle = author.get("handle")
    return handle if handle and handle != "handle.invalid" else None  # the placeholder of an unresolvable handle


def _post_url(uri: str, author: dict[str, Any]) -> str:
    who = _handle(author) or author.get("did") or uri[5:].split("/", 1)[0]  # bsky.app links also accept DIDs
    return f"https://bsky.app/profile/{who}/post/{uri.rsplit('/', 1)[-1]}"


def _quoted_uri(record: dict[str, Any]) -> str | None:
    """Uri of the post a record quotes (embed.record, or embed.recordWithMedia); feeds and lists do not count."""
    embed = record.get("embed")
    if not isinstance(embed, dict):
        return None
    inner = embed.get("record")
    if isinstance(inner, dict) and isinstance(inner.get("record"), dict):  # recordWithMedia nests one level more
        inner = inner["record"]
    uri = inner.get("uri") if isinstance(inner, dict) else None
    return uri if isinstance(uri, str) and _POST_COLLECTION in uri else None


def _sum(a: object, b: object) -> object:
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    return a if b is None else (b if a is None else a)


def _post_record(view: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """Canonical record of a post view (``record``) or an embedded viewRecord (``value``)."""
    uri, author = view["uri"], view["author"]
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, dict) else None
    return {
        "platform": PLATFORM,
        "platform_id": uri,
        "url": _post_url(uri, author),
        "author_id": author.get("did"),
        "author_handle": _handle(author),
        "author_followers": author.get("followersCount"),
        "text": record.get("text"),
        "lang": _lang(record),
        "published_at": record.get("createdAt") or view.get("indexedAt"),
        "parent_id": parent.get("uri") if isinstance(parent, dict) else None,
        "share_of_id": _quoted_uri(record),
        "likes": view.get("likeCount"),
        "shares": _sum(view.get("repostCount"), view.get("quoteCount")),
        "replies": view.get("replyCount"),
    }


def _embedded_post(view: dict[str, Any]) -> dict[str, Any] | None:
    """The quoted post shown in a post view's embed (a viewRecord of a post), if any."""
    embed = view.get("embed")
    if not isinstance(embed, dict):
        return None
    inner = embed.get("record")
    if isinstance(inner, dict) and isinstance(inner.get("record"), dict):
        inner = inner["record"]
    is_post = (
        isinstance(inner, dict)
        and isinstance(inner.get("value"), dict)
        and isinstance(inner.get("author"), dict)
        and isinstance(inner.get("uri"), str)
        and inner["value"].get("$type") == POST_TYPE
    )
    return inner if is_post else None


class _Emitter:
    """A file's records: top-level posts always, embedded posts once and only if not top-level."""

    def __init__(self) -> None:
        self.parsed = Parsed()
        self.top: set[str] = set()
        self.embedded: dict[str, tuple[int, dict[str, Any]]] = {}

    def post(self, position: int, view: object, top: bool = True) -> None:
        if not _is_post_view(view):
            if top:
                self.parsed.reject(position, "not a Bluesky post view (no at:// uri, record or author)", view)
            return
        self.emit(position, _post_record(view, view["record"]), top)  # type: ignore[index]
        quoted = _embedded_post(view)  # type: ignore[arg-type]
        if quoted is not None:
            self.emit(position, _post_record(quoted, quoted["value"]), top=False)

    def emit(self, position: int, record: dict[str, Any], top: bool) -> None:
        if top:
            self.parsed.add(position, record)
            self.top.add(record["platform_id"])
        else:
            self.embedded.setdefault(record["platform_id"], (position, record))

    def finish(self) -> Parsed:
        for uri, (position, record) in self.embedded.items():
            if uri not in self.top:
                self.parsed.add(position, record)
        return self.parsed


def _repost(item: dict[str, Any], post: dict[str, Any]) -> dict[str, Any] | None:
    """The share record of a feed item whose ``reason`` is a repost; None for other reasons (pins)."""
    reason = item.get("reason")
    if not isinstance(reason, dict) or "reasonRepost" not in str(reason.get("$type")):
        return None
    by = reason.get("by") if isinstance(reason.get("by"), dict) else {}
    did = by.get("did")
    uri = reason.get("uri") or f"repost:{did}:{post['uri']}"
    return {
        "platform": PLATFORM,
        "platform_id": uri,
        "url": _post_url(post["uri"], post["author"]),  # a repost has no page of its own
        "author_id": did,
        "author_handle": _handle(by),
        "author_followers": by.get("followersCount"),
        "text": post["record"].get("text"),
        "lang": _lang(post["record"]),
        "published_at": reason.get("indexedAt") or post.get("indexedAt"),
        "share_of_id": post["uri"],
        "likes": 0,
        "shares": 0,
        "replies": 0,
    }


def _feed(items: list[Any], line: int, single: bool, out: _Emitter) -> None:
    for number, item in enumerate(items, 1):
        position = number if single else line
        post = item.get("post") if isinstance(item, dict) else None
        if not _is_post_view(post):
            out.parsed.reject(position, "not a Bluesky feed item (no post view)", item)
            continue
        out.post(position, post)
        repost = _repost(item, post)  # type: ignore[arg-type]
        if repost is not None:
            out.emit(position, repost, top=True)
        reply = item.get("reply")
        if isinstance(reply, dict):  # parent and root shown for context; notFound/blocked ones are skipped
            for key in ("parent", "root"):
                out.post(position, reply.get(key), top=False)


def _thread(thread: dict[str, Any], position: int, out: _Emitter) -> None:
    """Walk a threadViewPost: the post, its parents upwards and its replies downwards (no recursion limit)."""
    stack: list[Any] = [thread]
    seen: set[str] = set()
    while stack:
        node = stack.pop()
        post = node.get("post") if isinstance(node, dict) else None
        if not _is_post_view(post) or post["uri"] in seen:  # type: ignore[index]
            continue  # notFoundPost / blockedPost carry nothing to map
        seen.add(post["uri"])  # type: ignore[index]
        out.post(position, post)
        stack.append(node.get("parent"))
        stack.extend(node.get("replies") or ())


class BlueskyPosts:
    """Responses of app.bsky.feed.searchPosts (``{"posts"}``), getAuthorFeed (``{"feed"}``) and getPostThread
    (``{"thread"}``), one per file, as JSON Lines of pages, or a bare array of post views."""

    name = "bluesky"

    def sniff(self, path: Path, head: str) -> bool:
        text = head.lstrip(" \t\r\n\ufeff")
        try:
            return _shape(json.JSONDecoder().raw_decode(text)[0]) is not None
        except json.JSONDecodeError:  # first document cut by the 64 KiB head: look for the response's landmarks
            return text[:1] == "{" and bool(_RESPONSE_KEY.search(text)) and bool(_MARKERS.search(text))

    def parse(self, text: str, path: Path) -> Parsed:
        out = _Emitter()
        docs = list(iter_json_documents(text))
        single = len(docs) == 1
        for line, doc, error, raw in docs:
            shape = _shape(doc)
            if error is not None:
                out.parsed.reject(line, error, raw)
            elif shape == "thread":
                _thread(doc["thread"], line, out)
            elif shape == "feed":
                _feed(doc["feed"], line, single, out)
            elif shape in ("posts", "list"):
                views = doc if shape == "list" else doc["posts"]
                for number, view in enumerate(views, 1):
                    out.post(number if single else line, view)
            elif shape == "view":
                out.post(line, doc)
            else:
                out.parsed.reject(line, "not a Bluesky searchPosts, getAuthorFeed or getPostThread response", raw)
        return out.finish()


FORMATS = [BlueskyPosts()]
