"""X/Twitter files: API v1.1 statuses, API v2 pages (and twarc's flat JSONL), and the X archive's tweets.js.

Choices common to the three formats:
- A tweet embedded in another (the original of a retweet, a quoted tweet, a tweet in v2 ``includes``) is a
  mention too: it is emitted once per file, unless the same tweet is also a top-level item of the file.
- A retweet gets ``share_of_id`` = the original's id and the text ``RT @original_author: <full original text>``
  (the API cuts a retweet's own text at 140 characters). Its likes, shares and replies are 0: the counts the API
  reports on a retweet are the original's, and counting them twice would inflate engagement.
- Without a ``created_at``, the publication time is read from the tweet id (a snowflake id embeds its time).
- A v2 tweet without ``author_id`` (requested without the ``author_id`` field) is left without one, so ingestion
  quarantines it ("missing author_id"): a made-up shared author would distort the community figures. Archive
  tweets get the archive owner's id (see ArchiveTweets).
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reputation.sources.formats.base import Parsed, iter_json_documents

PLATFORM = "twitter"
ARCHIVE_OWNER = "archive-owner"  # author_id of archive tweets when the archive's account.js is not beside tweets.js
TWEPOCH_MS = 1288834974657  # snowflake ids: (id >> 22) + this = milliseconds since the Unix epoch

_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {m: f"{i:02d}" for i, m in enumerate(_MONTH_NAMES, 1)}
_V1_DATE = re.compile(r'"created_at"\s*:\s*"\w{3} \w{3} \d\d \d\d:\d\d:\d\d [+-]\d{4} \d{4}"')
_OPEN_LIST = re.compile(r'\[\s*|\{\s*"([^"\\]+)"\s*:\s*\[\s*')
_ARCHIVE = re.compile(r"\s*window\.YTD\.tweets?\.part\d+\s*=\s*")
_LANG_ALIASES = {"in": "id", "iw": "he"}  # Twitter's legacy codes for Indonesian and Hebrew
# Streaming API control messages: not tweets, rejected with a clear reason.
_STREAM_NOTICES = ("delete", "scrub_geo", "limit", "status_withheld", "user_withheld", "disconnect", "warning")
# Keys that mark a record as canonical or another platform's, never a v2 tweet.
_NOT_V2 = ("platform", "published_at", "id_str", "user", "message", "timestamp", "uri", "content")
_V2_MARKERS = (
    "edit_history_tweet_ids",
    "author_id",
    "conversation_id",
    "public_metrics",
    "referenced_tweets",
    "reply_settings",
    "__twarc",
)


# ---------------------------------------------------------------------------------------------- shared helpers


def _first_document(head: str) -> Any | None:
    """The first JSON document of `head`; if it is cut by the 64 KiB limit, its container with only the first
    item (``[item]`` or ``{"key": [item]}``), which is enough to recognise the shape."""
    text = head.lstrip(" \t\r\n\ufeff")
    decoder = json.JSONDecoder()
    try:
        return decoder.raw_decode(text)[0]
    except json.JSONDecodeError:
        pass
    match = _OPEN_LIST.match(text)
    if not match:
        return None
    try:
        item = decoder.raw_decode(text, match.end())[0]
    except json.JSONDecodeError:
        return None
    return {match.group(1): [item]} if match.group(1) else [item]


def _probe(head: str) -> Any | None:
    """The first document of `head`, or of its second line when the first line is malformed (JSON Lines)."""
    doc = _first_document(head)
    if doc is None and (newline := head.find("\n")) >= 0:
        second = _first_document(head[newline + 1 :])
        return second if isinstance(second, dict) else None
    return doc


def _iso639_1(code: object) -> str | None:
    """ISO 639-1 code from a platform language tag; None for Twitter's pseudo codes (und, qme, zxx...)."""
    if not isinstance(code, str):
        return None
    primary = code.split("-", 1)[0].lower()
    primary = _LANG_ALIASES.get(primary, primary)
    return primary if len(primary) == 2 and primary.isalpha() else None


