"""The weekly report's sections read from the signal, media map and campaign marts: the week's alerts, the own
brand's media map of the report week, and the results of the campaigns around it.

Each function only reads the warehouse (a read-only connection will do) and returns plain dicts for the templates
and the CSV tables. Times are local to the project's time zone, like the report's days.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

import pandas as pd

from reputation import media_map
from reputation.config import Project
from reputation.report.examples import example_views, web_url, when
from reputation.warehouse import Warehouse

ALERT_ROWS = 8  # alerts listed (own brand first, crises first, then by score)
ALERT_EXAMPLES = 2  # example mentions per alert
ALERT_TOPICS = 3  # topics per alert
MEDIA_TOP = 10  # the own brand's top outlets
MEDIA_NEW = 5  # outlets new this week, listed (all are counted)
MEDIA_CANDIDATES = 5  # sources to add, listed (all are counted)
CAMPAIGN_DAYS = 28  # campaigns whose window overlaps the 28 days to the report's last day (or running)

# Alerts whose episode [started_at, ended_at) overlaps the report's days (local times, as the table's).
WEEK_ALERTS_SQL = """
SELECT alert_id, brand, brand = $own AS own, kind, signal, started_at, ended_at, peak_at, observed, expected, score,
       mentions, terms, topics, examples, count(*) OVER () AS total
FROM alerts
WHERE started_at < CAST($e AS DATE) + INTERVAL 1 DAY AND ended_at > CAST($s AS DATE)
ORDER BY own DESC, kind = 'crisis' DESC, score DESC, started_at, alert_id
LIMIT $n
"""
# The alerts' example mentions, in the alert's order; spam and posts holding personal data are not shown.
ALERT_EXAMPLES_SQL = """
WITH x AS (
    SELECT alert_id, unnest(examples) AS mention_id, unnest(generate_series(1, len(examples))) AS pos
    FROM alerts WHERE list_contains($ids, alert_id)
)
SELECT x.alert_id, x.mention_id, coalesce(m.author_handle, m.author_id) AS who, m.platform, m.text, m.url,
       timezone($tz, m.published_at AT TIME ZONE 'UTC') AS published_at
