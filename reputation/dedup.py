"""Duplicate detection beyond the natural key: canonical URLs and near-identical texts (docs/dedup.md).

Pure functions over Series. Exact duplicates (same platform id, or the same canonical URL of a web page) are not
loaded twice; near-duplicates (copy-pasted posts, syndicated articles with small edits) are loaded, since each is a
mention in its own right, and linked to the first one seen with their similarity, so volumes can be read either way.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reputation.query import normalize_series

# Platforms whose mentions are web pages: there the URL is the identity (an article syndicated by two feeds
# has two feed ids but one URL). On social platforms the post id is the identity and URLs may be shared.
URL_IDENTITY_PLATFORMS = frozenset({"news", "blog", "forum", "web"})
TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|igshid|ref_src|ref|cmpid|xtor|at_\w+)$")

SHINGLE = 3  # words per shingle
NEAR_DUPLICATE_WINDOW = pd.Timedelta(days=30)  # a new mention is compared with those of the previous 30 days
MIN_WORDS = 12  # shorter texts are too alike by chance ("Nexora est nul") to call near-duplicates
# Of 64 SimHash bits: about cosine 0.97 between shingle sets. Reliable for longer texts (articles: a few words
# edited in a hundred); on short posts only identical words (distance 0) are dependable, so that is what matches.
MAX_DISTANCE = 5
# 6 bands (11, 11, 11, 11, 10, 10 bits): two hashes within 5 bits agree on at least one band (pigeonhole)
BAND_BITS = (11, 11, 11, 11, 10, 10)


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no www., no fragment, no tracking parameters, no trailing slash."""
    if not isinstance(url, str) or not url:  # None, NaN or pd.NA from a nullable string column
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAMS.match(k.lower())))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        ("https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower(), host, path, query, "")
    )


def url_keys(platform: pd.Series, url: pd.Series, parent_id: pd.Series) -> pd.Series:
    """Canonical URL where it identifies the mention, else None: top-level web pages only, since comments and
    forum replies usually carry the URL of the page or thread they belong to."""
    keys = pd.Series([None] * len(url), index=url.index, dtype=object)
    pages = (platform.isin(URL_IDENTITY_PLATFORMS) & parent_id.isna()).to_numpy()
    keys[pages] = [canonical_url(u) for u in url[pages].astype(object)]
    return keys


def _hash64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads a combination of word hashes over all 64 bits."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


_ROUNDS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def fingerprints(texts: pd.Series, *, normalized: bool = False) -> pd.Series:
    """64-bit SimHash of each text's word 3-shingles (accents, case, URLs, @handles and #hashtags ignored), as
    signed integers for DuckDB's BIGINT; None for texts shorter than MIN_WORDS.

    Vectorised over the batch: each distinct word is hashed once (blake2b, stable across runs), a shingle's hash
    mixes its words' hashes, and the bit votes of all shingles are counted in one matrix."""
    clean = texts if normalized else normalize_series(texts)
    # Links, @handles and #hashtags are what copies add or change: without them, a copy-paste has the same words.
    # Arrow kernels (RE2) do the string work: pandas would loop in Python here.
    kept = pc.replace_substring_regex(
        pa.array(clean, type=pa.large_string()), pattern=r"https?://\S+|(?:^|\W)[@#]\w+", replacement=" "
    )
    pieces = pc.split_pattern_regex(kept, pattern=r"\W+")
    flat = pc.list_flatten(pieces).to_numpy(zero_copy_only=False)
    parent = pc.list_parent_indices(pieces).to_numpy()
    nonempty = flat != ""
    flat, parent = flat[nonempty], parent[nonempty]
    lengths = np.bincount(parent, minlength=len(texts))
    owners = np.flatnonzero(lengths >= MIN_WORDS)
    out = pd.Series([None] * len(texts), index=texts.index, dtype=object)
    if len(owners) == 0:
        return out
    keep = lengths[parent] >= MIN_WORDS  # words of long-enough texts, in text order
    ids, vocab = pd.factorize(flat[keep])  # each distinct word hashed once
    word_hash = np.fromiter((_hash64(w) for w in vocab), dtype=np.uint64, count=len(vocab))[ids]
    n_words = lengths[owners]
    ends = np.cumsum(n_words)  # shingle j starts at word j and must not cross into the next text
    valid = np.ones(len(word_hash) - 2, dtype=bool)
    valid[np.concatenate([ends[:-1] - 2, ends[:-1] - 1])] = False
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps on purpose
        mixed = word_hash[:-2] * _ROUNDS[0] + word_hash[1:-1] * _ROUNDS[1] + word_hash[2:] * _ROUNDS[2]
        shingles = _mix(mixed)[valid]
    sizes = n_words - SHINGLE + 1
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    value = np.zeros(len(owners), dtype=np.uint64)
    for b in range(64):  # per bit, count the shingles that set it in each text; the majority sets the bit
        ones = np.add.reduceat(((shingles >> np.uint64(b)) & np.uint64(1)).astype(np.uint16), starts)
        value |= (ones.astype(np.int64) * 2 > sizes).astype(np.uint64) << np.uint64(b)
    out.iloc[owners] = value.view(np.int64).tolist()  # signed, for DuckDB's BIGINT
    return out


