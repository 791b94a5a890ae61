"""The README's main command, as a user runs it: `reputation demo --out DIR` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def test_reputation_demo_leaves_a_warehouse_and_reports(tmp_path: Path, prefect_home: Path):
    out = tmp_path / "out"
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "COLUMNS": "200"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reputation.cli",
            "demo",
            "--out",
            str(out),
            "--mentions",
            "4000",
            "--weeks",
            "8",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for path in ("demo/mentions.jsonl", "demo/ground_truth.json", "project.yaml", "warehouse.duckdb"):
        assert (out / path).is_file(), path
    reports = sorted((out / "reports").glob("weekly-*.html"))
    assert len(reports) == 2
    # it tells the user where things are
    assert f"Warehouse    : {out / 'warehouse.duckdb'}" in done.stderr
    assert str(reports[0]) in done.stderr
