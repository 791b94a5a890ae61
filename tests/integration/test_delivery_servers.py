"""Delivery against real local servers: an SMTP server (aiosmtpd: login, STARTTLS, implicit TLS, temporary
refusals), an HTTP server for webhooks (failures, signature, deduplication), and nothing at all (unreachable).

Retries wait 0 s here (alerts.retry_backoff_seconds: 0): no test sleeps.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from reputation import stages
from reputation.config import Project, parse_project
from reputation.delivery import DeliveryLog, RetryPolicy, deliver
from reputation.delivery.alerts import deliver_alerts
from reputation.delivery.smtp import SmtpSettings, new_message, send_email
from reputation.delivery.testing import (
    SmtpServer,
    WebhookServer,
    free_port,
    self_signed_certificate,
    server_tls_context,
)
from reputation.warehouse import Warehouse

pytestmark = pytest.mark.integration

EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def make_project(tmp_path: Path, port: int, security: str = "none", login: bool = False, **alerts: object) -> Project:
    report: dict[str, object] = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": security}
    if login:
        report |= {"smtp_user_env": "TEST_SMTP_USER", "smtp_password_env": "TEST_SMTP_PASSWORD"}
    return parse_project(
        {
            "name": "Nexora demo",
            "brands": {"own": {"name": "Nexora", "query": "nexora"}},
            "report": {**report, "sender": "reputation@nexora.example"},
            "alerts": {"retries": 2, "retry_backoff_seconds": 0, **alerts},
        },
        tmp_path,
    )


def mail(settings: SmtpSettings, to: str = "cm@nexora.example"):
    msg = new_message(settings.sender, "Test", [to])
    msg.set_content("hello")
    return msg


def send_one(tmp_path: Path, project: Project) -> tuple[object, object]:
    """Deliver one test message to one address through the project's SMTP settings, recorded in a warehouse."""
    settings = SmtpSettings.from_project(project)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        result = deliver(
            lambda _id: send_email(settings, mail(settings), ["cm@nexora.example"]),
            log=DeliveryLog(wh),
            kind="report",
            channel="email",
            target="cm@nexora.example",
            dedup_key="weekly:2026-09-13",
            policy=RetryPolicy.from_project(project),
        )
        attempts = DeliveryLog(wh).attempts()
    return result, attempts


def test_the_smtp_login_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TEST_SMTP_USER", "reputation-bot")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    with SmtpServer(users={"reputation-bot": "s3cret"}) as server:
        result, _ = send_one(tmp_path, make_project(tmp_path, server.port, login=True))
    assert result.status == "sent"
    [got] = server.received
    assert got.login == "reputation-bot" and got.recipients == ["cm@nexora.example"]
    assert got.sender == "reputation@nexora.example"


def test_no_login_when_the_project_names_none(tmp_path: Path):
    with SmtpServer(users={"reputation-bot": "s3cret"}) as server:  # offers AUTH, does not require it
        result, _ = send_one(tmp_path, make_project(tmp_path, server.port))
    assert result.status == "sent" and server.received[0].login is None and server.logins == []


def test_a_refused_login_fails_at_once_with_the_servers_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TEST_SMTP_USER", "reputation-bot")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    with SmtpServer(users={"reputation-bot": "s3cret"}) as server:
        result, attempts = send_one(tmp_path, make_project(tmp_path, server.port, login=True))
    assert (result.status, result.attempts) == ("failed", 1)  # retrying a wrong password cannot help
    assert f"127.0.0.1:{server.port}: login refused for 'reputation-bot': 535" in result.error
    assert "\n" not in result.error and "wrong" not in result.error
    assert attempts["status"].tolist() == ["failed"] and server.received == []


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_verifies_the_servers_certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, security: str):
    cert, key = self_signed_certificate(tmp_path)
    tls = server_tls_context(cert, key)
    server_args = {"starttls": tls} if security == "starttls" else {"implicit_tls": tls}
    monkeypatch.setenv("TEST_SMTP_USER", "bot")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "pw")
    with SmtpServer(users={"bot": "pw"}, **server_args) as server:
        project = make_project(tmp_path, server.port, security, login=True)
        untrusted, _ = send_one(tmp_path, project)  # the system's authorities do not know this certificate
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        trusted, _ = send_one(tmp_path, project)
    assert untrusted.status == "failed" and "TLS certificate not trusted" in untrusted.error
    assert untrusted.attempts == 1
    assert trusted.status == "sent"
    [got] = server.received
    assert got.tls and got.login == "bot"


