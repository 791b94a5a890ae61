"""Topic discovery over French and English mentions, behind pluggable backends (docs/topics.md).

`fit` discovers topics (k chosen within the configured bounds), `assign` places new mentions in a fitted
model without refitting, `match_topics` follows topics across refits. Pure functions over texts; the
topics stage stores the results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
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


# Mentions per assignment call when the mentions beyond a fit's sample are assigned to it.
ASSIGN_BATCH = 20_000


def fit(
    texts: Sequence[str], langs: Sequence[str | None], settings: TopicSettings, *, stopwords: Iterable[str] = ()
) -> FittedTopics:
    """Discover topics with the configured backend; `stopwords` adds e.g. the brand names.

    Beyond `settings.fit_sample` texts, the topics are discovered on a seeded sample of that many and the other
    texts are assigned to them in batches: the returned fit covers every text (assignments, sizes and
    representatives are positions in `texts`), and memory stays bounded however long the history."""
    backend = get_backend(settings.backend)
    if len(texts) <= settings.fit_sample:
        return backend.fit(texts, langs, settings, stopwords=stopwords)
    n = len(texts)
    chosen = np.sort(np.random.default_rng(settings.seed).choice(n, settings.fit_sample, replace=False))
    fitted = backend.fit([texts[i] for i in chosen], [langs[i] for i in chosen], settings, stopwords=stopwords)
    topic = np.full(n, OUTLIER, dtype=np.int64)
    weight = np.zeros(n, dtype=np.float64)
    topic[chosen] = fitted.assignments["topic"].to_numpy()
    weight[chosen] = fitted.assignments["weight"].to_numpy()
    rest = np.setdiff1d(np.arange(n), chosen)
    for start in range(0, len(rest), ASSIGN_BATCH):
        part = rest[start : start + ASSIGN_BATCH]
        placed = backend.assign(fitted, [texts[i] for i in part], [langs[i] for i in part])
        topic[part], weight[part] = placed["topic"].to_numpy(), placed["weight"].to_numpy()
    sizes = np.bincount(topic[topic >= 0], minlength=fitted.n_topics)
    table = fitted.topics.assign(
        size=[int(sizes[t]) for t in fitted.topics["topic_id"]],
        # the sample's most typical mentions, as positions among all the texts
        representatives=[[int(chosen[i]) for i in r] for r in fitted.topics["representatives"]],
    )
    return dataclasses.replace(fitted, topics=table, assignments=pd.DataFrame({"topic": topic, "weight": weight}))


def assign(fitted: FittedTopics, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
    """Topic (OUTLIER when nothing fits) and weight of new mentions in an already fitted model."""
    return get_backend(fitted.model).assign(fitted, texts, langs)
