"""A per-mention stage's batches are computed one ahead: the next batch's rows are computed while the stage writes
the current one's, in the same order, and the watermark only moves once the last batch is written."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from reputation import stages
from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration

TABLE, MODEL, VERSION = "enr_language", "test-lengths", "1"


def lengths(batch: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"mention_id": batch["mention_id"], "n": batch["text"].str.len().to_numpy()})


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project, _ = demo_project(tmp_path_factory.mktemp("computed"), DemoConfig(seed=3, n_mentions=5_000, weeks=3))
    with Warehouse(project.warehouse_path) as wh:
        stages.ingest(wh, project)
    return project.warehouse_path


def test_rows_come_in_order_and_the_next_batch_is_computed_during_the_write(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stages, "_VECTORS", 1)  # batches of 2,048 rows: three of them
    events: list[tuple[str, int, float]] = []

    def compute(batch: pd.DataFrame) -> pd.DataFrame:
        events.append(("compute", len(events), time.perf_counter()))
        return lengths(batch)

    with Warehouse(warehouse) as wh:
        expected = lengths(wh.df("SELECT mention_id, text FROM raw_mentions"))
        got, writes = [], []
        for batch, rows in stages._computed(wh, TABLE, MODEL, VERSION, "mention_id, text", compute, None):
            assert rows["mention_id"].tolist() == batch["mention_id"].tolist()
            started = time.perf_counter()
            time.sleep(0.3)  # a slow write
            writes.append((started, time.perf_counter()))
            got.append(rows)
    assert len(got) == 3
    pd.testing.assert_frame_equal(
        pd.concat(got).sort_values("mention_id", ignore_index=True),
        expected.sort_values("mention_id", ignore_index=True),
    )
    computes = [t for kind, _, t in events if kind == "compute"]
    # batch k + 1 was being computed while batch k was written
    assert all(computes[k + 1] < writes[k][1] for k in range(len(writes) - 1))


def test_the_watermark_moves_only_after_the_last_batch_is_written(
    warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stages, "_VECTORS", 1)
    with Warehouse(warehouse) as wh:
        batches = stages._computed(wh, TABLE, "test-failing", VERSION, "mention_id, text", lengths, None)
        with pytest.raises(RuntimeError, match="the last write fails"):
            for i, _ in enumerate(batches):
                if i == 2:
                    raise RuntimeError("the last write fails")
        assert stages.watermark(wh, TABLE, "test-failing", VERSION) is None
        for _ in stages._computed(wh, TABLE, "test-failing", VERSION, "mention_id, text", lengths, None):
            pass
        assert stages.watermark(wh, TABLE, "test-failing", VERSION) == wh.scalar(
            "SELECT max(ingested_at) FROM raw_mentions"
        )
