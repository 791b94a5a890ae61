"""Reading the warehouse while flows write it (docs/operations.md, "Reading while a flow writes").

DuckDB allows one process to write a file, or any number to read it, not both at once. Flows hold the write lock
only while a task runs (seconds) and release it between tasks; each stage commits its rows in one transaction, so
a reader always sees whole stages, never half-written ones. :func:`open_reader` opens a read-only connection and,
while a flow holds the file, waits and tries again, up to `wait_seconds`, then fails with a message that names the
process. A reader should close its connection when done: while it is open, flows wait for it (their tasks retry on
a lock for about 40 s, then fail saying which process holds the file).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb

DEFAULT_WAIT = 120.0  # a flow's longest task on a big warehouse takes about this long


class WarehouseBusy(RuntimeError):
    """The warehouse stayed locked by a writer for longer than the reader agreed to wait."""


def _holder(err: Exception) -> str:
    found = re.search(r"held in (.+?) \(PID (\d+)\)", str(err))
    return f"{found.group(1)} (PID {found.group(2)})" if found else "another process"


def open_reader(
    path: str | Path, wait_seconds: float = DEFAULT_WAIT, poll_seconds: float = 0.5
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse, waiting up to `wait_seconds` while a flow writes it."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"warehouse not found: {path} (run the pipeline first)")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as err:
            if "lock" not in str(err):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{path} is being written by {_holder(err)} and stayed locked for {wait_seconds:g} s. A flow "
                    "releases it between tasks: try again in a moment, or wait longer (wait_seconds)."
                ) from None
            time.sleep(poll_seconds)
