"""The embedding backend with the real bundled MiniLM encoder, on a small demo sample (encoding is slow on CPU)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reputation import topics
from reputation.config import TopicSettings
from tests.topic_corpus import BRANDS, Corpus, demo_corpus

N = 1_500
SETTINGS = TopicSettings(backend="embedding", min_topics=8, max_topics=12, selection_sample=1_000)


@pytest.fixture(scope="session")
def encoder() -> Any:
    from reputation.topics.embedding import load_encoder

    return load_encoder()


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return demo_corpus()


@pytest.fixture(scope="module")
def fitted(encoder: Any, corpus: Corpus) -> topics.FittedTopics:
    return topics.fit(corpus.texts[:N], corpus.langs[:N], SETTINGS, stopwords=BRANDS)


def test_named_versioned_and_k_within_bounds(fitted: topics.FittedTopics) -> None:
    assert fitted.model == "minilm-kmeans"
    assert fitted.model_version.endswith("all-MiniLM-L6-v2")
    assert 8 <= fitted.n_topics <= 12
    assert fitted.centroids.shape == (fitted.n_topics, 384)


def test_planted_topics_partly_recovered(fitted: topics.FittedTopics, corpus: Corpus) -> None:
    found = fitted.assignments["topic"].to_numpy()
    assert topics.purity(corpus.truth[:N], found) > 0.35
    assert topics.ari(corpus.truth[:N], found) > 0.04
    assert (found == topics.OUTLIER).mean() < 0.05


def test_class_tfidf_labels_in_both_languages(fitted: topics.FittedTopics) -> None:
    table = fitted.topics
    assert (table["terms_fr"].map(len) > 0).sum() >= fitted.n_topics // 2
    assert (table["terms_en"].map(len) > 0).sum() >= fitted.n_topics // 2
    assert not {t for terms in table["top_terms"] for t in terms} & set(BRANDS)


def test_assign_reproduces_the_fit_and_round_trips(fitted: topics.FittedTopics, corpus: Corpus) -> None:
    again = topics.assign(fitted, corpus.texts[:200], corpus.langs[:200])
    assert (again["topic"].to_numpy() == fitted.assignments["topic"].to_numpy()[:200]).mean() > 0.97
    restored = topics.FittedTopics.from_bytes(fitted.to_bytes())
    assert np.array_equal(restored.centroids, fitted.centroids)
    new = topics.assign(restored, corpus.texts[N : N + 100], corpus.langs[N : N + 100])
    assert new["topic"].between(-1, fitted.n_topics - 1).all()


def test_matching_a_fit_with_itself_continues_every_topic(fitted: topics.FittedTopics) -> None:
    lineage = topics.match_topics(fitted, fitted)
    assert (lineage["relation"] == "continued").all() and len(lineage) == fitted.n_topics
