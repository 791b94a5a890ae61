"""The `reputation` command. Each sub-command is a thin shell around a library function."""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from reputation.cli.common import (
    LOCK_HELP,
    ProjectOpt,
    WeekEndOpt,
    console,
    fail,
    load_project_or_fail,
    open_warehouse,
    parse_day,
)
from reputation.cli.graph import graph_app
from reputation.cli.privacy import forget, retention
from reputation.cli.query import query_app
from reputation.cli.queue import queue_app
from reputation.cli.sentiment import sentiment_app
from reputation.cli.serve import serve
from reputation.cli.status import status
from reputation.config import Project
from reputation.warehouse import utcnow

app = typer.Typer(
    help="E-reputation and community analytics: ingest mentions, enrich them, find topics, influencers and "
    "crises, and report weekly.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(sentiment_app, name="sentiment")
app.add_typer(query_app, name="query")
app.add_typer(graph_app, name="graph")
app.add_typer(queue_app, name="queue")
app.command()(serve)
app.command()(status)
app.command()(forget)
app.command()(retention)


def _run_pipeline(project_file: Path, week_end: date | None, started: datetime) -> bool:
    """Run the pipeline flow, then print what it did (read back from the warehouse); True if all went well."""
    import logging

    import duckdb

    from reputation.orchestration import configure_prefect

    configure_prefect()
    console.print("[bold]Running the pipeline[/bold] (Prefect starts a temporary local server: a few seconds)")
    from flows.pipeline import pipeline_flow

    state = pipeline_flow(str(project_file.resolve()), week_end, return_state=True)
    logging.getLogger("prefect").setLevel(logging.WARNING)  # its shutdown notice would bury the summary
    if state.is_completed():
        _print_run(load_project_or_fail(project_file), started)
        return True
    cause = state.result(raise_on_failure=False)
    if isinstance(cause, duckdb.IOException) and "lock" in str(cause):
        console.print(f"[red]The warehouse is in use by another process.[/red] {LOCK_HELP}\n  ({cause})")
        return False
    _print_run(load_project_or_fail(project_file), started)
    console.print(f"[red]The pipeline failed:[/red] {cause}")
    console.print("The other steps ran; see the lines above and the Prefect log for the failed ones.")
    return False


def _print_run(project: Project, started: datetime) -> None:
    with open_warehouse(project.warehouse_path) as wh:
        files = wh.df(
            "SELECT * REPLACE (coalesce(error, '') AS error) FROM ingest_log "
            "WHERE ingested_at >= ? ORDER BY ingested_at",
            [started],
        )
        runs = wh.df(
            "SELECT stage, status, rows_out, detail FROM stage_runs WHERE started_at >= ? ORDER BY started_at",
            [started],
        )
    console.print("\n[bold]Sources[/bold]")
    for f in files.itertuples():
        if f.error:
            console.print(f"  [red]FAILED[/red] {f.source_file}: {f.error}", highlight=False)
        else:
            console.print(
                f"  {f.source_file}: {f.read} read, {f.loaded} loaded, {f.duplicates} duplicates, {f.rejected} rejected"
                + (" (see the quarantine table)" if f.rejected else ""),
                highlight=False,
            )
    console.print("[bold]Stages[/bold]")
    for r in runs.itertuples():
        mark = "ok" if r.status == "ok" else "[red]FAILED[/red]"
        console.print(f"  {r.stage:<14} {mark}  {r.rows_out} rows  {r.detail}", highlight=False)


def _reports(project: Project, started: datetime) -> list[Path]:
    """Reports written since the run started (the report step saves one per language)."""
    folder = project.report_dir
    stamp = started.replace(tzinfo=UTC).timestamp()
    return sorted(p for p in folder.glob("weekly-*.html") if p.stat().st_mtime >= stamp - 1) if folder.exists() else []


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo data, warehouse and reports.")] = Path("data"),
    seed: Annotated[int, typer.Option(help="Random seed of the demo generator.")] = 42,
    mentions: Annotated[int, typer.Option(help="Approximate number of mentions to generate.")] = 24_000,
    weeks: Annotated[int, typer.Option(help="Weeks of data.")] = 10,
) -> None:
    """Generate the demo dataset and run the whole pipeline on it (warehouse + weekly report)."""
    from reputation.demo import write_project_file
    from reputation.demo.generator import DemoConfig, write_demo

    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    with console.status("Generating the demo dataset…"):
        files = write_demo(out / "demo", DemoConfig.sized(mentions, weeks, seed))
    console.print(f"Demo dataset: {files['mentions']} (ground truth: {files['ground_truth']})")
    project_file = out / "project.yaml"
    write_project_file(project_file, files["ground_truth"])
    project = load_project_or_fail(project_file)
    warehouse = project.warehouse_path
    if warehouse.exists():  # a demo run starts from scratch; real projects never do this
        warehouse.unlink()
    started = utcnow()
    ok = _run_pipeline(project_file, None, started)
    console.print(f"\n[bold green]Done[/bold green] in {time.perf_counter() - t0:.0f} s." if ok else "")
    _where(project_file, warehouse, _reports(project, started))
    if not ok:
        raise typer.Exit(1)