def near_duplicates(new: pd.DataFrame, known: pd.DataFrame) -> pd.DataFrame:
    """Pairs (mention_id, duplicate_of, distance) where a new mention's fingerprint is within MAX_DISTANCE bits of
    an earlier one (known, or earlier in `new` by published_at). Both frames: mention_id, fingerprint,
    published_at. Each new mention is linked to its earliest near-identical predecessor.

    Vectorised: identical fingerprints link to their first occurrence directly; distinct ones are paired only
    when they share one of the hash's bands (pigeonhole: within MAX_DISTANCE bits, at least one band is equal)."""
    cols = ["mention_id", "fingerprint", "published_at"]
    pool = pd.concat([known[cols].assign(is_new=False), new[cols].assign(is_new=True)], ignore_index=True)
    pool = pool.dropna(subset=["fingerprint"]).sort_values(["published_at", "mention_id"], kind="stable")
    pool = pool.reset_index(drop=True)
    prints = pool["fingerprint"].astype("int64").to_numpy().view(np.uint64)
    position = pd.Series(np.arange(len(pool)))
    first = position.groupby(prints).transform("min").to_numpy()  # first position with the same fingerprint
    links = [pd.DataFrame({"i": position[first != position].to_numpy(), "j": first[first != position], "d": 0})]
    reps = np.flatnonzero(first == position.to_numpy())
    new_reps = reps[pool["is_new"].to_numpy()[reps]]
    shift = 0
    for width in BAND_BITS:
        mask = np.uint64((1 << width) - 1)
        # pairs with a new mention only (links between stored mentions are not this ingest's): each new one with
        # every earlier one of the same band key, found in the sorted keys (a join without pandas' per-row takes)
        keys = (prints[reps] >> np.uint64(shift)) & mask
        order = np.argsort(keys, kind="stable")
        sorted_keys, sorted_pos = keys[order], reps[order]
        fresh = (prints[new_reps] >> np.uint64(shift)) & mask
        lo = np.searchsorted(sorted_keys, fresh, "left")
        counts = np.searchsorted(sorted_keys, fresh, "right") - lo
        x = np.repeat(new_reps, counts)
        y = sorted_pos[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())]
        earlier = y < x
        x, y = x[earlier], y[earlier]
        distance = np.bitwise_count(prints[x] ^ prints[y])
        close = distance <= MAX_DISTANCE
        links.append(pd.DataFrame({"i": x[close], "j": y[close], "d": distance[close]}))
        shift += width
    linked = pd.concat(links, ignore_index=True).sort_values(["i", "j"]).drop_duplicates("i")  # earliest j per i
    linked = linked[pool["is_new"].to_numpy()[linked["i"].to_numpy()]]
    return pd.DataFrame(
        {
            "mention_id": pool["mention_id"].to_numpy()[linked["i"].to_numpy()],
            "duplicate_of": pool["mention_id"].to_numpy()[linked["j"].to_numpy()],
            "distance": linked["d"].to_numpy().astype(int),
        }
    )


def band_filter_sql(column: str = "fingerprint", table: str = "_bands") -> str:
    """A SQL condition: the fingerprint in `column` shares a band with one of `table`'s (band, key) rows (from
    `bands`). Only such stored mentions can be within MAX_DISTANCE bits of a new one (pigeonhole, as in
    `near_duplicates`), so the ingest reads those instead of every fingerprint in the window. The bands are taken
    from the signed BIGINT as from its unsigned bits: a band never reaches past the 64th bit, so the sign extension
    of `>>` is masked off."""
    tests, shift = [], 0
    for band, width in enumerate(BAND_BITS):
        tests.append(f"(({column} >> {shift}) & {(1 << width) - 1}) IN (SELECT key FROM {table} WHERE band = {band})")
        shift += width
    return "(" + " OR ".join(tests) + ")"


def bands(fingerprints: pd.Series) -> pd.DataFrame:
    """(band, key): the distinct values of each band of these fingerprints (see `band_filter_sql`)."""
    prints = fingerprints.dropna().astype("int64").to_numpy().view(np.uint64)
    parts, shift = [], 0
    for band, width in enumerate(BAND_BITS):
        keys = np.unique((prints >> np.uint64(shift)) & np.uint64((1 << width) - 1)).astype(np.int64)
        parts.append(pd.DataFrame({"band": band, "key": keys}))
        shift += width
    return pd.concat(parts, ignore_index=True)