def test_starttls_required_but_not_offered_is_a_clear_error(tmp_path: Path):
    with SmtpServer() as server:
        result, _ = send_one(tmp_path, make_project(tmp_path, server.port, "starttls"))
    assert result.status == "failed" and result.attempts == 1
    assert "does not offer STARTTLS" in result.error and server.received == []


def test_a_temporary_refusal_is_retried_and_every_attempt_recorded(tmp_path: Path):
    with SmtpServer(fail_first=2) as server:
        result, attempts = send_one(tmp_path, make_project(tmp_path, server.port))
    assert (result.status, result.attempts) == ("sent", 3)
    assert len(server.received) == 1
    assert attempts["status"].tolist() == ["failed", "failed", "sent"]
    assert attempts["delivery_id"].nunique() == 1
    assert all("451 4.3.0 Try again later" in e for e in attempts["error"][:2])
    assert attempts["detail"].iloc[2].startswith("250")


def test_an_unreachable_server_fails_after_the_retries(tmp_path: Path):
    result, attempts = send_one(tmp_path, make_project(tmp_path, free_port()))
    assert (result.status, result.attempts) == ("failed", 3)
    assert "connection refused" in result.error and "\n" not in result.error
    assert attempts["status"].tolist() == ["failed"] * 3 and attempts["attempt"].tolist() == [1, 2, 3]


ALERT = {
    "alert_id": "Nexora:volume_hourly:2026-09-14T10:00",
    "brand": "Nexora",
    "signal": "volume_hourly",
    "kind": "crisis",
    "started_at": datetime(2026, 9, 14, 10),
    "summary": "Nexora: 412 mentions in an hour, 9× the usual",
    "explanation": "Topic 'panne réseau' up 14×; mostly on twitter.",
    "examples": [{"text": f"Nexora en panne {EVIL}", "who": EVIL, "platform": "twitter"}],
    "mentions": 412,
}


def test_alerts_by_email_escaped_and_sent_once_per_address(tmp_path: Path):
    with SmtpServer() as server:
        project = make_project(tmp_path, server.port, email=["cm@nexora.example", "ops@nexora.example"])
        with Warehouse(tmp_path / "w.duckdb") as wh:
            first = deliver_alerts(wh, project, [ALERT])
            again = deliver_alerts(wh, project, [ALERT])
            rows = wh.df("SELECT kind, channel, target, dedup_key, status FROM deliveries ORDER BY target")
    assert [r.status for r in first] == ["sent", "sent"] and [r.status for r in again] == ["skipped", "skipped"]
    assert sorted(r for m in server.received for r in m.recipients) == ["cm@nexora.example", "ops@nexora.example"]
    msg = server.received[0].message
    # (Python's header folding may leave two spaces where it folded before a non-ASCII word)
    subject = " ".join(msg["Subject"].split())
    assert subject == "[Nexora demo] Crisis on Nexora: Nexora: 412 mentions in an hour, 9× the usual"
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "panne réseau" in html and "412" in html and ALERT["alert_id"] in text
    assert rows.values.tolist() == [
        ["alert", "email", "cm@nexora.example", ALERT["alert_id"], "sent"],
        ["alert", "email", "ops@nexora.example", ALERT["alert_id"], "sent"],
    ]


