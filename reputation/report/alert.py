"""The alert e-mail: a short HTML and text message for one alert (a spike or crisis on a brand).

An alert is a mapping with at least `alert_id`, `brand`, `signal`, `started_at` and `summary`; `explanation`,
`examples` (mention texts, or mappings with `text` and optionally `who`, `platform`, `url`, `published_at`),
`kind`, `peak_at` and `mentions` are shown when present. Everything is escaped in the HTML; links are kept only
for http(s) URLs (:mod:`reputation.report.examples`, shared with the weekly report's alerts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reputation.report import environment
from reputation.report.examples import example_views, when
from reputation.report.wording import ALERT_WORDING

REQUIRED = ("alert_id", "brand", "signal", "started_at", "summary")


def check_alert(alert: Mapping[str, Any]) -> None:
    """Raise ValueError when an alert lacks a field every delivery needs."""
    missing = [k for k in REQUIRED if alert.get(k) in (None, "")]
    if missing:
        raise ValueError(f"alert {alert.get('alert_id', '?')!r}: missing {', '.join(missing)}")


def alert_view(alert: Mapping[str, Any], project: str, language: str) -> dict[str, Any]:
    """What the alert e-mail shows, in `language`."""
    check_alert(alert)
    w = ALERT_WORDING[language]
    kind = str(alert.get("kind") or "")
    signal = str(alert["signal"])
    return {
        "project": project,
        "alert_id": str(alert["alert_id"]),
        "brand": str(alert["brand"]),
        "kind": w.get(kind, w["alert"]) if kind else w["alert"],
        "crisis": kind == "crisis",
        "signal": w.get(f"signal_{signal}", signal),
        "started": when(alert["started_at"]),
        "peak": when(alert.get("peak_at")),
        "mentions": alert.get("mentions"),
        "summary": " ".join(str(alert["summary"]).split()),
        "explanation": str(alert.get("explanation") or "").strip(),
        "examples": example_views(alert.get("examples") or []),
        "w": w,
        "lang": language,
    }


def alert_subject(view: Mapping[str, Any]) -> str:
    summary = view["summary"] if len(view["summary"]) <= 120 else view["summary"][:119] + "…"
    return view["w"]["subject"].format(project=view["project"], kind=view["kind"], brand=view["brand"], summary=summary)


def render_alert(alert: Mapping[str, Any], project: str, language: str = "en") -> tuple[str, str, str]:
    """(subject, plain text, HTML) of an alert's e-mail."""
    view = alert_view(alert, project, language)
    html = environment().get_template("alert.html.j2").render(**view)
    text = environment(html=False).get_template("alert.txt.j2").render(**view)
    return alert_subject(view), text, html
