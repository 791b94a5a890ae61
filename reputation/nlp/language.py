"""Language detection with lingua (offline, statistical n-gram models shipped in its wheel)."""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version

import pandas as pd

from reputation.nlp.text import strip_noise

MODEL_NAME = "lingua"
# The languages the project's models know; others degrade to the closest of these, or NULL when unsure.
LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl", "ar", "hi")
MIN_CONFIDENCE = 0.35  # below this (very short or mixed texts) the language is left undetermined


def model_version() -> str:
    return version("lingua-language-detector")


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()


def detect_languages(texts: pd.Series) -> pd.DataFrame:
    """Columns `lang` (ISO 639-1 or None) and `confidence` (0..1), aligned with `texts`."""
    cleaned = strip_noise(texts)
    has_letters = cleaned.str.contains(r"[^\W\d_]{2,}", regex=True)
    langs: list[str | None] = [None] * len(cleaned)
    confs = [0.0] * len(cleaned)
    idx = [i for i, ok in enumerate(has_letters.to_numpy()) if ok]
    if idx:
        results = _detector().compute_language_confidence_values_in_parallel([cleaned.iloc[i] for i in idx])
        for i, values in zip(idx, results, strict=True):
            if values and values[0].value >= MIN_CONFIDENCE:
                langs[i] = values[0].language.iso_code_639_1.name.lower()
                confs[i] = float(values[0].value)
    return pd.DataFrame({"lang": langs, "confidence": confs}, index=texts.index)