def test_webhooks_are_signed_retried_and_never_sent_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TEST_HOOK_SECRET", "shared-secret")
    with WebhookServer(fail_first=1) as hook:
        project = make_project(
            tmp_path, free_port(), webhooks=[{"url": hook.url(), "name": "ops", "secret_env": "TEST_HOOK_SECRET"}]
        )
        with Warehouse(tmp_path / "w.duckdb") as wh:
            [first] = deliver_alerts(wh, project, [ALERT])
            [rerun] = deliver_alerts(wh, project, [ALERT])
            later = deliver_alerts(wh, project, [ALERT, {**ALERT, "alert_id": "Nexora:volume_daily:2026-09-14"}])
            attempts = DeliveryLog(wh).attempts()
    assert (first.status, first.attempts) == ("sent", 2) and rerun.status == "skipped"
    assert [r.status for r in later] == ["skipped", "sent"]  # only the new alert goes out
    assert hook.answered == [500, 204, 204]
    assert len(hook.received) == 3
    retry, ok, _ = hook.received
    assert retry.body == ok.body and retry.headers["X-Reputation-Delivery"] == ok.headers["X-Reputation-Delivery"]
    expected = "sha256=" + hmac.new(b"shared-secret", ok.body, hashlib.sha256).hexdigest()
    assert ok.headers["X-Reputation-Signature-256"] == expected
    assert ok.headers["X-Reputation-Event"] == "alert" and ok.headers["X-Reputation-Dedup-Key"] == ALERT["alert_id"]
    body = json.loads(ok.body)
    assert body["event"] == "alert" and body["project"] == "Nexora demo"
    assert body["alert"]["alert_id"] == ALERT["alert_id"] and body["alert"]["started_at"] == "2026-09-14T10:00:00"
    assert body["alert"]["examples"][0]["who"] == EVIL  # JSON carries the data as it is; receivers escape
    assert attempts.groupby("dedup_key")["status"].apply(list).to_dict() == {
        ALERT["alert_id"]: ["failed", "sent"],
        "Nexora:volume_daily:2026-09-14": ["sent"],
    }
    assert "webhook ops: HTTP 500 Internal Server Error: temporarily broken" in attempts["error"].iloc[0]


def test_a_client_error_is_not_retried_and_a_missing_secret_is_named(tmp_path: Path):
    with WebhookServer(fail_first=9, fail_status=410) as gone, WebhookServer() as other:
        project = make_project(
            tmp_path,
            free_port(),
            webhooks=[{"url": gone.url(), "name": "gone"}, {"url": other.url(), "secret_env": "TEST_UNSET_SECRET"}],
        )
        gone_result, unsigned = deliver_alerts(None, project, [ALERT])
    assert (gone_result.status, gone_result.attempts) == ("failed", 1) and len(gone.received) == 1
    assert gone_result.error.startswith("webhook gone: HTTP 410 Gone")
    assert (unsigned.status, unsigned.attempts, unsigned.target) == ("failed", 1, f"127.0.0.1:{other.port}")
    assert "environment variable TEST_UNSET_SECRET is not set" in unsigned.error and other.received == []


def test_a_webhook_that_never_answers_times_out(tmp_path: Path):
    with socket.socket() as silent:  # accepts connections (the kernel's backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
        project = make_project(tmp_path, free_port(), retries=0, webhooks=[{"url": url, "name": "slow"}])
        [result] = deliver_alerts(None, project, [ALERT], timeout=0.2)
    assert (result.status, result.attempts, result.error) == ("failed", 1, "webhook slow: no answer within 0.2 s")


def test_alert_emails_without_smtp_settings_fail_without_stopping_webhooks(tmp_path: Path):
    with WebhookServer() as hook:
        project = parse_project(
            {
                "name": "P",
                "brands": {"own": {"name": "Nexora", "query": "nexora"}},
                "alerts": {
                    "email": ["cm@nexora.example"],
                    "webhooks": [{"url": hook.url()}],
                    "retry_backoff_seconds": 0,
                },
            },
            tmp_path,
        )
        with Warehouse(tmp_path / "w.duckdb") as wh:
            by_mail, by_hook = deliver_alerts(wh, project, [ALERT])
            recorded = wh.df("SELECT channel, status, error FROM deliveries ORDER BY channel")
    assert (by_mail.status, by_mail.attempts) == ("failed", 1) and "smtp_host is not set" in by_mail.error
    assert by_hook.status == "sent" and len(hook.received) == 1
    assert recorded["status"].tolist() == ["failed", "sent"]


