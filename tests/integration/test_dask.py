"""The enrich flow on a local multi-process Dask cluster gives exactly the single-machine run's rows."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml

from reputation import stages
from reputation.config import load_project
from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration
pytest.importorskip("prefect_dask", reason="the dask extra: pip install -e '.[dask]'")

ROOT = Path(__file__).resolve().parents[2]
# Every enrichment table, with its key (processed_at differs between runs, by design).
TABLES = {
    "enr_language": ["mention_id"],
    "enr_sentiment": ["mention_id"],
    "enr_intent": ["mention_id"],
    "enr_moderation": ["mention_id"],
    "enr_entities": ["mention_id"],
    "enr_aspects": ["mention_id", "aspect"],
    "enr_aspects_processed": ["mention_id"],
}
PARTITION = 300  # small partitions: each stage sends several to each worker


def project_copy(project_file: Path, name: str, **settings: object) -> Path:
    """The project file with its own warehouse (and the given top-level settings), beside the original."""
    data = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    data["warehouse"] = {"path": f"{name}.duckdb"}
    path = project_file.with_name(f"{name}.yaml")
    path.write_text(yaml.safe_dump({**data, **settings}, allow_unicode=True), encoding="utf-8")
    with Warehouse(load_project(path).warehouse_path) as wh:
        stages.ingest(wh, load_project(path))
    return path


def enrichment(project_file: Path) -> dict[str, pd.DataFrame]:
    with Warehouse(load_project(project_file).warehouse_path, read_only=True) as wh:
        tables = {
            t: wh.df(f"SELECT * EXCLUDE (processed_at) FROM {t} ORDER BY {', '.join(key)}, model, model_version")
            for t, key in TABLES.items()
        }
        tables["active_models"] = wh.df("SELECT stage, model, model_version FROM active_models ORDER BY stage")
    return tables


def test_enrich_on_a_dask_cluster_gives_the_single_machine_rows(
    tmp_path: Path, prefect_home: Path, monkeypatch: pytest.MonkeyPatch
):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterName
    from prefect.client.schemas.sorting import TaskRunSort
    from prefect.testing.utilities import prefect_test_harness
    from prefect_dask import DaskTaskRunner

    from flows.enrich import enrich_flow, enrich_for

    demo_project(tmp_path, DemoConfig(seed=5, n_mentions=2_000, weeks=3, n_authors=300))
    here = project_copy(tmp_path / "project.yaml", "here")
    dask = project_copy(tmp_path / "project.yaml", "dask", runner={"dask": {"workers": 2, "partition_size": PARTITION}})
    # the workers are new processes: they must import this checkout's code, not another installed copy
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.delenv("REPUTATION_DASK_ADDRESS", raising=False)

    on_dask = enrich_for(str(dask))
    assert enrich_for(str(here)) is enrich_flow
    assert on_dask.task_runner == DaskTaskRunner(
        cluster_kwargs={"n_workers": 2, "processes": True, "threads_per_worker": 1}
    )
    with prefect_test_harness():
        enrich_flow(str(here))
        on_dask(str(dask))
        with get_client(sync_client=True) as client:
            parts = client.read_task_runs(
                task_run_filter=TaskRunFilter(name=TaskRunFilterName(like_="enrich-partition")),
                sort=TaskRunSort.EXPECTED_START_TIME_DESC,
                limit=200,
            )

    single, distributed = enrichment(here), enrichment(dask)
    mentions = len(single["enr_language"])
    assert mentions > 1_500 and len(single["enr_aspects"]) > 0
    for table, frame in single.items():
        pd.testing.assert_frame_equal(distributed[table], frame, check_exact=True, obj=table)
    # every stage's batches went to the workers as partitions: language, sentiment, intent, moderation, entities,
    # aspects; the single-machine run sent none
    assert len(parts) == 6 * math.ceil(mentions / PARTITION)
    assert all(run.state is not None and run.state.is_completed() for run in parts)
