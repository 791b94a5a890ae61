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
# From this many characters (after clean-up) lingua's low-accuracy mode (trigrams only) is used: on the UMSAB tweets
# it agrees with the full mode on French and English accuracy (0.990 / 0.998) and saves a fifth of the stage's time
# on the demo; below it, short texts need every n-gram order. See models/evaluate_language.py.
LONG_TEXT = 120


def model_version() -> str:
    return f"{version('lingua-language-detector')}+long{LONG_TEXT}"


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool = False):  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGUAGES]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models()
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def detect_languages(texts: pd.Series) -> pd.DataFrame:
    """Columns `lang` (ISO 639-1 or None) and `confidence` (0..1), aligned with `texts`."""
    cleaned = strip_noise(texts)
    has_letters = cleaned.str.contains(r"[^\W\d_]{2,}", regex=True)
    langs: list[str | None] = [None] * len(cleaned)
    confs = [0.0] * len(cleaned)
    long_text = (cleaned.str.len() >= LONG_TEXT).to_numpy()
    for low_accuracy in (False, True):
        idx = [i for i, ok in enumerate(has_letters.to_numpy() & (long_text == low_accuracy)) if ok]
        if not idx:
            continue
        detector = _detector(low_accuracy)
        for i, values in zip(
            idx, detector.compute_language_confidence_values_in_parallel([cleaned.iloc[i] for i in idx]), strict=True
        ):
            if values and values[0].value >= MIN_CONFIDENCE:
                langs[i] = values[0].language.iso_code_639_1.name.lower()
                # rounded: lingua sums n-gram scores in hash-map order, so the same text's confidence varies in its
                # last bits from call to call; six decimals make a rerun (or a run on Dask workers) give the same value
                confs[i] = round(float(values[0].value), 6)
    return pd.DataFrame({"lang": langs, "confidence": confs}, index=texts.index)
