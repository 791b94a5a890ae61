"""Alerts from the warehouse: each brand's series, their episodes, and the explanation of each (I/O at the edges).

The whole history is scanned on each run; alert ids are stable (brand, signal, first bucket), so a rerun finds the
same alerts and keeps when each was first detected, and delivery can deduplicate on the id. Explanations, the
costly part (they read the texts of the episode and of the weeks before it), are kept in `alert_explanations` under
a fingerprint of the mentions they were computed from: a run recomputes only those whose mentions changed, which
on a day's new mentions are the recent episodes.
"""

from __future__ import annotations

import hashlib
import json
from functools import partial

import numpy as np
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
       m.author_followers, m.topic_id, m.likes, m.shares, m.replies, coalesce(a.is_brand_account, false) AS is_brand,
       -- everything an explanation reads of the mention (the text through its own hash): see _Fingerprints
       hash(m.mention_id, m.text, local_time, m.sentiment, m.platform, m.author_id, who, m.author_followers,
            m.topic_id, m.likes, m.shares, m.replies, is_brand) AS row_hash
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


class _Fingerprints:
    """Count and wrapping sum of the row hashes of one brand's mentions in any time window: the same mentions with
    the same values give the same pair, in any order, and a new or changed mention in the window another."""

    def __init__(self, m: pd.DataFrame) -> None:
        times = m["local_time"].to_numpy()
        order = np.argsort(times, kind="stable")
        self._times = times[order]
        hashes = m["row_hash"].to_numpy(dtype=np.uint64)[order]
        self._cumulative = np.concatenate([np.zeros(1, np.uint64), np.cumsum(hashes, dtype=np.uint64)])

    def window(self, start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, int]:
        """(mentions, fingerprint) with start <= local_time < end."""
        bounds = np.searchsorted(self._times, np.array([start, end], dtype=self._times.dtype))
        total = self._cumulative[bounds[1:]] - self._cumulative[bounds[:1]]  # arrays: uint64 wraps silently
        return int(bounds[1] - bounds[0]), int(total[0])


def _key(context: str, brand: str, kind: str, windows: list[tuple[pd.Timestamp, pd.Timestamp, int, int]]) -> str:
    parts = [context, brand, kind] + [f"{a.isoformat()}|{b.isoformat()}|{n}|{h}" for a, b, n, h in windows]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _context(labels: dict[int, str], stop: set[str] | frozenset[str], rule: AlertSettings) -> str:
    """What an explanation depends on besides its mentions: the code's version, topic labels and stop words."""
    return json.dumps(
        [explain.EXPLAIN_VERSION, sorted(labels.items()), sorted(stop), rule.baseline_weeks], ensure_ascii=False
    )


def detect_alerts(wh: Warehouse, project: Project) -> pd.DataFrame:
    """Every alert over the whole history, explained, in `alerts` (replaced whole, first detection kept).

    The frame's `attrs["explanations_reused"]` counts the explanations taken from the previous run."""
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
    context = _context(labels, stop, rule)
    kept = dict(wh.df("SELECT explain_key, explanation FROM alert_explanations").itertuples(index=False, name=None))
    used: dict[str, str] = {}  # what this run's alerts were explained with: the next run's `kept`
    reused = 0
    rows = []
    words = explain.Words(partial(_texts, wh))  # texts read only for the mentions an explanation needs
    tracked = {b.name for b in project.brands.all}
    for brand, m in mentions[mentions["brand"].isin(tracked)].groupby("brand"):
        found = brand_episodes(m, rule)
        crisis_days = [e for s, e in found if s == "negative_share_daily"]
        prints = _Fingerprints(m) if found else None
        explained: dict[tuple, dict] = {}  # signals over the same window (a crisis day's volume and share) share one
        for signal, e in found:
            kind = "crisis" if any(c.start < e.end and e.start < c.end for c in crisis_days) else "spike"
            episode = m[(m["local_time"] >= e.start) & (m["local_time"] < e.end)]
            if (e.start, e.end, kind) not in explained:
                assert prints is not None
                since = e.start - pd.Timedelta(weeks=rule.baseline_weeks)
                windows = [(e.start, e.end, *prints.window(e.start, e.end))]
                windows.append((since, e.start, *prints.window(since, e.start)))
                key = _key(context, str(brand), kind, windows)
                if key in kept:
                    why = json.loads(kept[key])
                    reused += 1
                else:
                    before = m[(m["local_time"] < e.start) & (m["local_time"] >= since)]
                    why = explain.explain(episode, before, labels, stop, kind == "crisis", words)
                used[key] = json.dumps(why, ensure_ascii=False)
                explained[e.start, e.end, kind] = why
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
    now = utcnow()
    alerts["detected_at"] = alerts["detected_at"].fillna(now)
    wh.replace("alerts", alerts[COLUMNS], [], where="true")
    wh.replace(
        "alert_explanations",
        pd.DataFrame({"explain_key": list(used), "explanation": list(used.values()), "computed_at": now}),
        [],
        where="true",
    )
    alerts.attrs["explanations_reused"] = reused
    return alerts
