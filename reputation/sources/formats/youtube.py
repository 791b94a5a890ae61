"""YouTube Data API v3 comments: commentThreads.list and comments.list responses.

A file holds one response, several pages (JSON array or JSON Lines), or bare thread / comment resources. A
thread gives its top-level comment and the replies it embeds (the API embeds at most a few; comments.list
with parentId returns the rest, and those pages load the same way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import count
from pathlib import Path
from typing import Any

from reputation.sources.formats.base import Parsed, html_to_text, iter_json_documents

PLATFORM = "youtube"
_KIND = re.compile(r'"kind"\s*:\s*"youtube#comment(Thread)?(ListResponse)?"')
LIST_KINDS = frozenset({"youtube#commentThreadListResponse", "youtube#commentListResponse"})


def map_comment(comment: dict[str, Any], video_id: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """(canonical record, None) for a youtube#comment resource, or (None, reason)."""
    comment_id = comment.get("id")
    snippet = comment.get("snippet")
    if not comment_id or not isinstance(snippet, dict):
        return None, "comment without id or snippet"
    channel = snippet.get("authorChannelId")
    video_id = snippet.get("videoId") or video_id
    return {
        "platform": PLATFORM,
        "platform_id": comment_id,
        "url": f"https://www.youtube.com/watch?v={video_id}&lc={comment_id}" if video_id else None,
        "author_id": channel.get("value") if isinstance(channel, dict) else None,
        "author_handle": snippet.get("authorDisplayName"),
        "text": html_to_text(snippet.get("textDisplay")) or snippet.get("textOriginal"),
        "published_at": snippet.get("publishedAt"),
        "parent_id": snippet.get("parentId") or None,
        "likes": snippet.get("likeCount"),
    }, None


def _add(out: Parsed, item_no: Iterator[int], comment: Any, video_id: str | None, replies: Any = None) -> None:
    record, reason = map_comment(comment, video_id) if isinstance(comment, dict) else (None, "comment not an object")
    if record is None:
        out.reject(next(item_no), reason or "unusable comment", comment)
        return
    if replies is not None:
        record["replies"] = replies
    out.add(next(item_no), record)


def _thread(out: Parsed, item_no: Iterator[int], thread: dict[str, Any]) -> None:
    snippet = thread.get("snippet")
    if not isinstance(snippet, dict) or not isinstance(snippet.get("topLevelComment"), dict):
        out.reject(next(item_no), "thread without topLevelComment", thread)
        return
    video_id = snippet.get("videoId")
    _add(out, item_no, snippet["topLevelComment"], video_id, snippet.get("totalReplyCount"))
    replies = thread.get("replies")
    comments = replies.get("comments") if isinstance(replies, dict) else None
    for reply in comments if isinstance(comments, list) else ():
        _add(out, item_no, reply, video_id)


def _item(out: Parsed, item_no: Iterator[int], item: Any) -> None:
    """A response page, a thread or a comment; anything else is rejected."""
    kind = item.get("kind") if isinstance(item, dict) else None
    if kind in LIST_KINDS:
        items = item.get("items")
        for sub in items if isinstance(items, list) else ():
            if isinstance(sub, dict) and sub.get("kind") in LIST_KINDS:  # no nesting of pages
                out.reject(next(item_no), "not a YouTube thread or comment", sub)
            else:
                _item(out, item_no, sub)
    elif kind == "youtube#commentThread":
        _thread(out, item_no, item)
    elif kind == "youtube#comment":
        _add(out, item_no, item, None)
    else:
        out.reject(next(item_no), "not a YouTube thread or comment", item)


class YouTubeComments:
    """commentThreads.list / comments.list responses (one, several pages) and bare thread / comment items."""

    name = "youtube-comments"

    def sniff(self, path: Path, head: str) -> bool:
        return head.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") and _KIND.search(head) is not None

    def parse(self, text: str, path: Path) -> Parsed:
        out = Parsed()
        item_no = count(1)  # positions are item numbers: a page holds many comments on one line
        for _, doc, error, raw in iter_json_documents(text):
            if error is not None:
                out.reject(next(item_no), error, raw)
            elif isinstance(doc, list):
                for item in doc:
                    _item(out, item_no, item)
            else:
                _item(out, item_no, doc)
        return out


FORMATS = [YouTubeComments()]
