"""Topic quality, pure: NPMI coherence, diversity, and agreement with known labels (purity, ARI)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse


def npmi_coherence(
    topics: Sequence[Sequence[str]], doc_terms: sparse.spmatrix, vocabulary: Sequence[str]
) -> list[float]:
    """Mean NPMI of each topic's term pairs, from document co-occurrence (a pair never seen together is -1).

    `doc_terms` is any documents x vocabulary matrix; only presence counts. Terms absent from the vocabulary
    are skipped; a topic with fewer than two known terms scores NaN.
    """
    index = {t: i for i, t in enumerate(vocabulary)}
    wanted = sorted({index[t] for topic in topics for t in topic if t in index})
    position = {col: j for j, col in enumerate(wanted)}
    present = (sparse.csc_matrix(doc_terms)[:, wanted] > 0).astype(np.float64)
    n_docs = doc_terms.shape[0]
    together = np.asarray((present.T @ present).todense())
    alone = np.diag(together)
    scores = []
    for topic in topics:
        cols = [position[index[t]] for t in topic if t in index]
        pairs = []
        for a, b in combinations(cols, 2):
            p_ab = together[a, b] / n_docs
            if p_ab == 0:
                pairs.append(-1.0)
            elif p_ab == 1:
                pairs.append(1.0)
            else:
                pmi = np.log(p_ab / ((alone[a] / n_docs) * (alone[b] / n_docs)))
                pairs.append(float(pmi / -np.log(p_ab)))
        scores.append(float(np.mean(pairs)) if pairs else float("nan"))
    return scores


def diversity(topics: Sequence[Sequence[str]], top_n: int = 10) -> float:
    """Share of unique terms among the top `top_n` terms of all topics (1 = no term shared)."""
    terms = [t for topic in topics for t in list(topic)[:top_n]]
    return len(set(terms)) / len(terms) if terms else 0.0


def purity(truth: Sequence, predicted: Sequence) -> float:
    """Share of items in their cluster's majority true class (outliers count as one cluster)."""
    table = pd.crosstab(np.asarray(predicted), np.asarray(truth))
    return float(table.max(axis=1).sum() / len(truth)) if len(truth) else 0.0


def ari(truth: Sequence, predicted: Sequence) -> float:
    """Adjusted Rand index (0 = chance, 1 = identical partitions)."""
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(np.asarray(truth), np.asarray(predicted)))
