"""A reader (a notebook) opening the warehouse while another process writes it: it waits for the writer's commit
and sees whole stages, or gives up with a message naming the writer. Real processes, real DuckDB files."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reputation.warehouse import Warehouse
from reputation.warehouse.readers import WarehouseBusy, open_reader

pytestmark = pytest.mark.integration

# A writer like a flow's task: it takes the file, writes a stage's rows in one transaction, then holds the lock a
# little (the next stage) before it closes. It prints "writing" once it holds the lock and waits for a line on stdin
# before committing, so the test decides when the write ends (no sleeps to tune).
WRITER = """
import sys
from reputation.warehouse import Warehouse
with Warehouse(sys.argv[1]) as wh:
    wh.con.execute("BEGIN")
    wh.con.execute("INSERT INTO stage_runs SELECT 'w', 's' || i, now(), now(), 'ok', i, i, '' FROM range(1000) t(i)")
    print("writing", flush=True)
    sys.stdin.readline()
    wh.con.execute("COMMIT")
print("done", flush=True)
"""


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen]]:
    db = tmp_path / "w.duckdb"
    Warehouse(db).close()  # an existing, migrated warehouse
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        yield db, proc
    finally:
        proc.kill()
        proc.wait()


def test_a_reader_gives_up_with_a_clear_message_when_the_writer_keeps_the_file(writer):
    db, proc = writer
    with pytest.raises(WarehouseBusy) as busy:
        open_reader(db, wait_seconds=0.2, poll_seconds=0.05)
    assert "is being written by" in str(busy.value) and f"(PID {proc.pid})" in str(busy.value)
    assert "try again" in str(busy.value)


def test_a_reader_waits_for_the_writer_and_sees_its_whole_commit(writer):
    import threading

    db, proc = writer
    # the writer commits and closes as soon as the reader has started waiting
    release = threading.Timer(0.5, lambda: (proc.stdin.write("\n"), proc.stdin.flush()))  # type: ignore[union-attr]
    release.start()
    con = open_reader(db, wait_seconds=120, poll_seconds=0.05)
    try:
        assert con.execute("SELECT count(*) FROM stage_runs WHERE run_id = 'w'").fetchone() == (1000,)
        # several readers at once are fine
        other = open_reader(db, wait_seconds=0)
        assert other.execute("SELECT count(*) FROM stage_runs").fetchone() == (1000,)
        other.close()
    finally:
        con.close()
        release.cancel()
    assert proc.wait(timeout=30) == 0


def test_a_missing_warehouse_is_named(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="run the pipeline first"):
        open_reader(tmp_path / "none.duckdb")
