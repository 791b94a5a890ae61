"""The project's schedules as Prefect deployments: the sources loaded hourly, enrichment and analytics daily, the
weekly report saved and e-mailed on Mondays (times and time zone from the project file's `schedules:`).

`scheduled_jobs` says what runs when and with which parameters, without Prefect; `build_deployments` turns jobs
into Prefect deployments; serving them, or registering them on a work pool, is the CLI's part (`reputation serve`).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from flows.enrich_analytics import enrich_analytics_flow
from flows.ingest import ingest_flow
from flows.report import report_flow
from reputation.config import Project

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment


# The flow each key of `schedules:` runs, and what it does (shown in Prefect as the deployment's description).
FLOWS = {
    "ingest": (ingest_flow, "Load the sources of {name} (files, then live sources) into the warehouse."),
    "pipeline": (enrich_analytics_flow, "Enrich the new mentions of {name}, then compute its analytics."),
    "report": (report_flow, "Save the weekly report of {name} and e-mail it to its recipients."),
}


@dataclass(frozen=True)
class Job:
    """One scheduled flow of a project: what Prefect runs, when, with which parameters."""

    key: str  # its key under `schedules:` (ingest, pipeline, report)
    flow_name: str
    deployment: str  # the deployment's own name; Prefect names it `flow_name/deployment`
    cron: str
    timezone: str
    parameters: dict[str, Any]
    description: str

    @property
    def full_name(self) -> str:
        """The name Prefect shows and takes, e.g. `prefect deployment run 'ingest/Nexora demo'`."""
        return f"{self.flow_name}/{self.deployment}"

    def next_runs(self, n: int = 3, after: datetime | None = None) -> list[datetime]:
        """The next `n` start times after `after` (default: now) in the schedule's time zone, as the Prefect
        server computes them (daylight saving included)."""
        from prefect.server.schemas.schedules import CronSchedule

        dates = asyncio.run(CronSchedule(cron=self.cron, timezone=self.timezone).get_dates(n=n, start=after))
        zone = ZoneInfo(self.timezone)
        return [datetime.fromtimestamp(d.timestamp(), zone) for d in dates]


def deployment_name(project: Project) -> str:
    """The project's name as a deployment name (Prefect refuses / % & < > in names)."""
    return re.sub(r"[/%&<>]", "-", project.name).strip()


def scheduled_jobs(project: Project, project_file: str | Path) -> list[Job]:
    """The project's scheduled flows, in the order of `schedules:`; a null schedule has none. Every run reads the
    project file again (by its absolute path), so an edit takes effect at the next run."""
    path = str(Path(project_file).resolve())
    schedules = project.schedules
    jobs = []
    for key, (flow_, description) in FLOWS.items():
        cron = getattr(schedules, key)
        if cron is None:
            continue
        # The flow sends the report once per recipient and week: a rerun never sends it twice.
        parameters: dict[str, Any] = {"project_file": path} | ({"send": True} if key == "report" else {})
        jobs.append(
            Job(
                key=key,
                flow_name=flow_.name,
                deployment=deployment_name(project),
                cron=cron.strip(),
                timezone=schedules.timezone,
                parameters=parameters,
                description=description.format(name=project.name),
            )
        )
    return jobs


def build_deployments(jobs: list[Job]) -> list[RunnerDeployment]:
    """Prefect deployments of the jobs, for `prefect.serve(...)` or `.apply(work_pool_name=...)`; nothing is sent
    to a Prefect server here."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    return [
        FLOWS[job.key][0].to_deployment(
            job.deployment,
            schedules=[Cron(job.cron, timezone=job.timezone)],
            parameters=job.parameters,
            description=job.description,
            tags=["reputation"],
            # flows are imported from the installed package, whatever the working directory of the process running them
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
        for job in jobs
    ]
