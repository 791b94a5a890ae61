"""The cached n-gram transform gives exactly scikit-learn's matrix, for the shipped model and other set-ups."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from reputation.nlp import ngram_counts
from reputation.nlp.sentiment import _load_artifact, normalize

DOCS = [
    "Service client au top 👍, merci @user !",
    "worst   update ever... battery dies in 2 hours #fail",
    "worst update",
    "",
    "   ",
    "Ça ne marche PAS, j'en ai marre!!! http",
    "a b c d e f g a b c",
    "l'appli plante encore et encore et encore",
]


def assert_same(vectorizer: object, docs: list[str]) -> None:
    expected = vectorizer.transform(docs)  # type: ignore[attr-defined]
    got = ngram_counts.transform(vectorizer, docs)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)  # bit for bit: same counts, same weighting code


@pytest.mark.parametrize(
    "vectorizer",
    [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), lowercase=False),
        TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)[\w@']+|[^\w\s]", sublinear_tf=True),
        TfidfVectorizer(ngram_range=(2, 2), stop_words=["et", "the"]),
        TfidfVectorizer(ngram_range=(1, 1), norm=None, use_idf=False),
    ],
)
def test_same_matrix_as_scikit_learn(vectorizer: TfidfVectorizer) -> None:
    vectorizer.fit(DOCS[:5])
    assert ngram_counts.supported(vectorizer)
    assert_same(vectorizer, DOCS)
    assert_same(vectorizer, DOCS[::-1])  # second call: every word now comes from the cache


def test_shipped_sentiment_vectorizers() -> None:
    bundle = _load_artifact(None)
    docs = [normalize(d) for d in DOCS] + ["Nouveau forfait : 10 Go pour 5 €, trop bien", "Why is my bill so high?"]
    for key in ("word", "char"):
        assert_same(bundle[key], docs)


def test_unsupported_set_ups_use_the_vectorizer_itself() -> None:
    trigrams = TfidfVectorizer(ngram_range=(1, 3)).fit(DOCS)
    binary = TfidfVectorizer(binary=True).fit(DOCS)
    counts = CountVectorizer().fit(DOCS)  # no TF-IDF weighting to reuse
    for vectorizer in (trigrams, binary):
        assert not ngram_counts.supported(vectorizer)
        assert_same(vectorizer, DOCS)
    assert not ngram_counts.supported(counts)
    assert (ngram_counts.transform(counts, DOCS) != counts.transform(DOCS)).nnz == 0


def test_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit(DOCS)
    monkeypatch.setattr(ngram_counts, "MAX_CACHED", 3)
    for _ in range(3):
        assert_same(vectorizer, DOCS)
        # emptied when over the limit before a call, so never more than the limit plus one call's distinct words
        assert len(ngram_counts._CACHES[vectorizer]) <= 3 + len({w for d in DOCS for w in d.lower().split()})
