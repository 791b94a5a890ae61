"""Reddit search (site-wide or in one subreddit), newest first, down to the newest item of the last run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from reputation.config import RedditSource
from reputation.sources.connectors.base import Fetched, Page, bearer, json_of, naming
from reputation.sources.connectors.http import FetchError, HttpClient

OAUTH_URL = "https://oauth.reddit.com"  # the API host for authenticated requests
PUBLIC_URL = "https://www.reddit.com"  # anonymous .json endpoints (stricter rate limits)
LIMIT = 100  # the API's maximum page size


def _created(child: Any) -> float | None:
    data = child.get("data") if isinstance(child, dict) else None
    value = data.get("created_utc") if isinstance(data, dict) else None
    return float(value) if isinstance(value, int | float) else None


def _wait_for_quota(client: HttpClient, response: httpx.Response) -> None:
    """Reddit announces its rate limit in headers; with no request left, wait for the window to reset (capped
    like any wait) rather than earn a 429."""
    try:
        remaining = float(response.headers["X-Ratelimit-Remaining"])
        reset = float(response.headers["X-Ratelimit-Reset"])
    except (KeyError, ValueError):
        return
    if remaining < 1:
        delay = min(reset, client.policy.max_wait)
        client.waits.append(delay)
        client.sleep(delay)


@dataclass(frozen=True)
class RedditConnector:
    spec: RedditSource

    def fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        """Search pages (sort=new) following `after`, until a page reaches the cursor's `newest` (created_utc of
        the newest item loaded so far) or `max_pages`; pages are landed as served (Listing JSON)."""
        with naming(self.spec.name):
            return self._fetch(client, cursor)

    def _fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        spec = self.spec
        headers = bearer(spec.token_env)
        base = spec.base_url or (OAUTH_URL if spec.token_env else PUBLIC_URL)
        url = f"{base}/r/{spec.subreddit}/search.json" if spec.subreddit else f"{base}/search.json"
        params: dict[str, str | int] = {"q": spec.query, "sort": "new", "limit": LIMIT}
        if spec.subreddit:
            params["restrict_sr"] = 1
        old: float | None = cursor.get("newest")
        newest, after = old, None
        pages: list[Page] = []
        for _ in range(spec.max_pages):
            response = client.get(url, params={**params, **({"after": after} if after else {})}, headers=headers)
            listing = json_of(response)
            data = listing.get("data") if isinstance(listing, dict) and listing.get("kind") == "Listing" else None
            children = data.get("children") if isinstance(data, dict) else None
            if not isinstance(children, list):
                raise FetchError(f"GET {url}: expected a Listing, got {response.text[:200]!r}")
            times = [t for t in map(_created, children) if t is not None]
            new = [t for t in times if old is None or t > old]
            if not new:  # nothing after the cursor: the page is not landed
                break
            pages.append(Page(response.text, ".json"))  # older items in it are dropped as duplicates at ingest
            newest = max(new) if newest is None else max(newest, *new)
            after = data.get("after") if isinstance(data, dict) else None
            if not after or len(new) < len(times):  # the end, or the page reached the cursor
                break
            _wait_for_quota(client, response)
        else:
            note = f"stopped after max_pages={spec.max_pages}: older new items were skipped"
            return Fetched(pages, {"newest": newest}, note)
        return Fetched(pages, {"newest": newest} if newest is not None else {}, "" if pages else "nothing new")
