import pandas as pd
import pytest

from reputation.query import Mentions, QuerySyntaxError, match, match_brands, parse_query

FRAME = pd.DataFrame(
    {
        "text": [
            "Le réseau #Nexora est en PANNE",
            "@NexoraHelp merci pour la réponse",
            "anexora is not a brand",
            "Telvia fibre vs Nexora box",
            "Service client très décevant chez Télvia",
            "nothing here",
            "Nexora: the new plan is cheaper than the old Nexora plan",
        ],
        "title": [None, None, None, "Comparatif fibre", None, None, "Nexora prices"],
        "author_handle": ["alice", "bob", "@NexoraFan", "carol", "dave", "eve", "NewsQC"],
        "lang": ["fr", "fr", "en", "fr", "fr", "en", "en"],
        "platform": ["twitter", "twitter", "reddit", "forum", "facebook", "twitter", "news"],
        "url": [None, None, None, "https://www.forum.example/t/1", None, None, "https://news.lapresse.example/a"],
    }
)


def hits(query: str) -> list[int]:
    mask = match(parse_query(query), Mentions(FRAME))
    return [i for i, hit in enumerate(mask) if hit]


def test_word_boundaries_and_wildcard():
    assert hits("nexora") == [0, 3, 6]
    assert hits("nexora*") == [0, 1, 3, 6]


def test_boolean_operators_and_implicit_and():
    assert hits("nexora* AND telvia") == [3]
    assert hits("nexora* telvia") == [3]
    assert hits("nexora* NOT telvia") == [0, 1, 6]
    assert hits("nexora* -telvia") == [0, 1, 6]
    assert hits("(panne OR décevant) AND (nexora OR telvia)") == [0, 4]


def test_phrases_are_case_and_accent_insensitive():
    assert hits('"service client"') == [4]
    assert hits('"SERVICE CLIENT" telvia') == [4]
    assert hits('"reseau #nexora"') == [0]  # a hashtag inside a phrase is matched literally
    assert hits('"réseau nexora"') == []  # ...and required: the phrase is not "réseau #nexora"


def test_near_within_n_words_in_either_order():
    assert hits("nexora NEAR/1 box") == [3]
    assert hits("box NEAR/1 nexora") == [3]
    assert hits("plan NEAR/2 nexora") == [6]  # "the old Nexora plan": 0 words between
    assert hits("cheaper NEAR/2 nexora") == []  # "cheaper than the old Nexora": 3 words between
    assert hits("cheaper NEAR/3 nexora") == [6]
    assert hits('"service client" NEAR/3 telvia') == [4]  # "très décevant chez": 3 words between
    assert hits('"service client" NEAR/2 telvia') == []
    assert hits("(panne OR décevant) NEAR/3 (nexora OR telvia)") == [0, 4]


def test_field_filters():
    assert hits("title:fibre") == [3]
    assert hits("nexora* lang:en") == [6]
    assert hits("platform:twitter nexora*") == [0, 1]
    assert hits("author:nexorafan") == [2]  # handles match without the @, any case
    assert hits("author:n*") == [2, 6]
    assert hits("site:lapresse.example") == [6]  # subdomains count
    assert hits("site:forum.example") == [3]
    assert hits("nexora* -platform:twitter") == [3, 6]


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
        ("nexora NEAR box", 7),
        ("(a AND b) NEAR/3 c", 0),
        ("a NEAR/3 -b", 9),
        ("nexora -", 7),
        ("a NEAR/2", 8),
    ],
)
def test_syntax_errors_give_the_position(query: str, position: int):
    with pytest.raises(QuerySyntaxError) as err:
        parse_query(query)
    assert err.value.position == position
    assert f"position {position}" in str(err.value)


def test_match_brands_lists_every_matching_brand():
    brands = match_brands(FRAME, {"Nexora": "nexora*", "Telvia": "telvia*"})
    assert brands.tolist() == [["Nexora"], ["Nexora"], [], ["Nexora", "Telvia"], ["Telvia"], [], ["Nexora"]]
