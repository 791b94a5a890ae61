"""Moderation against a charter, and intent measured on the hand-labeled sets in tests/data/intent_*.csv."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_recall_fscore_support

from reputation.nlp.intent import INTENTS, classify_intents
from reputation.nlp.moderation import Charter, moderate
from reputation.nlp.sentiment import load_sentiment_model

LABELED = Path(__file__).parents[1] / "data" / "intent_labeled.csv"
HELD_OUT = Path(__file__).parents[1] / "data" / "intent_heldout.csv"


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("Espèce de CONNARD de service client", ["insult"]),
        ("You're all a bunch of morons at Orbix", ["insult"]),
        ("Check my profile for free followers", ["spam"]),
        ("Great deals https://a.example https://b.example https://c.example", ["spam"]),
        ("Appelez-moi au 514-555-0199", ["personal_data"]),
        ("write to jean.tremblay@exemple.ca please", ["personal_data"]),
        ("Mon numéro: 06 12 34 56 78", ["personal_data"]),
        ("Nexora est nul, très déçu", []),  # negative is not abusive
        ("Le forfait coûte 45 $ par mois depuis 2024", []),  # numbers are not phone numbers
        ("Nouveau: https://nexora.example/a https://nexora.example/b https://nexora.example/c", []),  # brand's site
    ],
)
def test_moderation_cases(text: str, flags: list[str]):
    got = moderate(pd.Series([text]), Charter(allowed_domains=("nexora.example",)))
    assert got["flags"][0] == flags
    assert bool(got["reasons"][0]) == bool(flags)


def test_charter_switches_and_extra_terms():
    texts = pd.Series(["Espèce d'idiot, appelle le 514-555-0199", "Le concurrent TelcoX est mieux"])
    got = moderate(texts, Charter(insults=False, personal_data=False, extra_terms=("telcox",)))
    assert got["flags"].tolist() == [[], ["banned_term"]]
    assert "banned term: 'telcox'" in got["reasons"][1]


def _scores(path: Path) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    data = pd.read_csv(path)
    sentiment = load_sentiment_model("builtin-linear").predict(data["text"].tolist(), data["lang"].tolist())
    predicted = classify_intents(data["text"], sentiment["sentiment"], sentiment["score"])["intent"]
    precision, recall, _, support = precision_recall_fscore_support(
        data["intent"], predicted, labels=list(INTENTS), zero_division=0
    )
    assert support.min() >= 10 and set(data["lang"]) == {"fr", "en"}
    return precision, recall, data


def test_intent_precision_and_recall_on_the_labeled_set():
    # This set was written alongside the first rules, so it shows they do what they say.
    precision, recall, _ = _scores(LABELED)
    assert precision.min() >= 0.9 and recall.min() >= 0.9, dict(
        zip(INTENTS, zip(precision, recall, strict=True), strict=True)
    )


def test_intent_precision_and_recall_on_the_held_out_set():
    # Written later, before the second version of the rules, and measured as it was: 0.67 macro-F1 for version 1
    # (complaints outside telecom were missed). Version 2's cues came from the demo's misses, but these misses were
    # seen too, so the figures below are optimistic; docs/enrichment.md says so.
    precision, recall, _ = _scores(HELD_OUT)
    assert precision.min() >= 0.85 and recall.min() >= 0.8, dict(
        zip(INTENTS, zip(precision, recall, strict=True), strict=True)
    )


def test_sentiment_confirms_a_cue_and_only_confident_polarity_makes_an_intent_alone():
    texts = pd.Series(["Super journée aujourd'hui", "Nexora, j'attends toujours le technicien"])
    got = classify_intents(texts, pd.Series(["positive", "negative"]))
    assert got["intent"].tolist() == ["praise", "complaint"]
    neutral = pd.Series(["Le forfait coûte 45 $", "The plan costs $45"])
    assert classify_intents(neutral, pd.Series(["positive", "negative"]))["intent"].tolist() == ["other", "other"]
    weak = classify_intents(neutral, pd.Series(["positive", "negative"]), pd.Series([0.3, -0.3]))
    assert weak["intent"].tolist() == ["other", "other"]
    strong = classify_intents(neutral, pd.Series(["positive", "negative"]), pd.Series([0.8, -0.8]))
    assert strong["intent"].tolist() == ["praise", "complaint"]
