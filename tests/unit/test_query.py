import pandas as pd
import pytest

from reputation.query import QuerySyntaxError, match, match_brands, normalize_series, parse_query

TEXTS = pd.Series(
    [
        "Le réseau #Nexora est en PANNE",
        "@NexoraHelp merci pour la réponse",
        "anexora is not a brand",
        "Telvia fibre vs Nexora box",
        "Service client très décevant chez Télvia",
        "nothing here",
    ]
)


def hits(query: str) -> list[int]:
    mask = match(parse_query(query), normalize_series(TEXTS))
    return [i for i, hit in enumerate(mask) if hit]


def test_word_boundaries_and_wildcard():
    assert hits("nexora") == [0, 3]
    assert hits("nexora*") == [0, 1, 3]


def test_boolean_operators_and_implicit_and():
    assert hits("nexora* AND telvia") == [3]
    assert hits("nexora* telvia") == [3]
    assert hits("nexora* NOT telvia") == [0, 1]
    assert hits("nexora* -telvia") == [0, 1]
    assert hits("(panne OR décevant) AND (nexora OR telvia)") == [0, 4]


def test_phrases_are_case_and_accent_insensitive():
    assert hits('"service client"') == [4]
    assert hits('"SERVICE CLIENT" telvia') == [4]
    assert hits('"reseau #nexora"') == [0]  # a hashtag inside a phrase is matched literally
    assert hits('"réseau nexora"') == []  # ...and required: the phrase is not "réseau #nexora"


@pytest.mark.parametrize(
    ("query", "position"),
    [
        ("nexora AND", 10),
        ("(nexora OR telvia", 0),
        ('"open phrase', 0),
        ("nexora )", 7),
        ("OR nexora", 0),
        ("nex*ora", 0),
        ("", 0),
    ],
)
def test_syntax_errors_give_the_position(query: str, position: int):
    with pytest.raises(QuerySyntaxError) as err:
        parse_query(query)
    assert err.value.position == position
    assert f"position {position}" in str(err.value)


def test_match_brands_lists_every_matching_brand():
    brands = match_brands(TEXTS, {"Nexora": "nexora*", "Telvia": "telvia*"})
    assert brands.tolist() == [["Nexora"], ["Nexora"], [], ["Nexora", "Telvia"], ["Telvia"], []]
