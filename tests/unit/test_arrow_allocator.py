from __future__ import annotations

import os
import subprocess
import sys

import pytest

POOL = "import {first}; import pyarrow as pa; print(pa.default_memory_pool().backend_name)"


@pytest.mark.parametrize(
    ("first", "chosen", "expected"),
    [
        ("reputation", None, "system"),  # pyarrow started after reputation set the variable
        ("pandas, reputation", None, "system"),  # pyarrow already started: its default pool switched
        ("reputation", "mimalloc", "mimalloc"),  # a choice made in the environment is kept
    ],
)
def test_pyarrow_gives_freed_memory_back_unless_told_otherwise(first: str, chosen: str | None, expected: str):
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    done = subprocess.run(
        [sys.executable, "-c", POOL.format(first=first)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
