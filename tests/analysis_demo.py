"""One small demo warehouse for the analysis API and notebook tests: built by the real pipeline once per test session
(the first module that asks builds it, the others find it), about 40 s on 2 cores.

Seven weeks put the planted outage in the fifth week, late enough for its topic to be flagged as emerging (a topic
needs four weeks of history) and for the daily detector to have its four-week baseline; the contest falls in the
second week.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reputation.config import Project, load_project
from reputation.demo.generator import DemoConfig
from tests.demo_project import demo_project

CONFIG = DemoConfig(seed=7, n_mentions=6_000, weeks=7, n_authors=800)


def analysis_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the demo (project.yaml, demo/ground_truth.json, warehouse.duckdb), built if not built yet."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import pipeline_flow

    out = tmp_path_factory.getbasetemp() / "analysis-demo"
    if (out / "built").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)  # a build that failed half-way is started again
    out.mkdir()
    project, _ = demo_project(out, CONFIG)
    with prefect_test_harness():
        pipeline_flow(str(out / "project.yaml"))
    (out / "built").write_text(str(project.warehouse_path))
    return out


def truth(demo: Path) -> dict:
    """What the generator planted (ground_truth.json)."""
    return json.loads((demo / "demo" / "ground_truth.json").read_text(encoding="utf-8"))


def warehouse_copy(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> tuple[Project, Path]:
    """The demo's project and a copy of its warehouse in `folder`, for a test that changes it."""
    project = load_project(analysis_demo(tmp_path_factory) / "project.yaml")
    path = folder / "warehouse.duckdb"
    shutil.copy(project.warehouse_path, path)
    return project, path
