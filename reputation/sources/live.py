"""Run live sources: fetch what is new since each source's cursor, land the raw pages, ingest them, and move the
cursor only once they are safely in the warehouse (a failed run fetches the same pages again next time)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reputation.config import (
    BlueskySource,
    FeedSource,
    LiveSource,
    MastodonSource,
    Project,
    RedditSource,
    YouTubeSource,
)
from reputation.ingest import FileReport
from reputation.sources.connectors.base import Connector, Page
from reputation.sources.connectors.bluesky import BlueskyConnector
from reputation.sources.connectors.http import FetchError, HttpClient
from reputation.sources.connectors.mastodon import MastodonConnector
from reputation.sources.connectors.reddit import RedditConnector
from reputation.sources.connectors.rss import FeedConnector
from reputation.sources.connectors.youtube import YouTubeConnector
from reputation.warehouse import Warehouse, utcnow


@dataclass
class SourceRun:
    source: str
    pages: int = 0
    reports: list[FileReport] = field(default_factory=list)
    note: str = ""
    waits: list[float] = field(default_factory=list)  # back-off waits (rate limits, retries)

    @property
    def loaded(self) -> int:
        return sum(r.loaded for r in self.reports)

    def summary(self) -> str:
        files = "; ".join(r.summary() for r in self.reports) or self.note or "nothing new"
        waited = f", waited {sum(self.waits):.0f} s for rate limits/retries" if self.waits else ""
        return f"{self.source}: {self.pages} page(s){waited}: {files}"


def connector_for(source: LiveSource) -> Connector:
    """The connector reading a live source, per its type."""
    if isinstance(source, FeedSource):
        return FeedConnector(source.url)
    if isinstance(source, MastodonSource):
        return MastodonConnector(source)
    if isinstance(source, RedditSource):
        return RedditConnector(source)
    if isinstance(source, YouTubeSource):
        return YouTubeConnector(source)
    if isinstance(source, BlueskySource):
        return BlueskyConnector(source)
    raise ValueError(f"no connector for source type {source.type!r}")


def load_cursor(wh: Warehouse, source: str) -> dict[str, Any]:
    value = wh.scalar("SELECT cursor FROM source_cursors WHERE source = ?", [source])
    return json.loads(value) if value else {}


def save_cursor(wh: Warehouse, source: str, cursor: dict[str, Any]) -> None:
    wh.con.execute(
        "INSERT OR REPLACE INTO source_cursors VALUES (?, ?, ?)", [source, json.dumps(cursor, sort_keys=True), utcnow()]
    )


def land(folder: Path, pages: list[Page]) -> list[Path]:
    """Write each page as served to folder/<UTC time>-<n><suffix>; raw data is kept, never edited."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    paths = []
    for i, page in enumerate(pages, start=1):
        path = folder / f"{stamp}-{i:03d}{page.suffix}"
        path.write_text(page.body, encoding="utf-8")
        paths.append(path)
    return paths


def run_source(wh: Warehouse, project: Project, source: LiveSource, client: HttpClient | None = None) -> SourceRun:
    """Fetch, land and ingest one live source; raises FetchError if the source cannot be read."""
    from reputation.stages import ingest_source_file  # stages imports this module's callers, not the reverse

    run = SourceRun(source.name)
    own_client = client is None
    client = client or HttpClient()
    try:
        fetched = connector_for(source).fetch(client, load_cursor(wh, source.name))
    except FetchError as err:  # the flow and the CLI report failures by message: it must name the source
        if f"(source {source.name!r})" in str(err):
            raise
        raise FetchError(f"{err} (source {source.name!r})") from None
    finally:
        run.waits = list(client.waits)
        if own_client:
            client.close()
    run.note = fetched.note
    paths = land(project.landing_path / source.name, fetched.pages)
    run.pages = len(paths)
    run.reports = [ingest_source_file(wh, project, source.name, p) for p in paths]
    for path, report in zip(paths, run.reports, strict=True):
        if report.forgotten:  # a forgotten author's posts are not kept, not even in the raw copy (docs/privacy.md)
            path.unlink()
    if not any(r.error for r in run.reports):
        save_cursor(wh, source.name, fetched.cursor)
    return run
