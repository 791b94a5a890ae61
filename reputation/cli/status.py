"""`reputation status`: the last runs, where each stage stands, and how fresh each source is."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

import pandas as pd
import typer

from reputation.cli.common import ProjectOpt, console, load_project_or_fail, open_warehouse
from reputation.warehouse import utcnow


def _when(value: object) -> str:
    return "never" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d %H:%M} UTC"


def _age(hours: float | None) -> str:
    if hours is None or pd.isna(hours):
        return "–"
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"


def status(
    project: ProjectOpt,
    runs: Annotated[int, typer.Option("--runs", "-n", help="How many recent runs to list.")] = 10,
    stale_hours: Annotated[
        float, typer.Option("--stale-hours", help="A source not loaded for this long is stale.")
    ] = 24.0,
) -> None:
    """Show the last runs (status, duration, counts, models), each stage's state and watermark, and the freshness
    of each source. Exits with 1 when the last run failed or a source is stale."""
    from reputation import status as st

    proj = load_project_or_fail(project)
    now = utcnow()
    with open_warehouse(proj.warehouse_path) as wh:
        history = st.last_runs(wh, runs)
        stages = st.stage_state(wh)
        marks = st.watermarks(wh)
        sources = st.source_freshness(wh, proj, now, timedelta(hours=stale_hours))
    console.print(f"[bold]{proj.name}[/bold]  warehouse {proj.warehouse_path}", highlight=False)
    console.print("\n[bold]Last runs[/bold]")
    if history.empty:
        console.print("  none yet (reputation run, or reputation serve for the schedules)")
    for r in history.itertuples():
        mark = {"ok": "ok", "running": "[yellow]running[/yellow]"}.get(r.status, "[red]FAILED[/red]")
        took = "" if pd.isna(r.seconds) else f"{r.seconds:.0f} s"
        new = "" if pd.isna(r.new_mentions) else f"+{int(r.new_mentions)} mentions"
        stages_done = "" if pd.isna(r.stages_ok) else f"{int(r.stages_ok)} stages ok"
        failed = "" if pd.isna(r.stages_failed) or not r.stages_failed else f", {int(r.stages_failed)} failed"
        console.print(
            f"  {_when(r.started_at)}  {r.flow:<10} {mark:<7} {took:>6}  {new:<16} {stages_done}{failed}",
            highlight=False,
        )
        if isinstance(r.error, str):
            console.print(f"      {r.error}", markup=False, highlight=False)
    if not history.empty and isinstance(history["model_versions"].iloc[0], str):
        models = json.loads(history["model_versions"].iloc[0])
        console.print("  models: " + ", ".join(f"{k} {v}" for k, v in models.items()), highlight=False)
    console.print("\n[bold]Stages[/bold] (last run)")
    for r in stages.itertuples():
        mark = "ok" if r.last_status == "ok" else "[red]FAILED[/red]"
        console.print(f"  {r.stage:<14} {mark:<6} {_when(r.last_run)}  {r.rows_out} rows", highlight=False)
    if not marks.empty:
        console.print("\n[bold]Watermarks[/bold] (per-mention stages read only what was ingested after)")
        for r in marks.itertuples():
            console.print(f"  {r.output:<22} {_when(r.high_water)}  {r.behind} mentions behind", highlight=False)
    console.print(f"\n[bold]Sources[/bold] (stale: not loaded for {stale_hours:g} h)")
    for r in sources.itertuples():
        flag = "[red]stale[/red]" if r.stale else "fresh"
        console.print(
            f"  {r.source:<16} {r.kind:<10} {flag:<5}  last load {_when(r.last_load)}  {r.mentions} mentions, "
            f"newest {_age(r.newest_age_hours)} old",
            highlight=False,
        )
        if isinstance(r.last_error, str) and (pd.isna(r.last_load) or r.last_error_at > r.last_load):
            console.print(f"      last error: {r.last_error}", markup=False, highlight=False)
    last_failed = not history.empty and history["status"].iloc[0] == "failed"
    if last_failed or sources["stale"].any():
        raise typer.Exit(1)
