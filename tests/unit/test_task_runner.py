"""Which task runner a project's enrich flow gets: Prefect's default, a local Dask cluster, or a given scheduler."""

from __future__ import annotations

from pathlib import Path

import pytest

from reputation.config import ProjectError, parse_project
from reputation.orchestration import task_runner

BRANDS = {"own": {"name": "Nexora", "query": "nexora"}}


def project(runner: dict | None = None):  # type: ignore[no-untyped-def]
    data = {"name": "p", "brands": BRANDS} | ({"runner": runner} if runner is not None else {})
    return parse_project(data, Path("."))


def test_the_runner_follows_the_project_file_and_the_environment(monkeypatch: pytest.MonkeyPatch):
    dask = pytest.importorskip("prefect_dask")
    monkeypatch.delenv("REPUTATION_DASK_ADDRESS", raising=False)
    assert task_runner(project()) is None
    local = dask.DaskTaskRunner(cluster_kwargs={"n_workers": 3, "processes": True, "threads_per_worker": 1})
    assert task_runner(project({"dask": {"workers": 3}})) == local
    remote = project({"dask": {"address": "tcp://scheduler:8786"}})
    assert task_runner(remote) == dask.DaskTaskRunner(address="tcp://scheduler:8786")
    monkeypatch.setenv("REPUTATION_DASK_ADDRESS", "tcp://other:8786")
    assert task_runner(remote) == dask.DaskTaskRunner(address="tcp://other:8786")  # the environment wins
    assert task_runner(project()) == dask.DaskTaskRunner(address="tcp://other:8786")  # and turns Dask on


def test_a_misspelt_runner_key_is_named():
    with pytest.raises(ProjectError, match=r"runner\.dask\.adress: unknown key"):
        project({"dask": {"adress": "tcp://scheduler:8786"}})
