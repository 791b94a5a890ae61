"""The default lexical backend on a small demo: planted topics found, labelled in both languages, assignable."""

from __future__ import annotations

import numpy as np
import pytest

from reputation import topics
from reputation.config import TopicSettings
from tests.topic_corpus import BRANDS, Corpus, demo_corpus

SETTINGS = TopicSettings(min_topics=8, max_topics=16)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return demo_corpus()


@pytest.fixture(scope="module")
def fitted(corpus: Corpus) -> topics.FittedTopics:
    return topics.fit(corpus.texts, corpus.langs, SETTINGS, stopwords=BRANDS)


def test_model_named_and_versioned_with_its_parameters(fitted: topics.FittedTopics) -> None:
    assert fitted.model == "tfidf-nmf"
    assert fitted.model_version.startswith(f"2.k{fitted.n_topics}.")
    assert 8 <= fitted.n_topics <= 16


def test_planted_topics_recovered(fitted: topics.FittedTopics, corpus: Corpus) -> None:
    found = fitted.assignments["topic"].to_numpy()
    assert topics.purity(corpus.truth, found) > 0.4
    assert topics.ari(corpus.truth, found) > 0.08
    # each planted topic leads at least one discovered topic, named by one of its own keywords
    named = {
        planted
        for planted, words in corpus.keywords.items()
        for terms in fitted.topics["top_terms"]
        if any(w in terms[:5] for w in words)
    }
    assert len(named) >= 5, named


def test_labels_in_both_languages_without_brands(fitted: topics.FittedTopics) -> None:
    table = fitted.topics
    assert table["label"].str.len().gt(0).all()
    assert table["top_terms"].map(len).min() == SETTINGS.top_terms
    assert (table["terms_fr"].map(len) > 0).sum() >= fitted.n_topics // 2
    assert (table["terms_en"].map(len) > 0).sum() >= fitted.n_topics // 2
    assert not {t for terms in table["top_terms"] for t in terms} & set(BRANDS)
    assert table["representatives"].map(len).eq(SETTINGS.representatives).all()


def test_outliers_are_few_and_representatives_belong(fitted: topics.FittedTopics) -> None:
    found = fitted.assignments["topic"].to_numpy()
    assert (found == topics.OUTLIER).mean() < 0.05
    for row in fitted.topics.itertuples():
        assert (found[row.representatives] == row.topic_id).all()


def test_fixed_number_of_topics(corpus: Corpus) -> None:
    fixed = topics.fit(corpus.texts[:2_000], corpus.langs[:2_000], TopicSettings(n_topics=5), stopwords=BRANDS)
    assert fixed.n_topics == 5


def test_assign_reproduces_the_fit_and_places_new_mentions(fitted: topics.FittedTopics, corpus: Corpus) -> None:
    again = topics.assign(fitted, corpus.texts[:1_000], corpus.langs[:1_000])
    assert (again["topic"].to_numpy() == fitted.assignments["topic"].to_numpy()[:1_000]).mean() > 0.98
    new = demo_corpus(2_000, seed=11)
    placed = topics.assign(fitted, new.texts, new.langs)
    assert len(placed) == len(new.texts) and list(placed.columns) == ["topic", "weight"]
    assert (placed["topic"] == topics.OUTLIER).mean() < 0.05
    # the new mentions land where their planted topic's mentions landed at fit time
    majority = {t: fitted.assignments["topic"][corpus.truth == t].mode()[0] for t in corpus.keywords}
    assert (placed["topic"].to_numpy() == new.truth.map(majority).to_numpy()).mean() > 0.3


def test_serialization_round_trip(fitted: topics.FittedTopics, corpus: Corpus) -> None:
    restored = topics.FittedTopics.from_bytes(fitted.to_bytes())
    assert restored.model_version == fitted.model_version
    assert np.array_equal(restored.centroids, fitted.centroids)
    assert restored.topics.equals(fitted.topics)
    a = topics.assign(restored, corpus.texts[:300], corpus.langs[:300])
    b = topics.assign(fitted, corpus.texts[:300], corpus.langs[:300])
    assert a.equals(b)


def test_refit_with_another_seed_continues_every_topic(fitted: topics.FittedTopics, corpus: Corpus) -> None:
    settings = TopicSettings(n_topics=fitted.n_topics, seed=1)
    refit = topics.fit(corpus.texts, corpus.langs, settings, stopwords=BRANDS)
    lineage = topics.match_topics(fitted, refit)
    continued = lineage[lineage["relation"] == "continued"]
    assert len(continued) >= fitted.n_topics - 1
    assert continued["keeps_id"].all()


def test_too_few_terms() -> None:
    with pytest.raises(topics.TooFewTerms):
        topics.fit(["ok ok"] * 300, ["en"] * 300, SETTINGS)


def test_stop_words_read_from_spacy_files_are_spacys():
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    from reputation.topics.terms import _spacy_stop_words

    assert _spacy_stop_words("en") == EN and _spacy_stop_words("fr") == FR


def test_a_corpus_beyond_the_fit_sample_is_fitted_on_a_sample_and_assigned_whole(corpus: Corpus) -> None:
    settings = SETTINGS.model_copy(update={"fit_sample": 1_000})
    assert len(corpus.texts) > settings.fit_sample
    sampled = topics.fit(corpus.texts, corpus.langs, settings, stopwords=BRANDS)
    again = topics.fit(corpus.texts, corpus.langs, settings, stopwords=BRANDS)
    found = sampled.assignments["topic"].to_numpy()
    assert len(found) == len(corpus.texts)
    np.testing.assert_array_equal(found, again.assignments["topic"].to_numpy())  # the sample is seeded
    assert topics.purity(corpus.truth, found) > 0.4  # still finds the planted topics, over every mention
    for row in sampled.topics.itertuples():
        assert row.size == int((found == row.topic_id).sum())
        assert all(found[i] == row.topic_id for i in row.representatives)  # positions among all the texts
