"""Opening the warehouse for analysis: read-only (an analysis never writes), found from a notebook's folder.

Every function of `reputation.analysis` takes the connection this module opens and reads the views and tables
documented in docs/warehouse.md, with parameterised SQL.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from reputation.warehouse.readers import DEFAULT_WAIT, open_reader

WAREHOUSE_ENV = "REPUTATION_WAREHOUSE"
DEFAULT_WAREHOUSE = Path("data") / "warehouse.duckdb"

Connection = duckdb.DuckDBPyConnection
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")

Day = date | datetime | str  # a day given as a date, a timestamp or ISO text ("2026-09-28")


def default_warehouse_path(start: Path | None = None) -> Path:
    """The warehouse analysis opens by default: $REPUTATION_WAREHOUSE, else the first data/warehouse.duckdb in the
    current folder or one of its parents (a notebook runs in notebooks/, `make demo` writes ../data/)."""
    if os.environ.get(WAREHOUSE_ENV):
        return Path(os.environ[WAREHOUSE_ENV]).expanduser()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DEFAULT_WAREHOUSE).is_file():
            return folder / DEFAULT_WAREHOUSE
    return DEFAULT_WAREHOUSE


def open_warehouse(
    path: str | Path | None = None, project: str | Path | None = None, *, wait_seconds: float = DEFAULT_WAIT
) -> Connection:
    """A read-only DuckDB connection to the warehouse: `path`, or the `project` file's warehouse, else
    `default_warehouse_path()`. While a flow holds the file it waits up to `wait_seconds` (flows release it between
    tasks), then raises WarehouseBusy naming the process. Close it (`con.close()`) when done: flows wait for readers.
    """
    if path is not None and project is not None:
        raise ValueError("give the warehouse path or the project file, not both")
    if project is not None:
        from reputation.config import load_project  # pydantic models: only when a project file is given

        path = load_project(Path(project)).warehouse_path
    target = Path(path) if path is not None else default_warehouse_path()
    if not target.is_file():
        raise FileNotFoundError(
            f"no warehouse at {target}: run `make demo` (or the pipeline), or set {WAREHOUSE_ENV} to the file"
        )
    return open_reader(target, wait_seconds=wait_seconds)


def fetch(con: Connection, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """The result of a parameterised query (`$name` placeholders) as a DataFrame; `params` may hold more names than
    the query uses (DuckDB refuses extra ones), so one set of filters serves several queries."""
    used = set(_PARAM.findall(sql))
    return con.execute(sql, {k: v for k, v in (params or {}).items() if k in used}).df()


def as_day(value: Day | None) -> date | None:
    """A day from a date, timestamp or ISO text (None stays None)."""
    if value is None:
        return None
    return pd.Timestamp(value).date()


def brands(con: Connection) -> list[str]:
    """Tracked brands, most mentioned first (the own brand usually leads)."""
    rows = fetch(con, "SELECT brand FROM daily_brand_metrics GROUP BY brand ORDER BY sum(mentions) DESC, brand")
    return rows["brand"].tolist()


def coverage(con: Connection) -> dict[str, Any]:
    """What the warehouse holds: first and last day (project time zone), mentions, authors, brands, platforms and
    languages."""
    row = fetch(
        con,
        "SELECT (SELECT min(day) FROM daily_brand_metrics) AS first_day, "
        "(SELECT max(day) FROM daily_brand_metrics) AS last_day, count(*) AS mentions, "
        "count(DISTINCT author_id) AS authors, count(DISTINCT platform) AS platforms, "
        "list(DISTINCT lang ORDER BY lang) FILTER (WHERE lang IS NOT NULL) AS languages FROM mentions",
    ).iloc[0]
    return {
        "first_day": as_day(row["first_day"]) if pd.notna(row["first_day"]) else None,
        "last_day": as_day(row["last_day"]) if pd.notna(row["last_day"]) else None,
        "mentions": int(row["mentions"]),
        "authors": int(row["authors"]),
        "platforms": int(row["platforms"]),
        "languages": list(row["languages"]) if row["languages"] is not None else [],
        "brands": brands(con),
    }
