"""Reviews: Google Places Details responses and Trustpilot-style review exports (platform "review").

Rules:

- The star rating has no canonical column, so it leads the title: ``★4 Sacré-Cœur`` (Google: the place's name;
  Trustpilot: the review's title). Analysts filter on it with ``title LIKE '★1 %'``; a review without a rating
  gets no prefix.
- Google reviews have no id; a Google user has one review per place, so platform_id is
  ``google:<place_id>:<contributor id>`` (the number in `author_url`; the review's epoch `time` without one). An
  edited review keeps its id and is therefore not loaded twice. url is the place's Maps page, author_id the
  contributor id (or the author's name without one).
- Trustpilot-style reviews: platform_id ``trustpilot:<id>``; a `companyReply` becomes a mention of its own,
  ``trustpilot:<id>:reply``, replying to the review, authored by the business unit (or ``company``), so the
  brand's responses are visible in threads.
- A Google response whose status is not "OK" (NOT_FOUND, REQUEST_DENIED, ...) is rejected with its status.

Positions are item numbers (1-based, across the file); a document that is not JSON is reported at its line.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from reputation.sources.formats.base import Parsed, iso_from_epoch, iter_json_documents

PLATFORM = "review"
_JSON_START = ("{", "[")
_CONTRIB = re.compile(r"/contrib/(\d+)")
_GOOGLE_STATUS = re.compile(r'"status"\s*:\s*"[A-Z_]+"')
_GOOGLE_KEYS = re.compile(r'"(html_attributions|place_id|formatted_address)"\s*:')
_TP_KEYS = ('"consumer"', '"createdAt"')
_TP_RATING = re.compile(r'"(stars|rating)"\s*:\s*\d')


def _iso(value: Any) -> str | None:
    """An ISO 8601 date-time string as given (validated), or None."""
    if not isinstance(value, str):
        return None
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.strip()


def starred(rating: Any, title: Any) -> str | None:
    """The title led by the star rating ("★4 Title"); the rating alone without a title, the title alone without one."""
    title = title.strip() if isinstance(title, str) and title.strip() else None
    if isinstance(rating, bool) or not isinstance(rating, int | float):
        return title
    stars = f"★{int(rating) if float(rating).is_integer() else rating}"
    return f"{stars} {title}" if title else stars


def map_google_review(place: dict[str, Any], review: Any) -> tuple[dict[str, Any] | None, str | None]:
    """(canonical record, None) for one review of a Places Details `result`, or (None, reason)."""
    if not isinstance(review, dict):
        return None, "not a review object"
    published = iso_from_epoch(review.get("time"))
    if published is None:
        return None, "review time is not an epoch time"
    author_url = review.get("author_url")
    contrib = _CONTRIB.search(author_url) if isinstance(author_url, str) else None
    author = contrib.group(1) if contrib else review.get("author_name")
    if not author:
        return None, "review without author"
    key = contrib.group(1) if contrib else f"t{review['time']}"
    text = review.get("text")
    return {
        "platform": PLATFORM,
        "platform_id": f"google:{place['place_id']}:{key}",
        "url": place.get("url"),
        "author_id": str(author),
        "author_handle": review.get("author_name"),
        "title": starred(review.get("rating"), place.get("name")),
        "text": text if isinstance(text, str) else None,
        "lang": review.get("language") or None,
        "published_at": published,
    }, None


def _google(out: Parsed, position: int, line: int, doc: dict[str, Any], raw: str) -> int:
    """Add the reviews of one Places Details response; returns the last item number used."""
    status = doc.get("status")
    place = doc.get("result")
    if status != "OK":
        detail = f": {doc['error_message']}" if doc.get("error_message") else ""
        out.reject(line, f"Google Places status {status}{detail}", raw)
        return position
    if not isinstance(place, dict) or not place.get("place_id"):
        out.reject(line, "Google Places response without result.place_id", raw)
        return position
    for review in place.get("reviews") or []:
        position += 1
        record, reason = map_google_review(place, review)
        if record is None:
            out.reject(position, reason or "unusable review", review)
        else:
            out.add(position, record)
    return position


def is_google(doc: Any) -> bool:
    return isinstance(doc, dict) and "status" in doc and ("result" in doc or "html_attributions" in doc)


class GooglePlaces:
    """Google Places Details API responses (one, a JSON array of them, or JSON Lines)."""

    name = "google-places"

    def sniff(self, path: Path, head: str) -> bool:
        start = head.lstrip("\ufeff \t\r\n")[:1]
        return start in _JSON_START and bool(_GOOGLE_STATUS.search(head) and _GOOGLE_KEYS.search(head))

    def parse(self, text: str, path: Path) -> Parsed:
        out = Parsed()
        position = 0
        for line, doc, error, raw in iter_json_documents(text):
            docs = doc if isinstance(doc, list) else [doc]
            if error or not all(is_google(d) for d in docs):
                position += 1
                out.reject(line, error or "not a Google Places Details response", raw)
                continue
            for one in docs:
                position = _google(out, position, line, one, raw)
        return out


def map_trustpilot(review: Any) -> list[tuple[dict[str, Any] | None, str | None]]:
    """[(record, None) or (None, reason)] for one review and, when there is one, the company's reply."""
    if not isinstance(review, dict):
        return [(None, "not a review object")]
    review_id = review.get("id")
    if not review_id:
        return [(None, "review without id")]
    published = _iso(review.get("createdAt"))
    if published is None:
        return [(None, "createdAt is not a date-time")]
    consumer = review.get("consumer") if isinstance(review.get("consumer"), dict) else {}
    author = consumer.get("id") or consumer.get("displayName")
    if not author:
        return [(None, "review without consumer")]
    platform_id = f"trustpilot:{review_id}"
    likes = review.get("likes", review.get("numberOfLikes"))
    text = review.get("text")
    lang = review.get("language")
    record = {
        "platform": PLATFORM,
        "platform_id": platform_id,
        "url": review.get("url") if isinstance(review.get("url"), str) else None,
        "author_id": str(author),
        "author_handle": consumer.get("displayName"),
        "title": starred(review.get("stars", review.get("rating")), review.get("title")),
        "text": text if isinstance(text, str) else None,
        "lang": lang if isinstance(lang, str) else None,
        "published_at": published,
        "likes": likes if isinstance(likes, int) and not isinstance(likes, bool) else None,
    }
    out: list[tuple[dict[str, Any] | None, str | None]] = [(record, None)]
    reply = review.get("companyReply")
    if isinstance(reply, dict) and isinstance(reply.get("text"), str) and reply["text"].strip():
        unit = review.get("businessUnit") if isinstance(review.get("businessUnit"), dict) else {}
        reply_at = _iso(reply.get("createdAt"))
        if reply_at is None:
            out.append((None, "companyReply.createdAt is not a date-time"))
        else:
            name = unit.get("displayName") or unit.get("name")
            out.append(
                (
                    {
                        "platform": PLATFORM,
                        "platform_id": f"{platform_id}:reply",
                        "author_id": str(unit.get("id") or name or "company"),
                        "author_handle": name,
                        "text": reply["text"],
                        "lang": record["lang"],
                        "published_at": reply_at,
                        "parent_id": platform_id,
                    },
                    None,
                )
            )
    return out


def _trustpilot_items(doc: Any) -> list[Any] | None:
    if isinstance(doc, dict) and isinstance(doc.get("reviews"), list):
        return doc["reviews"]
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and "consumer" in doc:  # JSON Lines: one review per line
        return [doc]
    return None


class TrustpilotReviews:
    """Trustpilot-style review exports: a JSON array, `{"reviews": [...]}` (API pages) or one review per line."""

    name = "trustpilot"

    def sniff(self, path: Path, head: str) -> bool:
        start = head.lstrip("\ufeff \t\r\n")[:1]
        return start in _JSON_START and all(k in head for k in _TP_KEYS) and _TP_RATING.search(head) is not None

    def parse(self, text: str, path: Path) -> Parsed:
        out = Parsed()
        position = 0
        for line, doc, error, raw in iter_json_documents(text):
            items = None if error else _trustpilot_items(doc)
            if items is None:
                position += 1
                out.reject(line, error or "not a review export", raw)
                continue
            for review in items:
                position += 1
                for record, reason in map_trustpilot(review):
                    if record is None:
                        out.reject(position, reason or "unusable review", review)
                    else:
                        out.add(position, record)
        return out


FORMATS = [GooglePlaces(), TrustpilotReviews()]
