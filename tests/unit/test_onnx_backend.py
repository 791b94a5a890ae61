"""The ONNX Runtime sentiment backend against the plain pipeline and the transformers backend, on tiny local models."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reputation.config import TransformersSettings, parse_project
from reputation.nlp.onnx_backend import CACHE_ENV, MODEL_FILE, OnnxSentiment, default_cache_dir
from reputation.nlp.sentiment import LABELS, load_sentiment_model
from reputation.nlp.transformers_backend import TransformersSentiment
from tests.transformers_models import WORDS, build_tiny_classifier
from tests.unit.test_transformers_backend import TEXTS, pipeline_classes

ROOT = Path(__file__).resolve().parents[2]


def word_salads(n: int, seed: int = 0) -> list[str]:
    """`n` texts of 1 to 40 words of the tiny vocabulary, with some punctuation: lengths spread over the batches."""
    rng = random.Random(seed)
    return [
        " ".join(rng.choice([*WORDS, "!", "?", ","]) for _ in range(rng.randint(1, 40))).capitalize() for _ in range(n)
    ]


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_classifier(tmp_path_factory.mktemp("models") / "tiny-sentiment")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def int8(tiny_dir: Path, cache: Path) -> OnnxSentiment:
    return OnnxSentiment(str(tiny_dir), batch_size=5, cache_dir=cache)


def test_int8_gives_the_plain_pipelines_labels_on_most_texts(int8: OnnxSentiment, tiny_dir: Path):
    texts = TEXTS + word_salads(300)
    pred = int8.predict(texts, [None] * len(texts))
    expected = pipeline_classes(tiny_dir, texts)
    same = np.mean(pred["sentiment"].to_numpy() == np.asarray(LABELS)[expected.argmax(axis=1)])
    # int8 weights move the probabilities a little: only texts near a tie between two classes may change label
    assert same >= 0.9, same
    assert np.abs(pred["score"].to_numpy() - (expected[:, 2] - expected[:, 0])).mean() < 0.05
    assert set(pred["sentiment"]) == set(LABELS) and pred["score"].between(-1, 1).all()


@pytest.mark.parametrize("token_type_ids", [False, True])
def test_the_float_export_is_the_pipeline(tmp_path: Path, token_type_ids: bool):
    # BERT's own tokenizers also give token_type_ids, which come before attention_mask in their output but after it
    # in the model's forward call: an exporter that binds inputs by position would swap them
    folder = build_tiny_classifier(tmp_path / "tiny", token_type_ids=token_type_ids)
    fp32 = OnnxSentiment(str(folder), quantize="none", batch_size=4, cache_dir=tmp_path / "cache")
    assert ("token_type_ids" in fp32._inputs) == token_type_ids
    texts = TEXTS + word_salads(60, seed=1)
    pred, expected = fp32.predict(texts, [None] * len(texts)), pipeline_classes(folder, texts)
    assert pred["sentiment"].tolist() == [LABELS[i] for i in expected.argmax(axis=1)]
    # ONNX Runtime fuses layer norms and GELU: float sums in another order, ~1e-5 apart on this wide random model
    np.testing.assert_allclose(pred["score"], expected[:, 2] - expected[:, 0], atol=2e-4)


def test_batches_keep_the_input_order(tiny_dir: Path, cache: Path):
    texts = word_salads(40, seed=2)
    fp32 = OnnxSentiment(str(tiny_dir), quantize="none", batch_size=64, cache_dir=cache)
    many = fp32.predict(texts, [None] * len(texts))
    alone = [fp32.predict([text], [None]).iloc[0]["score"] for text in texts]
    np.testing.assert_allclose(many["score"], alone, atol=2e-4)


def test_int8_scores_depend_a_little_on_the_batch(tiny_dir: Path, cache: Path, int8: OnnxSentiment):
    # dynamic quantization scales the activations by each batch's range, so a text's batch-mates move its score;
    # this random model's wide weights make it far more sensitive than a trained one (docs/benchmarks-transformers.md)
    texts = word_salads(200, seed=2)
    one = OnnxSentiment(str(tiny_dir), batch_size=1, cache_dir=cache).predict(texts, [None] * len(texts))
    many = int8.predict(texts, [None] * len(texts))
    assert (one["sentiment"] == many["sentiment"]).mean() >= 0.9
    assert np.abs(one["score"] - many["score"]).mean() < 0.1


def test_empty_missing_and_long_texts(int8: OnnxSentiment, tiny_dir: Path, cache: Path):
    texts = ["", None, "   ", float("nan"), "great service", "nul " * 5_000]
    pred = int8.predict(texts, [None] * len(texts))  # type: ignore[arg-type]
    assert pred["sentiment"].tolist()[:4] == ["neutral"] * 4 and pred["score"].tolist()[:4] == [0.0] * 4
    assert pred["score"].between(-1, 1).all() and len(pred) == len(texts)
    assert OnnxSentiment(str(tiny_dir), max_length=4096, cache_dir=cache).max_length == 64  # the model's positions
    empty = int8.predict([], [])
    assert list(empty.columns) == ["sentiment", "score"] and empty.empty
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        int8.predict(["a", "b"], [None])


def test_name_and_version_say_onnx_and_the_weights(int8: OnnxSentiment, tiny_dir: Path, cache: Path):
    digest = TransformersSentiment(str(tiny_dir)).version
    assert int8.name == "onnx:tiny-sentiment"
    assert int8.version == f"{digest}+onnx-int8"
    assert OnnxSentiment(str(tiny_dir), quantize="none", cache_dir=cache).version == f"{digest}+onnx-fp32"
    with pytest.raises(ValueError, match="quantize must be one of"):
        OnnxSentiment(str(tiny_dir), quantize="int4", cache_dir=cache)  # type: ignore[arg-type]


def test_the_export_is_cached_by_weights_digest(tmp_path: Path, tiny_dir: Path):
    cache = tmp_path / "cache"
    first = OnnxSentiment(str(tiny_dir), cache_dir=cache)
    stamp = first.onnx_path.stat().st_mtime_ns
    again = OnnxSentiment(str(tiny_dir), cache_dir=cache)
    assert first.built and not again.built
    assert again.onnx_path == first.onnx_path and first.onnx_path.stat().st_mtime_ns == stamp
    assert first.onnx_path.parent.name.startswith(first.version.split("+")[0])
    texts = word_salads(20, seed=3)
    assert again.predict(texts, [None] * 20).equals(first.predict(texts, [None] * 20))
    meta = json.loads((first.onnx_path.parent / "export.json").read_text())
    assert meta["quantize"] == "int8" and meta["source"] == str(tiny_dir.resolve())
    # a copy of the same weights elsewhere shares the entry; retrained in place, it gets a new one
    copy = shutil.copytree(tiny_dir, tmp_path / "copy")
    assert not OnnxSentiment(str(copy), cache_dir=cache).built
    build_tiny_classifier(copy, seed=7)
    retrained = OnnxSentiment(str(copy), cache_dir=cache)
    assert retrained.built and retrained.onnx_path != first.onnx_path and retrained.version != first.version
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [first.onnx_path.parent.name, retrained.onnx_path.parent.name]
    )  # no temporary folder left behind
    assert not retrained.predict(texts, [None] * 20).equals(first.predict(texts, [None] * 20))


def test_a_damaged_cache_entry_says_to_delete_it(tmp_path: Path, tiny_dir: Path):
    cache = tmp_path / "cache"
    path = OnnxSentiment(str(tiny_dir), cache_dir=cache).onnx_path
    path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    with pytest.raises(ValueError, match=rf"cannot be read by ONNX Runtime .*delete {path.parent}"):
        OnnxSentiment(str(tiny_dir), cache_dir=cache)
    shutil.rmtree(path.parent)
    assert OnnxSentiment(str(tiny_dir), cache_dir=cache).built


def test_default_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "reputation" / "onnx"


def test_loaded_by_name_with_the_project_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    folder = build_tiny_classifier(tmp_path / "generic", ("LABEL_0", "LABEL_1", "LABEL_2"))
    with pytest.raises(ValueError, match=r"models\.transformers\.labels"):  # the transformers backend's label logic
        load_sentiment_model(f"onnx:{folder}")
    assert not (tmp_path / "cache").exists()  # refused before anything was exported
    settings = TransformersSettings(labels={"LABEL_0": "negative", "1": "neutral", "label_2": "positive"})
    model = load_sentiment_model(f"onnx:{folder}", transformers=settings)
    assert isinstance(model, OnnxSentiment) and model.version.endswith("+onnx-int8")
    assert (tmp_path / "cache" / model.onnx_path.parent.name / MODEL_FILE).is_file()
    fp32 = load_sentiment_model(f"onnx:{folder}", transformers=settings.model_copy(update={"quantize": "none"}))
    expected = pipeline_classes(folder, TEXTS, {"LABEL_0": "negative", "LABEL_1": "neutral", "LABEL_2": "positive"})
    assert fp32.predict(TEXTS, [None] * len(TEXTS))["sentiment"].tolist() == [LABELS[i] for i in expected.argmax(1)]
    with pytest.raises(ValueError, match="no model folder at"):
        load_sentiment_model(f"onnx:{tmp_path / 'nope'}")
    with pytest.raises(ValueError, match="onnx:<hub id or folder>"):
        load_sentiment_model("onnx")


def test_a_folder_relative_to_the_project_file(tmp_path: Path):
    (tmp_path / "models" / "tiny").mkdir(parents=True)
    base = {"name": "P", "brands": {"own": {"name": "Nexora", "query": "nexora"}}}
    local = parse_project({**base, "models": {"sentiment": "onnx:models/tiny"}}, tmp_path)
    assert local.sentiment_spec == f"onnx:{(tmp_path / 'models' / 'tiny').resolve()}"
    hub = parse_project({**base, "models": {"sentiment": "onnx:cardiffnlp/twitter-xlm-roberta"}}, tmp_path)
    assert hub.sentiment_spec == "onnx:cardiffnlp/twitter-xlm-roberta"


# A fresh interpreter in which importing these packages fails as it does where they are not installed: None in
# sys.modules is Python's own "no such module" (import raises ImportError, importlib.util.find_spec says None).
BLOCKER = """
import sys
for name in {BLOCKED}:
    sys.modules[name] = None