def _where(project_file: Path, warehouse: Path, reports: list[Path]) -> None:
    console.print(f"  Project file : {project_file.resolve()}")
    console.print(f"  Warehouse    : {warehouse}")
    for r in reports:
        console.print(f"  Report       : {r}")
    if reports:
        console.print(f"\nOpen the report in a browser, e.g. [cyan]xdg-open {reports[0]}[/cyan]")
    console.print(
        f'Query the warehouse: [cyan]{sys.executable} -c "import duckdb; '
        f"print(duckdb.connect('{warehouse}', read_only=True)"
        ".sql('SELECT * FROM daily_brand_metrics LIMIT 5'))\"[/cyan]"
    )
    console.print("See README.md for Jupyter and the duckdb CLI.")


@app.command()
def run(project: ProjectOpt, week_end: WeekEndOpt = None) -> None:
    """Run the whole pipeline (ingest, enrich, analytics, report) for a project through Prefect."""
    proj = load_project_or_fail(project)
    started = utcnow()
    ok = _run_pipeline(project, parse_day(week_end), started)
    _where(project, proj.warehouse_path, _reports(proj, started))
    if not ok:
        raise typer.Exit(1)


@app.command()
def backfill(
    project: ProjectOpt,
    start: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD, project time zone).")],
    end: Annotated[str, typer.Option("--to", help="Last day, included.")],
) -> None:
    """Reprocess the mentions published from --from to --to with the project as it is now (brand queries, charter,
    models), then refresh the analytics. Mentions outside the range are untouched; rerunning changes nothing more."""
    import logging

    from reputation.orchestration import configure_prefect

    proj = load_project_or_fail(project)
    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    if first is None or last is None or last < first:
        fail(f"--to ({end}) is before --from ({start})")
    configure_prefect()
    from flows.backfill import backfill_flow

    started = utcnow()
    state = backfill_flow(str(project.resolve()), first, last, return_state=True)
    logging.getLogger("prefect").setLevel(logging.WARNING)
    _print_run(proj, started)
    if not state.is_completed():
        console.print(f"[red]The backfill failed:[/red] {state.result(raise_on_failure=False)}")
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (CSV, JSON, JSONL) or folders to load.")],
    project: Annotated[Path | None, typer.Option("--project", "-p", help="Project file (brands, warehouse).")] = None,
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", "-w", help="Warehouse file, without a project.")
    ] = None,
) -> None:
    """Load mention files into a warehouse; prints loaded, duplicates and rejected per file."""
    from reputation import stages
    from reputation.ingest import expand_paths, ingest_file

    if (project is None) == (warehouse is None):
        fail("give exactly one of --project FILE or --warehouse FILE")
    proj = load_project_or_fail(project) if project is not None else None
    target = proj.warehouse_path if proj is not None else warehouse
    with open_warehouse(target, read_only=False) as wh, console.status("Ingesting…"):
        if proj is not None:
            reports = stages.ingest(wh, proj, paths)
        else:  # no project, no brand queries: mentions keep the brands given in the file
            reports = [ingest_file(wh, p) for p in expand_paths(paths)]
    failed = False
    for r in reports:
        console.print(r.summary(), markup=False, highlight=False)
        failed = failed or r.error is not None
    total = sum(r.loaded for r in reports)
    console.print(f"{total} mention{'s' * (total != 1)} loaded into {target}")
    if failed:
        raise typer.Exit(1)


