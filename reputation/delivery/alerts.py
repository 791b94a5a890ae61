"""Alerts to the people and systems the project names: an e-mail to each address of `alerts.email`, a POST to each
of `alerts.webhooks`. Each (alert, target) is one delivery: retried, every attempt recorded, and never sent again
once it went through, so rerunning the detection and delivery sends only what is new.

The webhook body (JSON, keys sorted)::

    {"event": "alert", "project": "<project name>", "alert": {<the alert's fields, dates in ISO 8601>}}
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from email.message import EmailMessage
from functools import partial
from typing import Any

from reputation.config import Project
from reputation.config_signals import Webhook
from reputation.delivery import DeliveryError, DeliveryLog, DeliveryResult, RetryPolicy, deliver
from reputation.delivery.smtp import SmtpSettings, new_message, send_email
from reputation.delivery.webhook import DEFAULT_TIMEOUT, encode, post_json, webhook_target
from reputation.report.alert import check_alert, render_alert
from reputation.warehouse import Warehouse

KIND = "alert"

# The alerts of the `alerts` table worth sending: those that ended close to the newest mention (local times, as the
# table's). Examples are mention ids there; the message shows their text, author, platform, link and time.
RECENT_ALERTS_SQL = """
WITH newest AS (SELECT max(timezone($tz, published_at AT TIME ZONE 'UTC')) AS t FROM mentions)
SELECT a.* REPLACE (
    (SELECT list({'text': m.text, 'who': coalesce(m.author_handle, m.author_id), 'platform': m.platform,
                  'url': m.url, 'published_at': timezone($tz, m.published_at AT TIME ZONE 'UTC')}
                 ORDER BY list_position(a.examples, m.mention_id))
     FROM mentions m WHERE list_contains(a.examples, m.mention_id)) AS examples
)
FROM alerts a, newest
WHERE a.ended_at >= newest.t - to_hours(CAST($hours AS BIGINT))
ORDER BY a.started_at, a.alert_id
"""


def recent_alerts(wh: Warehouse, project: Project) -> list[dict[str, Any]]:
    """The alerts to send now: those whose episode ended within `alerts.send_within_hours` of the newest mention,
    oldest first, with their example mentions spelled out and their JSON columns parsed."""
    frame = wh.df(RECENT_ALERTS_SQL, {"tz": project.timezone, "hours": project.alerts.send_within_hours})  # type: ignore[arg-type]
    alerts = []
    for row in frame.to_dict("records"):
        for key in ("topics", "sources", "authors"):
            row[key] = json.loads(row[key]) if isinstance(row[key], str) else row[key]
        row["terms"] = list(row["terms"])
        row["examples"] = [dict(x) for x in row["examples"]] if row["examples"] is not None else []
        alerts.append(row)
    return alerts


def alert_body(project: Project, alert: Mapping[str, Any]) -> bytes:
    """The JSON document POSTed to webhooks for an alert."""
    return encode({"event": "alert", "project": project.name, "alert": dict(alert)})


def deliver_alerts(
    wh: Warehouse | None,
    project: Project,
    alerts: Sequence[Mapping[str, Any]],
    *,
    settings: SmtpSettings | None = None,
    policy: RetryPolicy | None = None,
    language: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    sleep: Callable[[float], None] = time.sleep,
) -> list[DeliveryResult]:
    """Send each alert to every e-mail address and webhook of `project.alerts`; returns one result per alert and
    target (`skipped` for those already delivered). `wh=None` records nothing and skips nothing.

    The alert's `alert_id` is the deduplication key. E-mails are in `language` (default: report.language). A
    missing SMTP setting or secret fails those deliveries at their first attempt (recorded) without stopping the
    others.
    """
    for alert in alerts:
        check_alert(alert)
    settings_error: DeliveryError | None = None
    if project.alerts.email and settings is None:
        try:
            settings = SmtpSettings.from_project(project)
        except DeliveryError as err:
            settings_error = err
    policy = policy or RetryPolicy.from_project(project)
    log = DeliveryLog(wh) if wh is not None else None
    language = language or project.report.language
    sender = settings.sender if settings else project.report.sender or "reputation@localhost"
    hooks = project.alerts.webhooks

    def send_mail(settings: SmtpSettings | None, msg: EmailMessage, address: str, _delivery_id: str) -> str:
        if settings is None:
            raise settings_error or DeliveryError("no SMTP settings", retryable=False)
        return send_email(settings, msg, [address])

    def post(hook: Webhook, body: bytes, key: str, delivery_id: str) -> str:
        return post_json(hook, body, event=KIND, delivery_id=delivery_id, dedup_key=key, timeout=timeout)

    results = []
    for alert in alerts:
        key = str(alert["alert_id"])
        common = {"log": log, "kind": KIND, "dedup_key": key, "policy": policy, "sleep": sleep}
        subject, text, html = render_alert(alert, project.name, language)
        for address in project.alerts.email:
            msg = new_message(sender, subject, [address])
            msg.set_content(text)
            msg.add_alternative(html, subtype="html")
            send = partial(send_mail, settings, msg, address)
            results.append(deliver(send, channel="email", target=address, **common))  # type: ignore[arg-type]
        body = alert_body(project, alert)
        for hook in hooks:
            send = partial(post, hook, body, key)
            target = webhook_target(hook, hooks)
            results.append(deliver(send, channel="webhook", target=target, **common))  # type: ignore[arg-type]
    return results
