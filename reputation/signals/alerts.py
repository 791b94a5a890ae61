"""Alerts from the warehouse: each brand's series, their episodes, and the explanation of each (I/O at the edges).

The whole history is scanned on each run; alert ids are stable (brand, signal, first bucket), so a rerun finds the
same alerts and keeps when each was first detected, and delivery can deduplicate on the id.
"""

from __future__ import annotations

import json
from functools import partial

import pandas as pd

from reputation.config import Project
from reputation.config_signals import AlertSettings
from reputation.signals import detect, explain
from reputation.warehouse import Warehouse, utcnow
from reputation.warehouse.mentions_view import narrowed

MENTIONS_SQL = narrowed(
    """
SELECT m.mention_id, unnest(m.brands) AS brand, timezone($tz, m.published_at AT TIME ZONE 'UTC') AS local_time,
       m.sentiment, m.platform, m.author_id, coalesce(m.author_handle, m.author_id) AS who,
       m.author_followers, m.topic_id, m.likes, m.shares, m.replies, coalesce(a.is_brand_account, false) AS is_brand
FROM mentions m LEFT JOIN community_authors a USING (author_id)
"""
)
COLUMNS = [
    "alert_id", "brand", "signal", "kind", "started_at", "ended_at", "peak_at", "observed", "expected", "score",
    "mentions", "summary", "terms", "topics", "sources", "authors", "examples", "detector", "detected_at",
]  # fmt: skip
SIGNAL_WORDS = {
    "volume_hourly": "mentions in an hour",
    "volume_daily": "mentions in a day",
    "negative_share_daily": "negative share of a day",
}


def _series(times: pd.Series, freq: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
    index = pd.date_range(start, end, freq=freq, inclusive="left")
    return times.dt.floor(freq).value_counts().reindex(index, fill_value=0).sort_index()


def brand_episodes(m: pd.DataFrame, rule: AlertSettings) -> list[tuple[str, detect.Episode]]:
    """(signal, episode) for one brand's mentions (`local_time`, `sentiment`)."""
    start = m["local_time"].min().floor("D")
    end = m["local_time"].max().floor("D") + pd.Timedelta(days=1)
    days = _series(m["local_time"], "D", start, end)
    negative = _series(m.loc[m["sentiment"] == "negative", "local_time"], "D", start, end)
    found = [("volume_daily", e) for e in detect.volume_episodes(days, rule, hourly=False)]
    found += [("negative_share_daily", e) for e in detect.negative_share_episodes(negative, days, rule)]
    if rule.hourly:
        hours = _series(m["local_time"], "h", start, end)
        found += [("volume_hourly", e) for e in detect.volume_episodes(hours, rule, hourly=True)]
    return found


def _summary(brand: str, signal: str, kind: str, e: detect.Episode, terms: list[str]) -> str:
    share = signal.startswith("negative_share")
    observed = f"{e.observed:.0%}" if share else f"{e.observed:.0f}"
    expected = f"{e.expected:.0%}" if share else f"{e.expected:.1f}"
    words = f"; terms: {', '.join(terms[:5])}" if terms else ""
    return (
        f"{brand}: {kind}, {SIGNAL_WORDS[signal]} at {observed} against {expected} expected "
        f"(z {e.score:.1f}) from {e.start:%Y-%m-%d %H:%M} to {e.end:%Y-%m-%d %H:%M}{words}"
    )


def _texts(wh: Warehouse, mention_ids: list[str]) -> pd.Series:
    """The texts of these mentions, in their order."""
    wh.con.register("_ids", pd.DataFrame({"mention_id": mention_ids}))
    try:
        found = wh.df("SELECT mention_id, text FROM raw_mentions WHERE mention_id IN (SELECT mention_id FROM _ids)")
    finally:
        wh.con.unregister("_ids")
    return pd.Series(mention_ids).map(found.set_index("mention_id")["text"])


def detect_alerts(wh: Warehouse, project: Project) -> pd.DataFrame:
    """Every alert over the whole history, explained, in `alerts` (replaced whole, first detection kept)."""
    from reputation.topics.terms import stopwords

    mentions = wh.df(MENTIONS_SQL, {"tz": project.timezone})  # type: ignore[arg-type]
    labels = dict(
        wh.df(
            "SELECT t.topic_id, t.label FROM topics t JOIN active_models a ON a.stage = 'topics' "
            "AND a.model = t.model AND a.model_version = t.model_version"
        ).itertuples(index=False, name=None)
    )
    stop = stopwords([b.name for b in project.brands.all], opinions=False)
    rule = project.alerts
    rows = []
    words = explain.Words(partial(_texts, wh))  # texts read only for the mentions an explanation needs
    tracked = {b.name for b in project.brands.all}
    for brand, m in mentions[mentions["brand"].isin(tracked)].groupby("brand"):
        found = brand_episodes(m, rule)
        crisis_days = [e for s, e in found if s == "negative_share_daily"]
        explained: dict[tuple, dict] = {}  # signals over the same window (a crisis day's volume and share) share one
        for signal, e in found:
            kind = "crisis" if any(c.start < e.end and e.start < c.end for c in crisis_days) else "spike"
            episode = m[(m["local_time"] >= e.start) & (m["local_time"] < e.end)]
            if (e.start, e.end, kind) not in explained:
                since = e.start - pd.Timedelta(weeks=rule.baseline_weeks)
                before = m[(m["local_time"] < e.start) & (m["local_time"] >= since)]
                explained[e.start, e.end, kind] = explain.explain(
                    episode, before, labels, stop, kind == "crisis", words
                )
            why = explained[e.start, e.end, kind]
            rows.append(
                {
                    "alert_id": detect.alert_id(str(brand), signal, e.start),
                    "brand": brand,
                    "signal": signal,
                    "kind": kind,
                    "started_at": e.start,
                    "ended_at": e.end,
                    "peak_at": e.peak,
                    "observed": e.observed,
                    "expected": e.expected,
                    "score": e.score,
                    "mentions": len(episode),
                    "summary": _summary(str(brand), signal, kind, e, why["terms"]),
                    "terms": why["terms"],
                    "topics": json.dumps(why["topics"]),
                    "sources": json.dumps(why["sources"]),
                    "authors": json.dumps(why["authors"]),
                    "examples": why["examples"],
                    "detector": detect.DETECTOR_VERSION,
                }
            )
    alerts = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "detected_at"])
    seen = wh.df("SELECT alert_id, detected_at FROM alerts")
    alerts = alerts.merge(seen, on="alert_id", how="left")
    alerts["detected_at"] = alerts["detected_at"].fillna(utcnow())
    wh.replace("alerts", alerts[COLUMNS], [], where="true")
    return alerts
