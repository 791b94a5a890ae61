"""Shared fixtures. Prefect is configured (no telemetry, temporary local server) before flows are imported."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reputation.orchestration import configure_prefect
from tests.replay import ReplayServer

configure_prefect()


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An isolated Prefect home so tests never touch the user's Prefect database."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    return home


@pytest.fixture
def locked_warehouse(tmp_path: Path) -> Iterator[Path]:
    """A warehouse file whose write lock is held by another process for the duration of the test."""
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "ok"
        yield db
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    server = ReplayServer()
    try:
        yield server
    finally:
        server.close()
