"""Spike and crisis detection against a seasonal robust baseline (pure functions; docs/signals.md).

A series is a regular time index (days or hours, project time zone) of counts. Its baseline at each point is the
median of the same season in the `baseline_weeks` before it: the same weekday for days; for hours, the same hour of
day over the previous days, scaled by the weekday's level. The spread is the MAD of the same values, floored by the
Poisson (counts) or binomial (shares) noise of the baseline, so a quiet series does not alert on one extra mention.
A point is anomalous when its robust z-score reaches the sensitivity; consecutive anomalous points closer than the
cooldown form one episode, which is one alert.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reputation.config_signals import AlertSettings

DETECTOR_VERSION = "seasonal-mad@1"
MAD_SCALE = 1.4826  # MAD of a normal distribution -> its standard deviation


def _robust(history: np.ndarray) -> tuple[float, float]:
    """Median and MAD-based spread of the non-missing values."""
    values = history[~np.isnan(history)]
    if len(values) == 0:
        return np.nan, np.nan
    med = float(np.median(values))
    return med, MAD_SCALE * float(np.median(np.abs(values - med)))


def daily_baseline(counts: pd.Series, weeks: int) -> pd.DataFrame:
    """Expected value and spread per day from the same weekday in the `weeks` weeks before (none: NaN)."""
    values = counts.to_numpy(float)
    expected = np.full(len(values), np.nan)
    spread = np.full(len(values), np.nan)
    for i in range(len(values)):
        history = values[[i - 7 * k for k in range(1, weeks + 1) if i - 7 * k >= 0]]
        if len(history) >= 2:
            expected[i], spread[i] = _robust(history)
    return pd.DataFrame({"expected": expected, "spread": spread}, index=counts.index)


def hourly_baseline(counts: pd.Series, weeks: int) -> pd.DataFrame:
    """Expected value and spread per hour: the same hour of day over the previous `7 * weeks` days (at least 7),
    times the ratio of that weekday's daily volume to the median daily volume over the same days."""
    values = counts.to_numpy(float)
    n_days = len(values) // 24
    grid = values[: n_days * 24].reshape(n_days, 24)
    daily = grid.sum(axis=1)
    weekday = np.array([ts.weekday() for ts in counts.index[: n_days * 24 : 24]])
    expected = np.full(len(values), np.nan)
    spread = np.full(len(values), np.nan)
    days_back = 7 * weeks
    for d in range(7, n_days):
        lo = max(0, d - days_back)
        past = grid[lo:d]
        same_day = daily[lo:d][weekday[lo:d] == weekday[d]]
        level = np.median(daily[lo:d])
        factor = np.median(same_day) / level if len(same_day) and level > 0 else 1.0
        med = np.median(past, axis=0)
        mad = MAD_SCALE * np.median(np.abs(past - med), axis=0)
        expected[d * 24 : d * 24 + 24] = med * factor
        spread[d * 24 : d * 24 + 24] = mad * factor
    return pd.DataFrame({"expected": expected, "spread": spread}, index=counts.index)


def count_scores(counts: pd.Series, baseline: pd.DataFrame) -> pd.Series:
    """Robust z-score of counts on the square-root scale (Anscombe: Poisson noise becomes unit variance), shrunk
    when the history is noisier than Poisson (its MAD spread above sqrt(expected))."""
    expected = baseline["expected"].clip(lower=0)
    stabilised = 2 * (np.sqrt(counts + 3 / 8) - np.sqrt(expected + 3 / 8))
    poisson = np.sqrt(expected.clip(lower=1.0))
    overdispersion = np.maximum(baseline["spread"].fillna(0) / poisson, 1.0)
    return stabilised / overdispersion


def share_baseline(part: pd.Series, total: pd.Series, days: int) -> pd.DataFrame:
    """Negative share per day against the median share of the `days` days before (days with any mentions)."""
    share = (part / total.where(total > 0)).to_numpy(float)
    expected = np.full(len(share), np.nan)
    spread = np.full(len(share), np.nan)
    for i in range(len(share)):
        history = share[max(0, i - days) : i]
        if np.sum(~np.isnan(history)) >= 7:
            expected[i], spread[i] = _robust(history)
    return pd.DataFrame({"share": share, "expected": expected, "spread": spread}, index=part.index)


def share_scores(base: pd.DataFrame, total: pd.Series) -> pd.Series:
    """Robust z-score of a share; the spread is at least the binomial noise of that day's count."""
    p = base["expected"].clip(0.02, 0.98)
    floor = np.sqrt(p * (1 - p) / total.clip(lower=1))
    scale = np.maximum(base["spread"].fillna(0), floor)
    return (base["share"] - base["expected"]) / scale


@dataclass(frozen=True)
class Episode:
    start: pd.Timestamp
    end: pd.Timestamp  # end of the last anomalous bucket (exclusive)
    peak: pd.Timestamp
    observed: float
    expected: float
    score: float


def episodes(
    flags: pd.Series,
    scores: pd.Series,
    observed: pd.Series,
    expected: pd.Series,
    step: pd.Timedelta,
    cooldown_hours: int,
) -> list[Episode]:
    """Group flagged buckets into episodes: a flag within `cooldown_hours` of the previous episode's end extends it."""
    out: list[Episode] = []
    cooldown = pd.Timedelta(hours=cooldown_hours)
    current: list[pd.Timestamp] = []
    for ts in flags.index[flags.to_numpy()]:
        if current and ts - (current[-1] + step) > cooldown:
            out.append(_episode(current, scores, observed, expected, step))
            current = []
        current.append(ts)
    if current:
        out.append(_episode(current, scores, observed, expected, step))
    return out


def _episode(
    buckets: list[pd.Timestamp], scores: pd.Series, observed: pd.Series, expected: pd.Series, step: pd.Timedelta
) -> Episode:
    peak = scores.loc[buckets].idxmax()
    return Episode(
        buckets[0], buckets[-1] + step, peak, float(observed[peak]), float(expected[peak]), float(scores[peak])
    )


def volume_episodes(counts: pd.Series, rule: AlertSettings, hourly: bool) -> list[Episode]:
    """Volume spikes of a regular daily or hourly count series."""
    base = hourly_baseline(counts, rule.baseline_weeks) if hourly else daily_baseline(counts, rule.baseline_weeks)
    scores = count_scores(counts, base)
    # a spike must also be a material rise, not just a narrow spread; an hour, being noisier, must double
    rise = 2.0 if hourly else 1.5
    flags = (scores >= rule.sensitivity) & (counts >= rule.min_mentions) & (counts >= rise * base["expected"])
    step = pd.Timedelta(hours=1) if hourly else pd.Timedelta(days=1)
    return episodes(flags.fillna(False), scores, counts, base["expected"], step, rule.cooldown_hours)


def negative_share_episodes(negative: pd.Series, total: pd.Series, rule: AlertSettings) -> list[Episode]:
    """Days whose negative share jumps against the weeks before."""
    base = share_baseline(negative, total, 7 * rule.baseline_weeks)
    scores = share_scores(base, total)
    flags = (scores >= rule.sensitivity) & (total >= rule.min_mentions) & (base["share"] >= base["expected"] + 0.1)
    return episodes(
        flags.fillna(False), scores, base["share"], base["expected"], pd.Timedelta(days=1), rule.cooldown_hours
    )


def alert_id(brand: str, signal: str, start: pd.Timestamp) -> str:
    return "al_" + hashlib.sha256(f"{brand}|{signal}|{start.isoformat()}".encode()).hexdigest()[:16]
