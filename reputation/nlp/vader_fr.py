"""The French VADER port (`vaderSentiment_fr`, MIT), with the same scores in less time.

The port recomputes things for every word it scores: it strips the accents of each word through `unidecode`, and at
each negation check it lowercases the whole sentence and strips the accents of its no-negation list again, making
a sentence's scoring quadratic in its length. Here the accent stripping is memoized (bounded) and the negation check
looks at the two words it needs. The scores are the port's, bit for bit (tests/unit/test_sentiment_linear.py).
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

# Words whose accents were stripped, remembered: bounded, so memory stays flat over any number of texts.
MEMO_WORDS = 200_000


def analyzer() -> Any:
    """A French `SentimentIntensityAnalyzer` that scores as the port does, faster."""
    with warnings.catch_warnings():  # its fuzzywuzzy dependency warns about a speed-up we do not use
        warnings.simplefilter("ignore", UserWarning)
        from vaderSentiment_fr import vaderSentiment as port
    _memoize_unidecode(port)
    negate = frozenset(port.NEGATE)
    no_check = frozenset(port.unidecode.unidecode(w) for w in port.NO_NEGATE)
    scalar = port.N_SCALAR

    class Analyzer(port.SentimentIntensityAnalyzer):  # type: ignore[misc, valid-type]
        @staticmethod
        def _negation_check(valence: float, words_and_emoticons: list, start_i: int, i: int) -> float:
            # the port's check, reading only the word scored and the one `start_i + 1` before it (which, as in the
            # port, wraps to the sentence's end for a negative position)
            if str(words_and_emoticons[i]).lower() in no_check:
                return valence
            if start_i in (0, 1, 2):
                before = str(words_and_emoticons[i - (start_i + 1)]).lower()
                if before in negate or "n't" in before:
                    valence = valence * scalar
            return valence

    return Analyzer()


class _MemoUnidecode:
    """Stands in for the `unidecode` module inside the port: the same function, memoized."""

    def __init__(self, function: Any) -> None:
        self.unidecode = lru_cache(maxsize=MEMO_WORDS)(function)


def _memoize_unidecode(port: Any) -> None:
    import unidecode

    if getattr(port, "unidecode", None) is unidecode:
        port.unidecode = _MemoUnidecode(unidecode.unidecode)
