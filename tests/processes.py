"""Worker processes as the tests see them: which process computed a partition, and whether it still runs."""

from __future__ import annotations

import os

import pandas as pd


def worker_pid(part: pd.DataFrame) -> pd.DataFrame:
    """The id of the process that computed `part`, once per row (a compute function for reputation.partitions)."""
    return pd.DataFrame({"pid": os.getpid()}, index=part.index)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
