"""A batch computed over partitions gives the rows of the whole batch at once, for every per-mention function."""

from __future__ import annotations

import os
import pickle
from functools import partial

import pandas as pd
import pytest

from reputation import enrichment_rows as rows
from reputation import partitions
from reputation.nlp import aspects, moderation
from reputation.nlp.sentiment import load_sentiment_model
from reputation.partitions import compute_rows, local_pool, local_workers, partitioned, split
from tests.processes import alive, worker_pid

TEXTS = [
    "Le réseau Nexora est excellent, mais le prix est trop cher !",
    "Nexora support is useless, waited 2 hours on the phone",
    "Quelqu'un sait comment résilier chez Telvia ?",
    "Code promo -50% ici http://a.example http://b.example http://c.example",
    "",
    "La Nexora Box plante encore, service client injoignable",
    "Great coverage with Telvia in the countryside",
]


@pytest.fixture(scope="module")
def batch() -> pd.DataFrame:
    n = len(TEXTS)
    frame = pd.DataFrame(
        {
            "mention_id": [f"m{i}" for i in range(n)],
            "title": [None] * n,
            "text": TEXTS,
            "lang": ["fr", "en", "fr", "fr", None, "fr", "en"],
            "sentiment": ["neutral", "negative", "neutral", "neutral", None, "negative", "positive"],
            "sentiment_score": [0.1, -0.8, 0.0, 0.0, None, -0.7, 0.9],
        }
    )
    frame["body"] = frame["text"]
    frame["sentiment_model"] = "builtin-linear@1"
    return frame.set_axis(range(10, 10 + n))  # an index that is not 0..n-1, as a batch after the first may have


def test_split_keeps_every_row_once_in_order(batch: pd.DataFrame):
    parts = split(batch, 3)
    assert [len(p) for p in parts] == [3, 3, 1]
    assert pd.concat(parts).equals(batch)


def stage_functions() -> dict[str, partitions.Compute]:
    model = load_sentiment_model("builtin-linear")
    finder = aspects.AspectFinder(aspects.lexicon(products=["Nexora Box"]))
    return {
        "language": partial(rows.language_rows, "fasttext+lingua"),
        "sentiment": partial(rows.sentiment_rows, model),
        "intent": rows.intent_rows,
        "moderation": partial(rows.moderation_rows, moderation.Charter()),
        "entities": partial(rows.entity_rows, {"Nexora": "BRAND", "Telvia": "BRAND", "Nexora Box": "PRODUCT"}, False),
        "aspects": partial(rows.aspect_rows, finder, model, f"{model.name}@{model.version}", False, ["Nexora"]),
    }


def test_every_stage_function_gives_the_same_rows_over_partitions(batch: pd.DataFrame):
    computations = stage_functions()
    for name, compute in computations.items():
        whole = compute(batch)
        # pickled and back, as a Dask worker receives it
        pieces = compute_rows(batch, pickle.loads(pickle.dumps(compute)), partitioned(size=2))
        if name == "aspects":  # rows per aspect found, not per mention: numbered per partition, renumbered by the stage
            pieces = pieces.reset_index(drop=True)
        pd.testing.assert_frame_equal(pieces, whole, check_exact=True, obj=name)
    found = computations["aspects"](batch)
    assert {"m0", "m5"} <= set(found["mention_id"])  # aspects keep their mention across partitions


def test_an_empty_batch_gives_no_rows(batch: pd.DataFrame):
    assert compute_rows(batch.iloc[:0], rows.intent_rows, partitioned(size=2)).empty


