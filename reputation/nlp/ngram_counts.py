"""Fast, exact `TfidfVectorizer.transform` for fitted vectorizers, by caching what each word or token contributes.

scikit-learn's transform looks every n-gram of every document up in the vocabulary, one Python call per n-gram: for
the built-in sentiment model's `char_wb` (2..5) vectorizer that is ~600 look-ups per tweet and half the model's time.
But `char_wb` n-grams never cross a word boundary, so a document's counts are the sum of its words' counts, and
words repeat (Zipf): each distinct word is analysed once and its vocabulary indices kept. Word n-gram vectorizers are
handled the same way over consecutive token pairs. The count matrix is then weighted by the vectorizer's own fitted
TF-IDF transformer, so the result is the same matrix as `vectorizer.transform` (tests/unit/test_ngram_counts.py).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

# Distinct words (or token pairs) remembered per vectorizer; past this the cache starts over, so memory stays bounded
# however many documents stream through.
MAX_CACHED = 400_000

_CACHES: weakref.WeakKeyDictionary[Any, dict[Any, np.ndarray]] = weakref.WeakKeyDictionary()


def supported(vectorizer: Any) -> bool:
    """Whether `transform` below reproduces this vectorizer exactly (else callers use the vectorizer's own)."""
    if not hasattr(vectorizer, "_tfidf"):  # a TfidfVectorizer: its fitted weighting is reused as is
        return False
    params = vectorizer.get_params()
    if params["input"] != "content" or params["preprocessor"] is not None or params["binary"]:
        return False
    if params["analyzer"] == "char_wb":
        return True
    return params["analyzer"] == "word" and params["tokenizer"] is None and params["ngram_range"][1] <= 2


def transform(vectorizer: Any, docs: Sequence[str]) -> Any:
    """`vectorizer.transform(docs)`, computed per distinct word (char_wb) or token and token pair (word, up to
    bigrams); falls back to the vectorizer itself for other set-ups."""
    from scipy.sparse import csr_matrix

    if not supported(vectorizer):
        return vectorizer.transform(docs)
    cache = _CACHES.setdefault(vectorizer, {})
    if len(cache) > MAX_CACHED:
        cache.clear()
    keys, grams = _char_wb(vectorizer) if vectorizer.analyzer == "char_wb" else _word(vectorizer)
    vocab = vectorizer.vocabulary_
    indices: list[int] = []
    indptr = [0]
    for doc in docs:
        for key in keys(doc):
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = tuple(vocab[g] for g in grams(key) if g in vocab)
            indices.extend(hit)
        indptr.append(len(indices))
    counts = csr_matrix(
        (np.ones(len(indices), dtype=vectorizer.dtype), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(docs), len(vocab)),
    )
    counts.sum_duplicates()  # repeated n-grams become counts, indices sorted as scikit-learn leaves them
    return vectorizer._tfidf.transform(counts, copy=False)


Keys = Callable[[str], list[Any]]
Grams = Callable[[Any], list[str]]


def _char_wb(vectorizer: Any) -> tuple[Keys, Grams]:
    """A document's words, and a word's n-grams (scikit-learn pads each whitespace-separated word with spaces)."""
    preprocess, decode = vectorizer.build_preprocessor(), vectorizer.decode

    def keys(doc: str) -> list[Any]:
        return preprocess(decode(doc)).split()

    return keys, vectorizer._char_wb_ngrams


def _word(vectorizer: Any) -> tuple[Keys, Grams]:
    """A document's tokens (unigrams) and, for bigram vectorizers, its consecutive token pairs."""
    preprocess, tokenize, decode = vectorizer.build_preprocessor(), vectorizer.build_tokenizer(), vectorizer.decode
    low, high = vectorizer.ngram_range
    stop = vectorizer.get_stop_words()

    def keys(doc: str) -> list[Any]:
        tokens = tokenize(preprocess(decode(doc)))
        if stop is not None:
            tokens = [t for t in tokens if t not in stop]
        out: list[Any] = list(tokens) if low <= 1 else []
        if high >= 2:
            out += list(pairwise(tokens))
        return out

    def grams(key: Any) -> list[str]:
        return [key] if isinstance(key, str) else [" ".join(key)]

    return keys, grams
