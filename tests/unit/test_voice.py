"""Moderation against a charter, and intent measured on the hand-labeled set in tests/data/intent_labeled.csv."""

from pathlib import Path

import pandas as pd
import pytest
from sklearn.metrics import precision_recall_fscore_support

from reputation.nlp.intent import INTENTS, classify_intents
from reputation.nlp.moderation import Charter, moderate
from reputation.nlp.sentiment import load_sentiment_model

LABELED = Path(__file__).parents[1] / "data" / "intent_labeled.csv"


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


def test_intent_precision_and_recall_on_the_labeled_set():
    data = pd.read_csv(LABELED)
    sentiment = load_sentiment_model("builtin-lexicon").predict(data["text"].tolist(), data["lang"].tolist())
    predicted = classify_intents(data["text"], sentiment["sentiment"])["intent"]
    precision, recall, _, support = precision_recall_fscore_support(
        data["intent"], predicted, labels=list(INTENTS), zero_division=0
    )
    assert support.min() >= 10 and set(data["lang"]) == {"fr", "en"}
    # This set was written alongside the rules, so it shows they do what they say; the independent figure is the
    # demo's ground truth (docs/enrichment.md).
    assert precision.min() >= 0.9 and recall.min() >= 0.9, dict(
        zip(INTENTS, zip(precision, recall, strict=True), strict=True)
    )


def test_sentiment_confirms_but_does_not_create_an_intent():
    texts = pd.Series(["Super journée aujourd'hui", "Nexora, j'attends toujours le technicien"])
    got = classify_intents(texts, pd.Series(["positive", "negative"]))
    assert got["intent"].tolist() == ["praise", "complaint"]
    neutral = classify_intents(pd.Series(["Le forfait coûte 45 $"]), pd.Series(["positive"]))
    assert neutral["intent"][0] == "other"