@app.command()
def fetch(
    project: ProjectOpt,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Only these sources (repeatable).")] = None,
) -> None:
    """Fetch the project's live sources (feeds, APIs) since their cursors, and load what is new."""
    from reputation.sources.connectors.http import FetchError
    from reputation.sources.live import run_source

    proj = load_project_or_fail(project)
    chosen = [s for s in proj.live_sources() if not source or s.name in source]
    unknown = set(source or []) - {s.name for s in proj.live_sources()}
    if unknown:
        fail(f"no live source named {sorted(unknown)} in {project}")
    if not chosen:
        console.print("no live source in this project (see docs/sources.md: rss, mastodon, reddit, youtube, bluesky)")
        return
    failed = False
    with open_warehouse(proj.warehouse_path, read_only=False) as wh:
        for spec in chosen:  # one failing source never stops the others
            with console.status(f"Fetching {spec.name}…"):
                try:
                    run = run_source(wh, proj, spec)
                except FetchError as err:
                    console.print(f"[red]FAILED[/red] {spec.name}: {err}", highlight=False)
                    failed = True
                    continue
            console.print(run.summary(), highlight=False, markup=False)
            failed = failed or any(r.error for r in run.reports)
    if failed:
        raise typer.Exit(1)


@app.command()
def generate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write mentions.jsonl and the ground truth.")],
    seed: Annotated[int, typer.Option(help="Random seed.")] = 42,
    mentions: Annotated[int, typer.Option(help="Approximate number of mentions.")] = 24_000,
    weeks: Annotated[int, typer.Option(help="Weeks of data.")] = 10,
) -> None:
    """Write the demo dataset (canonical JSONL) and its ground truth, without running anything."""
    from reputation.demo.generator import DemoConfig, write_demo

    with console.status("Generating…"):
        files = write_demo(out, DemoConfig.sized(mentions, weeks, seed))
    for name, path in files.items():
        console.print(f"{name}: {path}")


report_app = typer.Typer(
    help="The weekly report: render and save it (HTML per language, CSV tables), or e-mail it (report send).",
    add_completion=False,
)
ReportOutOpt = Annotated[
    Path | None, typer.Option("--out", help="Folder for the report's files (default: the project's report.dir).")
]


@report_app.callback(invoke_without_command=True)
def report(
    ctx: typer.Context,
    project: Annotated[Path | None, typer.Option("--project", "-p", help="Project file (YAML).")] = None,
    week_end: WeekEndOpt = None,
    out: ReportOutOpt = None,
) -> None:
    """Render the weekly report from the warehouse (no pipeline run) and save it; `report send` e-mails it."""
    if ctx.invoked_subcommand is not None:
        return
    if project is None:
        fail("missing option --project FILE (to e-mail the report: reputation report send --project FILE)")
    from reputation.report import weekly_context, write_reports

    proj = load_project_or_fail(project)
    day = parse_day(week_end)
    with open_warehouse(proj.warehouse_path) as wh:  # read-only: a report never writes to the warehouse
        try:
            context = weekly_context(wh, proj, day)
        except ValueError as err:
            fail(str(err))
    paths = write_reports(context, proj, out)
    _warn_if_empty(context)
    for p in paths:
        console.print(f"report saved: {p}")


def _warn_if_empty(context: dict[str, object]) -> None:
    if context["week_mentions"] == 0:
        console.print("[yellow]warning:[/yellow] no mention of any brand in that week: the report is empty")


