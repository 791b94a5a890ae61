import pandas as pd
import pytest

from reputation.nlp.evaluation import LabelError, evaluate, normalize_labels


def test_labels_from_names_or_numbers():
    got = normalize_labels(pd.Series(["0", "1", "2", "Negative", " POS ", "neutre"]))
    assert got.tolist() == ["negative", "neutral", "positive", "negative", "positive", "neutral"]
    with pytest.raises(LabelError, match=r"1 label\(s\) .* e\.g\. \['meh'\]"):
        normalize_labels(pd.Series(["positive", "meh"]))


def test_evaluation_figures_by_hand():
    gold = pd.Series(["negative", "negative", "neutral", "neutral", "positive", "positive"])
    pred = pd.Series(["negative", "neutral", "neutral", "neutral", "positive", "negative"])
    langs = pd.Series(["fr", "fr", "fr", "en", "en", "en"])
    result = evaluate(gold, pred, langs)
    # recalls: negative 1/2, neutral 2/2, positive 1/2 -> macro-recall 2/3
    assert result.macro_recall == pytest.approx(2 / 3)
    # precisions: negative 1/2, neutral 2/3, positive 1/1; F1 = 0.5, 0.8, 0.667 -> macro 0.6556
    assert result.macro_f1 == pytest.approx((0.5 + 0.8 + 2 / 3) / 3)
    assert result.accuracy == pytest.approx(4 / 6)
    assert result.confusion.loc["positive", "negative"] == 1
    assert result.per_language.loc["fr", "n"] == 3
    assert "macro-F1 0.656" in result.render()
