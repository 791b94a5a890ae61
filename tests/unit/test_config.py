from importlib import resources
from pathlib import Path

import pytest

from reputation.config import ProjectError, env_secret, load_project, parse_project

MINIMAL = {"name": "p", "brands": {"own": {"name": "Nexora", "query": "nexora*"}}}


def test_example_project_is_valid_and_paths_are_relative_to_it():
    path = Path(str(resources.files("reputation.demo") / "project.yaml"))
    project = load_project(path)
    assert project.brands.own.name == "Nexora"
    assert [b.name for b in project.brands.competitors] == ["Telvia", "Orbix", "Fibrea"]
    assert project.warehouse_path == path.parent.resolve() / "warehouse.duckdb"
    assert project.source_paths() == [("demo", path.parent.resolve() / "demo" / "mentions.jsonl")]


def errors_of(data: object) -> str:
    with pytest.raises(ProjectError) as err:
        parse_project(data, Path("."), "p.yaml")
    return str(err.value)


def test_unknown_key_is_named():
    message = errors_of({**MINIMAL, "warehous": {"path": "x"}})
    assert "warehous: unknown key" in message


def test_wrong_type_names_the_nested_key():
    message = errors_of({**MINIMAL, "topics": {"n_topics": "many"}})
    assert "topics.n_topics" in message and "integer" in message


def test_missing_key_is_named():
    message = errors_of({"name": "p", "brands": {"own": {"name": "Nexora"}}})
    assert "brands.own.query: Field required" in message


def test_bad_query_gives_key_and_position():
    message = errors_of({"name": "p", "brands": {"own": {"name": "N", "query": "(nexora OR"}}})
    assert "brands.own.query" in message and "position" in message


def test_duplicate_brand_names_rejected():
    data = {
        "name": "p",
        "brands": {"own": {"name": "N", "query": "n"}, "competitors": [{"name": "n", "query": "x"}]},
    }
    assert "unique" in errors_of(data)


def test_top_level_must_be_a_mapping():
    assert "mapping" in errors_of(["a", "b"])


def test_missing_file_and_bad_yaml(tmp_path: Path):
    with pytest.raises(ProjectError, match="not found"):
        load_project(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ProjectError, match="not valid YAML"):
        load_project(bad)


def test_secrets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("REP_TEST_SECRET", "s3cret")
    assert env_secret("REP_TEST_SECRET") == "s3cret"
    monkeypatch.delenv("REP_TEST_SECRET")
    with pytest.raises(ProjectError, match="REP_TEST_SECRET is not set"):
        env_secret("REP_TEST_SECRET")


def live(source: dict[str, object]) -> str:
    return errors_of({**MINIMAL, "sources": [{"name": "s", **source}]})


def test_api_sources_name_the_bad_key():
    assert "sources.0.mastodon.instance: expected an https:// URL" in live(
        {"type": "mastodon", "instance": "http://mastodon.example", "hashtag": "nexora"}
    )
    both = live({"type": "mastodon", "instance": "https://m.example", "hashtag": "nexora", "query": "nexora"})
    assert "sources.0.mastodon: give exactly one of hashtag, query or account" in both
    assert "sources.0.mastodon.account: String should match" in live(
        {"type": "mastodon", "instance": "https://m.example", "account": "@alice@m.example"}
    )
    assert "sources.0.reddit.query: Field required" in live({"type": "reddit", "subreddit": "france"})
    assert "sources.0.reddit.sort: unknown key" in live({"type": "reddit", "query": "n", "sort": "top"})
    assert "sources.0.youtube.api_key_env: Field required" in live({"type": "youtube", "video_ids": ["dQw4w9WgXcQ"]})
    assert "sources.0.youtube.video_ids.0: String should match" in live(
        {"type": "youtube", "video_ids": ["https://youtu.be/x"], "api_key_env": "YT_KEY"}
    )
    assert "sources.0.bluesky.max_pages: Input should be greater than or equal to 1" in live(
        {"type": "bluesky", "query": "n", "max_pages": 0}
    )
    assert "sources.0.bluesky.token_env: String should match" in live(
        {"type": "bluesky", "query": "n", "token_env": "not a name"}
    )


def test_api_sources_defaults_and_normalisation():
    project = parse_project(
        {
            **MINIMAL,
            "sources": [
                {"name": "m", "type": "mastodon", "instance": "https://m.example/", "hashtag": "#Nexora"},
                {"name": "r", "type": "reddit", "query": "nexora"},
                {"name": "y", "type": "youtube", "video_ids": ["dQw4w9WgXcQ"], "api_key_env": "YT_KEY"},
                {"name": "b", "type": "bluesky", "query": "nexora"},
                {"name": "local", "type": "bluesky", "query": "nexora", "service": "http://127.0.0.1:8080"},
            ],
        },
        Path("."),
    )
    m, r, y, b, local = project.live_sources()
    assert (m.instance, m.hashtag, m.max_pages) == ("https://m.example", "Nexora", 5)  # type: ignore[union-attr]
    assert (r.base_url, r.token_env) == (None, None)  # type: ignore[union-attr]
    assert y.base_url == "https://www.googleapis.com/youtube/v3"  # type: ignore[union-attr]
    assert b.service == "https://public.api.bsky.app"  # type: ignore[union-attr]
    assert local.service == "http://127.0.0.1:8080"  # type: ignore[union-attr]


def test_file_source_column_mapping_targets_canonical_columns():
    ok = parse_project(
        {**MINIMAL, "sources": [{"name": "bw", "paths": ["x.csv"], "columns": {"text": "Message"}}]}, Path(".")
    )
    assert ok.sources[0].columns == {"text": "Message"}
    message = errors_of({**MINIMAL, "sources": [{"name": "bw", "paths": ["x.csv"], "columns": {"body": "Message"}}]})
    assert "sources.0.file.columns" in message and "['body'] are not canonical columns" in message


def test_a_transformers_folder_is_relative_to_the_project_file(tmp_path: Path):
    (tmp_path / "models" / "tiny").mkdir(parents=True)
    base = {"name": "p", "brands": {"own": {"name": "Acme", "query": "acme"}}}
    local = parse_project({**base, "models": {"sentiment": "transformers:models/tiny"}}, tmp_path)
    assert local.sentiment_spec == f"transformers:{(tmp_path / 'models' / 'tiny').resolve()}"
    hub = parse_project({**base, "models": {"sentiment": "transformers:cardiffnlp/twitter-xlm-roberta"}}, tmp_path)
    assert hub.sentiment_spec == "transformers:cardiffnlp/twitter-xlm-roberta"  # no such folder: a hub id
    assert parse_project(base, tmp_path).sentiment_spec == "builtin-linear"