FROM x JOIN mentions m USING (mention_id)
WHERE NOT list_has_any(coalesce(m.moderation_flags, []), ['spam', 'personal_data'])
ORDER BY x.alert_id, x.pos
"""


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, missing values as None."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _json(value: Any) -> list[dict[str, Any]]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return list(json.loads(value) if isinstance(value, str) else value)


def _midnight(value: Any) -> bool:
    return isinstance(value, datetime) and value.time() == time(0)


def week_alerts(wh: Warehouse, project: Project, start: date, end: date) -> dict[str, Any]:
    """The alerts whose episode overlaps the week (`alerts`: up to ALERT_ROWS, own brand first, crises before spikes,
    then by score; `alert_count`: all of them), each with its terms, top topics and example mentions."""
    params = {"s": start, "e": end, "own": project.brands.own.name, "n": ALERT_ROWS}
    df = wh.df(WEEK_ALERTS_SQL, params)  # type: ignore[arg-type]
    if df.empty:
        return {"alerts": [], "alert_count": 0}
    examples = wh.df(
        ALERT_EXAMPLES_SQL,
        {"ids": df["alert_id"].tolist(), "tz": project.timezone},  # type: ignore[arg-type]
    )
    by_alert = {k: g.to_dict("records") for k, g in examples.groupby("alert_id", sort=False)}
    alerts = []
    for row in _records(df.drop(columns="total")):
        shown = [x for x in by_alert.get(row["alert_id"], []) if str(x["text"] or "").strip()][:ALERT_EXAMPLES]
        alerts.append(
            {
                **row,
                # a day's bucket starts at midnight: its date says it all
                "started": when(row["started_at"].date() if _midnight(row["started_at"]) else row["started_at"]),
                "terms": [str(t) for t in (row["terms"] if row["terms"] is not None else [])],
                "topics": _json(row["topics"])[:ALERT_TOPICS],
                "examples": example_views(shown, ALERT_EXAMPLES),
                "example_ids": [str(x["mention_id"]) for x in shown],
            }
        )
    return {"alerts": alerts, "alert_count": int(df["total"].iloc[0])}


def media_frames(wh: Warehouse, project: Project, week_end: date) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """(outlets, domains, from_mart) of the report week ending on `week_end`, every brand: the marts when they hold
    that week, else :func:`reputation.media_map.compute` (reads only: the marts are left as they are)."""
    weeks = wh.df("SELECT week_end FROM mart_media_outlets UNION SELECT week_end FROM mart_linked_domains")["week_end"]
    if len(weeks) == 1 and pd.Timestamp(weeks.iloc[0]).date() == week_end:
        outlets = wh.df("SELECT * EXCLUDE (computed_at) FROM mart_media_outlets")
        domains = wh.df("SELECT * EXCLUDE (computed_at) FROM mart_linked_domains")
        return outlets, domains, True
    outlets, domains = media_map.compute(wh, project, week_end)
    return outlets, domains, False


def media_context(wh: Warehouse, project: Project, end: date) -> dict[str, Any]:
    """The own brand's media map for the report week: its top outlets, the outlets new this week and the candidate
    domains (sources to add), each list with the number of rows it was taken from."""
    own = project.brands.own.name
    outlets, domains, from_mart = media_frames(wh, project, end)
    outlets = outlets[outlets["brand"] == own].sort_values("rank")
    domains = domains[domains["brand"] == own].sort_values("rank")
    new = outlets[outlets["new_this_week"].astype(bool)]
    candidates = domains[domains["candidate"].astype(bool)]
    shown_candidates = _records(candidates.head(MEDIA_CANDIDATES))
    for d in shown_candidates:
        d["link"] = web_url(d["example_url"])
    return {
        "media": {
            "week_end": end,
            "from_mart": from_mart,
            "outlets": _records(outlets.head(MEDIA_TOP)),
            "outlet_count": len(outlets),
            "new": _records(new.head(MEDIA_NEW)),
            "new_count": len(new),
            "candidates": shown_candidates,
            "candidate_count": len(candidates),
            "domain_count": len(domains),
        }
    }


def campaign_results(wh: Warehouse, project: Project, end: date) -> dict[str, Any]:
    """The project's campaigns whose window overlaps the CAMPAIGN_DAYS days to `end`, or that are running (figures of
    `campaigns` as measured: the whole window, or so far when running); running ones first, then the latest start.
    `campaigns_state`: `listed`, `none` (none in the period), `undefined` (the project file has none) or
    `unmeasured` (defined, but the campaigns stage has not measured them)."""
    since = end - timedelta(days=CAMPAIGN_DAYS - 1)
    out: dict[str, Any] = {"campaigns": [], "campaign_period": {"start": since, "end": end, "days": CAMPAIGN_DAYS}}
    names = [c.name for c in project.campaigns]
    if not names:
        return {**out, "campaigns_state": "undefined"}
    df = wh.df(
        "SELECT * EXCLUDE (computed_at) FROM campaigns WHERE list_contains($names, campaign)",
        {"names": names},  # type: ignore[arg-type]
    )
    if df.empty:
        return {**out, "campaigns_state": "unmeasured"}
    df["start_day"] = pd.to_datetime(df["start_day"]).dt.date
    df["end_day"] = pd.to_datetime(df["end_day"]).dt.date
    picked = df[((df["start_day"] <= end) & (df["end_day"] >= since)) | (df["status"] == "running")]
    picked = picked.assign(running=picked["status"] == "running").sort_values(
        ["running", "start_day", "campaign"], ascending=[False, False, True]
    )
    rows = _records(picked.drop(columns=["running", "top_participants", "hashtags"]))
    return {**out, "campaigns": rows, "campaigns_state": "listed" if rows else "none"}
