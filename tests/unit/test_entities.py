"""Entities: the project's gazetteer, and spaCy's real French and English models (loaded once)."""

import pandas as pd

from reputation.nlp.entities import project_entities, spacy_entities

NAMES = {"Nexora": "BRAND", "Nexora Box": "PRODUCT", "Telvia": "BRAND"}


def test_gazetteer_finds_brands_and_products_longest_first():
    [found, none] = project_entities(pd.Series(["La NEXORA box est mieux que Telvia #nexora", "rien"]), NAMES)
    assert [(e["text"], e["label"], e["start"]) for e in found] == [
        ("NEXORA box", "PRODUCT", 3),
        ("Telvia", "BRAND", 28),
        ("nexora", "BRAND", 36),
    ]
    assert none == []


def test_spacy_entities_in_french_and_english():
    texts = pd.Series(["Emmanuel Macron était à Montréal hier.", "Justin Trudeau visited Toronto on Monday."])
    fr, en = spacy_entities(texts, pd.Series(["fr", "en"]))
    assert {"Emmanuel Macron", "Montréal"} <= {e["text"] for e in fr}
    assert {("Justin Trudeau", "PERSON"), ("Toronto", "GPE")} <= {(e["text"], e["label"]) for e in en}
    assert all(e["source"] == "spacy" for e in fr + en)
