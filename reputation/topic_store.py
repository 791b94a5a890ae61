"""Topic fits in the warehouse: the active fit (to assign new mentions), saving a refit with stable ids and its
lineage, and the weekly emerging-topic alerts. The I/O edge of the topics stage; the logic is in
reputation.topics (discovery) and reputation.topic_tracking (ids, alerts)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from reputation import metrics, topics
from reputation.config import EmergingSettings
from reputation.topic_tracking import emerging_topics, stable_ids, weak_weight
from reputation.warehouse import Warehouse, utcnow
from reputation.warehouse.mentions_view import narrowed


@dataclass(frozen=True)
class ActiveFit:
    model: str
    model_version: str
    fitted_at: datetime
    mentions: int
    settings: str
    fitted: topics.FittedTopics


def active_fit(wh: Warehouse) -> ActiveFit | None:
    """The fit the public views serve, with its model (None before the first fit, or for a pre-0008 fit)."""
    rows = wh.df(
        "SELECT f.model, f.model_version, f.fitted_at, f.mentions, f.settings, f.payload FROM topic_fits f "
        "JOIN active_models a ON a.stage = 'topics' AND f.model = a.model AND f.model_version = a.model_version"
    )
    if rows.empty:
        return None
    row = rows.iloc[0]
    fitted = topics.FittedTopics.from_bytes(row["payload"])
    return ActiveFit(
        row["model"], row["model_version"], row["fitted_at"], int(row["mentions"]), row["settings"], fitted
    )


def save_fit(
    wh: Warehouse, fitted: topics.FittedTopics, mention_ids: pd.Series, previous: ActiveFit | None, settings: str
) -> tuple[str, pd.DataFrame]:
    """Store a new fit as a new version: its topics under stable ids, every fitted mention's topic, the fitted
    model itself and, after a previous fit, the lineage. Returns the version and the lineage (empty for a first
    fit). The new version becomes the active one."""
    now = utcnow()
    version = f"{fitted.model_version}@{now:%Y%m%dT%H%M%S}"
    local = [int(t) for t in fitted.topics["topic_id"]]
    if previous is not None:
        lineage = topics.match_topics(previous.fitted, fitted)
        highest = wh.scalar("SELECT coalesce(max(topic_id), -1) FROM topics")
        mapping = stable_ids(lineage, local, next_id=int(highest) + 1)
        lineage["current_topic"] = [mapping.get(int(t), int(t)) for t in lineage["current_topic"]]
    else:
        lineage = pd.DataFrame(columns=topics.LINEAGE_COLUMNS)
        mapping = {t: t for t in local}
    fitted = _renumbered(fitted, mapping)
    ids = mention_ids.to_numpy()
    table = fitted.topics.assign(
        representatives=[[str(ids[i]) for i in positions] for positions in fitted.topics["representatives"]],
        model=fitted.model,
        model_version=version,
        fitted_at=now,
    )[TOPIC_COLUMNS]
    # The active version moves last: a run that fails half-way leaves rows of a version nothing serves.
    wh.insert_new("topics", table, ["topic_id", "model", "model_version"])
    wh.insert_new(
        "enr_topic",
        pd.DataFrame(
            {
                "mention_id": mention_ids.to_numpy(),
                "topic_id": fitted.assignments["topic"].to_numpy(),
                "weight": fitted.assignments["weight"].to_numpy(),
                "model": fitted.model,
                "model_version": version,
                "processed_at": now,
            }
        ),
        ["mention_id", "model", "model_version"],
    )
    fit_row = pd.DataFrame(
        [
            {
                "model": fitted.model,
                "model_version": version,
                "fitted_at": now,
                "mentions": len(mention_ids),
                "topics": fitted.n_topics,
                "previous_version": previous.model_version if previous else None,
                "settings": settings,
                "payload": _stored(fitted).to_bytes(),
            }
        ]
    )
    wh.insert_new("topic_fits", fit_row, ["model", "model_version"])
    if previous is not None:
        rows = lineage.rename(columns={"current_topic": "topic_id"}).assign(
            model=fitted.model, previous_version=previous.model_version, model_version=version
        )
        wh.insert_new(
            "topic_lineage",
            rows[
                [
                    "model",
                    "previous_version",
                    "model_version",
                    "previous_topic",
                    "topic_id",
                    "relation",
                    "similarity",
                    "keeps_id",
                ]
            ],
            ["model", "model_version", "previous_topic", "topic_id"],
        )
    wh.set_active_model("topics", fitted.model, version)
    return version, lineage


def _stored(fitted: topics.FittedTopics) -> topics.FittedTopics:
    """The fit as stored: without its assignments (a row per fitted mention, in `enr_topic`: at a million mentions
    they were 95% of the payload and 0.8 s of every run's load), with the weak-topic weight computed from them."""
    state = {**fitted.state, "weak_weight": weak_weight(fitted.assignments["weight"])}
    return dataclasses.replace(fitted, assignments=fitted.assignments.iloc[:0], state=state)


def _renumbered(fitted: topics.FittedTopics, mapping: dict[int, int]) -> topics.FittedTopics:
    """The fit with its topics under their stable ids (outliers stay -1)."""
    renamed = fitted.topics.assign(topic_id=[mapping[int(t)] for t in fitted.topics["topic_id"]])
    assigned = fitted.assignments.assign(
        topic=[
            mapping.get(int(t), int(t)) if t != topics.OUTLIER else topics.OUTLIER for t in fitted.assignments["topic"]
        ]
    )
    return dataclasses.replace(fitted, topics=renamed, assignments=assigned)


def save_assignments(wh: Warehouse, fit: ActiveFit, mention_ids: pd.Series, assigned: pd.DataFrame) -> None:
    """New mentions placed in the active fit (no refit)."""
    wh.replace(
        "enr_topic",
        pd.DataFrame(
            {
                "mention_id": mention_ids.to_numpy(),
                "topic_id": assigned["topic"].to_numpy(),
                "weight": assigned["weight"].to_numpy(),
                "model": fit.model,
                "model_version": fit.model_version,
                "processed_at": utcnow(),
            }
        ),
        ["mention_id", "model", "model_version"],
    )


def refresh_alerts(wh: Warehouse, timezone: str, rule: EmergingSettings, examples: int = 3) -> pd.DataFrame:
    """Recompute the weekly emerging-topic alerts of the active fit, each with its label and the week's most
    engaging mentions of the topic as examples; returns them."""
    weekly = wh.df(metrics.WEEKLY_TOPIC_SQL, {"tz": timezone})  # type: ignore[arg-type]
    weekly["week"] = pd.to_datetime(weekly["week"])
    alerts = emerging_topics(weekly, rule)
    active = wh.df("SELECT model, model_version FROM active_models WHERE stage = 'topics'")
    if alerts.empty or active.empty:
        wh.replace("topic_alerts", pd.DataFrame(columns=_ALERT_COLUMNS), [], where="true")
        return alerts
    labels = wh.df(
        "SELECT topic_id, label FROM topics t JOIN active_models a "
        "ON a.stage = 'topics' AND t.model = a.model AND t.model_version = a.model_version"
    )
    # the examples of the alerts' (topic, week) pairs only, read with the one join they need (the topic)
    wh.con.register(
        "_alert_weeks", pd.DataFrame({"topic_id": alerts["topic_id"], "week": pd.to_datetime(alerts["week"])})
    )
    try:
        top = wh.df(
            narrowed(
                f"""
            SELECT topic_id, week, list(mention_id ORDER BY engagement DESC, mention_id)[1:{int(examples)}] AS examples
            FROM (
                SELECT topic_id, mention_id,
                       coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0) AS engagement,
                       CAST(date_trunc('week', timezone($tz, published_at AT TIME ZONE 'UTC')) AS DATE) AS week
                FROM mentions WHERE topic_id >= 0 AND share_of_id IS NULL
            ) JOIN (SELECT DISTINCT topic_id, week::DATE AS week FROM _alert_weeks) USING (topic_id, week)
            GROUP BY ALL
            """
            ),
            {"tz": timezone},  # type: ignore[arg-type]
        )
    finally:
        wh.con.unregister("_alert_weeks")
    top["week"] = pd.to_datetime(top["week"]).dt.date  # the alerts' weeks are dates
    rows = alerts.merge(labels, on="topic_id", how="left").merge(top, on=["topic_id", "week"], how="left")
    rows = rows.assign(
        label=rows["label"].fillna(""),
        examples=[list(e) if isinstance(e, list | tuple) or hasattr(e, "__len__") else [] for e in rows["examples"]],
        ratio=rows["ratio"].where(rows["kind"] != "new"),
        model=active.iloc[0]["model"],
        model_version=active.iloc[0]["model_version"],
        detected_at=utcnow(),
    )
    wh.replace("topic_alerts", rows[_ALERT_COLUMNS], [], where="true")
    return rows


TOPIC_COLUMNS = [
    "topic_id", "label", "top_terms", "size", "model", "model_version", "fitted_at", "terms_fr", "terms_en",
    "representatives",
]  # fmt: skip
_ALERT_COLUMNS = [
    "topic_id", "week", "kind", "mentions", "baseline", "ratio", "label", "examples", "model", "model_version",
    "detected_at",
]  # fmt: skip
