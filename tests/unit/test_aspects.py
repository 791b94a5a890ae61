"""Aspect-based sentiment: terms found in French and English, clauses split on punctuation and contrast words, each
clause scored by the real built-in sentiment model (loaded once)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest

from reputation.config import ProjectError, parse_project
from reputation.nlp import aspects
from reputation.nlp.sentiment import SentimentModel, load_sentiment_model

MINIMAL = {"name": "p", "brands": {"own": {"name": "Nexora", "query": "nexora*", "products": ["Nexora Box"]}}}
FINDER = aspects.AspectFinder(aspects.lexicon(products=["Nexora Box"]))


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return load_sentiment_model("builtin-linear")


class CountingModel:
    """A real model that also records what it was asked to score (a fake, not a mock: the scores are real)."""

    def __init__(self, model: SentimentModel) -> None:
        self.model, self.name, self.version = model, model.name, model.version
        self.calls: list[list[str]] = []

    def predict(self, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        self.calls.append(list(texts))
        return self.model.predict(texts, langs)


def found(text: str, lang: str | None = "fr", finder: aspects.AspectFinder = FINDER) -> list[tuple[str, str]]:
    hits = finder.find([text], [lang])
    return list(zip(hits["aspect"], hits["term"], strict=True))


def by_aspect(result: pd.DataFrame, row: int = 0) -> dict[str, str]:
    rows = result[result["row"] == row]
    return dict(zip(rows["aspect"], rows["sentiment"], strict=True))


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Great network but the price is outrageous", "en", {"network": "positive", "price": "negative"}),
        ("Le réseau est excellent, mais le prix est scandaleux!", "fr", {"network": "positive", "price": "negative"}),
        (
            "Le service client est nul. Par contre la couverture est excellente 👍",
            "fr",
            {"customer_service": "negative", "network": "positive"},
        ),
        (
            "The app is awesome. However customer service is terrible, 2 hours on hold!",
            "en",
            {"product": "positive", "customer_service": "negative"},
        ),
    ],
)
def test_each_aspect_gets_the_sentiment_of_its_own_clause(text: str, lang: str, expected: dict, model: SentimentModel):
    result = aspects.aspect_sentiment([text], [lang], FINDER, model)
    assert by_aspect(result) == expected
    assert set(result["kind"]) == {"aspect"}


def test_clauses_split_on_sentences_and_contrast_words_only():
    texts = [
        "Forfait à 45.99$ par mois chez nexora.example, c'est trop cher",  # no split inside numbers or domains
        "Great network! 😍 #5G #happy",  # trailing emoji and hashtags belong to the sentence
        "Prix correct. Réseau lent, mais bon.\nSupport: rien",
        "The signal is fine though the bill keeps going up",
    ]
    hits = FINDER.find(texts, ["fr", "en", "fr", "en"])
    got = dict(zip(hits["term"], aspects.clauses(texts, hits), strict=True))
    assert got["Forfait"] == got["cher"] == texts[0]
    assert got["network"] == got["5G"] == texts[1]
    assert got["Prix"] == "Prix correct."
    assert got["Réseau"] == "Réseau lent"  # the contrast word and the comma before it are not part of either clause
    assert got["Support"] == "Support: rien"
    assert got["signal"] == "The signal is fine"
    assert got["bill"] == "the bill keeps going up"


def test_case_accents_and_wildcards():
    assert found("RESEAU en PANNE, facturation et FACTURÉ deux fois") == [
        ("network", "RESEAU"),
        ("network", "PANNE"),
        ("price", "facturation"),
        ("price", "FACTURÉ"),
    ]
    assert found("le cout est élevé, la tarification aussi") == [("price", "cout"), ("price", "tarification")]
    assert found("Le SERVICE-CLIENT et le service   à la clientèle") == [
        ("customer_service", "SERVICE-CLIENT"),
        ("customer_service", "service   à la clientèle"),
    ]
    assert found("wifi, wi-fi and wi fi", "en") == [("network", "wifi"), ("network", "wi-fi"), ("network", "wi fi")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("prixe et reprix", "fr"),  # a bare term is a whole word, never part of one
        ("je vais chercher", "fr"),  # "cher"
        ("happy and simple reply", "en"),  # "app", "sim", "rep"
        ("appel de @support et https://nexora.example/facture", "fr"),  # handles and links are not searched
    ],
)
def test_no_hit_inside_other_words_handles_or_links(text: str, lang: str):
    assert found(text, lang) == []


def test_terms_follow_the_mention_language():
    assert found("J'ai un plan pour ce soir", "fr") == []  # "plan" is an English product term only
    assert found("my plan is too expensive", "en") == [("product", "plan"), ("price", "expensive")]
    # other languages (and undetected ones) are searched with both lists
    assert found("el plan y los frais", "es") == [("product", "plan"), ("price", "frais")]
    assert found("the frais", None) == [("price", "frais")]


def test_products_of_the_brands_are_aspects_of_kind_product():
    hits = FINDER.find(["La nexora BOX est top, ma box d'avant était nulle"], ["fr"])
    assert hits[["aspect", "kind", "term"]].values.tolist() == [
        ["Nexora Box", "product", "nexora BOX"],  # the longer name wins over the "box" term
        ["product", "aspect", "box"],
    ]


def test_one_row_per_aspect_with_the_strongest_opinion(model: SentimentModel):
    text = "Le prix est affiché en magasin. Le prix est une arnaque scandaleuse, honteux!"
    result = aspects.aspect_sentiment([text], ["fr"], FINDER, model)
    price = result[result["aspect"] == "price"]
    assert len(price) == 1
    assert price["clause"].item() == "Le prix est une arnaque scandaleuse, honteux!"
    assert price["sentiment"].item() == "negative"


def test_clauses_are_scored_in_one_call_and_whole_texts_are_reused(model: SentimentModel):
    counting = CountingModel(model)
    texts = ["Great network!", "Great network! Terrible bill.", "Nothing to see here", "Great network!"]
    known = [("Great network!", "positive", 0.9), None, None, None]  # what the sentiment stage said of text 0
    result = aspects.aspect_sentiment(texts, ["en"] * 4, FINDER, counting, known=known)
    assert len(counting.calls) == 1
    assert sorted(counting.calls[0]) == ["Great network!", "Terrible bill."]  # each distinct clause once
    assert result.loc[result["row"] == 0, "score"].item() == 0.9
    assert result["row"].tolist() == [0, 1, 1, 3]
    assert by_aspect(result, 1) == {"network": "positive", "price": "negative"}


def test_no_aspect_gives_an_empty_typed_frame(model: SentimentModel):
    result = aspects.aspect_sentiment(["rien à signaler", ""], ["fr", None], FINDER, model)
    assert result.empty and list(result.columns) == ["row", "aspect", "kind", "term", "clause", "sentiment", "score"]


def project_lexicon(settings: dict) -> tuple[aspects.AspectDef, ...]:
    project = parse_project({**MINIMAL, "aspects": settings}, Path("."))
    s = project.aspects
    products = [p for b in project.brands.all for p in b.products] if s.products else []
    return aspects.lexicon(s.custom, defaults=s.defaults, drop=s.drop, products=products)


def test_project_aspects_extend_replace_drop_or_stand_alone():
    extended = {
        a.name: a
        for a in project_lexicon(
            {
                "drop": ["delivery"],
                "custom": [
                    {"name": "price", "fr": ["abonnement mensuel"]},
                    {"name": "network", "en": ["bars"], "replace": True},
                    {"name": "fibre", "fr": ["fibre optique"], "en": ["fiber optic*"]},
                ],
            }
        )
    }
    assert list(extended) == ["price", "customer_service", "network", "product", "fibre", "Nexora Box"]
    assert "prix" in extended["price"].fr and extended["price"].fr[-1] == "abonnement mensuel"
    assert extended["network"].fr == () and extended["network"].en == ("bars",)
    assert extended["Nexora Box"].kind == "product"
    finder = aspects.AspectFinder(tuple(extended.values()))
    assert found("Fiber optics at last, but no bars", "en", finder) == [("fibre", "Fiber optics"), ("network", "bars")]

    alone = project_lexicon({"defaults": False, "products": False, "custom": [{"name": "taste", "en": ["tast*"]}]})
    assert [(a.name, a.en) for a in alone] == [("taste", ("tast*",))]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"custom": [{"name": "price", "fr": ["fac*ture"]}]}, "aspects.custom.0.fr: '*' is only allowed at the end"),
        ({"custom": [{"name": "x", "en": ["ab*"]}]}, "aspects.custom.0.en: a wildcard needs at least 3 letters"),
        ({"custom": [{"name": "x", "en": ["  "]}]}, "aspects.custom.0.en: a term needs at least one letter or digit"),
        ({"custom": [{"name": "x"}]}, "aspects.custom.0: aspect 'x' needs at least one French or English term"),
        ({"custom": [{"name": "prix élevé", "fr": ["prix"]}]}, "aspects.custom.0.name: String should match pattern"),
        ({"custom": [{"name": "x", "fr": ["a"]}, {"name": "x", "fr": ["b"]}]}, "aspects: custom aspect names must be"),
        ({"drop": ["shipping"]}, "aspects: ['shipping'] are not built-in aspects"),
        ({"custom": [{"name": "taste", "en": ["taste"], "replace": True}]}, "['taste'] are not built-in aspects"),
        ({"noun_chunk": True}, "aspects.noun_chunk: unknown key"),
    ],
)
def test_bad_aspect_definitions_name_the_key(settings: dict, message: str):
    with pytest.raises(ProjectError) as err:
        parse_project({**MINIMAL, "aspects": settings}, Path("."), "p.yaml")
    assert message in str(err.value)


def test_noun_chunks_add_aspects_the_lexicon_does_not_know(model: SentimentModel):
    texts = ["The battery life is terrible but the screen is gorgeous", "L'écran de la Nexora Box est magnifique."]
    result = aspects.aspect_sentiment(
        texts, ["en", "fr"], FINDER, model, noun_chunks=True, exclude=["Nexora", "NexoraHelp"]
    )
    chunks = result[result["kind"] == "noun_chunk"]
    assert by_aspect(chunks, 0) == {"battery life": "negative", "screen": "positive"}
    assert by_aspect(chunks, 1) == {"écran": "positive"}
    assert by_aspect(result[result["kind"] == "product"], 1) == {"Nexora Box": "positive"}  # a term, not a chunk
