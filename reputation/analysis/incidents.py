"""Spikes and crises: the alerts, grouped into incidents, and the hours around one with its explanation (table
`alerts`, view `metrics_hourly`, `mentions`; docs/signals.md). Alert times are in the project's time zone."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from reputation.analysis.connection import Connection, fetch

ALERT_COLUMNS = [
    "alert_id",
    "brand",
    "kind",
    "signal",
    "started_at",
    "ended_at",
    "peak_at",
    "observed",
    "expected",
    "score",
    "mentions",
    "summary",
    "terms",
]
# the alert that speaks for an incident: volume in a day says the most to a reader, then the others
_SIGNAL_ORDER = {"volume_daily": 0, "negative_share_daily": 1, "volume_hourly": 2}


def alerts(
    con: Connection, brand: str | None = None, kind: str | None = None, signal: str | None = None
) -> pd.DataFrame:
    """Alerts, in order of start: `alert_id`, `brand`, `kind` (`crisis` | `spike`), `signal` (`volume_daily`,
    `volume_hourly`, `negative_share_daily`), `started_at`, `ended_at`, `peak_at`, `observed` and `expected` at the
    peak, `score`, `mentions` over the episode, `summary`, `terms`."""
    sql = f"""
        SELECT {", ".join(ALERT_COLUMNS)} FROM alerts
        WHERE ($brand IS NULL OR brand = $brand) AND ($kind IS NULL OR kind = $kind)
          AND ($signal IS NULL OR signal = $signal)
        ORDER BY started_at, brand, signal"""
    return fetch(con, sql, {"brand": brand, "kind": kind, "signal": signal})


def group_incidents(frame: pd.DataFrame) -> pd.DataFrame:
    """Alerts of a brand whose episodes overlap are one incident (a crisis is seen by the daily volume, the negative
    share and the hourly volume at once). One row per incident, most mentions first: `brand`, `kind` (`crisis` when
    any of its alerts is), `started_at`, `ended_at`, `mentions` (the largest of its alerts), `signals`, `alert_id`
    (the one that speaks for it: daily volume first), `alert_ids`, `summary` (of that alert)."""
    columns = ["brand", "kind", "started_at", "ended_at", "mentions", "signals", "alert_id", "alert_ids", "summary"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    ordered = frame.sort_values(["brand", "started_at", "ended_at"], ignore_index=True)
    reach = ordered.groupby("brand")["ended_at"].cummax().groupby(ordered["brand"]).shift()
    ordered["incident"] = (reach.isna() | (ordered["started_at"] >= reach)).cumsum()
    rows = []
    for _, group in ordered.groupby("incident", sort=False):
        lead = group.assign(order=group["signal"].map(_SIGNAL_ORDER).fillna(9)).sort_values(
            ["order", "mentions"], ascending=[True, False]
        )
        first = lead.iloc[0]
        rows.append(
            {
                "brand": first["brand"],
                "kind": "crisis" if (group["kind"] == "crisis").any() else "spike",
                "started_at": group["started_at"].min(),
                "ended_at": group["ended_at"].max(),
                "mentions": int(group["mentions"].max()),
                "signals": sorted(group["signal"]),
                "alert_id": first["alert_id"],
                "alert_ids": lead["alert_id"].tolist(),
                "summary": first["summary"],
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["mentions", "started_at"], ascending=[False, True], ignore_index=True)


def incidents(con: Connection, brand: str | None = None, kind: str | None = None) -> pd.DataFrame:
    """Alerts grouped into incidents (see `group_incidents`), most mentions first; `kind` keeps only crises or
    spikes. `incidents(con, kind="crisis").iloc[0]` is the largest crisis."""
    found = group_incidents(alerts(con, brand))
    if kind is not None:
        found = found[found["kind"] == kind].reset_index(drop=True)
    return found


@dataclass(frozen=True)
class AlertTimeline:
    """An alert, the hours around it and its explanation."""

    alert: dict[str, Any]  # the alert's row (ALERT_COLUMNS and `examples`)
    hourly: pd.DataFrame  # bucket, mentions, negative, negative_share, net_sentiment, week_before, in_alert
    terms: list[str] = field(default_factory=list)  # words over-represented against the baseline
    topics: pd.DataFrame = field(default_factory=pd.DataFrame)  # topic_id, label, mentions, expected
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)  # platform, mentions, expected
    authors: pd.DataFrame = field(default_factory=pd.DataFrame)  # author_id, who, platform, mentions, followers
    examples: pd.DataFrame = field(default_factory=pd.DataFrame)  # mentions_by_id of the examples


def alert_timeline(con: Connection, alert_id: str, hours_before: int = 48, hours_after: int = 48) -> AlertTimeline:
    """The brand's hourly mentions and negative share from `hours_before` the alert's start to `hours_after` its end,
    beside the same hours one week before (`week_before`), with the alert's explanation (terms, topics, sources,
    members driving it) and its example mentions."""
    found = fetch(
        con,
        f"SELECT {', '.join(ALERT_COLUMNS)}, topics, sources, authors, examples FROM alerts WHERE alert_id = $id",
        {"id": alert_id},
    )
    if found.empty:
        raise KeyError(f"no alert {alert_id!r}")
    alert = found.iloc[0].to_dict()
    start = pd.Timestamp(alert["started_at"]).floor("h") - pd.Timedelta(hours=hours_before)
    end = pd.Timestamp(alert["ended_at"]).ceil("h") + pd.Timedelta(hours=hours_after)
    hours = fetch(
        con,
        "SELECT bucket, mentions, negative, positive FROM metrics_hourly WHERE brand = $brand AND platform = '*' "
        "AND lang = '*' AND bucket >= $start - INTERVAL 7 DAY AND bucket < $end",
        {"brand": alert["brand"], "start": start, "end": end},
    ).set_index("bucket")
    grid = pd.date_range(start, end, freq="h", inclusive="left")
    now = hours.reindex(grid, fill_value=0)  # hours without mentions have no row
    before = hours["mentions"].reindex(grid - pd.Timedelta(days=7), fill_value=0).to_numpy()
    hourly = pd.DataFrame(
        {
            "bucket": grid,
            "mentions": now["mentions"].to_numpy(),
            "negative": now["negative"].to_numpy(),
            "negative_share": (now["negative"] / now["mentions"].where(now["mentions"] > 0)).to_numpy(),
            "net_sentiment": (
                (now["positive"] - now["negative"]) / (now["positive"] + now["negative"]).where(lambda s: s > 0)
            ).to_numpy(),
            "week_before": before,
            "in_alert": (grid >= alert["started_at"]) & (grid < alert["ended_at"]),
        }
    )
    alert["terms"], alert["examples"] = list(alert["terms"]), list(alert["examples"])
    return AlertTimeline(
        alert={k: alert[k] for k in [*ALERT_COLUMNS, "examples"]},
        hourly=hourly,
        terms=alert["terms"],
        topics=pd.DataFrame(json.loads(alert["topics"])),
        sources=pd.DataFrame(json.loads(alert["sources"])),
        authors=pd.DataFrame(json.loads(alert["authors"])),
        examples=mentions_by_id(con, alert["examples"]),
    )


def mentions_by_id(con: Connection, mention_ids: Sequence[str]) -> pd.DataFrame:
    """Mentions in the order of the ids given: `mention_id`, `published_at` (UTC), `platform`, `who`, `lang`,
    `sentiment`, `intent`, `engagement`, `text`, `url`."""
    sql = """
        SELECT mention_id, published_at, platform, coalesce(author_handle, author_id) AS who, lang, sentiment, intent,
               coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0) AS engagement, text, url
        FROM mentions WHERE list_contains($ids, mention_id)"""
    found = fetch(con, sql, {"ids": list(mention_ids)})
    order = {m: i for i, m in enumerate(mention_ids)}
    return found.sort_values("mention_id", key=lambda s: s.map(order), ignore_index=True)
