"""Shared term machinery: tokenisation and stop words, class-based TF-IDF, per-language labels."""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from reputation.nlp.text import strip_noise
from reputation.topics.base import FittedTopics

# Chat fillers (English, French, Québec French) that the spaCy stop lists do not have.
SOCIAL_STOPWORDS = {
    "rt",
    "via",
    "amp",
    "lol",
    "mdr",
    "ptdr",
    "svp",
    "pls",
    "please",
    "merci",
    "thanks",
    "thank",
    "just",
    "like",
    "ben",
    "ouin",
    "faut",
    "genre",
    "vraiment",
    "really",
    "yeah",
    "ok",
    "oui",
    "non",
    "get",
    "got",
    "still",
}
# Words of 3+ letters; accents kept so labels stay readable. Apostrophes split words, so "j'ai", "c'est" and
# "nexora's" leave only stop words or the brand.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w-]{2,}\b"
OPINION_MIN_VALENCE = 1.0  # VADER valence in [-4, 4]: 1.0 keeps mild words like "ok" out of topics too


@cache
def base_stopwords() -> frozenset[str]:
    """spaCy's French and English stop words plus chat fillers."""
    return frozenset(_spacy_stop_words("en") | _spacy_stop_words("fr") | SOCIAL_STOPWORDS)


def _spacy_stop_words(lang: str) -> set[str]:
    """spaCy's `spacy.lang.<lang>.stop_words.STOP_WORDS`, read from its file: importing it would first import the
    language's package, whose tokenizer exceptions take seconds to compile, for a list of words."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the topic stop words come from spaCy: pip install spacy")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
    namespace: dict[str, object] = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # a plain `STOP_WORDS = set(...)`
    return set(namespace["STOP_WORDS"])  # type: ignore[call-overload]


@cache
def opinion_words() -> frozenset[str]:
    """VADER's French and English opinion words: sentiment is its own axis, topics say what is discussed."""
    from reputation.nlp.sentiment import vader_analyzers

    words: set[str] = set()
    for analyzer in vader_analyzers():
        words |= {w for w, v in analyzer.lexicon.items() if abs(v) >= OPINION_MIN_VALENCE and " " not in w}
    return frozenset(words)


def stopwords(extra: Iterable[str] = (), *, opinions: bool = True) -> list[str]:
    """Sorted stop list: base words, optionally opinion words, and the caller's (e.g. brand names)."""
    stop = set(base_stopwords()) | {w.lower() for w in extra}
    if opinions:
        stop |= opinion_words()
    return sorted(stop)


def clean(texts: Sequence[str]) -> pd.Series:
    """Lower-cased text without URLs, @handles and hashtag signs."""
    return strip_noise(pd.Series(list(texts), dtype=object)).str.lower()