def test_the_local_pool_gives_the_same_rows_as_this_process(batch: pd.DataFrame, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(partitions, "LOCAL_POOL_FROM", 0)  # the test batch is small: send it to the workers anyway
    pool = local_pool(2)
    assert pool is not None
    for name, compute in stage_functions().items():
        pieces = compute_rows(batch, compute, pool)
        if name == "aspects":
            pieces = pieces.reset_index(drop=True)
        pd.testing.assert_frame_equal(pieces, compute(batch), check_exact=True, obj=name)


def test_worker_count(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("REPUTATION_WORKERS", "1")
    assert local_workers() == 1 and local_pool() is None  # one worker: everything in this process
    monkeypatch.setenv("REPUTATION_WORKERS", "3")
    assert local_workers() == 3
    monkeypatch.setenv("REPUTATION_WORKERS", "many")
    with pytest.raises(ValueError, match="REPUTATION_WORKERS"):
        local_workers()
    monkeypatch.delenv("REPUTATION_WORKERS")
    assert 1 <= local_workers() <= partitions.MAX_LOCAL_WORKERS


def test_a_model_sent_to_a_worker_leaves_its_fitted_objects_behind():
    model = load_sentiment_model("builtin-linear")
    model.predict(["great"], ["en"])  # loads the artifact
    shipped = pickle.dumps(model)
    assert len(shipped) < 10_000  # the name, version and path; the receiving process reads the artifact once
    copy = pickle.loads(shipped)
    assert copy.workers == 1  # predicts where it is sent, not in a pool of its own
    pd.testing.assert_frame_equal(copy.predict(TEXTS, ["fr"] * len(TEXTS)), model.predict(TEXTS, ["fr"] * len(TEXTS)))


def test_releasing_the_local_pool_ends_its_workers_and_a_later_batch_starts_new_ones(
    batch: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(partitions, "LOCAL_POOL_FROM", 0)
    pool = local_pool(2)
    workers = set(compute_rows(batch, worker_pid, pool)["pid"])
    assert workers and os.getpid() not in workers
    assert partitions.release_local_pool() is True
    assert not any(alive(pid) for pid in workers)
    assert partitions.release_local_pool() is False  # nothing left to end
    again = set(compute_rows(batch, worker_pid, pool)["pid"])
    assert again and again.isdisjoint(workers)


def test_repeated_inputs_are_computed_once_and_every_mention_gets_its_rows(batch: pd.DataFrame):
    # shares and stock replies: the same inputs under other mention ids, in another order
    copies = batch.iloc[[1, 0, 5, 1, 4]].assign(mention_id=[f"copy{i}" for i in range(5)])
    repeated = pd.concat([batch, copies]).set_axis(range(100, 100 + len(batch) + 5))
    seen: list[int] = []

    def counted(compute: partitions.Compute) -> partitions.Compute:
        def run(part: pd.DataFrame) -> pd.DataFrame:
            seen.append(len(part))
            return compute(part)

        return run

    for name, compute in stage_functions().items():
        seen.clear()
        got = compute_rows(repeated, counted(compute))
        assert seen == [len(batch)], name  # each distinct input once
        expected = compute(repeated)
        if name == "aspects":
            got, expected = got.reset_index(drop=True), expected.reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=name)
        over_partitions = compute_rows(repeated, compute, partitioned(size=2))
        if name == "aspects":
            over_partitions = over_partitions.reset_index(drop=True)
        pd.testing.assert_frame_equal(over_partitions, expected, check_exact=True, obj=name)
    aspects_found = stage_functions()["aspects"](repeated)
    assert {"copy1", "copy2"} <= set(aspects_found["mention_id"])  # the copies of m0 and m5 have their aspects


def test_inputs_differing_in_any_column_are_not_merged():
    frame = pd.DataFrame(
        {
            "mention_id": ["a", "b", "c", "d", "e"],
            "text": ["same", "same", "same", "same", None],
            "lang": ["fr", "en", "fr", None, None],
            "score": [0.5, 0.5, float("nan"), 0.5, float("nan")],
        }
    )
    distinct, copies = partitions.once_per_input(frame)
    assert copies is None and distinct is frame  # no two rows alike
    twice = pd.concat([frame, frame.assign(mention_id=list("vwxyz"))], ignore_index=True)
    distinct, copies = partitions.once_per_input(twice)
    assert distinct["mention_id"].tolist() == list("abcde") and copies is not None
    rows = distinct[["mention_id"]].assign(out=distinct["mention_id"].str.upper())
    assert copies(rows)["out"].tolist() == list("ABCDEABCDE")
