"""API connectors (Mastodon, Reddit, YouTube, Bluesky) against a real local HTTP server replaying responses in
each API's documented shape: pagination, cursors sent on the next run, tokens, rate limits, missing credentials,
and a failing source that does not stop the others in the ingest flow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from reputation.config import Project, parse_project
from reputation.sources.connectors.http import FetchError, HttpClient, RetryPolicy
from reputation.sources.live import load_cursor, run_source
from reputation.warehouse import Warehouse
from tests.replay import ReplayServer, Reply, Seen

FAST = RetryPolicy(attempts=4, backoff=0.05, max_wait=2.0)


def project_with(tmp_path: Path, *sources: dict[str, Any]) -> Project:
    return parse_project(
        {"name": "api", "brands": {"own": {"name": "Nexora", "query": "nexora"}}, "sources": list(sources)}, tmp_path
    )


def params(seen: Seen) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(seen.query).items()}


def loaded_ids(wh: Warehouse) -> list[str]:
    return wh.df("SELECT platform_id FROM raw_mentions ORDER BY 1")["platform_id"].tolist()


# --- Mastodon: Status entities (docs.joinmastodon.org/entities/Status), Link header pagination ---------------


def status(n: int, host: str = "mastodon.example") -> dict[str, Any]:
    return {
        "id": str(100 + n),
        "created_at": f"2026-09-0{n}T08:00:00.000Z",
        "in_reply_to_id": None,
        "in_reply_to_account_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "fr",
        "uri": f"https://{host}/users/alice/statuses/{100 + n}",
        "url": f"https://{host}/@alice/{100 + n}",
        "replies_count": 0,
        "reblogs_count": 1,
        "favourites_count": 2,
        "content": f"<p>Nexora post {n}</p>",
        "reblog": None,
        "account": {
            "id": "1",
            "username": "alice",
            "acct": "alice",
            "display_name": "Alice",
            "url": f"https://{host}/@alice",
            "followers_count": 10,
        },
        "media_attachments": [],
        "mentions": [],
        "tags": [{"name": "nexora", "url": f"https://{host}/tags/nexora"}],
        "emojis": [],
        "card": None,
        "poll": None,
    }


def links(server: ReplayServer, path: str, newest: int, oldest: int) -> dict[str, str]:
    """The Link header Mastodon sends with a timeline page."""
    return {
        "Link": f'<{server.url}{path}?limit=40&max_id={100 + oldest}>; rel="next", '
        f'<{server.url}{path}?limit=40&min_id={100 + newest}>; rel="prev"'
    }


def test_mastodon_hashtag_paginates_then_resumes_since_the_newest_id(
    tmp_path: Path, replay_server: ReplayServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("MASTO_TOKEN", "t0k3n")
    path = "/api/v1/timelines/tag/nexora"
    replay_server.script(
        path,
        Reply(200, json.dumps([status(5), status(4)]), links(replay_server, path, 5, 4)),
        Reply(200, json.dumps([status(3), status(2)]), links(replay_server, path, 3, 2)),
        Reply(200, "[]"),
    )
    source = {"name": "toots", "type": "mastodon", "instance": replay_server.url, "hashtag": "#nexora"}
    project = project_with(tmp_path, {**source, "token_env": "MASTO_TOKEN"})
    [spec] = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        first = run_source(wh, project, spec)
        assert (first.pages, first.loaded) == (2, 4)
        assert load_cursor(wh, "toots") == {"since_id": "105"}
        assert [params(r) for r in replay_server.requests] == [
            {"limit": "40"},
            {"limit": "40", "max_id": "104"},
            {"limit": "40", "max_id": "102"},
        ]
        assert all(r.headers["Authorization"] == "Bearer t0k3n" for r in replay_server.requests)
        replay_server.requests.clear()
        replay_server.script(
            path, Reply(200, json.dumps([status(6)]), links(replay_server, path, 6, 6)), Reply(200, "[]")
        )
        second = run_source(wh, project, spec)
        assert (second.pages, second.loaded) == (1, 1)
        assert params(replay_server.requests[0]) == {"limit": "40", "since_id": "105"}
        assert params(replay_server.requests[1]) == {"limit": "40", "since_id": "105", "max_id": "106"}
        assert load_cursor(wh, "toots") == {"since_id": "106"}
        assert len(loaded_ids(wh)) == 5


def test_mastodon_search_and_account_statuses(tmp_path: Path, replay_server: ReplayServer):
    search = {"accounts": [], "statuses": [status(2), status(1)], "hashtags": []}
    replay_server.script("/api/v2/search", Reply(200, json.dumps(search)))
    replay_server.script("/api/v1/accounts/42/statuses", Reply(200, json.dumps([status(3)])))
    instance = replay_server.url
    project = project_with(
        tmp_path,
        {"name": "search", "type": "mastodon", "instance": instance, "query": "nexora panne"},
        {"name": "account", "type": "mastodon", "instance": instance, "account": "42"},
    )
    found, account = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert run_source(wh, project, found).loaded == 2  # the statuses array is landed, the importer reads it
        assert params(replay_server.requests[0]) == {"q": "nexora panne", "type": "statuses", "limit": "40"}
        run_source(wh, project, found)
        assert params(replay_server.requests[-1])["min_id"] == "102"  # search's documented cursor parameter
        assert run_source(wh, project, account).loaded == 1
        assert load_cursor(wh, "account") == {"since_id": "103"}


def test_mastodon_failures_name_the_source_and_keep_the_cursor(
    tmp_path: Path, replay_server: ReplayServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("MASTO_TOKEN", raising=False)
    replay_server.script("/api/v1/timelines/tag/nexora", Reply(401, '{"error": "The access token is invalid"}'))
    source = {"name": "toots", "type": "mastodon", "instance": replay_server.url, "hashtag": "nexora"}
    project = project_with(tmp_path, {**source, "token_env": "MASTO_TOKEN"}, {**source, "name": "anon"})
    with_token, anonymous = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        with pytest.raises(FetchError, match=r"MASTO_TOKEN is not set.*source 'toots'"):
            run_source(wh, project, with_token)
        assert replay_server.requests == []  # nothing is sent without the credential
        with pytest.raises(FetchError, match=r"HTTP 401.*source 'anon'"):
            run_source(wh, project, anonymous)
        assert load_cursor(wh, "anon") == {}


# --- Reddit: Listing of t3 things (reddit.com/dev/api#GET_search), `after` pagination --------------------------


def submission(n: int) -> dict[str, Any]:
    return {
        "kind": "t3",
        "data": {
            "id": f"p{n}",
            "name": f"t3_p{n}",
            "title": f"Nexora panne {n}",
            "selftext": "Encore une panne &amp; rien",
            "author": "bob",
            "author_fullname": "t2_bob",
            "subreddit": "france",
            "subreddit_name_prefixed": "r/france",
            "created_utc": 1788000000.0 + n * 60,
            "permalink": f"/r/france/comments/p{n}/nexora_panne/",
            "url": f"https://www.reddit.com/r/france/comments/p{n}/nexora_panne/",
            "score": 3,
            "ups": 3,
            "num_comments": 1,
            "over_18": False,
        },
    }


def listing(*ns: int, after: str | None = None) -> str:
    children = [submission(n) for n in ns]
    data = {"after": after, "dist": len(children), "modhash": "", "children": children, "before": None}
    return json.dumps({"kind": "Listing", "data": data})


def test_reddit_pages_until_the_cursor_with_a_token_and_rate_limit_headers(
    tmp_path: Path, replay_server: ReplayServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("REDDIT_TOKEN", "r3d")
    quota = {"X-Ratelimit-Used": "100", "X-Ratelimit-Remaining": "0.0", "X-Ratelimit-Reset": "30"}
    replay_server.script(
        "/r/france/search.json",
        Reply(200, listing(4, 3, after="t3_p3"), quota),  # no request left: wait for the reset before page 2
        Reply(200, listing(2, 1)),
    )
    project = project_with(
        tmp_path,
        {
            "name": "reddit",
            "type": "reddit",
            "query": "nexora",
            "subreddit": "france",
            "base_url": replay_server.url,
            "token_env": "REDDIT_TOKEN",
        },
    )
    [spec] = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        with HttpClient(policy=RetryPolicy(max_wait=0.2)) as client:
            first = run_source(wh, project, spec, client)
        assert (first.pages, first.loaded, first.waits) == (2, 4, [0.2])  # the reset wait, capped
        assert params(replay_server.requests[0]) == {"q": "nexora", "sort": "new", "limit": "100", "restrict_sr": "1"}
        assert params(replay_server.requests[1])["after"] == "t3_p3"
        assert replay_server.requests[0].headers["Authorization"] == "Bearer r3d"
        assert load_cursor(wh, "reddit") == {"newest": 1788000240.0}
        # one new post, then older ones: the page reaches the cursor, so no further page is asked for
        replay_server.requests.clear()
        replay_server.script("/r/france/search.json", Reply(200, listing(5, 4, 3, after="t3_p3")))
        second = run_source(wh, project, spec)
        assert (second.pages, second.loaded, second.reports[0].duplicates) == (1, 1, 2)
        assert len(replay_server.requests) == 1
        assert load_cursor(wh, "reddit") == {"newest": 1788000300.0}
        # nothing new: the page is not landed and the cursor stays
        assert run_source(wh, project, spec).pages == 0
        assert load_cursor(wh, "reddit") == {"newest": 1788000300.0}


def test_reddit_without_token_uses_the_public_search(tmp_path: Path, replay_server: ReplayServer):
    replay_server.script("/search.json", Reply(429, "Too Many Requests", {"Retry-After": "1"}), Reply(200, listing(1)))
    project = project_with(tmp_path, {"name": "r", "type": "reddit", "query": "nexora", "base_url": replay_server.url})
    with Warehouse(tmp_path / "w.duckdb") as wh, HttpClient(policy=FAST) as client:
        run = run_source(wh, project, project.live_sources()[0], client)
    assert (run.loaded, run.waits) == (1, [1.0])  # Retry-After waited out
    assert "Authorization" not in replay_server.requests[0].headers
    assert "restrict_sr" not in params(replay_server.requests[0])


# --- YouTube: commentThreadListResponse (developers.google.com/youtube/v3/docs/commentThreads/list) -------------


def thread(video: str, n: int) -> dict[str, Any]:
    when = f"2026-09-0{n}T08:00:00Z"
    comment = {
        "kind": "youtube#comment",
        "etag": f"e{n}",
        "id": f"Ugz{video}{n}",
        "snippet": {
            "channelId": "UCchannel",
            "videoId": video,
            "textDisplay": f"Nexora comment {n}",
            "textOriginal": f"Nexora comment {n}",
            "authorDisplayName": "@carol",
            "authorProfileImageUrl": "https://yt3.ggpht.com/x",
            "authorChannelUrl": "http://www.youtube.com/@carol",
            "authorChannelId": {"value": "UCcarol"},
            "canRate": True,
            "viewerRating": "none",
            "likeCount": n,
            "publishedAt": when,
            "updatedAt": when,
        },
    }
    return {
        "kind": "youtube#commentThread",
        "etag": f"t{n}",
        "id": comment["id"],
        "snippet": {
            "channelId": "UCchannel",
            "videoId": video,
            "topLevelComment": comment,
            "canReply": True,
            "totalReplyCount": 0,
            "isPublic": True,
        },
    }


def threads(video: str, *ns: int, next_token: str | None = None) -> str:
    body: dict[str, Any] = {
        "kind": "youtube#commentThreadListResponse",
        "etag": "page",
        "pageInfo": {"totalResults": len(ns), "resultsPerPage": 100},
        "items": [thread(video, n) for n in ns],
    }
    if next_token:
        body["nextPageToken"] = next_token
    return json.dumps(body)


def test_youtube_pages_per_video_and_resumes_from_the_newest_comment(
    tmp_path: Path, replay_server: ReplayServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("YT_KEY", "AIzaSECRET")
    video = "dQw4w9WgXcQ"
    replay_server.script(
        "/youtube/v3/commentThreads",
        Reply(429, '{"error": {"code": 429}}', {"Retry-After": "1"}),
        Reply(200, threads(video, 5, 4, next_token="QURTSl9p")),
        Reply(200, threads(video, 3, 2)),
    )
    base = f"{replay_server.url}/youtube/v3"
    project = project_with(
        tmp_path, {"name": "yt", "type": "youtube", "video_ids": [video], "api_key_env": "YT_KEY", "base_url": base}
    )
    [spec] = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        with HttpClient(policy=FAST) as client:
            first = run_source(wh, project, spec, client)
        assert (first.pages, first.loaded, first.waits) == (2, 4, [1.0])
        first_page = {"part": "snippet,replies", "videoId": video, "maxResults": "100", "order": "time"}
        assert params(replay_server.requests[1]) == {**first_page, "key": "AIzaSECRET"}
        assert params(replay_server.requests[2])["pageToken"] == "QURTSl9p"
        assert load_cursor(wh, "yt") == {"newest": {video: "2026-09-05T08:00:00Z"}}
        replay_server.requests.clear()
        replay_server.script("/youtube/v3/commentThreads", Reply(200, threads(video, 6, 5, 4, next_token="more")))
        second = run_source(wh, project, spec)
        assert (second.pages, second.loaded) == (1, 1)
        assert len(replay_server.requests) == 1  # the page reached the cursor: no further page
        assert load_cursor(wh, "yt") == {"newest": {video: "2026-09-06T08:00:00Z"}}


def test_youtube_credentials_are_required_and_never_shown(
    tmp_path: Path, replay_server: ReplayServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("YT_KEY", raising=False)
    replay_server.script("/commentThreads", Reply(403, '{"error": {"errors": [{"reason": "quotaExceeded"}]}}'))
    source = {"name": "yt", "type": "youtube", "video_ids": ["dQw4w9WgXcQ"], "api_key_env": "YT_KEY"}
    project = project_with(tmp_path, {**source, "base_url": replay_server.url})
    [spec] = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        with pytest.raises(FetchError, match=r"YT_KEY is not set.*source 'yt'"):
            run_source(wh, project, spec)
        monkeypatch.setenv("YT_KEY", "AIzaSECRET")
        with pytest.raises(FetchError, match=r"HTTP 403.*quotaExceeded") as err:
            run_source(wh, project, spec)
    assert "AIzaSECRET" not in str(err.value) and "key=***" in str(err.value)


# --- Bluesky: app.bsky.feed.searchPosts (docs.bsky.app), `cursor` pagination, `since` filter ---------------------


def post(n: int) -> dict[str, Any]:
    when = f"2026-09-0{n}T08:00:00.000Z"
    did = "did:plc:dave"
    return {
        "uri": f"at://{did}/app.bsky.feed.post/3kp{n}",
        "cid": f"bafyrei{n}",
        "author": {"did": did, "handle": "dave.bsky.social", "displayName": "Dave", "labels": []},
        "record": {"$type": "app.bsky.feed.post", "text": f"Nexora post {n}", "createdAt": when, "langs": ["fr"]},
        "replyCount": 0,
        "repostCount": 1,
        "likeCount": 2,
        "quoteCount": 0,
        "indexedAt": when,
        "labels": [],
    }


def search_page(*ns: int, cursor: str | None = None) -> str:
    body: dict[str, Any] = {"posts": [post(n) for n in ns], "hitsTotal": len(ns)}
    if cursor:
        body["cursor"] = cursor
    return json.dumps(body)


def test_bluesky_pages_and_sends_since(tmp_path: Path, replay_server: ReplayServer, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BSKY_JWT", "eyJhbGc")
    path = "/xrpc/app.bsky.feed.searchPosts"
    replay_server.script(path, Reply(200, search_page(5, 4, cursor="2")), Reply(200, search_page(3, 2)))
    source = {"name": "sky", "type": "bluesky", "query": "nexora", "service": replay_server.url}
    project = project_with(tmp_path, {**source, "token_env": "BSKY_JWT"})
    [spec] = project.live_sources()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        first = run_source(wh, project, spec)
        assert (first.pages, first.loaded) == (2, 4)
        assert params(replay_server.requests[0]) == {"q": "nexora", "limit": "100", "sort": "latest"}
        assert params(replay_server.requests[1])["cursor"] == "2"
        assert replay_server.requests[0].headers["Authorization"] == "Bearer eyJhbGc"
        assert load_cursor(wh, "sky") == {"since": "2026-09-05T08:00:00.000Z"}
        replay_server.requests.clear()
        replay_server.script(path, Reply(200, search_page(6, 5)))  # `since` is inclusive: post 5 comes back
        second = run_source(wh, project, spec)
        assert (second.loaded, second.reports[0].duplicates) == (1, 1)
        assert params(replay_server.requests[0])["since"] == "2026-09-05T08:00:00.000Z"
        assert load_cursor(wh, "sky") == {"since": "2026-09-06T08:00:00.000Z"}
        replay_server.script(path, Reply(200, '{"posts": []}'))
        assert run_source(wh, project, spec).pages == 0


# --- the ingest flow: one failing source, the others still loaded ---------------------------------------------


def test_ingest_flow_loads_the_working_source_and_names_the_failing_one(
    tmp_path: Path, replay_server: ReplayServer, prefect_home: Path
):
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest_flow

    replay_server.script(
        "/api/v1/timelines/tag/nexora", Reply(401, '{"error": "This API requires an authenticated user"}')
    )
    replay_server.script("/search.json", Reply(200, listing(2, 1)))
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: live\nbrands:\n  own: {name: Nexora, query: nexora}\nsources:\n"
        f"  - {{name: toots, type: mastodon, instance: '{replay_server.url}', hashtag: nexora}}\n"
        f"  - {{name: threads, type: reddit, query: nexora, base_url: '{replay_server.url}'}}\n"
    )
    with prefect_test_harness():
        state = ingest_flow(str(project), return_state=True)
    assert state.is_failed()
    message = str(state.result(raise_on_failure=False))
    assert "1 source(s) failed" in message and "source 'toots'" in message and "HTTP 401" in message
    with Warehouse(tmp_path / "warehouse.duckdb", read_only=True) as wh:
        assert wh.df("SELECT DISTINCT source FROM raw_mentions")["source"].tolist() == ["threads"]
        assert loaded_ids(wh) == ["t3_p1", "t3_p2"]
