"""`reputation queue`: the response queue and the media map out of the warehouse, as CSV files for a spreadsheet
(docs/response-queue.md)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reputation.cli.common import (
    ProjectOpt,
    WeekEndOpt,
    console,
    fail,
    load_project_or_fail,
    open_warehouse,
    parse_day,
)

if TYPE_CHECKING:
    import pandas as pd

queue_app = typer.Typer(
    help="The response queue (questions and complaints to answer, most urgent first) and the media map (who talks "
    "about the brands, which sites they link to).",
    no_args_is_help=True,
)

OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="CSV file to write; without it, print the top rows.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Keep the first N rows.")]
BrandOpt = Annotated[str | None, typer.Option("--brand", "-b", help="A brand of the project; default: the own brand.")]
DelimiterOpt = Annotated[
    str,
    typer.Option(
        "--delimiter", help="Field separator; ';' suits Excel with French regional settings.", show_default=True
    ),
]
_FORMULA_START = r"[=+\-@\t\r]"  # a cell starting so is read as a formula by a spreadsheet


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (a tweet starting with @handle, '=cmd|...') get a
    leading apostrophe; numbers are untouched."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if pd.api.types.infer_dtype(out[col], skipna=True) in ("string", "mixed"):
            text = out[col]
            risky = text.str.match(_FORMULA_START, na=False).astype(bool)
            out[col] = text.where(~risky, "'" + text.astype(str))
    return out


def write_csv(df: pd.DataFrame, out: Path, delimiter: str = ",") -> None:
    """UTF-8 with a byte-order mark, so Excel reads accents right; decimals rounded for reading."""
    if not out.parent.is_dir():
        fail(f"--out: no folder {out.parent}")
    if len(delimiter) != 1:
        fail(f"--delimiter: expected one character, got {delimiter!r}")
    floats = df.select_dtypes("float").columns
    excel_safe(df.round(dict.fromkeys(floats, 3))).to_csv(out, index=False, encoding="utf-8-sig", sep=delimiter)


def _brand(project_brands: list[str], brand: str | None) -> str:
    if brand is None:
        return project_brands[0]
    match = [b for b in project_brands if b.lower() == brand.lower()]
    if not match:
        fail(f"--brand {brand}: not a brand of the project ({', '.join(project_brands)})")
    return match[0]


def _print_rows(df: pd.DataFrame, columns: list[str], title: str) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in df[columns].itertuples(index=False):
        table.add_row(*("" if v is None or v != v else f"{v:.2f}" if isinstance(v, float) else str(v) for v in row))
    console.print(table)


@queue_app.command("refresh")
def queue_refresh(
    project: ProjectOpt,
    now: Annotated[
        str | None,
        typer.Option(
            "--now",
            help="Time of the queue, UTC (YYYY-MM-DD or YYYY-MM-DDTHH:MM); default: the latest "
            "mention in the warehouse.",
        ),
    ] = None,
    week_end: WeekEndOpt = None,
) -> None:
    """Rebuild the response queue and the media map in the warehouse (the pipeline does it on each run)."""
    from reputation import media_map, response_queue
    from reputation.response_queue import QueueSettings

    at = None
    if now is not None:
        try:
            at = datetime.fromisoformat(now).replace(tzinfo=None)
        except ValueError:
            fail(f"--now: expected a time like 2026-10-14T18:00, got {now!r}")
    day = parse_day(week_end)
    proj = load_project_or_fail(project)
    with open_warehouse(proj.warehouse_path, read_only=False) as wh:
        queue = response_queue.refresh(wh, proj, now=at)
        media = media_map.refresh(wh, proj, week_end=day)
    console.print(
        f"response queue as of {queue['as_of']:%Y-%m-%d %H:%M} UTC: {queue['queued']} to answer "
        f"({queue['to_answer']} questions and complaints in the {QueueSettings().active_days} days before, "
        f"{queue['answered']} answered)"
        if queue["as_of"]
        else "response queue: no mentions in the warehouse",
        highlight=False,
    )
    if media["week_end"]:
        console.print(
            f"media map, week ending {media['week_end']}: {media['outlets']} outlets for {proj.brands.own.name} "
            f"({media['new_this_week']} new this week), {media['domains']} linked domains "
            f"({media['candidates']} not collected by any source)",
            highlight=False,
        )


@queue_app.command("export")
def queue_export(
    project: ProjectOpt,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV file to write (e.g. queue.csv).")],
    limit: LimitOpt = None,
    delimiter: DelimiterOpt = ",",
) -> None:
    """Write the response queue, most urgent first, as a CSV file (UTF-8 with BOM, opens in Excel)."""
    from reputation.response_queue import QUEUE_COLUMNS

    proj = load_project_or_fail(project)
    with open_warehouse(proj.warehouse_path) as wh:  # read-only: an export never writes to the warehouse
        q = wh.df(f"SELECT {', '.join(QUEUE_COLUMNS)} FROM response_queue ORDER BY rank LIMIT $n", {"n": limit})  # type: ignore[arg-type]
    write_csv(q, out, delimiter)
    hint = "" if len(q) else " (the queue is empty: nothing to answer, or not built yet: `reputation queue refresh`)"
    console.print(f"{len(q)} items written to {out}{hint}", highlight=False)


@queue_app.command("media")
def queue_media(
    project: ProjectOpt,
    out: OutOpt = None,
    brand: BrandOpt = None,
    limit: LimitOpt = None,
    new: Annotated[bool, typer.Option("--new", help="Only the outlets new in the report week.")] = False,
    delimiter: DelimiterOpt = ",",
) -> None:
    """The media map of a brand: accounts and sites that talk about it, by mentions, with reach and sentiment."""
    from reputation.media_map import OUTLET_COLUMNS

    proj = load_project_or_fail(project)
    name = _brand([b.name for b in proj.brands.all], brand)
    with open_warehouse(proj.warehouse_path) as wh:
        df = wh.df(
            f"SELECT {', '.join(OUTLET_COLUMNS)} FROM media_map WHERE brand = $b AND (new_this_week OR NOT $new) "
            "ORDER BY rank LIMIT $n",
            {"b": name, "new": new, "n": limit if limit or out else 20},  # type: ignore[arg-type]
        )
    if out is not None:
        write_csv(df, out, delimiter)
        console.print(f"{len(df)} outlets of {name} written to {out}", highlight=False)
    elif df.empty:
        console.print(f"no outlets for {name} (not built yet? `reputation queue refresh`)", highlight=False)
    else:
        week = f"week {df['week_start'].iloc[0]:%Y-%m-%d} to {df['week_end'].iloc[0]:%Y-%m-%d}"
        columns = ["rank", "name", "kind", "platform", "mentions", "reach", "net_sentiment", "week_mentions"]
        _print_rows(
            df.assign(new_this_week=df["new_this_week"].map({True: "new", False: ""})),
            [*columns, "new_this_week"],
            f"Media map of {name} ({week})",
        )


@queue_app.command("domains")
def queue_domains(
    project: ProjectOpt,
    out: OutOpt = None,
    brand: BrandOpt = None,
    limit: LimitOpt = None,
    candidates: Annotated[
        bool, typer.Option("--candidates", help="Only the domains no source collects yet (sources to consider).")
    ] = False,
    delimiter: DelimiterOpt = ",",
) -> None:
    """The web domains a brand's mentions link to or are published on, flagging those no source collects."""
    from reputation.media_map import DOMAIN_COLUMNS

    proj = load_project_or_fail(project)
    name = _brand([b.name for b in proj.brands.all], brand)
    with open_warehouse(proj.warehouse_path) as wh:
        df = wh.df(
            f"SELECT {', '.join(DOMAIN_COLUMNS)} FROM linked_domains WHERE brand = $b AND (candidate OR NOT $c) "
            "ORDER BY rank LIMIT $n",
            {"b": name, "c": candidates, "n": limit if limit or out else 20},  # type: ignore[arg-type]
        )
    if out is not None:
        write_csv(df, out, delimiter)
        console.print(f"{len(df)} domains of {name} written to {out}", highlight=False)
    elif df.empty:
        console.print(f"no linked domains for {name}", highlight=False)
    else:
        columns = ["rank", "domain", "mentions", "linked", "published", "net_sentiment", "candidate"]
        _print_rows(df, columns, f"Domains linked by mentions of {name}")