def _v1_time(value: object) -> str | None:
    """'Wed Oct 10 20:19:24 +0000 2018' -> '2018-10-10T20:19:24+00:00' (plain string slicing: strptime is slow)."""
    if not isinstance(value, str):
        return None
    parts = value.split()
    if len(parts) != 6 or parts[1] not in _MONTHS or len(parts[4]) != 5:
        return None
    _, month, day, clock, offset, year = parts
    return f"{year}-{_MONTHS[month]}-{day.zfill(2)}T{clock}{offset[:3]}:{offset[3:]}"


def _snowflake_time(tweet_id: str) -> str | None:
    """Publication time encoded in a tweet id (ids since November 2010)."""
    if not tweet_id.isdigit() or int(tweet_id) < 1 << 32:  # pre-snowflake ids carry no time
        return None
    ms = (int(tweet_id) >> 22) + TWEPOCH_MS
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _id(obj: dict[str, Any], str_key: str, int_key: str) -> str | None:
    value = obj.get(str_key) or obj.get(int_key)
    return str(value) if value not in (None, "") else None


def _count(value: object) -> int | None:
    """Counts as given (ints, or strings in the archive); anything else is left for validation to reject."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value  # type: ignore[return-value]


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text  # the API escapes &, < and > in tweet texts


def _url(handle: str | None, tweet_id: str) -> str:
    return f"https://x.com/{handle or 'i'}/status/{tweet_id}"


class _Emitter:
    """Collects a file's records: top-level tweets always, embedded tweets once and only if not top-level."""

    def __init__(self) -> None:
        self.parsed = Parsed()
        self.top: set[str] = set()
        self.embedded: dict[str, tuple[int, dict[str, Any]]] = {}

    def top_level(self, position: int, record: dict[str, Any]) -> None:
        self.parsed.add(position, record)
        self.top.add(record["platform_id"])

    def embed(self, position: int, record: dict[str, Any]) -> None:
        self.embedded.setdefault(record["platform_id"], (position, record))

    def finish(self) -> Parsed:
        for tweet_id, (position, record) in self.embedded.items():
            if tweet_id not in self.top:
                self.parsed.add(position, record)
        return self.parsed


def _items(docs: list[tuple[int, Any, str | None, str]], key: str | None) -> Any:
    """(position, item, error, raw) for every item: a document's own line in JSON Lines, the item number when
    the file is one document holding a list (directly, or under `key`)."""
    single = len(docs) == 1
    for line, doc, error, raw in docs:
        if error is not None:
            yield line, None, error, raw
            continue
        inner = doc.get(key) if key and isinstance(doc, dict) and isinstance(doc.get(key), list) else doc
        if isinstance(inner, list):
            for number, item in enumerate(inner, 1):
                yield (number if single else line), item, None, item
        else:
            yield line, doc, None, raw


# ----------------------------------------------------------------------------------------------------- API v1.1


def _is_v1_tweet(obj: object) -> bool:
    return (
        isinstance(obj, dict)
        and ("id_str" in obj or isinstance(obj.get("id"), int))
        and ("text" in obj or "full_text" in obj or "extended_tweet" in obj)
        and _v1_time(obj.get("created_at")) is not None
    )


def _v1_text(tweet: dict[str, Any]) -> str:
    extended = tweet.get("extended_tweet")
    if tweet.get("truncated") and isinstance(extended, dict) and extended.get("full_text"):
        return _unescape(extended["full_text"])
    return _unescape(tweet.get("full_text") or tweet.get("text") or "")


def _v1_record(tweet: dict[str, Any], tweet_id: str, user: dict[str, Any] | None) -> dict[str, Any]:
    user = user or {}
    handle = user.get("screen_name") or None
    return {
        "platform": PLATFORM,
        "platform_id": tweet_id,
        "url": _url(handle, tweet_id),
        "author_id": _id(user, "id_str", "id"),
        "author_handle": handle,
        "author_followers": user.get("followers_count"),
        "text": _v1_text(tweet),
        "lang": _iso639_1(tweet.get("lang")),
        "published_at": _v1_time(tweet.get("created_at")) or _snowflake_time(tweet_id),
        "parent_id": _id(tweet, "in_reply_to_status_id_str", "in_reply_to_status_id"),
        "share_of_id": None,
        "likes": _count(tweet.get("favorite_count")),
        "shares": _sum(_count(tweet.get("retweet_count")), _count(tweet.get("quote_count"))),
        "replies": _count(tweet.get("reply_count")),
    }