def test_a_wrong_alert_is_refused_before_anything_is_sent(tmp_path: Path):
    with WebhookServer() as hook:
        project = make_project(tmp_path, free_port(), webhooks=[{"url": hook.url()}])
        with pytest.raises(ValueError, match="missing brand"):
            deliver_alerts(None, project, [ALERT, {"alert_id": "x", "signal": "s", "started_at": 1, "summary": "s"}])
    assert hook.received == []


def _alert_row(alert_id: str, started: datetime, examples: list[str]) -> dict[str, object]:
    return {
        "alert_id": alert_id, "brand": "Nexora", "signal": "volume_daily", "kind": "crisis", "started_at": started,
        "ended_at": started + timedelta(days=1), "peak_at": started, "observed": 90.0, "expected": 10.0,
        "score": 9.0, "mentions": 90, "summary": f"Nexora: crisis {alert_id}", "terms": ["panne"],
        "topics": "[]", "sources": "[]", "authors": "[]", "examples": examples, "detector": "test",
        "detected_at": started,
    }  # fmt: skip


def test_the_delivery_stage_sends_recent_alerts_and_retries_failures_on_the_next_run(tmp_path: Path):
    mentions = tmp_path / "m.jsonl"
    rows = [
        {"platform": "twitter", "platform_id": str(i), "author_id": f"u{i}", "author_handle": f"h{i}",
         "published_at": f"2026-09-{10 + i}T12:00:00Z", "text": f"Nexora en panne {i} {EVIL}"}
        for i in range(5)
    ]  # fmt: skip
    mentions.write_text("\n".join(json.dumps(r) for r in rows))
    with WebhookServer() as hook:
        down = free_port()
        project = make_project(tmp_path, down, retries=0, email=["cm@nexora.example"], webhooks=[{"url": hook.url()}])
        with Warehouse(tmp_path / "w.duckdb") as wh:
            stages.ingest(wh, project, [mentions])
            ids = wh.df("SELECT mention_id FROM mentions ORDER BY published_at DESC")["mention_id"].tolist()
            alerts = [
                _alert_row("recent", datetime(2026, 9, 13, 0), ids[:2]),  # ends within 72 h of the last mention
                _alert_row("old", datetime(2026, 9, 1, 0), ids[2:3]),  # ended 12 days before: not sent
            ]
            wh.replace("alerts", pd.DataFrame(alerts), [], where="true")
            with pytest.raises(stages.AlertsNotDelivered, match="1 recent alerts: 1 sent, 0 already sent, 1 failed"):
                stages.deliver_alerts(wh, project)
            assert len(hook.received) == 1  # the webhook got it although the e-mail failed
            with SmtpServer() as smtp:
                up = project.model_copy(update={"report": project.report.model_copy(update={"smtp_port": smtp.port})})
                result = stages.deliver_alerts(wh, up)
            runs = wh.df("SELECT status, detail FROM stage_runs WHERE stage = 'alert_delivery' ORDER BY started_at")
    assert result.detail == "1 recent alerts: 1 sent, 1 already sent" and len(hook.received) == 1
    [mail] = smtp.received
    assert mail.message["Subject"].endswith("Nexora: crisis recent")
    html = mail.message.get_body(("html",)).get_content()
    assert "Nexora en panne 4" in html and "<script" not in html and "<img" not in html  # the examples' text
    post = json.loads(hook.received[0].body)["alert"]
    assert [x["who"] for x in post["examples"]] == ["h4", "h3"]
    assert runs["status"].tolist() == ["failed", "ok"]
