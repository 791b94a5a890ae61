"""Topics followed week after week: stable ids across refits, and emerging topics (pure functions).

A refit's topics are matched to the previous fit's (reputation.topics.matching): a matched topic keeps its id, so a
chart of "topic 7" over months shows one subject even though the model was refit many times. Emerging topics are
weeks where a topic is new, or much bigger than its usual weeks.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from reputation.config import EmergingSettings
from reputation.topics.base import OUTLIER, FittedTopics


def stable_ids(lineage: pd.DataFrame, current_topics: list[int], next_id: int) -> dict[int, int]:
    """Map each topic of a new fit to its stable id: the previous topic's id where the lineage says the new
    topic carries it (`keeps_id`), else a fresh id from `next_id` on (in the order of `current_topics`)."""
    kept = lineage[lineage["keeps_id"] & (lineage["previous_topic"] != OUTLIER)]
    mapping = {int(c): int(p) for p, c in zip(kept["previous_topic"], kept["current_topic"], strict=True)}
    for topic in current_topics:
        if topic not in mapping:
            mapping[topic] = next_id
            next_id += 1
    return mapping


def emerging_topics(weekly: pd.DataFrame, rule: EmergingSettings | None = None) -> pd.DataFrame:
    """Alert rows from weekly counts (`topic_id`, `week` (Monday), `mentions`), one per topic and week:
    `kind` new (no mention in the baseline weeks) or growing, `mentions`, `baseline`, `ratio`.

    Growing means mentions >= growth x baseline and above baseline + 3 sqrt(baseline) (a Poisson count that big
    by chance is rare), so a small topic doubling from 3 to 6 is not an alert. A topic needs `baseline_weeks` of
    history before it can be called new: in the first weeks of data everything would be.
    """
    rule = rule or EmergingSettings()
    columns = ["topic_id", "week", "kind", "mentions", "baseline", "ratio"]
    if weekly.empty:
        return pd.DataFrame(columns=columns)
    weeks = pd.date_range(weekly["week"].min(), weekly["week"].max(), freq="7D")
    grid = (
        weekly.pivot_table(index="week", columns="topic_id", values="mentions", aggfunc="sum")
        .reindex(weeks, fill_value=0)
        .fillna(0)
    )
    rows = []
    for position in range(rule.baseline_weeks, len(grid)):
        history = grid.iloc[position - rule.baseline_weeks : position]
        baseline = history.median()
        seen = history.sum() > 0
        current = grid.iloc[position]
        for topic, count in current.items():
            if count < rule.min_mentions:
                continue
            base = float(baseline[topic])
            if not seen[topic]:
                kind = "new"
            elif count >= rule.growth * max(base, 1.0) and count > base + 3 * np.sqrt(max(base, 1.0)):
                kind = "growing"
            else:
                continue
            ratio = count / base if base > 0 else float("inf")
            rows.append([int(topic), grid.index[position].date(), kind, int(count), base, ratio])
    return pd.DataFrame(rows, columns=columns)


def refit_reason(
    fitted_at: datetime | None,
    fitted_mentions: int,
    fitted_settings: str | None,
    *,
    settings: str,
    mentions: int,
    now: datetime,
    refit_days: int,
    refit_growth: float,
) -> str | None:
    """Why the topics must be refit now, or None to keep assigning new mentions to the active fit.

    `settings` is a digest of what shapes a fit (backend, bounds, stop words...), `fitted_settings` the active
    fit's: a change refits at once, like a first run, an old fit or a much bigger corpus."""
    if fitted_at is None:
        return "first fit"
    if fitted_settings != settings:
        return "topic settings changed"
    if now - fitted_at >= timedelta(days=refit_days):
        return f"fit older than {refit_days} days"
    if mentions >= fitted_mentions * (1 + refit_growth):
        return f"mentions grew by {mentions / max(fitted_mentions, 1) - 1:.0%} since the fit"
    return None


def inherit_from_parents(frame: pd.DataFrame, weak: float | None = None, passes: int = 3) -> pd.Series:
    """Topics after shares and weakly placed replies take their parent's topic.

    `frame`: `mention_id`, `parent` (the shared original, else the replied-to mention, else None), `is_share`,
    `topic`, optionally `weight` (similarity to its own topic) and `parent_topic` (known topics of parents outside
    the frame; NaN when unknown). A share says nothing of its own ("RT @x: ..." repeats its original), and a reply
    that no topic fits, or fits with a weight below `weak` ("same here", "ça dépend du quartier"), is about what it
    answers. A reply with a clear topic of its own keeps it. Chains (a reply to a reply) resolve over `passes`.
    """
    topic = frame["topic"].to_numpy().copy()
    if weak is not None and "weight" in frame:
        replies = frame["parent"].notna().to_numpy() & ~frame["is_share"].to_numpy()
        topic[replies & (frame["weight"].to_numpy() < weak)] = OUTLIER
    original = frame["topic"].to_numpy()
    outside = frame["parent_topic"] if "parent_topic" in frame else pd.Series(np.nan, index=frame.index)
    for _ in range(passes):
        inside = pd.Series(topic, index=frame["mention_id"].to_numpy())
        parent_topic = frame["parent"].map(inside).fillna(outside).to_numpy()
        take = ~pd.isna(parent_topic) & (parent_topic != OUTLIER) & (frame["is_share"].to_numpy() | (topic == OUTLIER))
        if not take.any() or (topic[take] == parent_topic[take]).all():
            break
        topic[take] = parent_topic[take].astype(topic.dtype)
    # a weak reply whose parent has no topic either keeps its own
    topic = np.where(topic == OUTLIER, original, topic)
    return pd.Series(topic, index=frame.index)


def weak_weight(fitted_weights: pd.Series, quantile: float = 1 / 3) -> float:
    """The weight below which a reply's own topic is weak: the fit's lower third (weights differ by backend)."""
    placed = fitted_weights[fitted_weights > 0]
    return float(placed.quantile(quantile)) if len(placed) else 0.0


def fit_weak_weight(fitted: FittedTopics) -> float:
    """:func:`weak_weight` of a fit: stored with it (reputation.topic_store keeps a fit without its assignments,
    which are in `enr_topic`), else from its assignments (fits stored before)."""
    if "weak_weight" in fitted.state:
        return float(fitted.state["weak_weight"])
    return weak_weight(fitted.assignments["weight"])