def count_vectorizer(n_docs: int, stop: list[str], *, max_features: int = 30_000) -> Any:
    """Term counter shared by both backends, so labels are built the same way."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        token_pattern=TOKEN_PATTERN,
        stop_words=stop,
        min_df=max(2, min(5, n_docs // 1000)),
        max_df=0.4,
        max_features=max_features,
        dtype=np.float32,
    )


def fit_counts(vectorizer: Any, texts: pd.Series) -> sparse.csr_matrix:
    from reputation.topics.base import TooFewTerms

    with warnings.catch_warnings():  # sklearn notes that "quelqu'" is split by the tokenizer: harmless here
        warnings.simplefilter("ignore", UserWarning)
        try:
            counts = vectorizer.fit_transform(texts)
        except ValueError as err:  # sklearn: empty vocabulary, or nothing left after min_df / max_df
            raise TooFewTerms(f"no terms distinguish the mentions ({err})") from None
    if counts.shape[1] < 2:
        raise TooFewTerms(f"only {counts.shape[1]} term(s) distinguish the mentions")
    return counts.tocsr()


def transform_counts(vectorizer: Any, texts: pd.Series) -> sparse.csr_matrix:
    """Counts of new texts in a fitted vocabulary (same warning filter as `fit_counts`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return vectorizer.transform(texts).tocsr()


def class_tfidf(counts: sparse.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """BERTopic's c-TF-IDF: term frequency per topic (all its mentions as one document) x log(1 + A / f_term)."""
    valid = labels >= 0
    onehot = sparse.csr_matrix(
        (np.ones(valid.sum(), dtype=np.float32), (labels[valid], np.flatnonzero(valid))), shape=(k, counts.shape[0])
    )
    per_class = np.asarray((onehot @ counts).todense(), dtype=np.float64)
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1e-12)
    freq = per_class.sum(axis=0)
    avg_words = per_class.sum() / max(k, 1)
    idf = np.log1p(avg_words / np.maximum(freq, 1e-12))
    return tf * idf


def top_terms(weights: np.ndarray, vocabulary: np.ndarray, n: int) -> list[list[str]]:
    """The `n` highest-weighted terms per row (terms with zero weight left out)."""
    out = []
    for row in weights:
        order = np.argsort(row)[::-1][:n]
        out.append([str(vocabulary[i]) for i in order if row[i] > 0])
    return out


def describe(
    counts: sparse.csr_matrix,
    labels: np.ndarray,
    langs: Sequence[str | None],
    vocabulary: np.ndarray,
    similarity: np.ndarray,
    k: int,
    *,
    n_terms: int,
    n_representatives: int,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Topic table (labels, terms overall and per language, size, representatives) and the c-TF-IDF weights."""
    weights = class_tfidf(counts, labels, k)
    overall = top_terms(weights, vocabulary, n_terms)
    lang = np.array([str(x) if x else "" for x in langs])
    per_lang = {}
    for code in ("fr", "en"):
        mask = lang == code
        sub = class_tfidf(counts[mask], labels[mask], k) if mask.any() else np.zeros_like(weights)
        per_lang[code] = top_terms(sub, vocabulary, n_terms)
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    rows = []
    for t in range(k):
        members = np.flatnonzero(labels == t)
        best = members[np.argsort(similarity[members])[::-1][:n_representatives]]
        rows.append(
            {
                "topic_id": t,
                "label": readable_label(overall[t], per_lang["fr"][t], per_lang["en"][t]),
                "top_terms": overall[t],
                "terms_fr": per_lang["fr"][t],
                "terms_en": per_lang["en"][t],
                "size": int(sizes[t]),
                "representatives": [int(i) for i in best],
            }
        )
    return pd.DataFrame(rows), weights


def readable_label(overall: list[str], fr: list[str], en: list[str]) -> str:
    """Three top terms; when both languages speak of the topic, their leading terms come first."""
    lead = [t for t in (fr[:1] + en[:1]) if t]
    terms = list(dict.fromkeys(lead + overall))[:3]
    return " / ".join(terms) if terms else "(no terms)"


def fitted(
    name: str,
    version: str,
    *,
    counts: Any,
    topic: np.ndarray,
    weight: np.ndarray,
    langs: Sequence[str | None],
    vocabulary: Sequence[str],
    k: int,
    settings: Any,
    centroids: np.ndarray,
    space: str,
    state: dict[str, Any],
) -> FittedTopics:
    """A backend's fit, described (labels, terms per language, representatives) and packed the same way for all."""
    table, term_weights = describe(
        counts,
        topic,
        langs,
        vocabulary,
        weight,
        k,
        n_terms=settings.top_terms,
        n_representatives=settings.representatives,
    )
    return FittedTopics(
        model=name,
        model_version=version,
        topics=table,
        centroids=centroids,
        space=space,
        vocabulary=tuple(str(t) for t in vocabulary),
        term_weights=term_weights.astype(np.float32),
        assignments=pd.DataFrame({"topic": topic, "weight": weight}),
        state=state,
    )
