"""The weekly report by e-mail, end to end: a small demo through the real stages, `reputation report send` in a
subprocess against a real SMTP server (aiosmtpd) with a login read from the environment, and the messages it
received, parsed with the `email` package: language per recipient, inline PNG charts by cid, CSV attachments that
hold the warehouse's numbers, escaping of hostile mentions; then retries, an unreachable server, a dry run and the
Prefect flow (which sends nothing twice).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pandas as pd
import pytest
import yaml

from reputation import stages
from reputation.config import Project, load_project
from reputation.delivery import RetryPolicy
from reputation.delivery.smtp import SmtpSettings
from reputation.delivery.testing import SmtpServer, free_port
from reputation.demo.generator import DemoConfig
from reputation.report.email import save_and_send_weekly_report
from reputation.warehouse import Warehouse
from tests.demo_project import demo_project

pytestmark = pytest.mark.integration

WEEK = (date(2026, 9, 14), date(2026, 9, 20))  # the demo's last complete week (3 weeks from Monday 31 August)
EVIL_HANDLE = '"><img src=x onerror=alert(1)>'
EVIL_TEXT = '=SUM(1+1) Nexora devrait ajouter une option eSIM <script>alert("x")</script> merci'
RECIPIENTS = [
    {"email": "marketing@nexora.example", "language": "fr"},
    {"email": "brand-team@nexora.example", "language": "en"},
    {"email": "direction@nexora.example"},  # report.language: fr
]
ENV = {"REPUTATION_SMTP_USER": "reputation-bot", "REPUTATION_SMTP_PASSWORD": "s3cret"}


@dataclass
class Sent:
    project_file: Path
    project: Project
    server: SmtpServer
    messages: dict[str, EmailMessage]  # by recipient
    cli: subprocess.CompletedProcess[str]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reputation.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def write_project(path: Path, port: int, source: Path | None = None) -> Path:
    """The demo's project file (or `source`'s) sending to 127.0.0.1:`port`, written to `path`."""
    data = yaml.safe_load((source or path).read_text(encoding="utf-8"))
    data["report"] = {
        **data["report"],
        "recipients": RECIPIENTS,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "sender": "reputation@nexora.example",
    }
    data["alerts"] = {**data.get("alerts", {}), "retries": 1, "retry_backoff_seconds": 0}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sent]:
    out = tmp_path_factory.mktemp("report-email")
    project, files = demo_project(out, DemoConfig(seed=5, n_mentions=2_000, weeks=3, n_authors=300))
    hostile = {
        "platform": "twitter",
        "platform_id": "evil-1",
        "author_id": "evil-author",
        "author_handle": EVIL_HANDLE,
        "published_at": "2026-09-18T15:00:00Z",
        "text": EVIL_TEXT,
        "likes": 100_000,  # the most engaging suggestion of the week
    }
    with files["mentions"].open("a", encoding="utf-8") as f:
        f.write(json.dumps(hostile) + "\n")
    with SmtpServer(users={ENV["REPUTATION_SMTP_USER"]: ENV["REPUTATION_SMTP_PASSWORD"]}) as server:
        project_file = write_project(out / "project.yaml", server.port)
        project = load_project(project_file)
        with Warehouse(project.warehouse_path) as wh:
            stages.ingest(wh, project)
            stages.detect_language(wh)
            stages.score_sentiment(wh, project.sentiment_spec)
            stages.classify_voice(wh, project)
            stages.score_community(wh, project)
            stages.compute_metrics(wh, project)
        cli = run_cli("report", "send", "--project", str(project_file), env=ENV)
        messages = {m.recipients[0]: m.message for m in server.received}
        yield Sent(project_file, project, server, messages, cli)


@pytest.fixture
def wh(sent: Sent) -> Iterator[Warehouse]:
    with Warehouse(sent.project.warehouse_path, read_only=True) as w:
        yield w


def html_of(msg: EmailMessage) -> str:
    return msg.get_body(("html",)).get_content()


def attachment(msg: EmailMessage, table: str) -> pd.DataFrame:
    [part] = [p for p in msg.iter_attachments() if p.get_filename() == f"weekly-{WEEK[1]}-{table}.csv"]
    assert part.get_content_type() == "text/csv"
    return pd.read_csv(io.BytesIO(part.get_payload(decode=True)), encoding="utf-8-sig")


def test_each_recipient_gets_one_message_in_their_language_with_the_login_from_the_environment(sent: Sent):
    assert sent.cli.returncode == 0, sent.cli.stderr
    assert "report weekly:2026-09-20 to marketing@nexora.example (email): sent" in sent.cli.stderr
    assert len(sent.server.received) == 3 and all(m.login == "reputation-bot" for m in sent.server.received)
    assert all(len(m.recipients) == 1 for m in sent.server.received)  # nobody sees the others' addresses
    fr, en, default = (sent.messages[r["email"]] for r in RECIPIENTS)
    assert fr["Subject"] == "Rapport hebdomadaire d'e-réputation · Nexora demo · 2026-09-14 – 2026-09-20"
    assert en["Subject"] == "Weekly reputation report · Nexora demo · 2026-09-14 – 2026-09-20"
    assert default["Subject"] == fr["Subject"] and default["To"] == "direction@nexora.example"
    assert en["To"] == "brand-team@nexora.example" and en["From"] == "reputation@nexora.example"
    assert '<html lang="fr">' in html_of(fr) and '<html lang="en">' in html_of(en)
    assert "La voix de la communauté" in html_of(fr) and "Voice of the community" in html_of(en)
    assert "Nexora this week" in en.get_body(("plain",)).get_content()
    assert "Part de voix" in html_of(fr) and "Tonalité nette de Nexora" in html_of(fr)
    # the report was saved before sending: one HTML per language, and the CSV tables
    saved = sorted(p.name for p in sent.project.report_dir.glob("weekly-2026-09-20-*"))
    assert "weekly-2026-09-20-fr.html" in saved and "weekly-2026-09-20-en.html" in saved
    assert "weekly-2026-09-20-voice.csv" in saved


def test_charts_are_inline_png_images_referenced_by_cid(sent: Sent):
    msg = sent.messages["brand-team@nexora.example"]
    assert msg.get_content_type() == "multipart/mixed"
    [alternative] = [p for p in msg.iter_parts() if p.get_content_type() == "multipart/alternative"]
    [related] = [p for p in alternative.iter_parts() if p.get_content_type() == "multipart/related"]
    images = {p["Content-ID"].strip("<>"): p for p in related.iter_parts() if p.get_content_maintype() == "image"}
    cids = re.findall(r'src="cid:([^"]+)"', html_of(msg))
    assert len(cids) == 3 and set(cids) == set(images)
    for part in images.values():
        assert part.get_content_type() == "image/png" and part.get_content_disposition() == "inline"
        assert part.get_payload(decode=True).startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" not in html_of(msg)  # e-mail clients do not show inline SVG


def test_csv_attachments_hold_the_weeks_numbers(sent: Sent, wh: Warehouse):
    msg = sent.messages["marketing@nexora.example"]
    names = sorted(p.get_filename() for p in msg.iter_attachments() if p.get_filename().endswith(".csv"))
    assert names == sorted(f"weekly-2026-09-20-{t}.csv" for t in ("brands", "daily", "topics", "emerging",
                                                                  "community", "voice", "alerts", "media_outlets",
                                                                  "sources_to_add", "campaigns"))  # fmt: skip
    brands = attachment(msg, "brands").set_index("brand")
    expected = wh.df(
        "SELECT brand, sum(mentions) AS mentions, sum(reach) AS reach, "
        "(sum(positive) - sum(negative)) / (sum(positive) + sum(negative)) AS net "
        "FROM daily_brand_metrics WHERE day BETWEEN ? AND ? GROUP BY brand",
        list(WEEK),
    ).set_index("brand")
    assert brands["mentions"].to_dict() == expected["mentions"].to_dict()
    assert brands["reach"].to_dict() == expected["reach"].to_dict()
    assert (brands["net_sentiment"] - expected["net"]).abs().max() < 1e-4
    assert brands["share_of_voice"].sum() == pytest.approx(1, abs=1e-3)
    assert (brands["week_start"] == "2026-09-14").all() and (brands["week_end"] == "2026-09-20").all()

    daily = attachment(msg, "daily")
    total = wh.scalar("SELECT sum(mentions) FROM daily_brand_metrics WHERE day <= ?", [WEEK[1]])
    assert daily["mentions"].sum() == total  # the 3 weeks of data, within the chart's 8

    voice = attachment(msg, "voice")
    members = """
        FROM mentions WHERE list_contains(brands, 'Nexora') AND intent = ?
          AND author_id NOT IN (SELECT author_id FROM community_authors WHERE is_brand_account)
          AND CAST(timezone('America/Toronto', published_at AT TIME ZONE 'UTC') AS DATE) BETWEEN ? AND ?
    """
    for intent in ("complaint", "question", "suggestion"):
        rows = voice[voice["intent"] == intent]
        assert 1 <= len(rows) <= 5 and rows["rank"].tolist() == list(range(1, len(rows) + 1))
        assert rows["engagement"].is_monotonic_decreasing
        # listed: neither a near-duplicate nor flagged as spam or personal data (counted all the same)
        listed = "AND near_duplicate_of IS NULL AND NOT list_has_any(moderation_flags, ['spam', 'personal_data'])"
        engagement = "max(coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0))"
        top = wh.scalar(f"SELECT {engagement} {members} {listed}", [intent, *WEEK])
        assert rows["engagement"].iloc[0] == top
        count = wh.scalar(f"SELECT count(*) {members}", [intent, *WEEK])
        label = {"complaint": "Plaintes", "question": "Questions", "suggestion": "Suggestions"}[intent]
        assert re.search(rf"{label}\s*<span[^>]*>· {count} cette semaine", html_of(msg))
    brand_accounts = set(wh.df("SELECT handle FROM community_authors WHERE is_brand_account")["handle"].dropna())
    assert brand_accounts and not brand_accounts & set(voice["who"])  # members only


def test_everything_from_mentions_is_escaped(sent: Sent):
    for msg in sent.messages.values():
        html = html_of(msg)
        assert "<script" not in html.lower() and '"><img' not in html and "onerror=alert(1)>" not in html
        assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html  # the handle, shown as text
        assert "Nexora devrait ajouter une option eSIM" in html
    voice = attachment(sent.messages["marketing@nexora.example"], "voice")
    [evil] = voice[voice["who"] == EVIL_HANDLE].to_dict("records")
    assert evil["intent"] == "suggestion" and evil["rank"] == 1
    assert evil["text"].startswith("'=SUM(1+1) Nexora devrait")  # a spreadsheet shows it, never runs it


def test_the_saved_report_shows_the_charts_offline(sent: Sent):
    page = (sent.project.report_dir / "weekly-2026-09-20-fr.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3 and "cid:" not in page and "<img" not in page
    assert "Nexora cette semaine" in page and "&#34;&gt;&lt;img" in page


def test_a_temporary_refusal_is_retried_and_every_attempt_recorded(sent: Sent):
    other = SmtpServer(fail_first=1)
    with other, Warehouse(sent.project.warehouse_path) as wh:
        outcome = save_and_send_weekly_report(
            wh, sent.project, date(2026, 9, 13), settings=SmtpSettings("127.0.0.1", other.port, "none"),
            policy=RetryPolicy(retries=2, backoff_seconds=0),
        )  # fmt: skip
        attempts = wh.df("SELECT * FROM deliveries WHERE dedup_key = 'weekly:2026-09-13' ORDER BY attempted_at")
    assert [(r.status, r.attempts) for r in outcome.results] == [("sent", 2), ("sent", 1), ("sent", 1)]
    assert len(other.received) == 3 and {m.login for m in other.received} == {None}
    assert attempts["status"].tolist() == ["failed", "sent", "sent", "sent"]
    assert attempts["error"].iloc[0] == f"127.0.0.1:{other.port}: the server answered 451 4.3.0 Try again later"
    assert attempts["target"].iloc[0] == attempts["target"].iloc[1] == "marketing@nexora.example"


def test_an_unreachable_server_exits_non_zero_and_loses_nothing(sent: Sent, tmp_path: Path):
    project_file = write_project(sent.project_file.parent / "unreachable.yaml", free_port(), sent.project_file)
    done = run_cli("report", "send", "--project", str(project_file), "--week-end", "2026-09-06", env=ENV)
    assert done.returncode == 1
    assert "connection refused" in done.stderr and "did not reach 3 of 3 recipients" in done.stderr
    assert (sent.project.report_dir / "weekly-2026-09-06-fr.html").exists()  # saved before the sending failed
    with Warehouse(sent.project.warehouse_path, read_only=True) as wh:
        rows = wh.df("SELECT target, attempt, status, error FROM deliveries WHERE dedup_key = 'weekly:2026-09-06'")
    assert len(rows) == 6 and (rows["status"] == "failed").all()  # 3 recipients, 2 attempts each
    assert sorted(rows["attempt"]) == [1, 1, 1, 2, 2, 2]
    assert rows["error"].str.contains("connection refused").all()


def test_a_dry_run_writes_the_messages_and_sends_nothing(sent: Sent, tmp_path: Path):
    before = len(sent.server.received)
    with Warehouse(sent.project.warehouse_path, read_only=True) as wh:
        outcome = save_and_send_weekly_report(wh, sent.project, WEEK[1], out_dir=tmp_path, dry_run=True)
    assert outcome.results == [] and len(sent.server.received) == before
    assert sorted(p.name for p in outcome.previews) == ["weekly-2026-09-20-en.eml", "weekly-2026-09-20-fr.eml"]
    from email import message_from_bytes, policy

    fr = message_from_bytes(outcome.previews[1].read_bytes(), policy=policy.default)
    assert fr["To"] == "marketing@nexora.example, direction@nexora.example"
    assert len(list(fr.iter_attachments())) == 10


def test_the_report_flow_sends_and_a_rerun_sends_nothing_twice(
    sent: Sent, prefect_home: Path, monkeypatch: pytest.MonkeyPatch
):
    from prefect.testing.utilities import prefect_test_harness

    from flows.report import report_flow

    before = len(sent.server.received)
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    with prefect_test_harness():
        paths = report_flow(str(sent.project_file), send=True)
    assert len(sent.server.received) == before  # the week's report already reached everyone
    assert any(p.endswith("weekly-2026-09-20-en.html") for p in paths)
    with Warehouse(sent.project.warehouse_path, read_only=True) as wh:
        sent_rows = wh.scalar("SELECT count(*) FROM deliveries WHERE dedup_key = 'weekly:2026-09-20'")
        status = wh.df("SELECT * FROM delivery_status WHERE dedup_key = 'weekly:2026-09-20'")
    assert sent_rows == 3 and status["sent"].all() and (status["attempts"] == 1).all()
