"""Shared small demo corpus for the topic tests: texts, languages and the planted topic of each mention."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from reputation.demo.generator import DemoConfig, generate_with_truth

BRANDS = ["nexora", "telvia", "orbix", "fibrea", "nexorahelp"]


@dataclass(frozen=True)
class Corpus:
    texts: list[str]
    langs: list[str]
    truth: pd.Series  # planted topic per mention
    keywords: dict[str, list[str]]  # planted topic -> its French and English keywords


@cache
def demo_corpus(n: int = 6_000, seed: int = 3) -> Corpus:
    df, truth, gt = generate_with_truth(DemoConfig.sized(n, 4, seed=seed))
    texts = (df["title"].fillna("") + " " + df["text"]).tolist()
    keywords = {t["id"]: [k.lower() for k in t["keywords_fr"] + t["keywords_en"]] for t in gt["topics"]}
    return Corpus(texts, truth["lang"].tolist(), truth["topic"].reset_index(drop=True), keywords)
