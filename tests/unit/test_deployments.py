"""The project's schedules as Prefect deployments: names, cron, time zone, parameters, and bad schedules."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from reputation.config import ProjectError, load_project, parse_project
from reputation.deployments import build_deployments, deployment_name, scheduled_jobs

DEMO_FILE = Path(__file__).parents[2] / "reputation" / "demo" / "project.yaml"
MINIMAL = {"name": "Nexora", "brands": {"own": {"name": "Nexora", "query": "nexora*"}}}


def project_with(schedules: dict[str, Any] | None = None, **top: Any):
    return parse_project({**MINIMAL, **top, **({"schedules": schedules} if schedules is not None else {})}, Path("."))


def test_the_demo_project_schedules_ingest_hourly_enrichment_and_analytics_daily_and_the_report_weekly():
    jobs = scheduled_jobs(load_project(DEMO_FILE), DEMO_FILE)
    path = str(DEMO_FILE.resolve())
    assert [(j.full_name, j.cron, j.timezone, j.parameters) for j in jobs] == [
        ("ingest/Nexora demo", "0 * * * *", "Europe/Paris", {"project_file": path}),
        ("enrich-analytics/Nexora demo", "30 2 * * *", "Europe/Paris", {"project_file": path}),
        ("report/Nexora demo", "0 8 * * 1", "Europe/Paris", {"project_file": path, "send": True}),
    ]


def test_the_project_file_is_passed_by_its_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(MINIMAL))
    monkeypatch.chdir(tmp_path)
    [job, *_] = scheduled_jobs(load_project("p.yaml"), "p.yaml")
    assert job.parameters["project_file"] == str(tmp_path / "p.yaml")


def test_the_deployments_carry_the_schedules_in_their_time_zone_and_import_from_the_package():
    jobs = scheduled_jobs(load_project(DEMO_FILE), DEMO_FILE)
    deployments = build_deployments(jobs)
    assert [d.full_name for d in deployments] == [j.full_name for j in jobs]
    for job, d in zip(jobs, deployments, strict=True):
        [schedule] = d.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == (job.cron, "Europe/Paris", True)
        assert d.parameters == job.parameters
        assert d.work_pool_name is None  # served by `reputation serve` unless registered on a pool
        assert "reputation" in d.tags and "Nexora demo" in d.description
        # entrypoints are module paths, so whatever runs them (serve, a worker) finds the flow from any folder
        module, _, name = d.entrypoint.rpartition(".")
        assert getattr(importlib.import_module(module), name).name == d.flow_name


def test_next_runs_are_in_the_schedules_time_zone_across_a_change_of_clocks():
    project = project_with({"timezone": "Europe/Paris", "ingest": None, "pipeline": None, "report": "0 8 * * mon"})
    [report] = scheduled_jobs(project, "p.yaml")
    runs = report.next_runs(3, after=datetime(2026, 10, 18, tzinfo=UTC))  # Paris leaves summer time on Oct 25
    assert [(r.date().isoformat(), r.strftime("%a %H:%M")) for r in runs] == [
        ("2026-10-19", "Mon 08:00"),
        ("2026-10-26", "Mon 08:00"),
        ("2026-11-02", "Mon 08:00"),
    ]
    assert [r.astimezone(UTC).hour for r in runs] == [6, 7, 7]


def test_next_runs_of_an_hourly_schedule():
    [ingest, *_] = scheduled_jobs(project_with({"timezone": "UTC"}), "p.yaml")
    runs = ingest.next_runs(2, after=datetime(2026, 9, 1, 10, 20, tzinfo=UTC))
    assert runs == [datetime(2026, 9, 1, 11, tzinfo=UTC), datetime(2026, 9, 1, 12, tzinfo=UTC)]


def test_a_null_schedule_has_no_deployment():
    jobs = scheduled_jobs(project_with({"pipeline": None, "report": None}), "p.yaml")
    assert [j.key for j in jobs] == ["ingest"]
    assert scheduled_jobs(project_with({"ingest": None, "pipeline": None, "report": None}), "p.yaml") == []


def test_defaults_when_the_project_file_has_no_schedules():
    jobs = scheduled_jobs(project_with(), "p.yaml")
    assert [(j.key, j.cron, j.timezone) for j in jobs] == [
        ("ingest", "0 * * * *", "Europe/Paris"),
        ("pipeline", "30 2 * * *", "Europe/Paris"),
        ("report", "0 8 * * 1", "Europe/Paris"),
    ]


def test_a_project_name_prefect_refuses_is_made_into_a_deployment_name():
    project = project_with(name="AT&T / 100% <fibre>")
    assert deployment_name(project) == "AT-T - 100- -fibre-"
    build_deployments(scheduled_jobs(project, "p.yaml"))  # Prefect accepts it


@pytest.mark.parametrize(
    ("schedules", "message"),
    [
        ({"ingest": "0 25 * * *"}, "schedules.ingest: '0 25 * * *': hour '25' is out of range 0-23"),
        ({"report": "0 8 * *"}, "schedules.report: '0 8 * *' has 4 field(s); a cron expression has 5"),
        ({"pipeline": "every day"}, "schedules.pipeline: 'every day' has 2 field(s)"),
        ({"report": "0 8 * * 1#2"}, "day of week '1#2' is not a number, a range (1-5), a list (1,3)"),
        ({"ingest": "*/0 * * * *"}, "minute '*/0' has a bad step '0'"),
        ({"report": "0 8 * * fri-mon"}, "day of week 'fri-mon' is a range whose start is after its end"),
        ({"report": "0 8 * 13 *"}, "month '13' is out of range 1-12"),
        ({"timezone": "Paris"}, "schedules.timezone: unknown time zone 'Paris' (an IANA name such as Europe/Paris"),
    ],
)
def test_a_bad_schedule_is_a_project_error_naming_the_key(schedules: dict[str, str], message: str):
    with pytest.raises(ProjectError) as err:
        project_with(schedules)
    assert message in str(err.value)


CRONS = [
    "*/15 * * * *",
    "0 6-22/2 * * 1-5",
    "0 8 * * mon",
    "0 8 * JAN-Mar Mon-Fri",
    "0 8 1,15 jan-jun *",
    "0 0 * * 7",
    "@daily",
    " 0 9 * * * ",
]


@pytest.mark.parametrize("cron", CRONS)
def test_every_cron_the_project_file_accepts_prefect_accepts(cron: str):
    from prefect.schedules import Cron

    [job, *_] = scheduled_jobs(project_with({"ingest": cron}), "p.yaml")
    Cron(job.cron, timezone=job.timezone)  # raises on what Prefect would refuse
    assert len(job.next_runs(2)) == 2
