"""Following topics across refits, on constructed fits whose answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reputation.topics import OUTLIER, FittedTopics, match_topics

VOCAB = (
    "panne",
    "réseau",
    "outage",
    "facture",
    "prix",
    "bill",
    "concours",
    "giveaway",
    "fibre",
    "wifi",
    "esim",
    "roaming",
)


def fitted(profiles: list[dict[str, float]], ids: list[int] | None = None) -> FittedTopics:
    """A lexical-style fit whose topics are the given term profiles (top terms = the profile's terms)."""
    centroids = np.array([[p.get(t, 0.0) for t in VOCAB] for p in profiles], dtype=np.float32)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    top = [sorted(p, key=p.get, reverse=True) for p in profiles]
    table = pd.DataFrame(
        {
            "topic_id": ids or list(range(len(profiles))),
            "label": [" / ".join(t[:3]) for t in top],
            "top_terms": top,
            "size": 10,
        }
    )
    return FittedTopics(
        model="test",
        model_version="1",
        topics=table,
        centroids=centroids,
        space="terms",
        vocabulary=VOCAB,
        term_weights=centroids,
        assignments=pd.DataFrame({"topic": [], "weight": []}),
    )


OUTAGE = {"panne": 3, "réseau": 2, "outage": 2}
BILL = {"facture": 3, "prix": 2, "bill": 2}
CONTEST = {"concours": 3, "giveaway": 2}
FIBRE = {"fibre": 3, "wifi": 2}
TRAVEL = {"esim": 3, "roaming": 2}


def relations(lineage: pd.DataFrame) -> set[tuple[int, int, str]]:
    return {(r.previous_topic, r.current_topic, r.relation) for r in lineage.itertuples()}


def test_same_topics_in_another_order_all_continue_with_their_ids() -> None:
    previous = fitted([OUTAGE, BILL, CONTEST])
    current = fitted([CONTEST, OUTAGE, {**BILL, "prix": 2.5}])
    lineage = match_topics(previous, current)
    assert relations(lineage) == {(0, 1, "continued"), (1, 2, "continued"), (2, 0, "continued")}
    assert lineage["keeps_id"].all()
    assert (lineage["similarity"] > 0.99).all()


def test_two_topics_merged() -> None:
    previous = fitted([OUTAGE, FIBRE, TRAVEL])
    current = fitted([OUTAGE, {**FIBRE, **TRAVEL}])
    lineage = match_topics(previous, current)
    assert relations(lineage) == {(0, 0, "continued"), (1, 1, "merged"), (2, 1, "merged")}
    merged = lineage[lineage["relation"] == "merged"]
    assert merged["keeps_id"].sum() == 1  # the merged topic keeps one of the two ids


def test_one_topic_split() -> None:
    previous = fitted([OUTAGE, {**FIBRE, **TRAVEL}])
    current = fitted([OUTAGE, FIBRE, TRAVEL])
    lineage = match_topics(previous, current)
    assert relations(lineage) == {(0, 0, "continued"), (1, 1, "split"), (1, 2, "split")}
    assert lineage.loc[lineage["relation"] == "split", "keeps_id"].sum() == 1


def test_new_and_retired_topics() -> None:
    previous = fitted([OUTAGE, BILL], ids=[7, 9])
    current = fitted([OUTAGE, CONTEST], ids=[0, 1])
    lineage = match_topics(previous, current)
    assert relations(lineage) == {(7, 0, "continued"), (OUTLIER, 1, "new"), (9, OUTLIER, "retired")}
    assert lineage.loc[lineage["relation"].isin(["new", "retired"]), "keeps_id"].eq(False).all()


def test_vocabularies_are_aligned_by_term() -> None:
    previous = fitted([OUTAGE, BILL])
    reordered = FittedTopics(
        **{
            **previous.__dict__,
            "vocabulary": VOCAB[::-1],
            "centroids": previous.centroids[:, ::-1].copy(),
        }
    )
    lineage = match_topics(previous, reordered)
    assert relations(lineage) == {(0, 0, "continued"), (1, 1, "continued")}
