"""Topic quality metrics on tiny hand-made examples with known values."""

from __future__ import annotations

import math

import pytest
from scipy import sparse

from reputation.topics import ari, diversity, npmi_coherence, purity

VOCAB = ["a", "b", "c", "d"]
# four documents: a and b always together, c alone in one, d in the two documents without a
DOCS = sparse.csr_matrix([[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 2]])


def test_npmi_of_terms_always_together_is_one_and_never_together_minus_one() -> None:
    assert npmi_coherence([["a", "b"]], DOCS, VOCAB) == [pytest.approx(1.0)]
    assert npmi_coherence([["a", "d"]], DOCS, VOCAB) == [-1.0]


def test_npmi_known_value_and_unknown_terms_skipped() -> None:
    # p(a) = 1/2, p(c) = 1/4, p(a, c) = 1/4: pmi = log 2, npmi = log 2 / log 4 = 0.5
    assert npmi_coherence([["a", "c", "zzz"]], DOCS, VOCAB) == [pytest.approx(0.5)]
    assert math.isnan(npmi_coherence([["a", "zzz"]], DOCS, VOCAB)[0])


def test_npmi_averages_pairs() -> None:
    # pairs: (a, b) = 1, (a, c) = 0.5, (b, c) = 0.5
    assert npmi_coherence([["a", "b", "c"]], DOCS, VOCAB) == [pytest.approx(2 / 3)]


def test_diversity_is_the_share_of_unique_terms() -> None:
    assert diversity([["a", "b"], ["c", "d"]]) == 1.0
    assert diversity([["a", "b"], ["a", "c"]]) == 0.75
    assert diversity([["a", "b", "c"], ["a", "b", "d"]], top_n=2) == 0.5


def test_purity_and_ari() -> None:
    truth = ["x", "x", "y", "y"]
    assert purity(truth, [0, 0, 1, 1]) == 1.0
    assert purity(truth, [0, 0, 0, 0]) == 0.5
    assert purity(truth, [0, 1, 0, 1]) == 0.5
    assert ari(truth, [5, 5, 7, 7]) == 1.0
    assert ari(["x", "x", "x", "y", "y", "y"], [0, 1, 2, 0, 1, 2]) < 0
