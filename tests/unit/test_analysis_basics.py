"""reputation.analysis without a pipeline: finding and opening the warehouse read-only, parameterised queries,
grouping alerts into incidents, the networkx message, and the charts on tiny frames."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from reputation import analysis
from reputation.analysis.connection import fetch


def _warehouse(path: Path) -> Path:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    return path


def test_default_path_is_the_environment_variable_else_data_warehouse_up_the_tree(tmp_path, monkeypatch):
    monkeypatch.delenv(analysis.WAREHOUSE_ENV, raising=False)
    (tmp_path / "data").mkdir()
    found = _warehouse(tmp_path / "data" / "warehouse.duckdb")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    assert analysis.default_warehouse_path(notebooks) == found.resolve()  # a notebook runs in notebooks/
    assert analysis.default_warehouse_path(tmp_path) == found.resolve()
    monkeypatch.setenv(analysis.WAREHOUSE_ENV, str(tmp_path / "other.duckdb"))
    assert analysis.default_warehouse_path(notebooks) == tmp_path / "other.duckdb"


def test_open_warehouse_is_read_only_and_says_what_to_do_when_missing(tmp_path, monkeypatch):
    path = _warehouse(tmp_path / "w.duckdb")
    con = analysis.open_warehouse(path)
    also = analysis.open_warehouse(path)  # readers do not block each other
    assert con.execute("SELECT x FROM t").fetchall() == also.execute("SELECT x FROM t").fetchall() == [(1,)]
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("INSERT INTO t VALUES (2)")
    con.close()
    also.close()
    monkeypatch.setenv(analysis.WAREHOUSE_ENV, str(path))
    with analysis.open_warehouse() as from_env:
        assert from_env.execute("SELECT count(*) FROM t").fetchone() == (1,)
    with pytest.raises(FileNotFoundError, match="REPUTATION_WAREHOUSE"):
        analysis.open_warehouse(tmp_path / "missing.duckdb")
    with pytest.raises(ValueError, match="not both"):
        analysis.open_warehouse(path, project=tmp_path / "project.yaml")


def test_fetch_passes_only_the_parameters_a_query_uses():
    con = duckdb.connect()
    params = {"a": 2, "b": "x", "unused": None}
    assert fetch(con, "SELECT $a * 2 AS v", params)["v"].tolist() == [4]
    assert fetch(con, "SELECT $b AS v, $a AS w", params).values.tolist() == [["x", 2]]
    hostile = "x'; DROP TABLE t; --"  # a value is a parameter, never SQL text
    assert fetch(con, "SELECT $b AS v", {"b": hostile})["v"].tolist() == [hostile]


def _alert(alert_id: str, brand: str, signal: str, kind: str, start: str, end: str, mentions: int) -> dict:
    return {
        "alert_id": alert_id,
        "brand": brand,
        "signal": signal,
        "kind": kind,
        "started_at": pd.Timestamp(start),
        "ended_at": pd.Timestamp(end),
        "mentions": mentions,
        "summary": f"{alert_id} summary",
    }


def test_overlapping_alerts_of_a_brand_are_one_incident():
    frame = pd.DataFrame(
        [
            _alert("h", "A", "volume_hourly", "crisis", "2026-10-13 07:00", "2026-10-14 13:00", 500),
            _alert("d", "A", "volume_daily", "crisis", "2026-10-13", "2026-10-15", 700),
            _alert("n", "A", "negative_share_daily", "crisis", "2026-10-13", "2026-10-15", 700),
            _alert("s", "A", "volume_daily", "spike", "2026-10-15", "2026-10-16", 90),  # starts as the crisis ends
            _alert("b", "B", "volume_daily", "spike", "2026-10-13", "2026-10-14", 40),  # same days, other brand
        ]
    )
    got = analysis.group_incidents(frame)
    assert got["alert_id"].tolist() == ["d", "s", "b"]  # most mentions first; the daily volume alert speaks
    crisis = got.iloc[0]
    assert crisis["kind"] == "crisis" and crisis["alert_ids"] == ["d", "n", "h"]
    assert crisis["started_at"] == pd.Timestamp("2026-10-13") and crisis["ended_at"] == pd.Timestamp("2026-10-15")
    assert crisis["signals"] == ["negative_share_daily", "volume_daily", "volume_hourly"]
    assert crisis["mentions"] == 700 and crisis["summary"] == "d summary"
    assert got.iloc[1]["kind"] == "spike" and got.iloc[2]["brand"] == "B"
    assert analysis.group_incidents(frame.iloc[0:0]).empty


def test_community_graph_names_what_to_install_without_networkx(monkeypatch):
    from reputation.analysis.community import require_networkx

    monkeypatch.setitem(sys.modules, "networkx", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"reputation\[analysis\]"):
        require_networkx()


def test_charts_draw_one_line_or_band_per_brand():
    days = pd.date_range("2026-09-01", periods=3, freq="D")
    frame = pd.DataFrame(
        {
            "bucket": list(days) * 2,
            "brand": ["Big"] * 3 + ["Small"] * 3,
            "mentions": [10, 12, 30, 2, 3, 1],
            "net_sentiment": [0.2, 0.1, -0.8, 0.0, 0.5, None],
            "share_of_voice": [10 / 12, 12 / 15, 30 / 31, 2 / 12, 3 / 15, 1 / 31],
        }
    )
    trend = analysis.plot_trend(frame, "net_sentiment", title="t")
    [ax] = trend.axes
    assert [line.get_label() for line in ax.get_lines()][:2] == ["Big", "Small"]  # most mentioned first
    assert ax.get_ylim() == (-1.05, 1.05)
    sov = analysis.plot_share_of_voice(frame)
    assert len(sov.axes[0].collections) == 2  # one band per brand
    bars = analysis.plot_net_sentiment(
        pd.DataFrame({"aspect": ["price", "network"], "mentions": [5, 9], "net_sentiment": [0.4, -0.6]}), "aspect"
    )
    assert [t.get_text() for t in bars.axes[0].get_yticklabels()] == ["price", "network"]  # biggest at the top
