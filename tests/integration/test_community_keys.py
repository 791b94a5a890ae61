"""The community stage keeps the stored results of the periods whose data did not change, and they are what a full
recomputation gives, on a copy of the demo warehouse built by the real pipeline (tests/analysis_demo.py)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reputation import community_periods, stages
from reputation.config import Project
from reputation.warehouse import Warehouse
from tests.analysis_demo import warehouse_copy

pytestmark = pytest.mark.integration

TABLES = (
    "community_authors", "community_edges", "community_period_edges", "community_influence", "community_roles",
    "mart_community_top", "mart_weekly_community_health", "community_author_periods", "community_author_brands",
)  # fmt: skip


@pytest.fixture()
def copy(tmp_path_factory: pytest.TempPathFactory, prefect_home: Path, tmp_path: Path) -> tuple[Project, Path]:
    return warehouse_copy(tmp_path_factory, tmp_path)


def snapshot(wh: Warehouse) -> dict[str, pd.DataFrame]:
    """Every community table, sorted, without `computed_at`."""
    out = {}
    for table in TABLES:
        frame = wh.df(f"SELECT * FROM {table}")
        frame = frame.drop(columns=[c for c in ("computed_at",) if c in frame])
        frame = frame.map(lambda v: tuple(v) if isinstance(v, list | np.ndarray) else v)
        out[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


def kept(result: stages.StageResult) -> int:
    return int(re.search(r"\((\d+) kept\)", result.detail).group(1))  # type: ignore[union-attr]


def periods(wh: Warehouse) -> pd.DataFrame:
    return wh.df("SELECT DISTINCT period, period_start, period_end FROM community_roles ORDER BY period")


def touched(table: pd.DataFrame, day: pd.Timestamp, lookback_days: int) -> set[str]:
    """Periods whose days, or whose lookback window before them, hold `day`."""
    start, end = pd.to_datetime(table["period_start"]), pd.to_datetime(table["period_end"])
    inside = (start <= day) & (day <= end)
    before = (start - timedelta(days=lookback_days) <= day) & (day < start)
    return set(table.loc[inside | before, "period"])


def test_a_rerun_keeps_every_period(copy: tuple[Project, Path]):
    project, path = copy
    with Warehouse(path) as wh:
        before = snapshot(wh)
        n = len(periods(wh))
        result = stages.score_community(wh, project)
        assert n >= 4 and kept(result) == n  # the pipeline's run stored the keys
        same(snapshot(wh), before)


@pytest.mark.parametrize("which", ["first", "last"])
def test_a_changed_mention_recomputes_its_periods_and_only_them(copy: tuple[Project, Path], which: str):
    project, path = copy
    with Warehouse(path) as wh:
        table = periods(wh)
        months = table[table["period"].str.match(r"^\d{4}-\d{2}$")].sort_values("period")
        month = months.iloc[0 if which == "first" else -1]
        # a member's mention in that month turns negative and gets many likes: roles and scores may change
        mention, day = wh.df(
            "SELECT r.mention_id, timezone($tz, r.published_at AT TIME ZONE 'UTC') AS at FROM raw_mentions r "
            "JOIN community_authors a USING (author_id) WHERE NOT a.is_brand_account "
            "AND timezone($tz, r.published_at AT TIME ZONE 'UTC')::DATE BETWEEN $start AND $end "
            "ORDER BY r.mention_id LIMIT 1",
            {"tz": project.timezone, "start": month["period_start"], "end": month["period_end"]},  # type: ignore[arg-type]
        ).iloc[0]
        wh.con.execute("UPDATE raw_mentions SET likes = coalesce(likes, 0) + 5000 WHERE mention_id = ?", [mention])
        wh.con.execute("UPDATE enr_sentiment SET sentiment = 'negative' WHERE mention_id = ?", [mention])
        expected = touched(table, pd.Timestamp(day).normalize(), project.community.lookback_days)
        assert {"all", month["period"]} <= expected
        if which == "last":
            assert expected != set(table["period"])  # the earlier months are not touched

        warm = stages.score_community(wh, project)
        assert kept(warm) == len(table) - len(expected)
        after = snapshot(wh)
        wh.con.execute("DELETE FROM community_period_keys")
        cold = stages.score_community(wh, project)
        assert kept(cold) == 0
        same(snapshot(wh), after)


def test_a_run_that_stops_before_the_end_leaves_no_key(copy: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch):
    # the keys vouch for every row the stage writes, the per-month author tables included: written last
    project, path = copy
    with Warehouse(path) as wh:
        before = snapshot(wh)

        def stopped(keep: object = ()) -> str:
            raise RuntimeError("stopped")

        monkeypatch.setattr(community_periods, "brands_sql", stopped)
        with pytest.raises(RuntimeError, match="stopped"):
            stages.score_community(wh, project)
        assert wh.scalar("SELECT count(*) FROM community_period_keys") == 0
        monkeypatch.undo()
        assert kept(stages.score_community(wh, project)) == 0  # every period computed again
        same(snapshot(wh), before)
