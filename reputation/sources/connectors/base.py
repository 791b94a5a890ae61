"""What a connector does: fetch raw pages since a cursor. Everything after (parse, keys, dedupe, store) is the
same path as files: pages are landed as files and ingested, so raw data stays replayable and auditable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from reputation.sources.connectors.http import HttpClient


@dataclass
class Page:
    body: str  # the response as served (a feed, a JSON page)
    suffix: str  # file extension for the landing file, e.g. ".xml" or ".json"


@dataclass
class Fetched:
    pages: list[Page] = field(default_factory=list)
    cursor: dict[str, Any] = field(default_factory=dict)  # saved once the pages are ingested
    note: str = ""  # e.g. "not modified since last run"


class Connector(Protocol):
    def fetch(self, client: HttpClient, cursor: dict[str, Any]) -> Fetched:
        """Fetch what is new since `cursor` (empty on the first run); raise FetchError when the source fails."""
        ...
