"""Choosing the number of topics within bounds: fit each candidate on a sample, keep the best score."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def candidates(low: int, high: int, *, most: int = 8) -> list[int]:
    """At most `most` evenly spread values of k in [low, high], ends included."""
    if high <= low:
        return [low]
    return sorted({round(x) for x in np.linspace(low, high, min(most, high - low + 1))})


def sample_rows(n: int, size: int, seed: int) -> np.ndarray:
    """Sorted positions of a seeded sample of `size` rows out of `n` (all rows when n <= size)."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


def choose_k(score: Callable[[int], float], ks: list[int]) -> tuple[int, dict[int, float]]:
    """The k with the highest score (the smallest on ties) and every candidate's score."""
    scores = {k: float(score(k)) for k in ks}
    best = max(scores.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    return best, scores
