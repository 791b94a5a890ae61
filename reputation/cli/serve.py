"""`reputation serve`: run the project's flows on the schedules of its project file, through a Prefect server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from reputation.cli.common import ProjectOpt, console, fail, load_project_or_fail
from reputation.config import Project

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

    from reputation.deployments import Job

NO_SERVER = (
    "reputation serve needs a Prefect server that stays up (Prefect's temporary one runs no schedules): start one "
    "in another terminal with `prefect server start`, then `export PREFECT_API_URL=http://127.0.0.1:4200/api` "
    "(or log in to Prefect Cloud); see docs/operations.md"
)


def serve(
    project: ProjectOpt,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List the scheduled flows and their next runs; start nothing.")
    ] = False,
    work_pool: Annotated[
        str | None,
        typer.Option(
            "--work-pool",
            help="Register the deployments on this Prefect work pool and exit; its workers run them "
            "(prefect worker start --pool NAME).",
        ),
    ] = None,
) -> None:
    """Run the project's flows on its schedules (schedules: in the project file) until Ctrl-C.

    Ingest, enrichment and analytics, and the weekly report (saved and e-mailed), one run at a time.
    Needs a Prefect server (PREFECT_API_URL): see docs/operations.md.
    """
    from reputation.orchestration import configure_prefect

    proj = load_project_or_fail(project)
    configure_prefect()
    from reputation.deployments import FLOWS, build_deployments, scheduled_jobs

    jobs = scheduled_jobs(proj, project)
    off = [key for key in FLOWS if getattr(proj.schedules, key) is None]
    if not jobs:
        fail(f"{project}: every schedule is null (schedules: in the project file): nothing to run")
    _print_jobs(proj, jobs, off)
    if dry_run:
        return
    api = _prefect_api_or_fail()
    deployments = build_deployments(jobs)
    if work_pool is not None:
        _register(deployments, work_pool, api)
        return

    from prefect import serve as prefect_serve

    console.print(
        f"\nServing on {api}: one run at a time (the warehouse has a single writer), a run that falls due while "
        "another runs waits for it. Ctrl-C stops, and pauses the schedules until the next `reputation serve`.\n"
        f"Run one now from another terminal: prefect deployment run '{jobs[0].full_name}'",
        highlight=False,
    )
    prefect_serve(*deployments, limit=1, print_starting_message=False)


def _print_jobs(project: Project, jobs: list[Job], off: list[str]) -> None:
    console.print(
        f"[bold]{escape(project.name)}[/bold]: {len(jobs)} scheduled flow{'s' * (len(jobs) != 1)}, "
        f"times in {project.schedules.timezone}",
        highlight=False,
    )
    width = max(len(j.full_name) for j in jobs)
    for job in jobs:
        runs = ", ".join(t.strftime("%a %Y-%m-%d %H:%M") for t in job.next_runs(3))
        console.print(f"  {escape(job.full_name):<{width}}  {job.cron:<12}  next: {runs}", highlight=False)
    for key in off:
        console.print(f"  (schedules.{key} is null: no {key} runs)", highlight=False)
    if any(j.key == "report" for j in jobs):
        _warn_if_not_emailed(project)


def _warn_if_not_emailed(project: Project) -> None:
    """The weekly report is always saved; say so now when it cannot be e-mailed, not after the first Monday."""
    from reputation.delivery import DeliveryError
    from reputation.delivery.smtp import SmtpSettings

    if not project.report.recipients:
        console.print("[yellow]note:[/yellow] report.recipients is empty: the weekly report is saved, not e-mailed")
        return
    try:
        SmtpSettings.from_project(project)
    except DeliveryError as err:
        console.print(
            f"[yellow]warning:[/yellow] the weekly report will be saved but not e-mailed: {escape(str(err))}",
            highlight=False,
        )


def _prefect_api_or_fail() -> str:
    """The Prefect API the deployments go to (PREFECT_API_URL or the Prefect profile's), once it answers."""
    from prefect.client.orchestration import get_client
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        fail(NO_SERVER)
    with get_client(sync_client=True) as client:
        problem = client.api_healthcheck()
    if problem is not None:
        fail(f"no Prefect server answers at {url} ({problem}); is `prefect server start` running? {NO_SERVER}")
    return url


def _register(deployments: list[RunnerDeployment], pool: str, api: str) -> None:
    """Create or update the deployments on a work pool (schedules included); the pool's workers run them."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            fail(f"no work pool {pool!r} on {api}: create it with `prefect work-pool create {pool} --type process`")
    for d in deployments:
        d.apply(work_pool_name=pool)
        console.print(f"registered {escape(d.full_name)} on work pool {escape(pool)}", highlight=False)
    console.print(
        f"Start a worker where the project and its data are (same project file path): "
        f"prefect worker start --pool {pool} --limit 1",
        highlight=False,
    )
