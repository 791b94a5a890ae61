"""`frames.isin`: the same answers as pandas' `Series.isin`, on Arrow-backed and plain columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reputation.frames import isin


@pytest.mark.parametrize("dtype", ["str", object])
@pytest.mark.parametrize(
    "lookup",
    [
        ["a", "c"],
        ["a", None],
        [],
        pd.Index(["b"]),
        {"c"},
        [np.nan, "b"],
        ["zz"],
        pd.Series(["c", "a"], dtype="str"),
        pd.Series(["b", None], dtype="str"),
        pd.Index([], dtype="str"),
    ],
    ids=["two", "with-none", "empty", "index", "set", "with-nan", "absent", "arrow", "arrow-with-none", "arrow-empty"],
)
def test_isin_matches_pandas(dtype: object, lookup: object) -> None:
    values = pd.Series(["a", "b", None, "c", "a"], dtype=dtype)
    got = isin(values, lookup)  # type: ignore[arg-type]
    assert got.dtype == bool
    assert got.tolist() == values.isin(list(lookup)).tolist()  # type: ignore[call-overload]
