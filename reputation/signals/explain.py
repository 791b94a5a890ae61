"""Why an alert fired: what is over-represented in its mentions against the weeks before (pure functions).

Terms are ranked by a smoothed log ratio of their rate in the episode to their rate in the baseline, weighted by
their count; topics and sources by their excess over what the baseline shares predict; authors by mentions in the
episode times their audience; examples are the most engaging mentions (the most negative first for a crisis).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from reputation.nlp.text import HANDLE, URL

_WORD = re.compile(r"(?u)\b[^\W\d_][\w'’-]{2,}\b")
TERMS, TERMS_MIN_COUNT = 8, 5  # terms named per alert, and the fewest episode mentions a term needs
# Part of the key under which the alerts stage keeps explanations for the next run: change it with anything that
# changes what :func:`explain` returns for the same mentions, or runs will reuse explanations of the old code.
EXPLAIN_VERSION = "1"


def _words_of(text: object) -> list[str]:
    """A text's distinct words, sorted: the words of `strip_noise(text).lower()`. Only the URLs and @handles are
    removed here, as the rest of `strip_noise` (the #, spaces) never joins or splits a word; one call per text
    instead of five pandas string passes."""
    if not isinstance(text, str):
        return []
    if "http" in text or "www." in text:  # what URL needs to match: most texts skip the pattern
        text = URL.sub(" ", text)
    if "@" in text:
        text = HANDLE.sub(" ", text)
    return sorted(set(_WORD.findall(text.lower())))


def _word_sets(texts: pd.Series) -> pd.Series:
    """Each text's distinct words, sorted (a word repeated in one mention counts once)."""
    return pd.Series([_words_of(t) for t in texts.tolist()], index=texts.index, dtype=object)


def _document_counts(word_sets: pd.Series, stop: frozenset[str]) -> pd.Series:
    """Documents containing each word."""
    words = pd.Series([w for ws in word_sets.tolist() for w in ws if w not in stop], dtype=object)
    return words.value_counts()


def _counts(texts: pd.Series, stop: frozenset[str]) -> pd.Series:
    """Documents containing each word (a word repeated in one mention counts once)."""
    return _document_counts(_word_sets(texts), stop)


class Words:
    """Each mention's words, found once however many alerts' episodes and baselines it falls in (they overlap: a
    baseline is the weeks before its episode). `texts`: fetches the texts of mention ids, for frames without a
    `text` column (the alerts stage reads texts only for the mentions an alert needs).

    Words are kept as ids into one vocabulary, in one flat array (each mention's distinct words, sorted, as
    `_word_sets` gives them): at a million mentions, lists of strings took ~1 GB, and counting over a baseline of
    hundreds of thousands of mentions was a pass over Python lists each time."""

    def __init__(self, texts: Callable[[list[str]], pd.Series] | None = None) -> None:
        self._texts = texts
        self._row: dict[str, int] = {}  # mention id -> its row
        self._vocab: dict[str, int] = {}  # word -> id, in order of ids
        self._parts: list[np.ndarray] = []  # the rows' word ids, flat, as found (joined on use)
        self._lengths: list[np.ndarray] = []  # words per row, as found

    def counts(self, mentions: pd.DataFrame, stop: frozenset[str]) -> pd.Series:
        """Documents containing each word, over `mentions` (`mention_id`, and `text` unless fetched): as `_counts`
        of their texts, in the same order (most documents first, ties in order of first appearance)."""
        ids = mentions["mention_id"].tolist()
        new = mentions[[i not in self._row for i in ids]].drop_duplicates("mention_id")
        if len(new):
            if "text" in new:
                texts = new["text"]
            elif self._texts is not None:
                texts = self._texts(new["mention_id"].tolist())
            else:
                raise ValueError("mentions without a `text` column, and no way to fetch their texts")
            self._add(new["mention_id"].tolist(), _word_sets(texts).tolist())
        if len(self._parts) > 1:
            self._parts, self._lengths = [np.concatenate(self._parts)], [np.concatenate(self._lengths)]
        flat = self._parts[0] if self._parts else np.empty(0, np.int32)
        lengths = self._lengths[0] if self._lengths else np.empty(0, np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)])
        rows = np.fromiter((self._row[i] for i in ids), dtype=np.int64, count=len(ids))
        sizes = lengths[rows]
        # every word id of these rows, in their order: each row's run of the flat array
        gathered = flat[np.repeat(starts[rows] - (np.cumsum(sizes) - sizes), sizes) + np.arange(sizes.sum())]
        stop_ids = [self._vocab[w] for w in stop if w in self._vocab]
        if stop_ids:
            gathered = gathered[~np.isin(gathered, stop_ids)]
        if not len(gathered):
            return pd.Series([], dtype=object).value_counts()
        found = pd.Series(gathered).value_counts()  # a stable sort: ties in order of first appearance, as `_counts`
        terms = np.asarray(list(self._vocab), dtype=object)[found.index.to_numpy()]
        return pd.Series(found.to_numpy(), index=pd.Index(terms, dtype=object), name=found.name)

    def _add(self, mention_ids: list[str], word_sets: list[list[str]]) -> None:
        words = np.asarray([w for ws in word_sets for w in ws], dtype=object)
        codes, uniques = pd.factorize(words)  # each distinct word looked up in the vocabulary once
        vocab = self._vocab
        known = np.fromiter((vocab.setdefault(w, len(vocab)) for w in uniques), dtype=np.int32, count=len(uniques))
        self._parts.append(known[codes] if len(codes) else np.empty(0, np.int32))
        self._lengths.append(np.fromiter(map(len, word_sets), dtype=np.int64, count=len(word_sets)))
        for mention_id in mention_ids:
            self._row[mention_id] = len(self._row)


