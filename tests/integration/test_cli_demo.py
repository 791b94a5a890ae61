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


def test_reputation_run_reports_a_missing_source_and_loads_the_others(tmp_path: Path, prefect_home: Path):
    good = tmp_path / "good.jsonl"
    good.write_text(
        "\n".join(
            f'{{"platform": "twitter", "platform_id": "{i}", "author_id": "u{i % 7}", "text": "Nexora est super {i}",'
            f' "published_at": "2026-09-{1 + i % 14:02d}T10:00:00Z"}}'
            for i in range(40)
        )
        + "\nnot json\n"
    )
    project = tmp_path / "p.yaml"
    project.write_text(
        "name: run test\nbrands:\n  own: {name: Nexora, query: 'nexora*'}\n"
        "sources: [{name: files, paths: [good.jsonl, missing.jsonl]}]\ntopics: {min_mentions: 10, n_topics: 2}\n"
    )
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "reputation.cli", "run", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 1
    out = done.stderr
    assert f"FAILED {tmp_path / 'missing.jsonl'}: file not found" in out
    assert f"{good}: 41 read, 40 loaded, 0 duplicates, 1 rejected (see the quarantine table)" in out
    assert "1 source(s) failed" in out
    for stage in ("language", "sentiment", "topics", "community", "metrics"):
        assert f"  {stage:<14} ok" in out
    assert "Report       :" in out