def _sum(a: object, b: object) -> object:
    """retweets + quotes when both are numbers; the retweets alone when quotes are not reported."""
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    return a if b is None else (b if a is None else a)


def _map_v1(tweet: dict[str, Any], position: int, out: _Emitter, top: bool) -> None:
    """Emit a v1 tweet and, recursively, the tweets it embeds (retweeted original, quoted tweet)."""
    tweet_id = _id(tweet, "id_str", "id")
    if tweet_id is None:
        return
    record = _v1_record(tweet, tweet_id, tweet.get("user"))
    original, quoted = tweet.get("retweeted_status"), tweet.get("quoted_status")
    if isinstance(original, dict) and (original_id := _id(original, "id_str", "id")):
        handle = (original.get("user") or {}).get("screen_name")
        record["share_of_id"] = original_id
        record["text"] = f"RT @{handle}: {_v1_text(original)}" if handle else record["text"]
        record["likes"] = record["shares"] = record["replies"] = 0
        _map_v1(original, position, out, top=False)
    elif isinstance(quoted, dict):
        record["share_of_id"] = _id(quoted, "id_str", "id") or _id(tweet, "quoted_status_id_str", "quoted_status_id")
    else:
        record["share_of_id"] = _id(tweet, "quoted_status_id_str", "quoted_status_id")
    if isinstance(quoted, dict):
        _map_v1(quoted, position, out, top=False)
    (out.top_level if top else out.embed)(position, record)


class TwitterV1:
    """API v1.1 statuses: a JSON array of tweets, a search response ``{"statuses": [...]}``, JSON Lines of
    tweets (streaming API or twitterdev samples), or several such documents."""

    name = "twitter-v1"

    def sniff(self, path: Path, head: str) -> bool:
        doc = _probe(head)
        if isinstance(doc, dict) and isinstance(doc.get("statuses"), list):
            statuses = doc["statuses"]
            return _is_v1_tweet(statuses[0]) if statuses else "search_metadata" in doc
        if isinstance(doc, list):
            return bool(doc) and _is_v1_tweet(doc[0])
        if isinstance(doc, dict) and not any(k in doc for k in _STREAM_NOTICES):
            return _is_v1_tweet(doc)
        # First document too large, or a stream notice: a v1-style timestamp and id are specific enough.
        return not isinstance(doc, list) and '"id_str"' in head and _V1_DATE.search(head) is not None

    def parse(self, text: str, path: Path) -> Parsed:
        out = _Emitter()
        for position, item, error, raw in _items(list(iter_json_documents(text)), "statuses"):
            if error is not None:
                out.parsed.reject(position, error, raw)
            elif _is_v1_tweet(item):
                _map_v1(item, position, out, top=True)
            elif isinstance(item, dict) and (notice := next((k for k in _STREAM_NOTICES if k in item), None)):
                out.parsed.reject(position, f"stream notice '{notice}', not a tweet", raw)
            else:
                out.parsed.reject(position, "not a v1.1 tweet (no id, text or created_at)", raw)
        return out.finish()


# ------------------------------------------------------------------------------------------------------- API v2


def _is_v2_tweet(obj: object) -> bool:
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("id"), str)
        and isinstance(obj.get("text"), str)
        and not any(k in obj for k in _NOT_V2)
        and any(k in obj for k in _V2_MARKERS)
    )


