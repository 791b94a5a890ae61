"""What a connector does: fetch raw pages since a cursor. Everything after (parse, keys, dedupe, store) is the
same path as files: pages are landed as files and ingested, so raw data stays replayable and auditable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import httpx

from reputation.config import ProjectError, env_secret
from reputation.sources.connectors.http import FetchError, HttpClient


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


def credential(env_name: str) -> str:
    """A secret from the environment; when unset, a FetchError naming the variable, so that the source fails
    like any unreadable source (the CLI and the flow go on with the others) instead of crashing the run."""
    try:
        return env_secret(env_name)
    except ProjectError as err:
        raise FetchError(f"missing credential: {err}") from None


def bearer(env_name: str | None) -> dict[str, str]:
    """The Authorization header for a token named by `env_name`; none when the source has no token."""
    return {"Authorization": f"Bearer {credential(env_name)}"} if env_name else {}


def json_of(response: httpx.Response) -> Any:
    """The JSON body of a response; a body that is not JSON (a captive portal, an HTML error page) fails."""
    try:
        return response.json()
    except json.JSONDecodeError:
        url = response.url.copy_with(query=None)  # without the query string, which may hold a key
        raise FetchError(f"GET {url}: response is not JSON: {response.text[:200]!r}") from None


@contextmanager
def naming(source: str, secret: str | None = None) -> Iterator[None]:
    """Re-raise FetchErrors with the source's name (the ingest flow reports failures by message) and with a
    secret sent in the query string (an API key) masked, as these messages end up in logs."""
    try:
        yield
    except FetchError as err:
        message = str(err).replace(secret, "***") if secret else str(err)
        raise FetchError(f"{message} (source {source!r})") from None


def instant(value: Any) -> datetime | None:
    """An ISO 8601 time ("2026-09-01T08:00:00Z", with or without fractions), or None if it is not one."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
