"""RSS / Atom feeds at any URL, polled with conditional requests (ETag, Last-Modified)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reputation.sources.connectors.base import Fetched, Page
from reputation.sources.connectors.http import HttpClient


@dataclass(frozen=True)
class FeedConnector:
    url: str

    def fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        """The whole feed, unless the server says it has not changed since the last run (HTTP 304).

        A feed holds only its latest items: items already loaded come back as duplicates by id, which costs
        nothing; the cursor's validators save the download itself when nothing changed."""
        headers = {}
        if cursor.get("etag"):
            headers["If-None-Match"] = cursor["etag"]
        if cursor.get("last_modified"):
            headers["If-Modified-Since"] = cursor["last_modified"]
        response = client.get(self.url, headers=headers)
        if response.status_code == 304:
            return Fetched(cursor=cursor, note="not modified since the last run")
        new_cursor = {
            k: v
            for k, v in (
                ("etag", response.headers.get("ETag")),
                ("last_modified", response.headers.get("Last-Modified")),
            )
            if v
        }
        return Fetched(pages=[Page(response.text, ".xml")], cursor=new_cursor)
