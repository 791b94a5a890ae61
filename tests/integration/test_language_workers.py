"""The language stage ends this machine's worker processes when it is done: they hold lingua's and fastText's
models, which no later stage needs (the next stage starts workers holding only its own)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from reputation import partitions, stages
from reputation.demo.generator import DemoConfig
from reputation.nlp import language
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project
from tests.processes import alive, worker_pid

pytestmark = pytest.mark.integration


def test_the_language_stage_ends_the_workers_that_held_its_models(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(partitions.WORKERS_ENV, "2")
    monkeypatch.setattr(stages, "LANGUAGE_POOL_FROM", partitions.LOCAL_POOL_FROM)  # workers from this many mentions
    project, _ = demo_project(tmp_path, DemoConfig(seed=5, n_mentions=partitions.LOCAL_POOL_FROM + 500, weeks=3))
    pool = partitions.local_pool()
    assert pool is not None
    batch = pd.DataFrame({"x": range(partitions.LOCAL_POOL_FROM)})
    workers = set(partitions.compute_rows(batch, worker_pid, pool)["pid"])  # the workers the stage will use
    assert workers and os.getpid() not in workers
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        n = wh.scalar("SELECT count(*) FROM raw_mentions")
        assert n >= partitions.LOCAL_POOL_FROM  # one batch, large enough to go to the workers
        result = stages.detect_language(wh)
        assert result.rows_out == n == wh.scalar("SELECT count(*) FROM enr_language")
    assert not any(alive(pid) for pid in workers)
    assert partitions.release_local_pool() is False  # already ended


def test_a_few_thousand_mentions_are_detected_without_workers(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    # starting workers that each load the detectors costs more than the second core saves on a day's mentions
    monkeypatch.setenv(partitions.WORKERS_ENV, "2")
    project, _ = demo_project(tmp_path, DemoConfig(seed=6, n_mentions=partitions.LOCAL_POOL_FROM + 500, weeks=3))
    seen, real = tmp_path / "pids", stages.language_rows

    def rows(detector: str, batch: pd.DataFrame) -> pd.DataFrame:  # notes which process detects each batch
        with seen.open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return real(detector, batch)

    monkeypatch.setattr(stages, "language_rows", rows)
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
        n = wh.scalar("SELECT count(*) FROM raw_mentions")
        assert partitions.LOCAL_POOL_FROM <= n < stages.LANGUAGE_POOL_FROM  # a batch the workers would take
        assert stages.detect_language(wh).rows_out == n
    assert set(seen.read_text(encoding="utf-8").split()) == {str(os.getpid())}
    assert language._detector.cache_info().currsize == 0  # lingua's models let go: no later stage needs them
