"""What every topic backend returns and implements: a serializable fitted model and a two-method interface."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from reputation.config import TopicSettings

OUTLIER = -1  # topic id of a mention that no topic fits


class TooFewTerms(ValueError):
    """The texts share too little vocabulary to fit topics (e.g. a handful of near-identical posts)."""


@dataclass(frozen=True)
class FittedTopics:
    """A fitted topic model: enough to label, assign new mentions and match against another fit."""

    model: str
    model_version: str
    # topic_id, label, top_terms, terms_fr, terms_en, size, representatives (positions in the fitted texts)
    topics: pd.DataFrame
    centroids: np.ndarray  # topics x dims, L2-normalised, in `space`: what match_topics compares
    space: str  # "terms" (dims named by `vocabulary`) or the sentence encoder's name
    vocabulary: tuple[str, ...]  # names of the term dimensions of `term_weights` (and of `centroids` for "terms")
    term_weights: np.ndarray  # topics x vocabulary, class-based TF-IDF over all fitted mentions
    assignments: pd.DataFrame  # topic, weight per fitted text (positional)
    state: dict[str, Any] = field(default_factory=dict)  # backend objects that assign() needs

    @property
    def n_topics(self) -> int:
        return len(self.topics)

    def top_terms(self) -> list[list[str]]:
        return [list(t) for t in self.topics["top_terms"]]

    def to_bytes(self) -> bytes:
        """Serialize (joblib, compressed); sklearn objects inside stay loadable with the same sklearn version."""
        import joblib

        buffer = io.BytesIO()
        joblib.dump(self, buffer, compress=3)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> FittedTopics:
        import joblib

        obj = joblib.load(io.BytesIO(data))
        if not isinstance(obj, cls):
            raise TypeError(f"not a FittedTopics payload: {type(obj).__name__}")
        return obj


class TopicBackend(Protocol):
    """A topic model: `fit` discovers topics, `assign` places new mentions in them without refitting."""

    name: str

    def fit(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None],
        settings: TopicSettings,
        *,
        stopwords: Iterable[str] = (),
    ) -> FittedTopics: ...

    def assign(self, fitted: FittedTopics, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        """Columns `topic` (OUTLIER when nothing fits) and `weight` (similarity to that topic), one row per text."""
        ...
