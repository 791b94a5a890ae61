"""The committed `builtin-linear` sentiment model: clear-cut examples, output contract, determinism, speed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from reputation.nlp.sentiment import LABELS, PARALLEL_FROM, LinearSentiment, load_sentiment_model

ROOT = Path(__file__).resolve().parents[2]

FRENCH = [
    ("J'adore ce restaurant, le service est excellent et les plats délicieux !", "positive"),
    ("Merci beaucoup pour votre aide, vous êtes géniaux 😍", "positive"),
    ("Super soirée avec les amis, trop contente 😊", "positive"),
    ("Service client nul, je suis très déçu, plus jamais !", "negative"),
    ("C'est une honte, livraison en retard et produit cassé 😡", "negative"),
    ("Quelle horreur, ce gouvernement est une catastrophe", "negative"),
]
ENGLISH = [
    ("I love this phone, the battery life is amazing!", "positive"),
    ("Great game tonight, so happy we won 😀", "positive"),
    ("Thank you so much, best customer service ever", "positive"),
    ("Worst airline ever, they lost my bag and nobody cares", "negative"),
    ("I hate Mondays, this is awful 😡", "negative"),
    ("Terrible movie, a total waste of money", "negative"),
]


@pytest.fixture(scope="module")
def model() -> LinearSentiment:
    loaded = load_sentiment_model("builtin-linear")
    assert isinstance(loaded, LinearSentiment)
    return loaded


@pytest.mark.parametrize(("lang", "cases"), [("fr", FRENCH), ("en", ENGLISH)])
def test_clear_cut_examples(model: LinearSentiment, lang: str, cases: list[tuple[str, str]]) -> None:
    texts = [text for text, _ in cases]
    out = model.predict(texts, [lang] * len(texts))
    assert out["sentiment"].tolist() == [label for _, label in cases]
    # The score agrees in sign with the label on clear-cut cases.
    signs = np.sign(out["score"].to_numpy())
    assert signs.tolist() == [1.0 if label == "positive" else -1.0 for _, label in cases]


def test_output_contract(model: LinearSentiment) -> None:
    texts = ["", "ok", "Le train part à 8h.", "@user http://x.y #Meeting at 10", None]
    out = model.predict(texts, ["fr", "en", "fr", None, "de"])  # type: ignore[list-item]
    assert list(out.columns) == ["sentiment", "score"]
    assert len(out) == len(texts)
    assert set(out["sentiment"]) <= set(LABELS)
    assert out["score"].between(-1, 1).all()
    assert model.version.startswith("1+") and len(model.version) > 4
    assert model.predict([], []).shape == (0, 2)


def test_deterministic(model: LinearSentiment) -> None:
    texts = [text for text, _ in FRENCH + ENGLISH]
    langs = ["fr"] * len(FRENCH) + ["en"] * len(ENGLISH)
    first, second = model.predict(texts, langs), model.predict(texts, langs)
    assert first.equals(second)
    assert load_sentiment_model("builtin-linear").version == model.version


def test_large_batches_split_over_workers_give_the_same_predictions() -> None:
    # Speed is measured in bench/ (docs/benchmarks.md); here only that the worker path changes nothing.
    texts = [f"{text} #{i}" for i, (text, _) in enumerate((FRENCH + ENGLISH) * 417)][:5000]
    langs = ["fr" if i % 2 else "en" for i in range(len(texts))]
    serial = LinearSentiment(workers=1).predict(texts, langs)
    parallel = LinearSentiment(workers=2).predict(texts, langs)
    assert len(texts) >= PARALLEL_FROM and parallel.equals(serial)


def _train_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_sentiment", ROOT / "models/train_sentiment.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_sentiment"] = module
    spec.loader.exec_module(module)
    return module


def test_training_end_to_end(tmp_path: Path) -> None:
    """The training function on a tiny generated data set (never the shared data): fits, saves, reloads, predicts."""
    import joblib

    ts = _train_module()
    rng = np.random.default_rng(0)
    words = {0: ["awful", "hate", "nul", "horrible"], 1: ["meeting", "train", "réunion", "lundi"],
             2: ["love", "great", "super", "génial"]}  # fmt: skip
    texts, labels, langs = [], [], []
    for i in range(90):
        y = i % 3
        texts.append(" ".join(rng.choice(words[y], size=3)) + f" item{i % 7}")
        labels.append(y)
        langs.append("fr" if i % 2 else "en")
    config = {**ts.CONFIG, "word": {**ts.CONFIG["word"], "min_df": 1}, "char": {**ts.CONFIG["char"], "min_df": 1}}
    cv = ts.cross_validate(texts, langs, labels, {**config, "cv_folds": 3})
    assert set(cv) == {"fr", "en"}
    bundle = ts.train(texts, langs, labels, config)
    path = tmp_path / "model.joblib"
    joblib.dump(bundle, path)
    model = LinearSentiment(str(path))
    out = model.predict(["love great super", "hate awful nul"], ["en", "fr"])
    assert out["sentiment"].tolist() == ["positive", "negative"]


def test_nb_part_is_a_distribution_and_handles_an_absent_class() -> None:
    """The shipped bundle averages LR and NB-LR probabilities; labels with two classes give the third ~0."""
    from reputation.nlp.sentiment import featurize, nb_probabilities, predict_proba
    from reputation.nlp.sentiment_training import fit_linear

    texts = [text for text, _ in FRENCH + ENGLISH]
    langs = ["fr"] * len(FRENCH) + ["en"] * len(ENGLISH)
    shipped = load_sentiment_model("builtin-linear")
    assert isinstance(shipped, LinearSentiment) and shipped.bundle["nb"]["weight"] > 0
    proba = predict_proba(shipped.bundle, texts, langs)
    assert np.allclose(proba.sum(axis=1), 1.0)

    two = [(f"love it great {i}", "positive") for i in range(20)]
    two += [(f"hate it awful {i}", "negative") for i in range(20)]
    bundle = fit_linear([t for t, _ in two], ["en"] * len(two), [y for _, y in two])
    design = featurize(bundle, ["great", "awful"], ["en", "en"])
    nb = nb_probabilities(bundle["nb"], design)
    assert np.allclose(nb.sum(axis=1), 1.0) and nb[:, LABELS.index("neutral")].max() < 1e-6
    assert nb.argmax(axis=1).tolist() == [LABELS.index("positive"), LABELS.index("negative")]


def test_the_faster_french_lexicon_scores_as_the_port_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    import unidecode
    from vaderSentiment_fr import vaderSentiment as port

    from reputation.demo.generator import DemoConfig, write_demo
    from reputation.nlp import vader_fr
    from reputation.nlp.sentiment import normalize

    fast = vader_fr.analyzer()
    assert port.unidecode is not unidecode  # the memoized stand-in is in place
    files = write_demo(tmp_path / "demo", DemoConfig.sized(3_000, weeks=3))
    lines = files["mentions"].read_text(encoding="utf-8").splitlines()
    texts = [normalize(json.loads(line)["text"]) for line in lines] + [
        "Ce n'est pas génial, vraiment décevant",
        "Je ne suis jamais déçu par le service client",
        "Pas mal du tout, mais le prix est élevé",
        "NUL NUL NUL, je déteste 😡",
        "sans aucun doute le meilleur réseau, pas cher non plus",
    ]
    scores = [fast.polarity_scores(t) for t in texts]
    monkeypatch.setattr(port, "unidecode", unidecode)  # the module itself, as the package ships it
    original = port.SentimentIntensityAnalyzer()
    assert scores == [original.polarity_scores(t) for t in texts]  # exactly: same floats
    assert sum(s["compound"] != 0 for s in scores) > len(texts) / 3  # most texts carry opinion words


def test_a_repeated_text_gets_the_features_it_gets_alone() -> None:
    from reputation.nlp.sentiment import cue_features

    texts = ["Nexora est génial !", "Nexora is AWFUL :(", "Nexora est génial !", "Nexora est génial !"]
    langs = ["fr", "en", "fr", "en"]  # the last one: the same text read as English is scored again
    together = cue_features(texts, langs)
    alone = np.vstack([cue_features([t], [lang]) for t, lang in zip(texts, langs, strict=True)])
    assert np.array_equal(together, alone)
    assert not np.array_equal(together[2], together[3])
