"""Small pandas helpers where pandas' own call is slow on the warehouse's Arrow-backed strings."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def isin(values: pd.Series, lookup: Iterable[object]) -> np.ndarray:
    """`values.isin(lookup)` as a boolean array. pandas builds one Arrow scalar per looked-up value for
    Arrow-backed strings (~0.4 s for 75,000 ids); Arrow's `is_in` takes ~0.02 s for the same."""
    if not _arrow_strings(values):
        return values.isin(list(lookup)).to_numpy()
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(values)
    if isinstance(lookup, pd.Series | pd.Index) and _arrow_strings(lookup):
        # Arrow strings looked up in Arrow strings: no Python object per value (~0.6 s for 800,000 ids)
        missing = bool(lookup.isna().any())
        value_set = pa.array(lookup.dropna()).cast(array.type)
        value_set = pa.concat_arrays([value_set, pa.nulls(1, array.type)]) if missing else value_set
        found = pc.is_in(array, value_set=value_set, skip_nulls=not missing)
        return found.fill_null(False).to_numpy(zero_copy_only=False)
    lookup = list(lookup)
    wanted = [v for v in lookup if isinstance(v, str)]
    # a missing value looked up matches the missing values, as in pandas
    missing = len(wanted) < len(lookup) and any(pd.isna(v) for v in lookup if not isinstance(v, str))
    value_set = pa.array([*wanted, None] if missing else wanted, type=array.type)
    found = pc.is_in(array, value_set=value_set, skip_nulls=not missing)
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def _arrow_strings(values: pd.Series | pd.Index) -> bool:
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"
