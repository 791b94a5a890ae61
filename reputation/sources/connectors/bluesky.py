"""Bluesky search (app.bsky.feed.searchPosts, sort=latest) since the newest post of the last run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reputation.config import BlueskySource
from reputation.sources.connectors.base import Fetched, Page, bearer, instant, json_of, naming
from reputation.sources.connectors.http import FetchError, HttpClient

LIMIT = 100  # the API's maximum page size


@dataclass(frozen=True)
class BlueskyConnector:
    spec: BlueskySource

    def fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        """searchPosts pages following the response `cursor`, with `since` = the cursor's newest indexedAt (the
        server filters; `since` is inclusive, so the newest post of the last run comes back as a duplicate),
        at most `max_pages`; pages are landed as served."""
        with naming(self.spec.name):
            return self._fetch(client, cursor)

    def _fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        spec = self.spec
        headers = bearer(spec.token_env)
        url = f"{spec.service}/xrpc/app.bsky.feed.searchPosts"
        params: dict[str, str | int] = {"q": spec.query, "limit": LIMIT, "sort": "latest"}
        newest: str | None = cursor.get("since")
        if newest:
            params["since"] = newest
        top = instant(newest)
        pages: list[Page] = []
        page_cursor: str | None = None
        for _ in range(spec.max_pages):
            more = {"cursor": page_cursor} if page_cursor else {}
            response = client.get(url, params={**params, **more}, headers=headers)
            body = json_of(response)
            posts = body.get("posts") if isinstance(body, dict) else None
            if not isinstance(posts, list):
                raise FetchError(f"GET {url}: expected posts, got {response.text[:200]!r}")
            if not posts:
                break
            pages.append(Page(response.text, ".json"))
            for post in posts:
                seen = post.get("indexedAt") if isinstance(post, dict) else None
                when = instant(seen)
                if when is not None and (top is None or when > top):
                    top, newest = when, seen
            page_cursor = body.get("cursor")
            if not page_cursor:
                break
        else:
            note = f"stopped after max_pages={spec.max_pages}: older new posts were skipped"
            return Fetched(pages, {"since": newest}, note)
        return Fetched(pages, {"since": newest} if newest else {}, "" if pages else "nothing new")
