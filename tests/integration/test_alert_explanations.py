"""The alerts stage keeps its explanations for the next run and reuses only those whose mentions did not change, on
a copy of the demo warehouse built by the real pipeline (tests/analysis_demo.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reputation.config import Project
from reputation.signals.alerts import _Fingerprints, detect_alerts
from reputation.warehouse import Warehouse
from tests.analysis_demo import warehouse_copy

pytestmark = pytest.mark.integration


@pytest.fixture()
def copy(tmp_path_factory: pytest.TempPathFactory, prefect_home: Path, tmp_path: Path) -> tuple[Project, Path]:
    return warehouse_copy(tmp_path_factory, tmp_path)


def _stable(alerts: pd.DataFrame) -> pd.DataFrame:
    frame = alerts.drop(columns="detected_at").sort_values("alert_id").reset_index(drop=True)
    return frame.map(lambda v: list(v) if isinstance(v, np.ndarray) else v)


def _windows(alerts: pd.DataFrame) -> int:
    """Explanations computed per run: signals over the same window and kind share one."""
    return len(alerts.drop_duplicates(["brand", "started_at", "ended_at", "kind"]))


def test_a_rerun_reuses_every_explanation_and_changes_nothing(copy: tuple[Project, Path]):
    project, path = copy
    with Warehouse(path) as wh:
        stored = _stable(wh.df("SELECT * FROM alerts"))
        rerun = detect_alerts(wh, project)  # the pipeline's run left its explanations
        assert rerun.attrs["explanations_reused"] == _windows(rerun) >= 3
        assert _stable(rerun).equals(stored)
        wh.con.execute("DELETE FROM alert_explanations")
        cold = detect_alerts(wh, project)
        assert cold.attrs["explanations_reused"] == 0
        assert _stable(cold).equals(stored)
        assert wh.scalar("SELECT count(*) FROM alert_explanations") == _windows(cold)


def test_a_changed_mention_recomputes_the_explanations_it_is_part_of(copy: tuple[Project, Path]):
    project, path = copy
    with Warehouse(path) as wh:
        alerts = wh.df("SELECT * FROM alerts ORDER BY score DESC")
        top = alerts.iloc[0]
        # the episode's most engaging mention becomes far more engaging: its examples change order at most, but the
        # explanation must be computed again, as must those of the episodes whose baseline holds the mention
        mention = top["examples"][-1]
        wh.con.execute("UPDATE raw_mentions SET likes = coalesce(likes, 0) + 100000 WHERE mention_id = ?", [mention])
        at = wh.scalar(
            "SELECT timezone($tz, published_at AT TIME ZONE 'UTC') FROM raw_mentions WHERE mention_id = $id",
            {"tz": project.timezone, "id": mention},  # type: ignore[arg-type]
        )
        brands = set(wh.df("SELECT unnest(brands) AS b FROM raw_mentions WHERE mention_id = ?", [mention])["b"])
        windows = alerts.drop_duplicates(["brand", "started_at", "ended_at", "kind"])
        since = windows["started_at"] - pd.Timedelta(weeks=project.alerts.baseline_weeks)
        holds = windows["brand"].isin(brands) & (since <= at) & (at < windows["ended_at"])
        assert holds.sum() >= 1

        warm = detect_alerts(wh, project)
        assert warm.attrs["explanations_reused"] == len(windows) - holds.sum()
        assert mention in warm.loc[warm["alert_id"] == top["alert_id"], "examples"].iloc[0]
        wh.con.execute("DELETE FROM alert_explanations")
        cold = detect_alerts(wh, project)
        assert _stable(warm).equals(_stable(cold))


def test_fingerprints_count_and_sum_a_window_in_any_order():
    times = pd.to_datetime(["2026-01-01 10:00", "2026-01-01 09:00", "2026-01-02 00:00", "2026-01-01 12:00"])
    frame = pd.DataFrame({"local_time": times, "row_hash": np.array([2**63, 5, 7, 2**63 + 1], dtype=np.uint64)})
    day = (pd.Timestamp("2026-01-01"), pd.Timestamp("2026-01-02"))
    prints = _Fingerprints(frame)
    assert prints.window(*day) == (3, 6)  # 2**63 + 5 + 2**63 + 1 wraps to 6
    assert _Fingerprints(frame.iloc[::-1]).window(*day) == (3, 6)
    assert prints.window(pd.Timestamp("2026-01-02"), pd.Timestamp("2026-01-03")) == (1, 7)
    assert prints.window(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")) == (0, 0)
