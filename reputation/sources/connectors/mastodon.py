"""Mastodon API: a hashtag timeline, a full-text search or an account's statuses, newest first, since a cursor.

Also holds the small helpers the other API connectors share (credentials, JSON bodies, errors naming the source).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from reputation.config import MastodonSource
from reputation.sources.connectors.base import Fetched, Page, bearer, json_of, naming
from reputation.sources.connectors.http import FetchError, HttpClient

LIMIT = 40  # the API's maximum page size for statuses


def id_order(status_id: str) -> tuple[int, str]:
    """Sort key of Mastodon ids: numeric strings of varying length, so compare by length first."""
    return len(status_id), status_id


def _next_max_id(response: httpx.Response) -> str | None:
    """max_id of the Link header's rel="next" page (timelines and account statuses paginate this way)."""
    url = response.links.get("next", {}).get("url")
    values = parse_qs(urlsplit(url).query).get("max_id") if url else None
    return values[0] if values else None


@dataclass(frozen=True)
class MastodonConnector:
    spec: MastodonSource

    def _endpoint(self) -> tuple[str, dict[str, str | int], str]:
        """URL, fixed parameters, and the parameter that carries the cursor."""
        base, spec = self.spec.instance, self.spec
        if spec.hashtag is not None:
            return f"{base}/api/v1/timelines/tag/{quote(spec.hashtag)}", {"limit": LIMIT}, "since_id"
        if spec.account is not None:
            return f"{base}/api/v1/accounts/{spec.account}/statuses", {"limit": LIMIT}, "since_id"
        # search documents min_id (not since_id); on search it is a filter on ids, i.e. since_id semantics
        return f"{base}/api/v2/search", {"q": spec.query or "", "type": "statuses", "limit": LIMIT}, "min_id"

    def fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        """Pages of statuses newer than the cursor's `since_id`, newest first, at most `max_pages` of them.

        Each page is landed as served (a search page as its `statuses` array, the shape the importer reads);
        the new cursor is the newest status id seen."""
        with naming(self.spec.name):
            return self._fetch(client, cursor)

    def _fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        headers = bearer(self.spec.token_env)
        url, params, since_key = self._endpoint()
        since = cursor.get("since_id")
        if since:
            params[since_key] = since
        pages: list[Page] = []
        newest: str | None = since
        max_id: str | None = None
        for _ in range(self.spec.max_pages):
            response = client.get(url, params={**params, **({"max_id": max_id} if max_id else {})}, headers=headers)
            body = json_of(response)
            statuses = body.get("statuses") if isinstance(body, dict) else body
            if not isinstance(statuses, list):
                raise FetchError(f"GET {url}: expected a list of statuses, got {response.text[:200]!r}")
            if not statuses:  # an empty page is not landed: the importer would not recognise `[]`
                break
            served = response.text if isinstance(body, list) else json.dumps(statuses, ensure_ascii=False)
            pages.append(Page(served, ".json"))
            ids = [str(s["id"]) for s in statuses if isinstance(s, dict) and s.get("id") is not None]
            newest = max([i for i in (newest, *ids) if i], key=id_order, default=None)
            max_id = _next_max_id(response)
            if max_id is None and since_key == "min_id" and len(statuses) >= LIMIT and ids:
                max_id = min(ids, key=id_order)  # search has no Link header: page on by ids
            if max_id is None:
                break
        else:
            return Fetched(
                pages,
                _cursor(newest),
                f"stopped after max_pages={self.spec.max_pages}: older new "
                "statuses were skipped (raise max_pages or fetch more often)",
            )
        return Fetched(pages, _cursor(newest), "" if pages else "nothing new")


def _cursor(newest: str | None) -> dict[str, Any]:
    return {"since_id": newest} if newest else {}
