"""Live connectors against a real local HTTP server replaying recorded responses: incremental runs, conditional
requests, rate limits and retries, failures that leave the cursor where it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from reputation.config import parse_project
from reputation.sources.connectors.http import FetchError, HttpClient, RetryPolicy
from reputation.sources.live import load_cursor, run_source
from reputation.warehouse import Warehouse
from tests.replay import ReplayServer, Reply

ITEM = """<item><title>{title}</title><link>https://journal.example/a/{n}</link><guid>j-{n}</guid>
<pubDate>Tue, 0{n} Sep 2026 08:00:00 GMT</pubDate><description>&lt;p&gt;Nexora {title}&lt;/p&gt;</description></item>"""


def feed(*items: tuple[int, str]) -> str:
    body = "".join(ITEM.format(n=n, title=t) for n, t in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Journal</title>'
        f"<link>https://journal.example/</link><language>fr-CA</language>{body}</channel></rss>"
    )


def project_for(tmp_path: Path, url: str):  # type: ignore[no-untyped-def]
    return parse_project(
        {
            "name": "live",
            "brands": {"own": {"name": "Nexora", "query": "nexora"}},
            "sources": [{"name": "journal", "type": "rss", "url": url}],
        },
        tmp_path,
    )


FAST = RetryPolicy(attempts=4, backoff=0.05, max_wait=2.0)


def test_feed_runs_are_incremental_and_conditional(tmp_path: Path, replay_server: ReplayServer):
    url = replay_server.script("/feed.xml", Reply(200, feed((1, "panne"), (2, "fibre")), {"ETag": '"v1"'}))
    project = project_for(tmp_path, url)
    [source] = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        first = run_source(wh, project, source)
        assert (first.pages, first.loaded) == (1, 2)
        assert load_cursor(wh, "journal") == {"etag": '"v1"'}
        assert wh.df("SELECT mention_id, platform, source, brands FROM raw_mentions ORDER BY 1").to_dict("records") == [
            {"mention_id": "news:j-1", "platform": "news", "source": "journal", "brands": ["Nexora"]},
            {"mention_id": "news:j-2", "platform": "news", "source": "journal", "brands": ["Nexora"]},
        ]
        # unchanged feed: the server answers 304 to the stored ETag, nothing is downloaded or landed
        second = run_source(wh, project, source)
        assert (second.pages, second.loaded, second.note) == (0, 0, "not modified since the last run")
        assert replay_server.requests[-1].headers.get("If-None-Match") == '"v1"'
        # a new item: only it is loaded, the old ones count as duplicates
        replay_server.script("/feed.xml", Reply(200, feed((1, "panne"), (2, "fibre"), (3, "promo")), {"ETag": '"v2"'}))
        third = run_source(wh, project, source)
        assert (third.loaded, third.reports[0].duplicates) == (1, 2)
        assert load_cursor(wh, "journal") == {"etag": '"v2"'}
    landed = sorted((tmp_path / "landing" / "journal").iterdir())
    assert len(landed) == 2 and all(p.suffix == ".xml" for p in landed)  # raw pages kept as served


def test_rate_limits_and_server_errors_are_waited_out(tmp_path: Path, replay_server: ReplayServer):
    url = replay_server.script(
        "/feed.xml",
        Reply(429, "slow down", {"Retry-After": "1"}),
        Reply(503, "busy"),
        Reply(200, feed((1, "panne"))),
    )
    project = project_for(tmp_path, url)
    with Warehouse(tmp_path / "w.duckdb") as wh, HttpClient(policy=FAST) as client:
        run = run_source(wh, project, project.live_sources()[0], client)
    assert run.loaded == 1
    assert run.waits == [1.0, 0.1]  # Retry-After honoured, then exponential back-off
    assert len(replay_server.requests) == 3


def test_a_failing_source_keeps_its_cursor(tmp_path: Path, replay_server: ReplayServer):
    url = replay_server.script("/feed.xml", Reply(200, feed((1, "panne")), {"ETag": '"v1"'}))
    project = project_for(tmp_path, url)
    source = project.live_sources()[0]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        run_source(wh, project, source)
        replay_server.script("/feed.xml", Reply(404, "gone"))
        with pytest.raises(FetchError, match="HTTP 404"):
            run_source(wh, project, source)
        assert len(replay_server.requests) == 2  # a client error is not retried
        replay_server.script("/feed.xml", Reply(500, "down"))
        with HttpClient(policy=FAST) as client, pytest.raises(FetchError, match="after 4 tries"):
            run_source(wh, project, source, client)
        # a feed that is not XML: landed and reported, the cursor stays where it was
        replay_server.script("/feed.xml", Reply(200, "<rss><channel><item>", {"ETag": '"broken"'}))
        broken = run_source(wh, project, source)
        assert broken.reports[0].error and "not well-formed" in broken.reports[0].error
        assert load_cursor(wh, "journal") == {"etag": '"v1"'}


def test_cli_fetch_reports_each_source_and_goes_on_after_a_failure(tmp_path: Path, replay_server: ReplayServer):
    import subprocess
    import sys

    good = replay_server.script("/good.xml", Reply(200, feed((1, "panne"), (2, "fibre"))))
    bad = replay_server.script("/bad.xml", Reply(403, "forbidden"))
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: live\nbrands:\n  own: {name: Nexora, query: nexora}\n"
        f"sources:\n  - {{name: broken, type: rss, url: '{bad}'}}\n  - {{name: journal, type: rss, url: '{good}'}}\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "reputation.cli", "fetch", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "FAILED broken: GET" in done.stderr and "HTTP 403" in done.stderr
    assert "journal: 1 page(s):" in done.stderr and "2 loaded" in done.stderr
