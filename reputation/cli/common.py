"""What every command shares: the console, one-line errors, opening projects, warehouses and CSV files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from reputation.config import Project, ProjectError, load_project
from reputation.warehouse import Warehouse

console = Console(stderr=True, soft_wrap=True)  # soft wrap: printed commands stay copy-pastable

ProjectOpt = Annotated[Path, typer.Option("--project", "-p", help="Project file (YAML).")]
WeekEndOpt = Annotated[
    str | None,
    typer.Option("--week-end", help="Last day of the report week (YYYY-MM-DD); default: last day of data."),
]


def fail(message: str) -> NoReturn:
    from rich.markup import escape

    # escaped: a message's own brackets (pip install 'reputation[onnx]', a list of labels) are text, not markup
    console.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(2)


def load_project_or_fail(path: Path) -> Project:
    try:
        return load_project(path)
    except ProjectError as err:
        fail(str(err))


def parse_day(value: str | None, option: str = "--week-end") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: expected a date like 2026-11-09, got {value!r}")
    return None


@contextmanager
def open_warehouse(path: Path, read_only: bool = True) -> Iterator[Warehouse]:
    """Open a warehouse, turning DuckDB's errors into one clear line."""
    import duckdb

    try:
        wh = Warehouse(path, read_only=read_only)
    except FileNotFoundError as err:
        fail(str(err))
    except duckdb.IOException as err:
        if "lock" in str(err):
            fail(f"{path} is in use by another process. {LOCK_HELP}\n  ({err})")
        fail(f"{path}: cannot open the warehouse ({err})")
    except duckdb.Error as err:
        fail(f"{path}: not a usable DuckDB warehouse ({err})")
    with wh:
        yield wh


LOCK_HELP = (
    "DuckDB lets one process write or several read a file, not both at once: close other connections to it "
    "(e.g. a notebook: con.close()) and run again."
)


def read_csv(path: Path):  # type: ignore[no-untyped-def]
    import pandas as pd

    if not path.is_file():
        fail(f"file not found: {path}")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, UnicodeDecodeError) as err:
        fail(f"{path}: not a readable CSV ({err})")
