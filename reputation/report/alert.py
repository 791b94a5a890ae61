"""The alert e-mail: a short HTML and text message for one alert (a spike or crisis on a brand).

An alert is a mapping with at least `alert_id`, `brand`, `signal`, `started_at` and `summary`; `explanation`,
`examples` (mention texts, or mappings with `text` and optionally `who`, `platform`, `url`, `published_at`),
`kind`, `peak_at` and `mentions` are shown when present. Everything is escaped in the HTML; links are kept only
for http(s) URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from reputation.report import environment
from reputation.report.wording import ALERT_WORDING

REQUIRED = ("alert_id", "brand", "signal", "started_at", "summary")
MAX_EXAMPLES = 3


def check_alert(alert: Mapping[str, Any]) -> None:
    """Raise ValueError when an alert lacks a field every delivery needs."""
    missing = [k for k in REQUIRED if alert.get(k) in (None, "")]
    if missing:
        raise ValueError(f"alert {alert.get('alert_id', '?')!r}: missing {', '.join(missing)}")


def _when(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, datetime | date | pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()
    return str(value)


def _examples(alert: Mapping[str, Any]) -> list[dict[str, str]]:
    found = []
    for x in list(alert.get("examples") or [])[:MAX_EXAMPLES]:
        ex = {"text": x} if isinstance(x, str) else dict(x)
        url = str(ex.get("url") or "")
        found.append(
            {
                "text": " ".join(str(ex.get("text") or "").split()),
                "who": str(ex.get("who") or ex.get("author_handle") or ""),
                "platform": str(ex.get("platform") or ""),
                "when": _when(ex.get("published_at")),
                "url": url if url.lower().startswith(("http://", "https://")) else "",
            }
        )
    return [e for e in found if e["text"]]


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
        "started": _when(alert["started_at"]),
        "peak": _when(alert.get("peak_at")),
        "mentions": alert.get("mentions"),
        "summary": " ".join(str(alert["summary"]).split()),
        "explanation": str(alert.get("explanation") or "").strip(),
        "examples": _examples(alert),
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
