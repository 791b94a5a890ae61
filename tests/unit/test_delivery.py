"""Delivery building blocks: the retry loop and its records in a real warehouse file, signatures, JSON bodies,
webhook names, the report's CSV tables and the alert e-mail's escaping."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reputation.config import parse_project
from reputation.config_signals import Webhook
from reputation.delivery import DeliveryError, DeliveryLog, RetryPolicy, deliver
from reputation.delivery.smtp import SmtpSettings
from reputation.delivery.webhook import encode, sign, webhook_target
from reputation.report.alert import render_alert
from reputation.report.tables import csv_bytes, report_tables
from reputation.warehouse import Warehouse


def project(tmp_path: Path, **sections: object):
    return parse_project({"name": "P", "brands": {"own": {"name": "Nexora", "query": "nexora"}}, **sections}, tmp_path)


def test_backoff_doubles_from_the_projects_first_wait(tmp_path: Path):
    policy = RetryPolicy.from_project(project(tmp_path, alerts={"retries": 3, "retry_backoff_seconds": 1.5}))
    assert list(policy.delays()) == [1.5, 3.0, 6.0]
    assert list(RetryPolicy(retries=0).delays()) == []


class Flaky:
    """A send function failing `failures` times with `error`, then answering."""

    def __init__(self, failures: int, error: DeliveryError) -> None:
        self.failures, self.error, self.ids = failures, error, []

    def __call__(self, delivery_id: str) -> str:
        self.ids.append(delivery_id)
        if len(self.ids) <= self.failures:
            raise self.error
        return "250 ok"


def test_every_attempt_is_recorded_and_a_sent_delivery_is_not_repeated(tmp_path: Path):
    waits: list[float] = []
    with Warehouse(tmp_path / "w.duckdb") as wh:
        log = DeliveryLog(wh)
        args = {"log": log, "kind": "alert", "channel": "webhook", "target": "ops", "dedup_key": "a1"}
        send = Flaky(2, DeliveryError("ops: HTTP 503"))
        result = deliver(send, policy=RetryPolicy(3, 0.5), sleep=waits.append, **args)
        assert (result.status, result.attempts) == ("sent", 3)
        assert waits == [0.5, 1.0]  # exponential backoff, not slept here
        assert len(set(send.ids)) == 1  # one delivery id across its retries
        rows = log.attempts("a1")
        assert rows["status"].tolist() == ["failed", "failed", "sent"]
        assert rows["attempt"].tolist() == [1, 2, 3]
        assert rows["error"].tolist()[:2] == ["ops: HTTP 503"] * 2 and rows["detail"].iloc[2] == "250 ok"

        again = Flaky(0, DeliveryError("x"))
        assert deliver(again, policy=RetryPolicy(), **args).status == "skipped"
        assert again.ids == []  # not even attempted
        assert deliver(again, policy=RetryPolicy(), force=True, **args).status == "sent"
        status = wh.df("SELECT * FROM delivery_status")
        assert status[["sent", "attempts", "last_error"]].values.tolist() == [[True, 4, "ops: HTTP 503"]]


def test_a_permanent_error_is_not_retried_and_retries_run_out(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        log = DeliveryLog(wh)
        args = {"log": log, "kind": "report", "channel": "email", "policy": RetryPolicy(2, 0), "sleep": lambda s: None}
        refused = deliver(
            Flaky(9, DeliveryError("550 no such user", retryable=False)), target="a", dedup_key="w", **args
        )
        assert (refused.status, refused.attempts, refused.error) == ("failed", 1, "550 no such user")
        down = deliver(Flaky(9, DeliveryError("connection refused")), target="b", dedup_key="w", **args)
        assert (down.status, down.attempts) == ("failed", 3)
        assert "FAILED after 3 attempts: connection refused" in down.summary()
        assert wh.scalar("SELECT count(*) FROM deliveries WHERE status = 'failed'") == 4
        # a failed delivery is tried again on the next run
        assert deliver(Flaky(0, DeliveryError("x")), target="b", dedup_key="w", **args).status == "sent"


def test_no_log_records_nothing_and_skips_nothing():
    result = deliver(
        Flaky(0, DeliveryError("x")),
        log=None,
        kind="alert",
        channel="email",
        target="a",
        dedup_key="k",
        policy=RetryPolicy(),
    )
    assert result.status == "sent"


def test_smtp_settings_read_the_login_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    report = {"smtp_host": "mail.example", "smtp_user_env": "T_USER", "smtp_password_env": "T_PASS"}
    monkeypatch.setenv("T_USER", "bot")
    with pytest.raises(DeliveryError, match="environment variable T_PASS is not set") as err:
        SmtpSettings.from_project(project(tmp_path, report=report))
    assert not err.value.retryable
    monkeypatch.setenv("T_PASS", "s3cret")
    settings = SmtpSettings.from_project(project(tmp_path, report=report))
    assert (settings.user, settings.password, settings.sender) == ("bot", "s3cret", "reputation@mail.example")
    assert "s3cret" not in repr(settings)
    plain = SmtpSettings.from_project(project(tmp_path, report={"smtp_host": "relay", "smtp_security": "none"}))
    assert plain.user is None and plain.password is None
    with pytest.raises(DeliveryError, match="smtp_host is not set"):
        SmtpSettings.from_project(project(tmp_path))


def test_the_signature_is_an_hmac_of_the_exact_body():
    body = encode({"b": 1, "a": [datetime(2026, 9, 1, 12, 30), date(2026, 9, 1)], "n": float("nan"), "i": np.int64(3)})
    assert body == b'{"a":["2026-09-01T12:30:00","2026-09-01"],"b":1,"i":3,"n":null}'  # sorted, compact, no NaN
    expected = hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert sign("k", body) == f"sha256={expected}"


def test_webhooks_go_by_name_or_host_never_by_their_token_bearing_url():
    named = Webhook(url="https://hooks.example/T0/B0/secret-token", name="slack")
    a = Webhook(url="https://hooks.example/one?token=x")
    b = Webhook(url="https://user:pw@hooks.example/two")
    solo = Webhook(url="http://ops.example:8080/alerts")
    assert webhook_target(named, [named, a, b]) == "slack"
    assert webhook_target(solo, [solo]) == "ops.example:8080"
    ta, tb = webhook_target(a, [a, b]), webhook_target(b, [a, b])
    assert ta != tb and ta.startswith("hooks.example#") and "token" not in ta and "pw" not in tb


def test_report_tables_as_excel_friendly_csv():
    context = {
        "start": date(2026, 9, 7),
        "end": date(2026, 9, 13),
        "brands": [
            {
                "brand": "Nexora",
                "mentions": 10,
                "prev_mentions": 8,
                "change": 0.25,
                "net": -0.5,
                "net_delta": None,
                "share_of_voice": 0.625,
                "prev_share_of_voice": 0.5,
                "reach": 100,
                "prev_reach": 0,
                "reach_change": None,
            },
        ],
        "daily": pd.DataFrame(
            {
                "day": pd.to_datetime(["2026-09-07"]),
                "brand": ["Nexora"],
                "mentions": [3],
                "positive": [1],
                "negative": [2],
                "net_sentiment": [-1 / 3],
                "reach": [7],
            }
        ),
        "topics": [{"label": "réseau", "top_terms": np.array(["panne", "réseau"]), "mentions": 4, "net": -0.25}],
        "emerging": [],
        "roles_period": {"period": "recent"},
        "roles": {
            "advocate": [
                {
                    "role": "advocate",
                    "rank": 1,
                    "who": "@fan",
                    "platform": "x",
                    "followers": 5,
                    "influence_score": 9.0,
                    "mentions": 3,
                    "net_sentiment": 1.0,
                    "net_before": None,
                }
            ]
        },
        "voice": {
            "complaint": [
                {
                    "intent": "complaint",
                    "who": "=cmd|' /C calc'!A0",
                    "platform": "x",
                    "local_time": pd.Timestamp("2026-09-08 10:00"),
                    "engagement": 4,
                    "sentiment": "negative",
                    "text": "@SUM(1+1)*cmd|' /C calc'!A0",
                    "url": None,
                }
            ]
        },
    }
    tables = report_tables(context)
    assert list(tables) == ["brands", "daily", "topics", "emerging", "community", "voice"]
    raw = csv_bytes(tables["voice"])
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    voice = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    # no formula runs; a handle stays as it is
    assert voice["who"][0] == "'=cmd|' /C calc'!A0" and voice["text"][0] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert voice["week_start"][0] == "2026-09-07" and voice["local_time"][0] == "2026-09-08 10:00:00"
    brands = pd.read_csv(io.BytesIO(csv_bytes(tables["brands"])), encoding="utf-8-sig")
    assert brands.loc[0, ["mentions", "share_of_voice", "net_sentiment"]].tolist() == [10, 0.625, -0.5]
    assert brands["net_sentiment"].dtype == float  # a negative number stays a number
    topics = pd.read_csv(io.BytesIO(csv_bytes(tables["topics"])), encoding="utf-8-sig")
    assert topics.loc[0, ["label", "top_terms"]].tolist() == ["réseau", "panne; réseau"]
    daily = pd.read_csv(io.BytesIO(csv_bytes(tables["daily"])), encoding="utf-8-sig")
    assert daily.loc[0, ["day", "net_sentiment"]].tolist() == ["2026-09-07", -0.3333]
    community = pd.read_csv(io.BytesIO(csv_bytes(tables["community"])), encoding="utf-8-sig")
    assert community.loc[0, ["period", "role", "who"]].tolist() == ["recent", "advocate", "@fan"]
    assert len(pd.read_csv(io.BytesIO(csv_bytes(tables["emerging"])), encoding="utf-8-sig")) == 0


EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_the_alert_email_escapes_everything_and_links_only_to_the_web():
    alert = {
        "alert_id": "nexora-volume_hourly-2026-09-14T10",
        "brand": "Nexora",
        "signal": "volume_hourly",
        "kind": "crisis",
        "started_at": datetime(2026, 9, 14, 10),
        "summary": f"Volume x4 {EVIL}",
        "explanation": f"Topic 'panne' up; {EVIL}",
        "examples": [
            EVIL,
            {"text": "panne", "who": EVIL, "url": "javascript:alert(3)"},
            {"text": "encore", "url": "https://x.example/p?a=1&b=2"},
        ],
    }
    subject, text, html = render_alert(alert, "Nexora demo", "fr")
    assert subject.startswith("[Nexora demo] Crise sur Nexora : Volume x4") and "\n" not in subject
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert html.count("&lt;script&gt;") == 4  # summary, explanation and two examples
    assert 'href="https://x.example/p?a=1&amp;b=2"' in html
    assert "volume par heure" in html and "nexora-volume_hourly-2026-09-14T10" in text
    with pytest.raises(ValueError, match="missing summary"):
        render_alert({**alert, "summary": ""}, "P")


def test_the_json_body_of_an_alert_round_trips():
    from reputation.delivery.alerts import alert_body

    p = parse_project({"name": "P", "brands": {"own": {"name": "N", "query": "n"}}}, Path("."))
    body = alert_body(p, {"alert_id": "a", "started_at": pd.Timestamp("2026-09-14 10:00"), "terms": np.array(["x"])})
    assert json.loads(body) == {
        "event": "alert",
        "project": "P",
        "alert": {"alert_id": "a", "started_at": "2026-09-14T10:00:00", "terms": ["x"]},
    }
