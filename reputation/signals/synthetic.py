"""Hourly series with known anomalies, to measure the detector's precision and recall (docs/signals.md).

A base level with a daily cycle (quiet nights) and weekday effects, Poisson noise, and injected incidents: bursts
of a few hours at 3 to 8 times the expected volume. Deterministic per seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

HOUR_SHAPE = np.array([0.9, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.2, 3.4, 4, 4.2, 4.3, 4.6, 4.4, 4.2, 4.2, 4.4, 4.8, 5.2,
                       5.6, 5.9, 5.5, 4.4, 2.6])  # fmt: skip
WEEKDAY = np.array([1.05, 1.08, 1.06, 1.04, 0.97, 0.8, 0.78])


@dataclass(frozen=True)
class Incident:
    start: pd.Timestamp
    end: pd.Timestamp  # exclusive


def series(
    seed: int, weeks: int = 10, daily_volume: float = 300.0, incidents: int = 4
) -> tuple[pd.Series, list[Incident]]:
    """(hourly counts, incidents) with incidents placed after the first 5 weeks (the baseline needs history)."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2026-01-05", periods=weeks * 7 * 24, freq="h")  # a Monday
    shape = HOUR_SHAPE / HOUR_SHAPE.sum()
    expected = daily_volume * shape[index.hour] * WEEKDAY[index.weekday] * rng.gamma(80, 1 / 80, len(index))
    truth = []
    hours = len(index)
    slots = rng.choice(np.arange(5 * 7 * 24, hours - 12, 36), size=incidents, replace=False)
    for start in sorted(slots):
        start = int(start) + int(rng.integers(8, 18))  # daytime onsets
        length = int(rng.integers(2, 7))
        multiple = rng.uniform(3, 8)
        expected[start : start + length] *= multiple
        truth.append(Incident(index[start], index[min(start + length, hours - 1)]))
    return pd.Series(rng.poisson(expected), index=index), truth


def precision_recall(found: list[tuple[pd.Timestamp, pd.Timestamp]], truth: list[Incident]) -> tuple[float, float]:
    """An alert is right when it overlaps an incident; an incident is found when an alert overlaps it."""
    overlaps = [[s < t.end and t.start < e for t in truth] for s, e in found]
    right = sum(any(o) for o in overlaps)
    hit = sum(any(o[i] for o in overlaps) for i in range(len(truth)))
    precision = right / len(found) if found else 1.0
    return precision, hit / len(truth) if truth else 1.0