def _is_v2_page(obj: object) -> bool:
    if not isinstance(obj, dict) or any(k in obj for k in _NOT_V2):
        return False
    data = obj.get("data")
    if isinstance(data, dict):
        data = [data]  # single-tweet lookup
    if isinstance(data, list) and data:
        return _is_v2_tweet(data[0]) or (
            all(isinstance(t, dict) and "id" in t and "text" in t for t in data[:5])
            and ("includes" in obj or "newest_id" in (obj.get("meta") or {}))
        )
    errors = obj.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("type", "")).startswith("https://api.twitter.com/2/problems/")
    meta = obj.get("meta")
    return data is None and isinstance(meta, dict) and "result_count" in meta


def _v2_full_text(tweet: dict[str, Any]) -> str:
    note = tweet.get("note_tweet")
    text = note.get("text") if isinstance(note, dict) and note.get("text") else tweet.get("text") or ""
    return _unescape(text)


def _v2_record(tweet: dict[str, Any], users: dict[str, dict[str, Any]]) -> dict[str, Any]:
    tweet_id = tweet["id"]
    author_id = tweet.get("author_id")
    user = tweet.get("author") if isinstance(tweet.get("author"), dict) else users.get(author_id) or {}
    author_id = author_id or user.get("id")
    handle = user.get("username") or None
    metrics = tweet.get("public_metrics") or {}
    user_metrics = user.get("public_metrics") or {}
    record = {
        "platform": PLATFORM,
        "platform_id": tweet_id,
        "url": _url(handle, tweet_id),
        "author_id": author_id,
        "author_handle": handle,
        "author_followers": user_metrics.get("followers_count"),
        "text": _v2_full_text(tweet),
        "lang": _iso639_1(tweet.get("lang")),
        "published_at": tweet.get("created_at") or _snowflake_time(tweet_id),
        "parent_id": None,
        "share_of_id": None,
        "likes": metrics.get("like_count"),
        "shares": _sum(metrics.get("retweet_count"), metrics.get("quote_count")),
        "replies": metrics.get("reply_count"),
        "views": metrics.get("impression_count"),
    }
    return record


def _link_references(
    record: dict[str, Any], tweet: dict[str, Any], tweets: dict[str, dict[str, Any]], users: dict[str, Any]
) -> list[dict[str, Any]]:
    """Set parent_id / share_of_id from ``referenced_tweets``; return the referenced tweets that are available
    (in ``includes.tweets``, or embedded whole by twarc's flat output)."""
    available = []
    for ref in tweet.get("referenced_tweets") or ():
        if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
            continue
        kind, ref_id = ref.get("type"), ref["id"]
        full = ref if "text" in ref else tweets.get(ref_id)
        if kind == "replied_to":
            record["parent_id"] = ref_id
        elif kind == "retweeted":
            record["share_of_id"] = ref_id
            record["likes"] = record["shares"] = record["replies"] = 0
            record["views"] = None
            if full is not None:
                original = _v2_record(full, users)
                if original["author_handle"]:
                    record["text"] = f"RT @{original['author_handle']}: {original['text']}"
        elif kind == "quoted" and record["share_of_id"] is None:
            record["share_of_id"] = ref_id
        if full is not None:
            available.append(full)
    return available


def _map_v2(tweet: dict[str, Any], position: int, out: _Emitter, tweets: dict, users: dict, top: bool) -> None:
    """Emit a v2 tweet, then the referenced tweets that are available (emitting first stops reference cycles)."""
    record = _v2_record(tweet, users)
    references = _link_references(record, tweet, tweets, users)
    (out.top_level if top else out.embed)(position, record)
    for ref in references:
        if ref["id"] not in out.embedded and ref["id"] not in out.top:
            _map_v2(ref, position, out, tweets, users, top=False)


def _error_reason(error: object) -> str:
    if not isinstance(error, dict):
        return "API error"
    title = error.get("title") or error.get("type") or "error"
    detail = error.get("detail") or error.get("message")
    return f"API error ({title}): {detail}" if detail else f"API error ({title})"


