"""The transformers sentiment backend against a plain `transformers.pipeline`, on tiny real models built here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reputation.config import TransformersSettings
from reputation.nlp.sentiment import LABELS, load_sentiment_model
from reputation.nlp.transformers_backend import TransformersSentiment, canonical_label
from tests.transformers_models import build_tiny_classifier

ROOT = Path(__file__).resolve().parents[2]
# Unsorted lengths, accents, emoji (unknown to the vocabulary), unknown words, one text past the 64 positions.
TEXTS = [
    "Nexora est très bon, merci !",
    "bad",
    "the network is not very good and the price is bad, support is slow: I hate it " * 4,
    "Le réseau Telvia est nul 😡",
    "great service",
    "Orbix ? pas rapide… déçu",
    "qwerty zut",
    "love love love Fibrea!!!",
    "le prix",
    "service",
    "a",
    "super génial, the best network, fast and good, merci Nexora @support #fibre",
]


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_classifier(tmp_path_factory.mktemp("models") / "tiny-sentiment")


@pytest.fixture(scope="session")
def tiny(tiny_dir: Path) -> TransformersSentiment:
    return TransformersSentiment(str(tiny_dir), batch_size=3)


def pipeline_classes(folder: Path, texts: Sequence[str], mapping: dict[str, str] | None = None) -> np.ndarray:
    """negative/neutral/positive probabilities from a plain pipeline, its labels summed per class."""
    from transformers import pipeline

    classify = pipeline("text-classification", model=str(folder), top_k=None, truncation=True)
    out = np.zeros((len(texts), len(LABELS)))
    for row, scores in enumerate(classify(list(texts))):
        for item in scores:
            label = (mapping or {}).get(item["label"]) or canonical_label(item["label"])
            out[row, LABELS.index(label)] += item["score"]
    return out


def assert_matches(pred: pd.DataFrame, expected: np.ndarray) -> None:
    assert pred["sentiment"].tolist() == [LABELS[i] for i in expected.argmax(axis=1)]
    np.testing.assert_allclose(pred["score"], expected[:, 2] - expected[:, 0], atol=1e-5)


def test_matches_a_plain_pipeline_in_input_order(tiny: TransformersSentiment, tiny_dir: Path):
    pred = tiny.predict(TEXTS, [None] * len(TEXTS))
    assert_matches(pred, pipeline_classes(tiny_dir, TEXTS))
    assert set(pred["sentiment"]) == set(LABELS)  # the tiny model's seed spreads texts over all three classes
    assert pred["score"].between(-1, 1).all()


def test_batch_size_does_not_change_predictions(tiny_dir: Path):
    one = TransformersSentiment(str(tiny_dir), batch_size=1).predict(TEXTS, [None] * len(TEXTS))
    many = TransformersSentiment(str(tiny_dir), batch_size=64).predict(TEXTS, [None] * len(TEXTS))
    assert one["sentiment"].tolist() == many["sentiment"].tolist()
    np.testing.assert_allclose(one["score"], many["score"], atol=1e-5)


def test_long_texts_are_truncated_to_max_length(tiny_dir: Path):
    huge = " ".join(["Nexora", "réseau", "nul"] * 7_000)[:-1]  # ~20,000 words, far past the model's 64 positions
    assert TransformersSentiment(str(tiny_dir), max_length=4096).max_length == 64  # never past the positions
    short = TransformersSentiment(str(tiny_dir), max_length=16)
    pred = short.predict([huge, "bad"], ["fr", "en"])
    assert len(pred) == 2 and pred["score"].between(-1, 1).all()
    head = " ".join(huge.split()[:14])  # each word is one token in the tiny vocabulary: 14 + [CLS] and [SEP]
    assert_matches(pred.iloc[:1], pipeline_classes(tiny_dir, [head]))


def test_empty_and_missing_texts(tiny: TransformersSentiment):
    empty = tiny.predict([], [])
    assert list(empty.columns) == ["sentiment", "score"] and empty.empty
    texts = ["", None, "   ", float("nan"), "great service"]  # NaN: a missing text read through pandas
    pred = tiny.predict(texts, [None, None, "fr", None, "en"])  # type: ignore[arg-type]
    assert pred["sentiment"].tolist()[:4] == ["neutral"] * 4 and pred["score"].tolist()[:4] == [0.0] * 4
    assert pred.iloc[4].tolist() == tiny.predict(["great service"], ["en"]).iloc[0].tolist()
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        tiny.predict(["a", "b"], [None])


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("NEGATIVE", "negative"),
        ("Neg", "negative"),
        ("neu", "neutral"),
        ("Positive", "positive"),
        ("POS", "positive"),
        ("1 star", "negative"),
        ("2 stars", "negative"),
        ("3 stars", "neutral"),
        ("4 stars", "positive"),
        ("5 Stars", "positive"),
        ("LABEL_0", None),
        ("joy", None),
    ],
)
def test_canonical_label(label: str, expected: str | None):
    assert canonical_label(label) == expected


def test_generic_labels_need_a_mapping(tmp_path: Path):
    folder = build_tiny_classifier(tmp_path / "generic", ("LABEL_0", "LABEL_1", "LABEL_2"))
    with pytest.raises(ValueError, match=r"\['LABEL_0', 'LABEL_1', 'LABEL_2'\].*models\.transformers\.labels"):
        load_sentiment_model(f"transformers:{folder}")
    mapping = {"LABEL_0": "negative", "label_1": "neutral", "2": "positive"}  # any case, or the class index
    model = load_sentiment_model(f"transformers:{folder}", transformers=TransformersSettings(labels=mapping))
    expected = pipeline_classes(folder, TEXTS, {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "positive"})
    assert_matches(model.predict(TEXTS, [None] * len(TEXTS)), expected)
    with pytest.raises(ValueError, match="need at least negative and positive"):
        TransformersSentiment(str(folder), labels={"LABEL_0": "neutral", "LABEL_1": "neutral", "LABEL_2": "positive"})


def test_two_class_and_five_star_models(tmp_path: Path):
    two = build_tiny_classifier(tmp_path / "two", ("NEG", "POS"))
    pred = TransformersSentiment(str(two)).predict(TEXTS, [None] * len(TEXTS))
    assert_matches(pred, pipeline_classes(two, TEXTS))
    assert "neutral" not in set(pred["sentiment"]) and len(set(pred["sentiment"])) == 2
    stars = build_tiny_classifier(tmp_path / "stars", ("1 star", "2 stars", "3 stars", "4 stars", "5 stars"))
    assert_matches(
        TransformersSentiment(str(stars)).predict(TEXTS, [None] * len(TEXTS)), pipeline_classes(stars, TEXTS)
    )


def test_name_and_version_follow_the_folder(tmp_path: Path, tiny_dir: Path, tiny: TransformersSentiment):
    copy = shutil.copytree(tiny_dir, tmp_path / "my-model")
    same = TransformersSentiment(str(copy))
    assert (tiny.name, same.name) == ("transformers:tiny-sentiment", "transformers:my-model")
    assert same.version == tiny.version and len(tiny.version) == 12
    build_tiny_classifier(copy, seed=7)  # retrained in place
    assert TransformersSentiment(str(copy)).version != tiny.version


def test_missing_folder_is_a_clear_error(tmp_path: Path, tiny_dir: Path):
    with pytest.raises(ValueError, match="no model folder at"):
        TransformersSentiment(str(tmp_path / "nope"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="is not a transformers model folder"):
        TransformersSentiment(str(tmp_path / "empty"))
    no_weights = shutil.copytree(tiny_dir, tmp_path / "no-weights", ignore=shutil.ignore_patterns("*.safetensors"))
    with pytest.raises(ValueError, match="cannot load the tokenizer or the weights"):
        TransformersSentiment(str(no_weights))


HUB_SCRIPT = """
import json, sys
from reputation.nlp.transformers_backend import TransformersSentiment
model = TransformersSentiment("acme/tiny-sentiment")
try:
    TransformersSentiment("acme/not-downloaded")
    error = None
except ValueError as err:
    error = str(err)
print(json.dumps({"name": model.name, "version": model.version, "error": error}))
"""


def test_hub_ids_come_from_the_cache_with_their_commit(tmp_path: Path, tiny_dir: Path):
    # a Hugging Face cache laid out as huggingface_hub writes it; a fresh process, as the hub reads its env on import
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--acme--tiny-sentiment"
    shutil.copytree(tiny_dir, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", HUB_SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert (found["name"], found["version"]) == ("transformers:acme/tiny-sentiment", commit)
    assert "could not load the Hugging Face model 'acme/not-downloaded'" in found["error"]
    assert "local folder" in found["error"]


def test_without_transformers_installed_the_error_says_what_to_install(tiny_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "transformers", None)  # None in sys.modules: Python's "not installed"
    with pytest.raises(ImportError, match=r"pip install 'reputation\[transformers\]'"):
        TransformersSentiment(str(tiny_dir))