"""
LOAD = """
from reputation.nlp.sentiment import load_sentiment_model
try:
    load_sentiment_model(sys.argv[1])
except ImportError as err:
    print("ImportError:", err)
"""


@pytest.mark.parametrize("blocked", [("onnxruntime",), ("onnx",), ("torch",)])
def test_a_missing_package_is_a_clear_error(tmp_path: Path, tiny_dir: Path, blocked: tuple[str, ...]):
    env = {**os.environ, "PYTHONPATH": str(ROOT), CACHE_ENV: str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    script = BLOCKER.format(BLOCKED=set(blocked)) + LOAD
    done = subprocess.run(
        [sys.executable, "-c", script, f"onnx:{tiny_dir}"], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    assert "ImportError: the onnx backend needs onnxruntime and onnx" in done.stdout
    assert "pip install 'reputation[onnx]'" in done.stdout
    assert not list((tmp_path / "cache").glob("*/model.onnx"))


def test_the_cli_names_the_extra_when_onnxruntime_is_missing(tmp_path: Path, tiny_dir: Path):
    source = tmp_path / "in.csv"
    source.write_text("text,lang\ngreat service,en\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), CACHE_ENV: str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    cli = "from reputation.cli import main\nsys.argv = ['reputation', *sys.argv[1:]]\nmain()\n"
    args = ["sentiment", "predict", str(source), str(tmp_path / "out.csv"), "-m", f"onnx:{tiny_dir}"]
    done = subprocess.run(
        [sys.executable, "-c", BLOCKER.format(BLOCKED={"onnxruntime"}) + cli, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode != 0 and not (tmp_path / "out.csv").exists()
    assert "pip install 'reputation[onnx]'" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


CACHED = """
import json
from reputation.nlp.sentiment import load_sentiment_model
model = load_sentiment_model(sys.argv[1])
texts = json.loads(sys.argv[2])
print(json.dumps({"built": model.built, "scores": model.predict(texts, [None] * len(texts))["score"].tolist()}))
"""


def test_a_cached_model_needs_neither_torch_nor_onnx(tmp_path: Path, tiny_dir: Path):
    cache = tmp_path / "cache"
    expected = OnnxSentiment(str(tiny_dir), cache_dir=cache).predict(TEXTS, [None] * len(TEXTS))
    env = {**os.environ, "PYTHONPATH": str(ROOT), CACHE_ENV: str(cache), "HF_HUB_OFFLINE": "1"}
    script = BLOCKER.format(BLOCKED={"torch", "onnx"}) + CACHED
    done = subprocess.run(
        [sys.executable, "-c", script, f"onnx:{tiny_dir}", json.dumps(TEXTS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["built"] is False
    np.testing.assert_allclose(found["scores"], expected["score"], atol=1e-6)


HUB = """
import json
from reputation.nlp.onnx_backend import OnnxSentiment
model = OnnxSentiment("acme/tiny-sentiment")
print(json.dumps({"name": model.name, "version": model.version, "entry": model.onnx_path.parent.name}))
"""


def test_a_hub_model_is_named_by_its_id_and_commit(tmp_path: Path, tiny_dir: Path):
    # a Hugging Face cache laid out as huggingface_hub writes it; a fresh process, as the hub reads its env on import
    commit = "0123456789abcdef0123456789abcdef01234567"
    repo = tmp_path / "hub" / "models--acme--tiny-sentiment"
    shutil.copytree(tiny_dir, repo / "snapshots" / commit)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(commit)
    env = {
        **os.environ,
        "HF_HUB_CACHE": str(tmp_path / "hub"),
        "HF_HUB_OFFLINE": "1",
        "PYTHONPATH": str(ROOT),
        CACHE_ENV: str(tmp_path / "cache"),
    }
    done = subprocess.run([sys.executable, "-c", HUB], env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert (found["name"], found["version"]) == ("onnx:acme/tiny-sentiment", f"{commit}+onnx-int8")
    # the cache entry is keyed by the weights, wherever they were read from
    assert found["entry"].startswith(TransformersSentiment(str(tiny_dir)).version + "-int8")
