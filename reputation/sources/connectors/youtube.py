"""YouTube Data API v3: comment threads of given videos, newest first, down to the newest one of the last run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reputation.config import YouTubeSource
from reputation.sources.connectors.base import Fetched, Page, credential, instant, json_of, naming
from reputation.sources.connectors.http import FetchError, HttpClient

LIMIT = 100  # the API's maximum maxResults for commentThreads


def _published(thread: Any) -> tuple[datetime, str] | None:
    """publishedAt of a thread's top-level comment (what order=time sorts on), parsed and as served."""
    try:
        value = thread["snippet"]["topLevelComment"]["snippet"]["publishedAt"]
    except (KeyError, TypeError):
        return None
    when = instant(value)
    return (when, value) if when is not None else None


@dataclass(frozen=True)
class YouTubeConnector:
    spec: YouTubeSource

    def fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        """For each video, commentThreads pages (order=time) following nextPageToken until a page reaches the
        video's cursor (the newest publishedAt loaded so far) or `max_pages`; pages are landed as served."""
        with naming(self.spec.name):
            key = credential(self.spec.api_key_env)
        with naming(self.spec.name, secret=key):  # the key travels in the query string, so in error messages
            return self._fetch(client, cursor, key)

    def _fetch(self, client: HttpClient, cursor: dict[str, Any], key: str) -> Fetched:
        newest: dict[str, str] = dict(cursor.get("newest") or {})
        pages: list[Page] = []
        skipped: list[str] = []
        for video in self.spec.video_ids:
            old = top = instant(newest.get(video))
            token: str | None = None
            for _ in range(self.spec.max_pages):
                params: dict[str, str | int] = {
                    "part": "snippet,replies",
                    "videoId": video,
                    "maxResults": LIMIT,
                    "order": "time",
                    "key": key,
                    **({"pageToken": token} if token else {}),
                }
                response = client.get(f"{self.spec.base_url}/commentThreads", params=params)
                body = json_of(response)
                items = body.get("items") if isinstance(body, dict) else None
                if not isinstance(items, list):
                    raise FetchError(f"commentThreads of {video}: expected items, got {response.text[:200]!r}")
                times = [t for t in map(_published, items) if t is not None]
                new = [t for t in times if old is None or t[0] > old]
                if not new:  # entirely older than the cursor: not landed
                    break
                pages.append(Page(response.text, ".json"))  # older threads in it are dropped as duplicates
                if top is None or max(new)[0] > top:
                    top, newest[video] = max(new)
                token = body.get("nextPageToken")
                if not token or len(new) < len(times):  # the end, or the page reached the cursor
                    break
            else:
                skipped.append(video)
        note = f"stopped after max_pages={self.spec.max_pages} for {', '.join(skipped)}: older new comments skipped"
        return Fetched(pages, {"newest": newest} if newest else {}, note if skipped else "" if pages else "nothing new")
