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
