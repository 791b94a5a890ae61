"""Topic discovery over French and English mentions, behind pluggable backends (docs/topics.md).

`fit` discovers topics (k chosen within the configured bounds), `assign` places new mentions in a fitted
model without refitting, `match_topics` follows topics across refits. Pure functions over texts; the
topics stage stores the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from reputation.topics.base import OUTLIER, FittedTopics, TooFewTerms, TopicBackend
from reputation.topics.matching import LINEAGE_COLUMNS, RELATIONS, match_topics
from reputation.topics.quality import ari, diversity, npmi_coherence, purity
from reputation.topics.terms import SOCIAL_STOPWORDS

if TYPE_CHECKING:
    from reputation.config import TopicSettings

BACKENDS = {"lexical": "tfidf-nmf", "embedding": "minilm-kmeans"}

__all__ = [
    "BACKENDS",
    "LINEAGE_COLUMNS",
    "OUTLIER",
    "RELATIONS",
    "SOCIAL_STOPWORDS",
    "FittedTopics",
    "TooFewTerms",
    "TopicBackend",
    "ari",
    "assign",
    "diversity",
    "fit",
    "get_backend",
    "match_topics",
    "npmi_coherence",
    "purity",
]


def get_backend(name: str) -> TopicBackend:
    """A backend by setting name (`lexical`, `embedding`) or model name (`tfidf-nmf`, `minilm-kmeans`)."""
    if name in ("lexical", "tfidf-nmf"):
        from reputation.topics.lexical import LexicalBackend

        return LexicalBackend()
    if name in ("embedding", "minilm-kmeans"):
        from reputation.topics.embedding import EmbeddingBackend

        return EmbeddingBackend()
    raise ValueError(f"unknown topic backend {name!r}; choose one of {sorted(BACKENDS)}")


def fit(
    texts: Sequence[str], langs: Sequence[str | None], settings: TopicSettings, *, stopwords: Iterable[str] = ()
) -> FittedTopics:
    """Discover topics with the configured backend; `stopwords` adds e.g. the brand names."""
    return get_backend(settings.backend).fit(texts, langs, settings, stopwords=stopwords)


def assign(fitted: FittedTopics, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
    """Topic (OUTLIER when nothing fits) and weight of new mentions in an already fitted model."""
    return get_backend(fitted.model).assign(fitted, texts, langs)
