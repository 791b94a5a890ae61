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


def test_list_lengths_of_numpy_python_and_arrow_lists() -> None:
    import pyarrow as pa

    from reputation.frames import list_lengths

    lists = [["a", "b"], [], None, ["c"]]
    as_objects = pd.Series([None if v is None else np.array(v, dtype=object) for v in lists], dtype=object)
    as_arrow = pd.Series(pd.arrays.ArrowExtensionArray(pa.array(lists, type=pa.list_(pa.string()))))
    for series in (pd.Series(lists, dtype=object), as_objects, as_arrow):
        assert list_lengths(series).tolist() == [2, 0, 0, 1]
