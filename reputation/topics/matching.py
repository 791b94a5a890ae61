"""Follow topics across refits: match a new fit to the previous one and record the lineage."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reputation.topics.base import OUTLIER, FittedTopics

RELATIONS = ("continued", "merged", "split", "new", "retired")
LINEAGE_COLUMNS = ["previous_topic", "current_topic", "relation", "similarity", "keeps_id"]


def centroid_similarity(previous: FittedTopics, current: FittedTopics) -> np.ndarray:
    """Cosine between every previous and current centroid (term spaces are aligned by term)."""
    if previous.space != current.space:
        raise ValueError(f"cannot compare topics fitted in different spaces: {previous.space} vs {current.space}")
    if previous.space != "terms":
        return previous.centroids @ current.centroids.T
    terms = sorted(set(previous.vocabulary) | set(current.vocabulary))
    index = {t: i for i, t in enumerate(terms)}

    def aligned(fitted: FittedTopics) -> np.ndarray:
        out = np.zeros((fitted.n_topics, len(terms)), dtype=np.float32)
        out[:, [index[t] for t in fitted.vocabulary]] = fitted.centroids
        return out

    return aligned(previous) @ aligned(current).T


def term_overlap(previous: list[list[str]], current: list[list[str]]) -> np.ndarray:
    """Jaccard index of the top terms of every previous and current topic."""
    out = np.zeros((len(previous), len(current)))
    for i, a in enumerate(map(set, previous)):
        for j, b in enumerate(map(set, current)):
            out[i, j] = len(a & b) / len(a | b) if a | b else 0.0
    return out


def match_topics(
    previous: FittedTopics, current: FittedTopics, *, min_cosine: float = 0.5, min_overlap: float = 0.1
) -> pd.DataFrame:
    """Lineage rows: previous_topic, current_topic, relation, similarity, keeps_id.

    A pair is linked when its centroid cosine >= `min_cosine` and its top-term Jaccard >= `min_overlap`, and
    one side is the other's best link (by cosine). A previous topic linked to two current ones is a `split`,
    two previous linked to one current a `merged`, one to one `continued`. An unlinked current topic is
    `new` (previous_topic = -1), an unlinked previous one `retired` (current_topic = -1). `keeps_id` marks
    the row whose current topic should carry the previous topic's id: every continued row, the closest part
    of a split, the closest source of a merge.
    """
    cosine = centroid_similarity(previous, current)
    overlap = term_overlap(previous.top_terms(), current.top_terms())
    ok = (cosine >= min_cosine) & (overlap >= min_overlap)
    scored = np.where(ok, cosine, -np.inf)
    links: set[tuple[int, int]] = set()
    for j in range(scored.shape[1]):
        if np.isfinite(scored[:, j]).any():
            links.add((int(scored[:, j].argmax()), j))
    for i in range(scored.shape[0]):
        if np.isfinite(scored[i]).any():
            links.add((i, int(scored[i].argmax())))

    out_degree = {i: sum(1 for a, _ in links if a == i) for i in range(scored.shape[0])}
    in_degree = {j: sum(1 for _, b in links if b == j) for j in range(scored.shape[1])}
    rows = []
    for i, j in sorted(links):
        relation = "split" if out_degree[i] > 1 else "merged" if in_degree[j] > 1 else "continued"
        rows.append([i, j, relation, float(cosine[i, j])])
    rows += [[OUTLIER, j, "new", 0.0] for j in range(scored.shape[1]) if in_degree[j] == 0]
    rows += [[i, OUTLIER, "retired", 0.0] for i in range(scored.shape[0]) if out_degree[i] == 0]
    lineage = pd.DataFrame(rows, columns=LINEAGE_COLUMNS[:-1])
    lineage["keeps_id"] = _keeps_id(lineage)
    prev_ids = previous.topics["topic_id"].to_numpy()
    cur_ids = current.topics["topic_id"].to_numpy()
    lineage["previous_topic"] = [int(prev_ids[i]) if i >= 0 else OUTLIER for i in lineage["previous_topic"]]
    lineage["current_topic"] = [int(cur_ids[j]) if j >= 0 else OUTLIER for j in lineage["current_topic"]]
    return lineage


def _keeps_id(lineage: pd.DataFrame) -> pd.Series:
    """One current topic per previous id and one previous id per current topic, the closest pairs first."""
    taken_prev: set[int] = set()
    taken_cur: set[int] = set()
    keeps = pd.Series(False, index=lineage.index)
    linked = lineage[lineage["relation"].isin(["continued", "merged", "split"])]
    for idx, row in linked.sort_values("similarity", ascending=False).iterrows():
        if row["previous_topic"] not in taken_prev and row["current_topic"] not in taken_cur:
            keeps[idx] = True
            taken_prev.add(row["previous_topic"])
            taken_cur.add(row["current_topic"])
    return keeps