def over_represented_terms(
    episode: pd.Series,
    baseline: pd.Series,
    stop: Iterable[str],
    n: int = TERMS,
    min_count: int = TERMS_MIN_COUNT,
) -> list[str]:
    """Words far more frequent in the episode's mentions than in the baseline's."""
    stop_set = frozenset(w.lower() for w in stop)
    return _lifted(
        _counts(episode, stop_set), len(episode), lambda: _counts(baseline, stop_set), len(baseline), n, min_count
    )


def _lifted(
    now: pd.Series, n_now: int, before_counts: Callable[[], pd.Series], n_before: int, n: int, min_count: int
) -> list[str]:
    now = now[now >= min_count]
    if now.empty:
        return []
    before = before_counts().reindex(now.index, fill_value=0)
    rate_now = (now + 0.5) / (n_now + 1)
    rate_before = (before + 0.5) / (n_before + 1)
    lift = np.log(rate_now / rate_before)
    score = lift * np.log1p(now)
    return score[lift > np.log(2)].sort_values(ascending=False).index[:n].tolist()


def excess(episode: pd.Series, baseline: pd.Series, n: int = 3) -> list[dict]:
    """Values of a column (topic, platform) with the largest excess over the baseline's share of them."""
    got = episode.value_counts()
    if got.empty:
        return []
    shares = baseline.value_counts(normalize=True).reindex(got.index, fill_value=0.0)
    expected = shares * len(episode)
    frame = pd.DataFrame({"mentions": got, "expected": expected.round(1)})
    frame = frame[frame["mentions"] > frame["expected"]]
    frame = frame.assign(extra=frame["mentions"] - frame["expected"]).sort_values("extra", ascending=False)
    return [
        {"value": idx, "mentions": int(r.mentions), "expected": float(r.expected)}
        for idx, r in frame.head(n).iterrows()
    ]


def driving_authors(episode: pd.DataFrame, n: int = 5) -> list[dict]:
    """Members (not the brands' accounts, who answer rather than drive) with the most mentions in the episode,
    weighted by their audience (log of followers)."""
    if "is_brand" in episode:
        episode = episode[~episode["is_brand"]]
    g = episode.groupby("author_id").agg(
        who=("who", "last"), platform=("platform", "first"), mentions=("mention_id", "size"),
        followers=("author_followers", "max"),
    )  # fmt: skip
    g["weight"] = g["mentions"] * (1 + np.log10(1 + g["followers"].fillna(0)))
    top = g.sort_values(["weight", "mentions"], ascending=False).head(n)
    return [
        {
            "author_id": a,
            "who": r.who,
            "platform": r.platform,
            "mentions": int(r.mentions),
            "followers": None if pd.isna(r.followers) else int(r.followers),
        }
        for a, r in top.iterrows()
    ]


def examples(episode: pd.DataFrame, crisis: bool, n: int = 3) -> list[str]:
    """Mention ids of the most engaging mentions; for a crisis, negative ones first."""
    ranked = episode.assign(
        negative=episode["sentiment"].eq("negative") if crisis else False,
        engagement=episode[["likes", "shares", "replies"]].fillna(0).sum(axis=1),
    ).sort_values(["negative", "engagement", "mention_id"], ascending=[False, False, True])
    return ranked["mention_id"].head(n).tolist()


def explain(
    episode: pd.DataFrame,
    baseline: pd.DataFrame,
    topic_labels: dict[int, str],
    stop: Iterable[str],
    crisis: bool,
    words: Words | None = None,
) -> dict:
    """Terms, topics, sources, authors and examples of an episode's mentions against its baseline's.

    Frames: `mention_id`, `text`, `platform`, `author_id`, `who`, `author_followers`, `topic_id`, `sentiment`,
    `likes`, `shares`, `replies`. `words`: mentions' words already found (by earlier calls), for the terms."""
    topics = excess(episode["topic_id"].fillna(-1).astype(int), baseline["topic_id"].fillna(-1).astype(int))
    if words is None:
        terms = over_represented_terms(episode["text"], baseline["text"], stop)
    else:
        stop_set = frozenset(w.lower() for w in stop)
        now = words.counts(episode, stop_set)
        terms = _lifted(
            now, len(episode), lambda: words.counts(baseline, stop_set), len(baseline), TERMS, TERMS_MIN_COUNT
        )
    return {
        "terms": terms,
        "topics": [
            {"topic_id": t["value"], "label": topic_labels.get(t["value"], ""), **_counts_of(t)}
            for t in topics
            if t["value"] >= 0
        ],
        "sources": [
            {"platform": s["value"], **_counts_of(s)} for s in excess(episode["platform"], baseline["platform"])
        ],
        "authors": driving_authors(episode),
        "examples": examples(episode, crisis),
    }


def _counts_of(item: dict) -> dict:
    return {"mentions": item["mentions"], "expected": item["expected"]}