@report_app.command("send")
def report_send(
    project: ProjectOpt,
    week_end: WeekEndOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Save the report and write each language's message as an .eml file; send nothing."
        ),
    ] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="Send again to recipients who already received that week's report.")
    ] = False,
    out: ReportOutOpt = None,
) -> None:
    """E-mail the weekly report to the project's recipients (report.recipients, each in their language).

    The report is saved first; each recipient gets that week's report once (see the warehouse table deliveries).
    Exits with 1 when a recipient could not be reached after the retries (project.alerts.retries).
    """
    from rich.markup import escape

    from reputation.delivery import DeliveryError
    from reputation.delivery.smtp import SmtpSettings
    from reputation.report.email import recipients, save_and_send_weekly_report

    proj = load_project_or_fail(project)
    day = parse_day(week_end)
    if not proj.report.recipients:
        fail(f"{project}: report.recipients is empty: nobody to send the report to")
    try:
        settings = SmtpSettings.from_project(proj)
    except DeliveryError as err:
        if not dry_run:
            fail(f"{project}: {err}")
        console.print(f"[yellow]warning:[/yellow] {escape(str(err))}", highlight=False)
        settings = None
    # a dry run only reads; sending records each attempt in the warehouse
    with open_warehouse(proj.warehouse_path, read_only=dry_run) as wh:
        try:
            outcome = save_and_send_weekly_report(
                wh, proj, day, out_dir=out, dry_run=dry_run, force=resend, settings=settings
            )
        except ValueError as err:
            fail(str(err))
    for p in outcome.saved:
        console.print(f"report saved: {p}")
    if dry_run:
        for p in outcome.previews:
            console.print(f"message preview: {p}")
        via = f" via {settings.server} ({settings.security})" if settings else ""
        for address, lang in recipients(proj):
            console.print(f"would send to {address} ({lang}){via}", highlight=False)
        return
    for r in outcome.results:
        line = escape(r.summary())  # errors quote servers' answers: never Rich markup
        console.print(f"  [red]{line}[/red]" if r.status == "failed" else f"  {line}", highlight=False)
    if outcome.failed:
        n, total = len(outcome.failed), len(outcome.results)
        console.print(
            f"[red]error:[/red] the report did not reach {n} of {total} recipient{'s' * (total != 1)}; it is saved "
            "(above). Every attempt is in the warehouse table deliveries; run the command again to retry them."
        )
        raise typer.Exit(1)


app.add_typer(report_app, name="report")


@app.command()
def check(project: ProjectOpt) -> None:
    """Validate a project file and show what it describes."""
    proj = load_project_or_fail(project)
    console.print(f"[green]valid[/green]: {proj.name}")
    console.print(f"  brands     : {', '.join(b.name for b in proj.brands.all)}")
    console.print(f"  sources    : {', '.join(str(p) for _, p in proj.source_paths()) or '-'}")
    for name, path in proj.source_paths():
        if not path.exists():
            console.print(f"  [yellow]warning:[/yellow] source {name!r}: {path} does not exist (yet)")
    console.print(f"  warehouse  : {proj.warehouse_path}")
    console.print(f"  reports    : {proj.report_dir} ({proj.report.language})")


@app.command()
def info(
    warehouse: Annotated[Path, typer.Option("--warehouse", "-w", help="Warehouse file.")] = Path(
        "data/warehouse.duckdb"
    ),
) -> None:
    """Show a warehouse's schema version, table sizes and last stage runs."""
    with open_warehouse(warehouse) as wh:
        console.print(f"{warehouse}: schema version {wh.schema_version()}")
        tables = wh.df("SELECT table_name, estimated_size FROM duckdb_tables() ORDER BY table_name")
        for r in tables.itertuples():
            console.print(f"  {r.table_name:<28} {r.estimated_size:>10} rows")
        runs = wh.df("SELECT stage, status, ended_at, rows_out, detail FROM stage_runs ORDER BY ended_at DESC LIMIT 8")
        if not runs.empty:
            console.print("last stage runs:")
            console.print(runs.to_string(index=False), markup=False, highlight=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
