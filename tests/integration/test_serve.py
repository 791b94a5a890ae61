"""`reputation serve` against a real Prefect server started here: a scheduled ingest run completes and its
mentions are in the warehouse; the other deployments are registered with their schedules; the command's
dry run and its errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from reputation.demo.generator import DemoConfig
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration

TIMEOUT = 180  # seconds; generous: a scheduled minute, a server and a runner on a loaded machine
CLI = [sys.executable, "-m", "reputation.cli", "serve", "--project"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 4000) -> str:
    return path.read_text(errors="replace")[-n:] if path.exists() else ""


@contextmanager
def _process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A subprocess in its own process group (so its children stop with it), always stopped on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C: serve pauses its schedules on the way out
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def _isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return env | {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "COLUMNS": "200"}


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Path]]:
    """A real `prefect server start` on a free port, with its own Prefect home; yields its API URL, the
    environment that points at it and its log."""
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = _isolated_env(tmp_path / "prefect-home") | {"PREFECT_API_URL": api}
    log = tmp_path / "server.log"
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"]
    with _process(cmd, env, log) as server:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert server.poll() is None, f"the Prefect server stopped:\n{_tail(log)}"
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the Prefect server did not answer in {TIMEOUT} s:\n{_tail(log)}"
            time.sleep(0.5)
        yield api, env, log


@contextmanager
def _client(api: str):  # type: ignore[no-untyped-def]
    """A Prefect client of the server started here (not the tests' temporary one)."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api}), get_client(sync_client=True) as client:
        yield client


def _scheduled_run_completed(api: str, deployment: str, serve: subprocess.Popen[bytes], log: Path, server_log: Path):  # type: ignore[no-untyped-def]
    """Wait for a run of the deployment that the server scheduled (not one started by hand) to complete; fail at
    once when one fails or serve stops."""
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.exceptions import ObjectNotFound

    deadline = time.monotonic() + TIMEOUT
    with _client(api) as client:
        while True:
            assert serve.poll() is None, f"reputation serve stopped:\n{_tail(log)}"
            try:
                deployment_id = client.read_deployment_by_name(deployment).id
            except ObjectNotFound:  # not registered yet
                deployment_id = None
            # limit and sort given: this server refuses them null
            runs = client.read_flow_runs(limit=50, sort=FlowRunSort.EXPECTED_START_TIME_ASC)
            runs = [r for r in runs if r.deployment_id == deployment_id]
            for run in runs:
                assert run.state and not (run.state.is_final() and not run.state.is_completed()), (
                    f"run {run.name} ended {run.state}:\n{_tail(log)}"
                )
                if run.auto_scheduled and run.state.is_completed():
                    return run
            assert time.monotonic() < deadline, (
                f"no scheduled run completed in {TIMEOUT} s ({len(runs)} runs); reputation serve:\n{_tail(log)}\n"
                f"Prefect server (its scheduler creates the runs):\n{_tail(server_log)}"
            )
            time.sleep(2)


def test_a_scheduled_ingest_run_completes_on_a_real_prefect_server(
    tmp_path: Path, prefect_server: tuple[str, dict[str, str], Path]
):
    from prefect.client.schemas.sorting import DeploymentSort

    api, env, server_log = prefect_server
    project, files = demo_project(tmp_path / "demo", DemoConfig(seed=5, n_mentions=2_000, weeks=3, n_authors=300))
    project_file = tmp_path / "demo" / "project.yaml"
    text = project_file.read_text()
    assert 'ingest: "0 * * * *"' in text
    project_file.write_text(text.replace('ingest: "0 * * * *"', 'ingest: "* * * * *"'))  # due within the minute

    log = tmp_path / "serve.log"
    started = time.monotonic()
    # the runner looks for due runs every 2 s instead of 10: the test waits less, nothing else changes
    with _process([*CLI, str(project_file)], env | {"PREFECT_RUNNER_POLL_FREQUENCY": "2"}, log) as serve:
        run = _scheduled_run_completed(api, "ingest/Nexora demo", serve, log, server_log)
        print(f"scheduled ingest run completed {time.monotonic() - started:.0f} s after reputation serve started")
        with _client(api) as client:
            deployments = client.read_deployments(limit=20, sort=DeploymentSort.NAME_ASC)
    assert run.parameters == {"project_file": str(project_file)}
    assert sorted(
        (d.entrypoint, d.schedules[0].schedule.cron, d.schedules[0].schedule.timezone, d.parameters.get("send"))
        for d in deployments
    ) == [
        ("flows.enrich_analytics.enrich_analytics_flow", "30 2 * * *", "Europe/Paris", None),
        ("flows.ingest.ingest_flow", "* * * * *", "Europe/Paris", None),
        ("flows.report.report_flow", "0 8 * * 1", "Europe/Paris", True),
    ]
    output = _tail(log, 100_000)
    assert "ingest/Nexora demo" in output and "next:" in output
    # serve has stopped (the warehouse's single writer is free): the scheduled run loaded the demo's mentions
    lines = files["mentions"].read_text().splitlines()
    with Warehouse(project.warehouse_path, read_only=True) as wh:
        assert wh.scalar("SELECT count(*) FROM raw_mentions") == len(lines)
        # and is in the run history under its Prefect flow run id
        history = wh.df("SELECT flow, status FROM runs WHERE run_id = ?", [str(run.id)])
    assert history.values.tolist() == [["ingest", "ok"]]

    # the same deployments on a work pool, for workers instead of serve
    cmd = [*CLI, str(project_file), "--work-pool", "reputation"]
    missing = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert missing.returncode == 2
    assert "no work pool 'reputation'" in missing.stderr and "prefect work-pool create reputation" in missing.stderr
    from prefect.client.schemas.actions import WorkPoolCreate

    with _client(api) as client:
        client.create_work_pool(WorkPoolCreate(name="reputation", type="process"))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert "prefect worker start --pool reputation" in done.stderr
    with _client(api) as client:
        pooled = client.read_deployments(limit=20, sort=DeploymentSort.NAME_ASC)
    assert len(pooled) == 3
    assert all(d.work_pool_name == "reputation" and not d.paused for d in pooled)


def test_dry_run_lists_the_schedules_and_needs_no_prefect_server(tmp_path: Path):
    env = _isolated_env(tmp_path / "prefect-home")
    demo = Path(__file__).parents[2] / "reputation" / "demo" / "project.yaml"
    done = subprocess.run([*CLI, str(demo), "--dry-run"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "Nexora demo: 3 scheduled flows, times in Europe/Paris"
    assert lines[1].split()[:3] == ["ingest/Nexora", "demo", "0"]
    assert "enrich-analytics/Nexora demo  30 2 * * *" in lines[2] and " 02:30, " in lines[2]
    assert "report/Nexora demo" in lines[3] and lines[3].count("Mon ") == 3
    # the demo's SMTP login comes from the environment, unset here: said before the first Monday
    assert "the weekly report will be saved but not e-mailed" in done.stderr


def test_serve_without_a_prefect_server_says_how_to_start_one(tmp_path: Path):
    env = _isolated_env(tmp_path / "prefect-home")
    demo = Path(__file__).parents[2] / "reputation" / "demo" / "project.yaml"
    done = subprocess.run([*CLI, str(demo)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "prefect server start" in done.stderr and "PREFECT_API_URL" in done.stderr
    # a server that does not answer
    env["PREFECT_API_URL"] = f"http://127.0.0.1:{_free_port()}/api"
    done = subprocess.run([*CLI, str(demo)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"no Prefect server answers at {env['PREFECT_API_URL']}" in done.stderr


def test_a_bad_schedule_stops_serve_with_the_key(tmp_path: Path):
    demo = Path(__file__).parents[2] / "reputation" / "demo" / "project.yaml"
    bad = tmp_path / "project.yaml"
    bad.write_text(demo.read_text().replace('report: "0 8 * * 1"', 'report: "0 8 * * 8"'))
    done = subprocess.run(
        [*CLI, str(bad), "--dry-run"], env=_isolated_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "schedules.report: '0 8 * * 8': day of week '8' is out of range 0-7" in done.stderr


def test_enrichment_and_analytics_run_as_one_flow_and_a_failed_step_does_not_stop_analytics(
    tmp_path: Path, prefect_home: Path
):
    from prefect.testing.utilities import prefect_test_harness

    from flows.enrich_analytics import enrich_analytics_flow
    from flows.ingest import ingest_flow
    from tests.integration.test_flows import write_project

    project = write_project(tmp_path, "no-such-model")
    with prefect_test_harness():
        ingest_flow(str(project))
        state = enrich_analytics_flow(str(project), return_state=True)
    assert state.is_failed()
    assert "enrich" in str(state.result(raise_on_failure=False))
    with Warehouse(tmp_path / "warehouse.duckdb", read_only=True) as wh:
        assert wh.scalar("SELECT count(*) FROM enr_language") == 60  # enrichment ran up to the failed step
        assert wh.scalar("SELECT count(*) FROM community_authors") == 5  # and analytics ran after it
        runs = wh.df("SELECT flow, status, stages_failed, error FROM runs ORDER BY started_at")
    # each scheduled flow is one run in the history; the failed one says why
    assert runs[["flow", "status"]].values.tolist() == [["ingest", "ok"], ["enrich-analytics", "failed"]]
    assert runs["stages_failed"].iloc[1] == 1 and "enrich" in runs["error"].iloc[1]
