"""What ingestion must not load again: forgotten authors (tombstones) and mentions older than the last retention
cutoff. Read from the warehouse, so every way in (files, live sources, the CLI without a project) honours them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from reputation.schema import pseudonymize
from reputation.warehouse import Warehouse


@dataclass(frozen=True)
class IngestExclusions:
    authors: frozenset[str]  # pseudonymous ids of forgotten authors
    cutoff: datetime | None  # naive UTC: mentions published before it are not loaded

    def forgotten(self, author_ids: pd.Series) -> np.ndarray:
        """Mask of pseudonymous author ids that were forgotten."""
        return author_ids.isin(self.authors).to_numpy(dtype=bool)

    def expired(self, published_at: pd.Series) -> np.ndarray:
        """Mask of publication times (naive UTC) before the retention cutoff."""
        if self.cutoff is None:
            return np.zeros(len(published_at), dtype=bool)
        return (published_at < pd.Timestamp(self.cutoff)).fillna(False).to_numpy(dtype=bool)

    def forgotten_records(self, records: pd.DataFrame, salt: str) -> np.ndarray:
        """Mask of raw records (canonical columns, before normalisation) written by a forgotten author: a rejected
        record of theirs must not reach the quarantine, which keeps records whole."""
        if not self.authors or records.empty or not {"platform", "author_id"} <= set(records.columns):
            return np.zeros(len(records), dtype=bool)
        platform = records["platform"].astype("string").str.strip().str.lower()
        author = records["author_id"].astype("string").str.strip()
        known = (platform.fillna("") != "") & (author.fillna("") != "")
        ids = pseudonymize(platform.fillna("").astype(str), author.fillna("").astype(str), salt)
        return (known & ids.isin(self.authors)).to_numpy(dtype=bool)


def ingest_exclusions(wh: Warehouse) -> IngestExclusions:
    """The tombstones and the latest retention run's cutoff (none when the latest run kept everything)."""
    authors = frozenset(r[0] for r in wh.con.execute("SELECT author_id FROM forgotten_authors").fetchall())
    cutoff = wh.scalar("SELECT cutoff FROM retention_runs ORDER BY applied_at DESC LIMIT 1")
    return IngestExclusions(authors, cutoff)
