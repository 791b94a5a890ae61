"""The DuckDB warehouse: the one place that writes (DuckDB has a single writer).

Every stage writes through :meth:`Warehouse.replace` (delete the rows it owns for the given keys, insert the
new ones, in one transaction) or :meth:`Warehouse.insert_new` (insert only keys not present yet), so a rerun
replaces and never duplicates. Data goes in as DataFrames or Arrow tables, never row by row.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

STORAGE_COMPATIBILITY = "v1.4.0"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def utcnow() -> datetime:
    """Naive UTC now: the warehouse stores UTC timestamps without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def sql_strings(values: Iterable[str]) -> str:
    """String literals for an SQL list, quotes escaped and sorted: `'a', 'b'`."""
    return ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))


def not_in(column: str, values: Iterable[str]) -> str:
    """An SQL condition: `column NOT IN (values)`, or `true` when there are none."""
    values = list(values)
    return f"{column} NOT IN ({sql_strings(values)})" if values else "true"


def scannable(df: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """`df` as DuckDB should read it for an insert: as an Arrow table when pyarrow converts it, else as it is.

    DuckDB reads a DataFrame's object columns (lists, structs, Python strings) one object at a time under the GIL,
    after typing each column from every row (`pandas_analyze_sample` below); pyarrow converts them in one pass, and
    DuckDB then reads its buffers. The entities stage at a million mentions (lists of structs): 22.0 s -> 13.4 s.
    """
    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):
        return df  # e.g. an object column mixing strings and numbers, a lone surrogate: DuckDB's own reading copes


def _unique(table: str, df: pd.DataFrame, key: Sequence[str]) -> None:
    """Raise if two rows of `df` share `key`: the tables that grow with the mentions have no primary key in DuckDB
    (migrations 0018 and 0022), so this is where a repeated key stops instead of doubling rows through the views."""
    repeated = df.duplicated(subset=list(key))
    if repeated.any():
        first = df.loc[repeated, list(key)].iloc[0].to_dict()
        raise ValueError(f"{int(repeated.sum())} row(s) for {table} repeat a key ({', '.join(key)}), e.g. {first}")


def packaged_migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of the packaged migrations, in order."""
    found = []
    for item in (resources.files("reputation.warehouse") / "migrations").iterdir():
        m = _MIGRATION_NAME.match(item.name)
        if m:
            found.append((int(m.group(1)), m.group(2), item.read_text(encoding="utf-8")))
    return sorted(found)


class Warehouse:
    """A connection to a warehouse file, migrated to the latest schema on open (unless read-only)."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise FileNotFoundError(f"warehouse not found: {self.path} (run the pipeline first)")
        # New files use a storage format that older readers (the PyPI `duckdb-cli` wheel, 1.4+) can open.
        config = {} if read_only else {"storage_compatibility_version": STORAGE_COMPATIBILITY}
        # DataFrames are typed from every row of an object column, not a sample of 1,000: with a sample, a batch whose
        # sampled lists are all empty (no moderation flag) typed the column as a list of NULL and failed on the first
        # non-empty one. Costs ~0.3 s per million rows of such a column.
        config["pandas_analyze_sample"] = 2**62  # type: ignore[assignment]
        self.con = duckdb.connect(str(self.path), read_only=read_only, config=config)
        if not read_only:
            self.migrate()

    def close(self) -> None:
        self.con.close()
        # Drop the native object too: a traceback kept by Prefect holds this Warehouse until exit, and DuckDB's
        # bindings report any native object still alive at interpreter exit as a leak.
        del self.con

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        if not self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"):
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_migrations"))

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction; returns the versions applied."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        current = self.schema_version()
        applied = []
        for version, name, sql in packaged_migrations():
            if version <= current:
                continue
            with self.transaction():
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, utcnow()])
            applied.append(version)
        return applied

    # -- writes ---------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _insert(self, table: str, df: pd.DataFrame) -> None:
        self.con.register("_incoming", scannable(df))
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
        finally:
            self._unregister("_incoming")

    def _unregister(self, name: str) -> None:
        # After a failed statement DuckDB refuses everything until ROLLBACK, unregister included: that error
        # would hide the one that matters, which is already on its way up to the transaction's rollback.
        with contextlib.suppress(duckdb.TransactionException):
            self.con.unregister(name)

    def insert_new(self, table: str, df: pd.DataFrame, key: Sequence[str]) -> int:
        """Insert rows whose key is not in the table yet; returns how many were inserted."""
        if df.empty:
            return 0
        _unique(table, df, key)
        on = " AND ".join(f"t.{k} = i.{k}" for k in key)
        self.con.register("_incoming", scannable(df))
        try:
            with self.transaction():
                before = self._count(table)
                self.con.execute(
                    f"INSERT INTO {table} BY NAME SELECT i.* FROM _incoming i "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on})"
                )
                return self._count(table) - before
        finally:
            self._unregister("_incoming")

    def append(self, table: str, df: pd.DataFrame) -> int:
        """Insert every row of `df` (for a slice the caller has just emptied); returns how many."""
        if not df.empty:
            with self.transaction():
                self._insert(table, df)
        return len(df)

    def replace(
        self,
        table: str,
        df: pd.DataFrame,
        key: Sequence[str],
        where: str | None = None,
        unique: Sequence[str] | None = None,
    ) -> int:
        """Delete the table's rows with the incoming keys (or matching `where`), then insert `df`.

        `where` is for stages that own a whole slice (e.g. one model version): the slice is replaced. `unique`: the
        columns no two incoming rows may share (default `key`; none with `where`), checked before anything changes.
        """
        if unique is not None or where is None:
            _unique(table, df, key if unique is None else unique)
        with self.transaction():
            if where is not None:
                self.con.execute(f"DELETE FROM {table} WHERE {where}")
            elif not df.empty:
                cols = ", ".join(key)
                self.con.register("_keys", df[list(key)].drop_duplicates())
                try:
                    self.con.execute(f"DELETE FROM {table} WHERE ({cols}) IN (SELECT ({cols}) FROM _keys)")
                finally:
                    self._unregister("_keys")
            if not df.empty:
                self._insert(table, df)
        return len(df)

    def set_active_model(self, stage: str, model: str, version: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO active_models VALUES (?, ?, ?, ?)", [stage, model, version, utcnow()])

    def record_stage(
        self,
        run_id: str,
        stage: str,
        started_at: datetime,
        status: str,
        rows_in: int,
        rows_out: int,
        detail: str,
    ) -> None:
        self.con.execute(
            "INSERT INTO stage_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, stage, started_at, utcnow(), status, rows_in, rows_out, detail],
        )

    # -- reads ----------------------------------------------------------------------------------------
    def df(self, sql: str, params: Sequence[object] | dict[str, object] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def scalar(self, sql: str, params: Sequence[object] | dict[str, object] | None = None) -> Any:
        """First value of the first row, or None. Fetches the whole result: DuckDB keeps a partly fetched
        result open and refuses other work on the connection until it is consumed."""
        rows = self.con.execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def _count(self, table: str) -> int:
        return int(self.scalar(f"SELECT count(*) FROM {table}"))
