"""The weekly report by e-mail: one message per recipient, in the recipient's language.

A message is `multipart/mixed`: a `multipart/alternative` (a plain-text summary, and the HTML report with its charts
as PNG images in a `multipart/related`, referenced by `cid:`), then the report's tables as CSV attachments. The
report is always saved (HTML and CSV) before anything is sent, so a failed sending loses nothing; each recipient is
a delivery of its own (retries, attempts recorded, never sent twice the same week: :mod:`reputation.delivery`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from reputation.config import Project
from reputation.delivery import DeliveryError, DeliveryLog, DeliveryResult, RetryPolicy, deliver
from reputation.delivery.smtp import SmtpSettings, new_message, send_email
from reputation.report import render_html, render_text, weekly_context, write_reports
from reputation.report.charts import Chart, render_charts
from reputation.report.tables import csv_bytes, report_tables, table_filename
from reputation.report.wording import WORDING
from reputation.warehouse import Warehouse

KIND = "report"


def dedup_key(context: Mapping[str, Any]) -> str:
    """What a weekly report delivery is: the week (its last day). A recipient gets each week's report once."""
    return f"weekly:{context['end'].isoformat()}"


def recipients(project: Project) -> list[tuple[str, str]]:
    """(address, language) of each recipient; the language defaults to report.language."""
    return [(r.email, r.language or project.report.language) for r in project.report.recipients]


def _sender(project: Project, settings: SmtpSettings | None) -> str:
    if settings is not None:
        return settings.sender
    return project.report.sender or f"reputation@{project.report.smtp_host or 'localhost'}"


@dataclass
class WeeklyEmail:
    """The weekly report's e-mail in one language, ready to be addressed to each of its recipients."""

    context: dict[str, Any]
    language: str
    charts: Mapping[str, Chart]
    tables: Mapping[str, pd.DataFrame]
    saved_as: str = ""
    _cids: dict[str, str] = field(default_factory=dict)

    @property
    def subject(self) -> str:
        t, c = WORDING[self.language], self.context
        return t["email_subject"].format(title=t["title"], project=c["project"], start=c["start"], end=c["end"])

    @property
    def attachments(self) -> list[str]:
        return [table_filename(self.context, name) for name in self.tables]

    def message(self, sender: str, to: str) -> EmailMessage:
        """The message to one recipient (its own Message-ID and content ids)."""
        domain = sender.rpartition("@")[2] or None
        msg = new_message(sender, self.subject, [to])
        cids = {name: make_msgid(domain=domain) for name in self.charts}
        t = WORDING[self.language]
        alts = {
            "volume": t["trend"],
            "sentiment": t["sentiment_trend"].format(own=self.context["own"]),
            "share_of_voice": t["sov_chart"],
        }
        images = {
            name: Markup(
                f'<img src="cid:{escape(cids[name][1:-1])}" width="{c.width}" height="{c.height}" '
                f'alt="{escape(alts.get(name, name))}" style="display:block;max-width:100%;height:auto;border:0;">'
            )
            for name, c in self.charts.items()
        }
        extra = {"attachments": self.attachments, "saved_as": self.saved_as or "weekly-*.html"}
        msg.set_content(render_text(self.context, self.language, **extra))
        msg.add_alternative(render_html({**self.context, **extra}, self.language, images), subtype="html")
        html_part = msg.get_payload()[1]
        for name, chart in self.charts.items():
            png = {"cid": cids[name], "filename": f"{name}.png", "disposition": "inline"}
            html_part.add_related(chart.png, "image", "png", **png)
        for name, df in self.tables.items():
            msg.add_attachment(
                csv_bytes(df), maintype="text", subtype="csv", filename=table_filename(self.context, name)
            )
        return msg


@dataclass
class SendOutcome:
    """What `reputation report send` did: the files saved, then one result per recipient (none in a dry run, where
    `previews` are the messages written as .eml files instead)."""

    saved: list[Path]
    results: list[DeliveryResult] = field(default_factory=list)
    previews: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[DeliveryResult]:
        return [r for r in self.results if r.status == "failed"]


def weekly_emails(
    context: dict[str, Any], project: Project, charts: Mapping[str, Chart] | None = None, saved: Sequence[Path] = ()
) -> dict[str, WeeklyEmail]:
    """The weekly e-mail in each language the recipients read."""
    charts = charts if charts is not None else render_charts(context)
    tables = report_tables(context)
    out = {}
    for lang in sorted({lang for _, lang in recipients(project)}):
        html = next((p.name for p in saved if p.name.endswith(f"-{lang}.html")), "")
        out[lang] = WeeklyEmail(context, lang, charts, tables, html)
    return out


def send_weekly_report(
    context: dict[str, Any],
    project: Project,
    *,
    log: DeliveryLog | None,
    settings: SmtpSettings | None = None,
    policy: RetryPolicy | None = None,
    charts: Mapping[str, Chart] | None = None,
    saved: Sequence[Path] = (),
    force: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> list[DeliveryResult]:
    """E-mail a report context to each of the project's recipients; returns one result per recipient.

    A missing SMTP setting or login variable fails every recipient's delivery at its first attempt (recorded).
    """
    problem = None
    if settings is None:
        try:
            settings = SmtpSettings.from_project(project)
        except DeliveryError as err:
            problem = err
    policy = policy or RetryPolicy.from_project(project)
    sender = _sender(project, settings)
    emails = weekly_emails(context, project, charts, saved)
    results = []
    for address, lang in recipients(project):
        msg = emails[lang].message(sender, address)

        def send(_delivery_id: str, msg: EmailMessage = msg, address: str = address) -> str:
            if problem is not None or settings is None:
                raise problem or DeliveryError("no SMTP settings", retryable=False)
            return send_email(settings, msg, [address])

        results.append(
            deliver(
                send,
                log=log,
                kind=KIND,
                channel="email",
                target=address,
                dedup_key=dedup_key(context),
                policy=policy,
                force=force,
                sleep=sleep,
            )
        )
    return results


def save_and_send_weekly_report(
    wh: Warehouse,
    project: Project,
    week_end: date | None = None,
    *,
    out_dir: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    settings: SmtpSettings | None = None,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SendOutcome:
    """Build the weekly report, save it (HTML per language, CSV tables), then e-mail it to the project's recipients.

    `dry_run`: save, and write each language's message as an .eml file beside the report instead of sending (the
    warehouse may then be read-only). `force`: send again to recipients who already received this week's report.
    """
    context = weekly_context(wh, project, week_end)
    charts = render_charts(context)
    saved = write_reports(context, project, out_dir, charts)
    if dry_run:
        folder = out_dir or project.report_dir
        previews = []
        sender = _sender(project, None)
        for lang, email in weekly_emails(context, project, charts, saved).items():
            to = ", ".join(a for a, lg in recipients(project) if lg == lang)
            path = folder / f"weekly-{context['end'].isoformat()}-{lang}.eml"
            path.write_bytes(bytes(email.message(sender, to)))
            previews.append(path)
        return SendOutcome(saved, previews=previews)
    results = send_weekly_report(
        context,
        project,
        log=DeliveryLog(wh),
        settings=settings,
        policy=policy,
        charts=charts,
        saved=saved,
        force=force,
        sleep=sleep,
    )
    return SendOutcome(saved, results)
