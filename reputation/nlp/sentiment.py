"""Sentiment behind one interface, chosen by name in the project file.

Built-in: ``builtin-lexicon``, VADER for English and its French port for French (offline, from PyPI). Other
languages are scored with the English lexicon, which mostly answers neutral: a graceful degradation.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from importlib.metadata import version
from typing import Protocol

import numpy as np
import pandas as pd

from reputation.nlp.text import HANDLE, URL

LABELS = ("negative", "neutral", "positive")


class SentimentModel(Protocol):
    name: str
    version: str

    def predict(self, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        """Columns `sentiment` (negative | neutral | positive) and `score` (polarity in [-1, 1])."""
        ...


class LexiconSentiment:
    """VADER compound polarity, thresholded at ±`threshold` (VADER's own recommended 0.05)."""

    name = "builtin-lexicon"

    def __init__(self, threshold: float = 0.05) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as English

        with warnings.catch_warnings():  # its fuzzywuzzy dependency warns about a speed-up we do not use
            warnings.simplefilter("ignore", UserWarning)
            from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer as French

        self.threshold = threshold
        self._en, self._fr = English(), French()
        self.version = f"1+vader{version('vaderSentiment')}+vaderfr{version('vaderSentiment_fr')}"

    def predict(self, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        scores = np.empty(len(texts))
        for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
            clean = HANDLE.sub(" ", URL.sub(" ", text or ""))
            analyzer = self._fr if lang == "fr" else self._en
            scores[i] = analyzer.polarity_scores(clean)["compound"]
        labels = np.where(
            scores >= self.threshold, "positive", np.where(scores <= -self.threshold, "negative", "neutral")
        )
        return pd.DataFrame({"sentiment": labels, "score": scores})


_BUILTIN = {"builtin-lexicon": LexiconSentiment}


def load_sentiment_model(name: str) -> SentimentModel:
    """The sentiment model registered under `name`; an unknown name lists the known ones."""
    try:
        return _BUILTIN[name]()
    except KeyError:
        raise ValueError(f"unknown sentiment model {name!r}; available: {sorted(_BUILTIN)}") from None
