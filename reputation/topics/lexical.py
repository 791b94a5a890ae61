"""Lexical backend `tfidf-nmf`: TF-IDF over French and English terms, factorised by NMF."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reputation.topics import quality, selection, terms
from reputation.topics.base import OUTLIER, FittedTopics

if TYPE_CHECKING:
    from reputation.config import TopicSettings

NAME = "tfidf-nmf"
REVISION = "2"
DEFAULT_THRESHOLD = 0.005  # cosine of a mention's TF-IDF vector to its topic's term profile
SELECTION_TERMS = 10


def _nmf(k: int, seed: int) -> Any:
    from sklearn.decomposition import NMF

    return NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=300, tol=1e-4)


class LexicalBackend:
    """TF-IDF (opinion words, stop words and brand names removed) + NMF; k chosen by NPMI + diversity."""

    name = NAME

    def fit(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None],
        settings: TopicSettings,
        *,
        stopwords: Iterable[str] = (),
    ) -> FittedTopics:
        from sklearn.feature_extraction.text import TfidfTransformer
        from sklearn.preprocessing import normalize

        cleaned = terms.clean(texts)
        counter = terms.count_vectorizer(len(cleaned), terms.stopwords(stopwords))
        counts = terms.fit_counts(counter, cleaned)
        tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        matrix = tfidf.transform(counts).astype(np.float32)
        vocabulary = counter.get_feature_names_out()

        low, high = settings.topic_range()
        cap = max(1, min(matrix.shape[1] - 1, matrix.shape[0] - 1))
        ks = selection.candidates(min(low, cap), min(high, cap))
        rows = selection.sample_rows(matrix.shape[0], settings.selection_sample, settings.seed)
        sample = matrix[rows]

        def score(k: int) -> float:
            nmf = _nmf(k, settings.seed).fit(sample)
            top = terms.top_terms(nmf.components_, vocabulary, SELECTION_TERMS)
            coherence = np.nanmean(quality.npmi_coherence(top, sample, vocabulary))
            return float(coherence + quality.diversity(top, SELECTION_TERMS))

        k, scores = selection.choose_k(score, ks)
        nmf = _nmf(k, settings.seed).fit(matrix)
        centroids = normalize(nmf.components_).astype(np.float32)
        threshold = DEFAULT_THRESHOLD if settings.outlier_threshold is None else settings.outlier_threshold
        state: dict[str, Any] = {
            "counter": counter,
            "tfidf": tfidf,
            "nmf": nmf,
            "threshold": threshold,
            "k_scores": scores,
        }
        topic, weight = _place(nmf, centroids, matrix, threshold)
        return terms.fitted(
            NAME,
            f"{REVISION}.k{k}.t{threshold:g}.s{settings.seed}",
            counts=counts,
            topic=topic,
            weight=weight,
            langs=langs,
            vocabulary=vocabulary,
            k=k,
            settings=settings,
            centroids=centroids,
            space="terms",
            state=state,
        )

    def assign(self, fitted: FittedTopics, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        state = fitted.state
        counts = terms.transform_counts(state["counter"], terms.clean(texts))
        matrix = state["tfidf"].transform(counts).astype(np.float32)
        topic, weight = _place(state["nmf"], fitted.centroids, matrix, state["threshold"])
        return pd.DataFrame({"topic": topic, "weight": weight})


def _place(nmf: Any, centroids: np.ndarray, matrix: Any, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Strongest NMF component per mention, its cosine to that topic; outlier below `threshold`."""
    mix = nmf.transform(matrix)
    topic = mix.argmax(axis=1)
    similarity = np.asarray((matrix @ centroids.T)[np.arange(matrix.shape[0]), topic]).ravel()
    known = mix.sum(axis=1) > 0
    keep = known & (similarity >= threshold)
    return np.where(keep, topic, OUTLIER).astype(np.int64), np.where(keep, similarity, 0.0).astype(np.float64)
