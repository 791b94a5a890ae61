"""Example mentions as the report and the alert e-mails show them: text on one line, author, platform, local time,
and a link only when the URL is a web address (http or https), so a `javascript:` or `data:` URL from a source never
becomes a link. The templates escape every field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

MAX_EXAMPLES = 3


def web_url(url: object) -> str:
    """`url` when it is an http(s) address, else ''."""
    text = "" if url is None or (not isinstance(url, str) and pd.isna(url)) else str(url).strip()
    return text if text.lower().startswith(("http://", "https://")) else ""


def when(value: Any) -> str:
    """A date or time as text ('YYYY-MM-DD HH:MM' for a time); '' when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def example_views(examples: Iterable[str | Mapping[str, Any]], limit: int = MAX_EXAMPLES) -> list[dict[str, str]]:
    """Up to `limit` examples (mention texts, or mappings with `text` and optionally `who` or `author_handle`,
    `platform`, `url`, `published_at`), as text, who, platform, when and url; examples without text are dropped."""
    found = []
    for x in list(examples or [])[:limit]:
        ex = {"text": x} if isinstance(x, str) else dict(x)
        found.append(
            {
                "text": " ".join(str(ex.get("text") or "").split()),
                "who": str(ex.get("who") or ex.get("author_handle") or ""),
                "platform": str(ex.get("platform") or ""),
                "when": when(ex.get("published_at")),
                "url": web_url(ex.get("url")),
            }
        )
    return [e for e in found if e["text"]]
