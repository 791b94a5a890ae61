"""Topic discovery: TF-IDF over French and English text, factorised by NMF, labelled by top terms.

Pure functions over Series; the enrich flow stores the result. Later versions (issue 5) add embeddings and
stable ids across refits; this model names itself `tfidf-nmf` with its parameters in the version.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from reputation.nlp.text import strip_noise

MODEL_NAME = "tfidf-nmf"
MODEL_REVISION = "1"
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


class TooFewTerms(ValueError):
    """The texts share too little vocabulary to fit topics (e.g. a handful of near-identical posts)."""


@dataclass(frozen=True)
class TopicResult:
    topics: pd.DataFrame  # topic_id, label, top_terms, size
    assignments: pd.DataFrame  # topic_id, weight (aligned with the input texts)
    version: str


@lru_cache(maxsize=1)
def _base_stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    return frozenset(EN | FR | SOCIAL_STOPWORDS)


def model_version(n_topics: int) -> str:
    return f"{MODEL_REVISION}.k{n_topics}"


def fit_topics(
    texts: pd.Series,
    n_topics: int,
    *,
    top_terms: int = 8,
    extra_stopwords: set[str] | None = None,
    seed: int = 0,
) -> TopicResult:
    """Fit topics on `texts` and assign each text to its strongest topic (-1 when no term is known)."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    stop = set(_base_stopwords()) | {w.lower() for w in extra_stopwords or set()}
    cleaned = strip_noise(texts).str.lower()
    vectorizer = TfidfVectorizer(
        # words of 3+ characters; accents kept so labels stay readable
        # apostrophes split words, so "j'ai", "c'est" and "nexora's" leave only stop words or the brand
        token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b",
        stop_words=sorted(stop),
        min_df=max(2, min(5, len(texts) // 1000)),
        max_df=0.4,
        max_features=30_000,
        sublinear_tf=True,
        dtype=np.float32,
    )
    with warnings.catch_warnings():  # sklearn notes that "quelqu'" is split by the tokenizer: harmless here
        warnings.simplefilter("ignore", UserWarning)
        try:
            matrix = vectorizer.fit_transform(cleaned)
        except ValueError as err:  # sklearn: empty vocabulary, or nothing left after min_df / max_df
            raise TooFewTerms(f"no terms distinguish the mentions ({err})") from None
    if matrix.shape[1] < 2:
        raise TooFewTerms(f"only {matrix.shape[1]} term(s) distinguish the mentions")
    k = max(1, min(n_topics, matrix.shape[1] - 1, matrix.shape[0] - 1))
    nmf = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400)
    weights = nmf.fit_transform(matrix)
    vocab = np.array(vectorizer.get_feature_names_out())

    totals = weights.sum(axis=1)
    best = weights.argmax(axis=1)
    share = np.divide(weights.max(axis=1), totals, out=np.zeros_like(totals), where=totals > 0)
    topic_ids = np.where(totals > 0, best, -1)
    assignments = pd.DataFrame({"topic_id": topic_ids.astype(int), "weight": share.astype(float)}, index=texts.index)

    sizes = pd.Series(topic_ids).value_counts()
    rows = []
    for t in range(k):
        terms = [str(w) for w in vocab[np.argsort(nmf.components_[t])[::-1][:top_terms]]]
        rows.append({"topic_id": t, "label": " / ".join(terms[:3]), "top_terms": terms, "size": int(sizes.get(t, 0))})
    return TopicResult(pd.DataFrame(rows), assignments, model_version(k))
