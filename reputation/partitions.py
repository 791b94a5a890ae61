"""Per-mention model work over partitions of a batch, so it can run elsewhere (Dask workers) than the warehouse.

A per-mention stage reads a batch, computes rows from it with a pure function, and writes them. Given a `Mapper`,
the batch is cut into partitions, each is computed wherever the mapper sends it, and the results are put back
together in order: the same rows as computing the whole batch at once, since every function here works row by row
(reputation.enrichment_rows). Reading and writing stay with the caller: DuckDB has a single writer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

Compute = Callable[[pd.DataFrame], pd.DataFrame]
# Computes a batch's rows (e.g. over partitions on a cluster), in the batch's order.
Mapper = Callable[[Compute, pd.DataFrame], pd.DataFrame]
# Runs a compute function on each partition, wherever it likes, and returns the results in the partitions' order.
RunAll = Callable[[Compute, list[pd.DataFrame]], list[pd.DataFrame]]

# Rows per partition: below the built-in sentiment model's PARALLEL_FROM, so a partition is predicted in its worker's
# own process (the cluster is the parallelism, not a process pool inside each worker).
PARTITION_SIZE = 2_000


def split(batch: pd.DataFrame, size: int = PARTITION_SIZE) -> list[pd.DataFrame]:
    """Consecutive slices of at most `size` rows (keeping the batch's index)."""
    return [batch.iloc[i : i + size] for i in range(0, len(batch), size)]


def one_by_one(compute: Compute, parts: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Each partition in turn, in this process."""
    return [compute(part) for part in parts]


def partitioned(run_all: RunAll = one_by_one, size: int = PARTITION_SIZE) -> Mapper:
    """A mapper that cuts a batch into partitions of `size` rows and computes them with `run_all`."""

    def mapper(compute: Compute, batch: pd.DataFrame) -> pd.DataFrame:
        results = run_all(compute, split(batch, size))
        return pd.concat(results) if results else compute(batch)

    return mapper


def compute_rows(batch: pd.DataFrame, compute: Compute, mapper: Mapper | None = None) -> pd.DataFrame:
    """`compute(batch)`, here at once, or through `mapper`; mentions whose inputs repeat an earlier one's are
    computed once (:func:`once_per_input`)."""
    distinct, copies = once_per_input(batch)
    rows = compute(distinct) if mapper is None else mapper(compute, distinct)
    return rows if copies is None else copies(rows)


KEY = "mention_id"


def once_per_input(batch: pd.DataFrame) -> tuple[pd.DataFrame, Callable[[pd.DataFrame], pd.DataFrame] | None]:
    """The batch's first mention of each distinct input (all the columns but `mention_id`), and a function that
    gives the rows computed for those to every mention with the same input, in the batch's order (None: no input
    repeats).

    Shares, retweets and stock replies repeat a text word for word (6% of a batch in the benchmark's million, far
    more in some real exports), and every per-mention function computes a mention's rows from its inputs alone
    (reputation.enrichment_rows): a copy gets exactly the rows its first mention got."""
    inputs = [c for c in batch.columns if c != KEY]
    if KEY not in batch.columns or not inputs or len(batch) < 2:
        return batch, None
    try:
        # one code per distinct combination of inputs, numbered by first appearance
        codes = np.zeros(len(batch), dtype=np.int64)
        for column in inputs:
            values, uniques = pd.factorize(batch[column], use_na_sentinel=False)
            codes = pd.factorize(codes * len(uniques) + values)[0]  # renumbered: stays below len(batch)
    except TypeError:  # a column of unhashable values (lists): computed as it is
        return batch, None
    first = np.unique(codes, return_index=True)[1]  # code j's first row; increasing, as codes follow appearance
    if len(first) == len(batch):
        return batch, None
    ids = batch[KEY].array
    links = pd.DataFrame({_FIRST: ids.take(first[codes]), KEY: ids})
    return batch.iloc[first], partial(_copied, links, batch.index)


_FIRST = "_first_mention"


def _copied(links: pd.DataFrame, index: pd.Index, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows computed for first mentions, given to every mention of `links` (first mention -> mention), in the
    links' order; with the batch's index when there is one row per mention, as the functions give."""
    out = links.merge(rows.rename(columns={KEY: _FIRST}), on=_FIRST, how="inner", sort=False).drop(columns=_FIRST)
    out = out[list(rows.columns)]
    if len(out) == len(index) and len(rows) == rows[KEY].nunique():
        out.index = index
    return out


# --- this machine's cores: the default for the per-mention stages ---

WORKERS_ENV = "REPUTATION_WORKERS"
MAX_LOCAL_WORKERS = 4
# Below this many rows a batch is computed in this process: shipping it to worker processes would cost more.
LOCAL_POOL_FROM = 4_000


def local_workers() -> int:
    """Worker processes for the per-mention stages: REPUTATION_WORKERS, else this machine's cores (at most 4)."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        try:
            return max(int(configured), 1)
        except ValueError:
            raise ValueError(f"{WORKERS_ENV} must be a whole number of processes, not {configured!r}") from None
    return max(min(os.cpu_count() or 1, MAX_LOCAL_WORKERS), 1)


def _in_processes(workers: int) -> RunAll:
    def run_all(compute: Compute, parts: list[pd.DataFrame]) -> list[pd.DataFrame]:
        # joblib's loky workers outlive the call, so their imports and loaded models (the sentiment model is read
        # once per process) serve every later batch and stage
        from joblib import Parallel, delayed

        return list(Parallel(n_jobs=workers, backend="loky")(delayed(compute)(part) for part in parts))

    return run_all


def local_pool(workers: int | None = None) -> Mapper | None:
    """A mapper over this machine's cores (worker processes: pure-Python model code holds the GIL), or None with a
    single worker. A batch goes out as one partition per worker; a small one stays in this process."""
    workers = local_workers() if workers is None else workers
    if workers <= 1:
        return None
    run_all = _in_processes(workers)

    def mapper(compute: Compute, batch: pd.DataFrame) -> pd.DataFrame:
        if len(batch) < LOCAL_POOL_FROM:
            return compute(batch)
        return partitioned(run_all, -(-len(batch) // workers))(compute, batch)

    return mapper


def release_local_pool() -> bool:
    """End the worker processes `local_pool` started, if any (True when there were). They outlive each call on
    purpose, holding their models (~0.6 GB each with the built-in ones); once the per-mention stages are done, the
    memory is better given back to the whole-history steps that follow. A later batch starts new workers."""
    from joblib.externals.loky import reusable_executor

    executor = reusable_executor._executor  # loky's reusable executor, if started (get_reusable_executor makes one)
    if executor is None or executor._flags.shutdown:
        return False
    executor.shutdown(wait=True)
    return True
