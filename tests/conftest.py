"""Shared fixtures. Prefect is configured (no telemetry, temporary local server) before flows are imported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reputation.orchestration import configure_prefect

configure_prefect()


@pytest.fixture(scope="session")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An isolated Prefect home so tests never touch the user's Prefect database."""
    home = tmp_path_factory.mktemp("prefect-home")
    os.environ["PREFECT_HOME"] = str(home)
    return home