def _parse_v2_page(page: dict[str, Any], position: int, out: _Emitter) -> None:
    includes = page.get("includes") if isinstance(page.get("includes"), dict) else {}
    users = {u["id"]: u for u in includes.get("users") or () if isinstance(u, dict) and "id" in u}
    tweets = {t["id"]: t for t in includes.get("tweets") or () if isinstance(t, dict) and "id" in t}
    data = page.get("data")
    for tweet in [data] if isinstance(data, dict) else data or ():
        if isinstance(tweet, dict) and isinstance(tweet.get("id"), str) and isinstance(tweet.get("text"), str):
            _map_v2(tweet, position, out, tweets, users, top=True)
        else:
            out.parsed.reject(position, "not a v2 tweet (no id or text)", tweet)
    for error in page.get("errors") or ():
        out.parsed.reject(position, _error_reason(error), error)
    for tweet in tweets.values():  # included tweets nobody in this page references still are mentions
        if tweet["id"] not in out.embedded and isinstance(tweet.get("text"), str):
            _map_v2(tweet, position, out, tweets, users, top=False)


class TwitterV2:
    """API v2: response pages ``{"data", "includes", "meta", "errors"}`` (one page, JSON Lines of pages, or an
    array of pages), and twarc's flat JSONL (one tweet per line with its ``author`` embedded)."""

    name = "twitter-v2"

    def sniff(self, path: Path, head: str) -> bool:
        doc = _probe(head)
        if isinstance(doc, list):
            doc = doc[0] if doc else None
        return _is_v2_page(doc) or _is_v2_tweet(doc)

    def parse(self, text: str, path: Path) -> Parsed:
        out = _Emitter()
        for position, item, error, raw in _items(list(iter_json_documents(text)), None):
            if error is not None:
                out.parsed.reject(position, error, raw)
            elif _is_v2_page(item):
                _parse_v2_page(item, position, out)
            elif _is_v2_tweet(item):
                _map_v2(item, position, out, {}, {}, top=True)
            else:
                out.parsed.reject(position, "not a v2 response page or tweet", raw)
        return out.finish()


# ------------------------------------------------------------------------------------------------ X archive


def _archive_owner(path: Path) -> tuple[str, str | None]:
    """(author id, handle) from the archive's account.js beside tweets.js; ARCHIVE_OWNER and None without it."""
    try:
        text = (path.parent / "account.js").read_text(encoding="utf-8-sig")
        account = json.loads(text[text.index("=") + 1 :])[0]["account"]
        return str(account["accountId"]), account.get("username") or None
    except (OSError, ValueError, LookupError, TypeError):
        return ARCHIVE_OWNER, None


class TwitterArchive:
    """The X archive's ``data/tweets.js`` (``window.YTD.tweets.part0 = [{"tweet": {...}}, ...]``): the owner's
    own tweets, in v1.1 fields without a user object.

    The author is read from ``account.js`` in the same folder (id and handle); without it every tweet gets the
    author id ``archive-owner`` and no handle, which still groups the owner's tweets together. Retweets keep
    their ``RT @...`` text: the archive does not say which tweet was retweeted."""

    name = "twitter-archive"

    def sniff(self, path: Path, head: str) -> bool:
        return _ARCHIVE.match(head.lstrip("\ufeff")) is not None

    def parse(self, text: str, path: Path) -> Parsed:
        parsed = Parsed()
        body = text.lstrip("\ufeff")
        match = _ARCHIVE.match(body)
        body = body[match.end() if match else 0 :].rstrip().removesuffix(";")
        author_id, handle = _archive_owner(path)
        user = {"id_str": author_id, "screen_name": handle}
        for position, item, error, raw in _items(list(iter_json_documents(body)), None):
            tweet = item.get("tweet", item) if isinstance(item, dict) else item
            if error is not None:
                parsed.reject(position, error, raw)
            elif isinstance(tweet, dict) and _id(tweet, "id_str", "id") and ("full_text" in tweet or "text" in tweet):
                tweet_id = _id(tweet, "id_str", "id")
                parsed.add(position, _v1_record(tweet, tweet_id, user))  # type: ignore[arg-type]
            else:
                parsed.reject(position, "not an archive tweet (no id or text)", raw)
        return parsed


FORMATS = [TwitterArchive(), TwitterV2(), TwitterV1()]
