"""The canonical mention: one schema for every source (documented in docs/mention.md).

:func:`normalize_mentions` turns raw records (a DataFrame of strings and numbers as read from a file) into
rows ready for the warehouse, and separates the records it cannot accept, each with its reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reputation.sources.formats.base import html_to_text

# Column -> (required, kind). Kinds: str, int, time. `brands` is optional input: computed from queries when
# the project defines brands, kept as given otherwise.
CANONICAL_COLUMNS: dict[str, tuple[bool, str]] = {
    "platform": (True, "str"),
    "platform_id": (False, "str"),
    "url": (False, "str"),
    "author_id": (True, "str"),
    "author_handle": (False, "str"),
    "author_followers": (False, "int"),
    "title": (False, "str"),
    "text": (False, "str"),
    "lang": (False, "str"),
    "published_at": (True, "time"),
    "parent_id": (False, "str"),
    "share_of_id": (False, "str"),
    "likes": (False, "int"),
    "shares": (False, "int"),
    "replies": (False, "int"),
    "views": (False, "int"),
    "source": (False, "str"),
    "brands": (False, "list"),
}
INT_COLUMNS = [c for c, (_, kind) in CANONICAL_COLUMNS.items() if kind == "int"]
MAX_TEXT_CHARS = 100_000  # longer texts are cut (and counted in the file report): one pasted dump must not bloat
_TAG = r"<(?:[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9]*\s*)>"  # an HTML tag, not "a < b > c"


class SchemaError(ValueError):
    """A whole file does not fit the canonical schema (e.g. an unknown or a missing column)."""


@dataclass(frozen=True)
class Normalized:
    mentions: pd.DataFrame  # valid rows in warehouse form
    rejects: pd.DataFrame  # columns: row (position in the input), reason
    truncated: int = 0  # texts cut to MAX_TEXT_CHARS


def check_columns(columns: list[str], where: str) -> None:
    """Raise :class:`SchemaError` naming unknown or missing required columns."""
    unknown = [c for c in columns if c not in CANONICAL_COLUMNS]
    if unknown:
        raise SchemaError(
            f"{where}: unknown column(s) {unknown}; expected columns are {list(CANONICAL_COLUMNS)} "
            "(see docs/mention.md)"
        )
    missing = [c for c, (req, _) in CANONICAL_COLUMNS.items() if req and c not in columns]
    if missing:
        raise SchemaError(f"{where}: missing required column(s) {missing} (see docs/mention.md)")


def _hash(parts: pd.Series) -> pd.Series:
    """16 hex digits of SHA-1 per value; each distinct value is hashed once (authors repeat a lot)."""
    codes, uniques = pd.factorize(parts)
    digests = np.array([hashlib.sha1(str(s).encode("utf-8")).hexdigest()[:16] for s in uniques], dtype=object)
    return pd.Series(digests[codes], index=parts.index, dtype=object)


def mention_ids(platform: pd.Series, platform_id: pd.Series, fallback: pd.Series) -> pd.Series:
    """Natural key ``platform:platform_id``; without a platform id, ``platform:h<hash of fallback>``."""
    has_id = (platform_id.notna() & (platform_id != "")).to_numpy()
    local = platform_id.astype(object).copy()
    if not has_id.all():  # hash only the records that need it
        local[~has_id] = "h" + _hash((platform + "\x1f" + fallback)[~has_id])
    return platform + ":" + local.astype(str)


def pseudonymize(platform: pd.Series, author_id: pd.Series, salt: str = "") -> pd.Series:
    """Stable pseudonymous author id; with a secret salt, it cannot be reversed by hashing known ids."""
    return "au_" + _hash(salt + "\x1f" + platform + "\x1f" + author_id)


def _clean_str(col: pd.Series) -> pd.Series:
    out = col.astype("string").str.strip()
    return out.mask(out == "")


def normalize_mentions(raw: pd.DataFrame, *, salt: str = "", keep_handles: bool = True) -> Normalized:
    """Validate and convert raw records; every rejected row gets a reason and nothing valid is dropped."""
    df = pd.DataFrame(index=raw.index)
    for col, (_, kind) in CANONICAL_COLUMNS.items():
        if kind == "str":
            df[col] = _clean_str(raw[col]) if col in raw else pd.Series(pd.NA, index=raw.index, dtype="string")
    reasons = pd.Series("", index=raw.index, dtype=object)

    def reject(mask: pd.Series, reason: str) -> None:
        reasons[mask & (reasons == "")] = reason

    df["platform"] = df["platform"].str.lower()
    reject(df["platform"].isna(), "missing platform")
    reject(df["author_id"].isna(), "missing author_id")
    reject(df["text"].isna() & df["title"].isna(), "empty text and title")
    reject(df["platform_id"].isna() & df["url"].isna(), "missing platform_id and url")

    times = pd.to_datetime(raw["published_at"], errors="coerce", utc=True, format="mixed")
    reject(times.isna(), "published_at is not a date-time")
    df["published_at"] = times.dt.tz_convert("UTC").dt.tz_localize(None)

    for col in INT_COLUMNS:
        if col not in raw:
            df[col] = pd.Series(pd.NA, index=raw.index, dtype="Int64")
            continue
        given = raw[col].notna() & (raw[col].astype("string").str.strip() != "")
        values = pd.to_numeric(raw[col], errors="coerce")
        bad = given & (values.isna() | (values < 0) | (values != np.floor(values)))
        reject(bad, f"{col} is not a non-negative whole number")
        df[col] = values.where(~bad).round().astype("Int64")

    if "brands" in raw:
        df["brands"] = raw["brands"].map(_as_list)
    else:
        df["brands"] = pd.Series([[] for _ in range(len(raw))], index=raw.index, dtype=object)

    df["text"] = df["text"].fillna("")
    # Markup pasted from web pages or exports: keep the words, not the tags (the few texts with tags only)
    for col in ("text", "title"):
        has_html = df[col].fillna("").str.contains(_TAG, regex=True)
        if has_html.any():
            df.loc[has_html, col] = df.loc[has_html, col].map(html_to_text)
    too_long = df["text"].str.len() > MAX_TEXT_CHARS
    df.loc[too_long, "text"] = df.loc[too_long, "text"].str.slice(0, MAX_TEXT_CHARS)
    truncated = int(too_long.sum())
    df["lang"] = df["lang"].str.lower().str.slice(0, 2)

    ok = reasons == ""
    rejects = pd.DataFrame({"row": np.flatnonzero(~ok.to_numpy()), "reason": reasons[~ok].to_numpy()})
    df = df[ok].copy()

    platform = df["platform"].astype(str)
    fallback = df["url"].fillna(df["author_id"] + "\x1f" + df["published_at"].astype(str) + "\x1f" + df["text"])
    df["mention_id"] = mention_ids(platform, df["platform_id"], fallback.astype(str))
    for col in ("parent_id", "share_of_id"):  # platform ids of the same platform -> mention ids
        df[col] = (platform + ":" + df[col]).where(df[col].notna())
    df["author_id"] = pseudonymize(platform, df["author_id"].astype(str), salt)
    if not keep_handles:
        df["author_handle"] = pd.NA
    return Normalized(df.reset_index(drop=True), rejects, truncated)


def _as_list(value: object) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return []
    return [s.strip() for s in str(value).replace(";", ",").split(",") if s.strip()]
