"""`reputation forget` (the right to be forgotten) and `reputation retention` (privacy.retention_days); see
docs/privacy.md. `python -m reputation.cli.privacy` runs them on their own."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from reputation.cli.common import ProjectOpt, console, fail, load_project_or_fail, open_warehouse

DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Say what would be erased; change nothing.")]


def forget(
    author: Annotated[
        str,
        typer.Argument(
            help="A handle (with or without @), a pseudonymous id (au_...) or the platform's author id.",
            show_default=False,
        ),
    ],
    project: ProjectOpt,
    platform: Annotated[
        str | None,
        typer.Option(
            "--platform",
            help="Only this platform (twitter, reddit...); with a platform id, "
            "forget them even if they were never collected.",
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase an author from every table and from the saved reports and raw pages; ingestion never loads them again.

    Their mentions and everything derived from them go; other people's replies and shares stay, without the link to
    them and with their @handle redacted. Running it again erases nothing more."""
    from reputation import privacy

    proj = load_project_or_fail(project)
    with open_warehouse(proj.warehouse_path, read_only=False) as wh:
        try:
            who = privacy.resolve(wh, proj, author, platform)
        except ValueError as err:
            fail(str(err))
        if who.author_ids:
            console.print("[bold]Author[/bold]")
            for line in who.describe():
                console.print(f"  {line}", markup=False, highlight=False)
        else:
            console.print(
                f"No author {author!r} in the warehouse (never collected, or forgotten already); their @mentions in "
                "other people's words and files naming them are still looked for.",
                markup=False,
                highlight=False,
            )
        if not dry_run and not yes and not typer.confirm("Erase them for good?"):
            raise typer.Exit(1)
        result = privacy.forget(wh, proj, who, dry_run=dry_run)
    _print_erasure(result.erasure.lines(), [str(a) for a in result.files], dry_run)
    console.print(("Dry run: " if dry_run else "Forgotten: ") + result.summary(), markup=False, highlight=False)


def retention(
    project: ProjectOpt,
    dry_run: DryRunOpt = False,
    now: Annotated[
        datetime | None,
        typer.Option(help="Count the days back from this UTC time instead of now (to replay or try a policy)."),
    ] = None,
) -> None:
    """Delete mentions older than privacy.retention_days, everything derived from them, and old reports and raw
    pages; ingestion skips them from then on."""
    from reputation import privacy

    proj = load_project_or_fail(project)
    if proj.privacy.retention_days is None:
        console.print(f"{project}: privacy.retention_days is not set: everything is kept", markup=False)
    with open_warehouse(proj.warehouse_path, read_only=False) as wh:
        result = privacy.apply_retention(wh, proj, now, dry_run=dry_run)
    _print_erasure(result.erasure.lines(), [str(a) for a in result.files], dry_run)
    console.print(("Dry run: " if dry_run else "Retention: ") + result.summary(), markup=False, highlight=False)


def _print_erasure(tables: list[str], files: list[str], dry_run: bool) -> None:
    verb = "would be " if dry_run else ""
    console.print(f"[bold]Warehouse[/bold] (rows {verb}deleted, updated, or dropped to be recomputed)")
    for line in tables or ["nothing"]:
        console.print(f"  {line}", markup=False, highlight=False)
    console.print("[bold]Files[/bold]")
    for line in files or ["nothing"]:
        console.print(f"  {line}", markup=False, highlight=False)


privacy_app = typer.Typer(help="Privacy: the right to be forgotten, retention.", no_args_is_help=True)
privacy_app.command()(forget)
privacy_app.command()(retention)

if __name__ == "__main__":
    privacy_app()
