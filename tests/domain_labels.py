"""Labeled mentions in a project's own vocabulary: two invented words carry the polarity, so a model knows them
only if it learned them from these labels (the shipped model has never seen them)."""

from __future__ import annotations

import random

import pandas as pd

_SUBJECTS_EN = ["my new phone", "the app", "this plan", "the latest update", "the router", "their support chat"]
_SUBJECTS_FR = ["mon nouveau téléphone", "l'appli", "ce forfait", "la dernière mise à jour", "le modem", "le chat"]
_NEUTRAL_EN = ["was installed on {d}", "arrives on {d}", "is listed on the website since {d}", "got reviewed on {d}"]
_NEUTRAL_FR = ["a été installé le {d}", "arrive le {d}", "est sur le site depuis le {d}", "a été testé le {d}"]
_DAYS = ["Monday", "Tuesday", "lundi", "mardi", "12 May", "3 juin"]


def domain_labels(n: int = 240, seed: int = 7) -> pd.DataFrame:
    """`text`, `lang`, `label`: 'flurby' means great, 'grizzle' means awful, the rest is factual."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        lang = "fr" if i % 2 else "en"
        subject = rng.choice(_SUBJECTS_FR if lang == "fr" else _SUBJECTS_EN)
        kind = i % 3
        if kind == 0:
            text, label = f"{subject} {'est' if lang == 'fr' else 'is'} flurby", "positive"
        elif kind == 1:
            text, label = f"{subject} {'est' if lang == 'fr' else 'is'} grizzle", "negative"
        else:
            text, label = f"{subject} " + rng.choice(_NEUTRAL_FR if lang == "fr" else _NEUTRAL_EN), "neutral"
        rows.append({"text": text.format(d=rng.choice(_DAYS)), "lang": lang, "label": label})
    return pd.DataFrame(rows)
