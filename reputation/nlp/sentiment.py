"""Sentiment behind one interface, chosen by name in the project file.

Built-in: ``builtin-lexicon``, VADER for English and its French port for French (offline, from PyPI). Other
languages are scored with the English lexicon, which mostly answers neutral: a graceful degradation.
``builtin-linear``: a logistic regression over TF-IDF word and character n-grams plus the lexicon scores and a
few tweet cues, averaged with an NB-LR model (one-vs-rest, n-grams scaled by their log-count ratios), trained on
UMSAB tweets by ``models/train_sentiment.py``; its artifact ships in ``reputation/nlp/artifacts/``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from reputation.nlp.text import HANDLE, URL

if TYPE_CHECKING:
    from reputation.config import TransformersSettings

LABELS = ("negative", "neutral", "positive")


class SentimentModel(Protocol):
    name: str
    version: str

    def predict(self, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        """Columns `sentiment` (negative | neutral | positive) and `score` (polarity in [-1, 1])."""
        ...


class LexiconSentiment:
    """VADER compound polarity, thresholded at ±`threshold` (VADER's own recommended 0.05)."""

    name = "builtin-lexicon"

    def __init__(self, threshold: float = 0.05) -> None:
        self.threshold = threshold
        self._en, self._fr = vader_analyzers()
        self.version = f"1+vader{version('vaderSentiment')}+vaderfr{version('vaderSentiment_fr')}"

    def __getstate__(self) -> dict[str, Any]:
        # sent to worker processes without the lexicons: each process loads its own once
        return {k: v for k, v in self.__dict__.items() if k not in ("_en", "_fr")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._en, self._fr = vader_analyzers()

    def predict(self, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        scores = np.empty(len(texts))
        for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
            clean = HANDLE.sub(" ", URL.sub(" ", text or ""))
            analyzer = self._fr if lang == "fr" else self._en
            scores[i] = analyzer.polarity_scores(clean)["compound"]
        labels = np.where(
            scores >= self.threshold, "positive", np.where(scores <= -self.threshold, "negative", "neutral")
        )
        return pd.DataFrame({"sentiment": labels, "score": scores})


# --- builtin-linear: features shared by training (models/train_sentiment.py) and inference, so they cannot drift ---

ARTIFACT = "sentiment-linear.joblib"
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")  # UMSAB English keeps literal \u2019-style escapes
_REPEAT = re.compile(r"(\w)\1{2,}")  # "soooo" -> "soo": keeps the emphasis cue, merges spellings
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-Z])")
_CAPS = re.compile(r"\b[A-ZÀ-Ý]{3,}\b")
_NEGATION = re.compile(
    r"\b(?:not|no|never|nothing|nobody|cannot|\w+n't|ne|n'|pas|jamais|rien|personne|aucun|aucune|sans)\b", re.I
)
# Emoji and emoticons carry much of a tweet's polarity and are language-independent; small hand-made lists.
_POS_EMO = re.compile(
    r"[😀😁😂😃😄😅😆😉😊😋😍😎😘🙂🤗🤩🥰👍👏🙌💪🎉🎊✨🌟⭐💯🔥❤💕💖💗💙💚💛💜🧡😻♥☺✌]|"
    r"(?<!\w)(?:[:;=]-?[)D\]pP]|<3|\^\^|xD)(?!\w)"
)
_NEG_EMO = re.compile(
    r"[😞😟😠😡😢😣😤😥😦😧😨😩😪😫😭😰😱😒😔😕🙁☹💔👎🤬🤮🤢😬🙄😑😐]|(?<!\w)(?:[:;=]-?[(\[/\\|]|:'\()"
)
N_CUES = 11


def normalize(text: str | None) -> str:
    """Tweet clean-up before n-grams: escapes decoded, handles/URLs as placeholders, hashtags split, repeats cut."""
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text or "").replace('""', '"')
    text = HANDLE.sub(" @user ", URL.sub(" http ", text))
    text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    return " ".join(_REPEAT.sub(r"\1\1", text).split())


@cache
def vader_analyzers() -> tuple[Any, Any]:
    """VADER's English analyzer and the French port's (reputation.nlp.vader_fr: the same scores, faster)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as English

    from reputation.nlp import vader_fr

    return English(), vader_fr.analyzer()


def cue_features(texts: Sequence[str], langs: Sequence[str | None]) -> np.ndarray:
    """Dense features per normalized text: VADER (French port for `fr`) neg/neu/pos/compound, then tweet cues."""
    english, french = vader_analyzers()
    out = np.zeros((len(texts), N_CUES))
    # the features depend on the text and on whether it is French only: a repeated one (shares, copies, the same
    # text once handles and links are normalized) is scored once per batch
    first: dict[tuple[str, bool], int] = {}
    for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
        seen = first.setdefault((text, lang == "fr"), i)
        if seen != i:
            out[i] = out[seen]
            continue
        vader = (french if lang == "fr" else english).polarity_scores(text)
        n_words = max(len(text.split()), 1)
        out[i] = (
            vader["neg"],
            vader["neu"],
            vader["pos"],
            vader["compound"],
            min(text.count("!"), 3) / 3,
            min(text.count("?"), 3) / 3,
            min(len(_CAPS.findall(text)) / n_words, 1.0),
            min(len(_NEGATION.findall(text)), 2) / 2,
            min(len(_POS_EMO.findall(text)), 3) / 3,
            min(len(_NEG_EMO.findall(text)), 3) / 3,
            float(lang == "fr"),  # lets the lexicon weights differ between the two VADER variants
        )
    return out


def featurize(bundle: dict[str, Any], texts: Sequence[str], langs: Sequence[str | None]) -> Any:
    """The sparse design matrix of a trained bundle (its fitted `word`/`char` vectorizers and `cue_weight`)."""
    clean = [normalize(t) for t in texts]
    return design_matrix(bundle, clean, cue_features(clean, langs))


def design_matrix(bundle: dict[str, Any], clean: list[str], cues: np.ndarray) -> Any:
    from scipy.sparse import csr_matrix, hstack

    from reputation.nlp import ngram_counts  # the vectorizers' own transform, per distinct word: same matrix, faster

    words, chars = (ngram_counts.transform(bundle[k], clean) for k in ("word", "char"))
    blocks = [words, chars, csr_matrix(cues * bundle["cue_weight"])]
    return hstack(blocks, format="csr")


def predict_proba(bundle: dict[str, Any], texts: Sequence[str], langs: Sequence[str | None]) -> np.ndarray:
    """Class probabilities, columns in LABELS order (negative, neutral, positive)."""
    clean = [normalize(t) for t in texts]
    return class_probabilities(bundle, clean, cue_features(clean, langs))


def class_probabilities(bundle: dict[str, Any], clean: list[str], cues: np.ndarray) -> np.ndarray:
    design = design_matrix(bundle, clean, cues)
    if bundle.get("base") is not None:
        # A model trained on top of another (sentiment_training.fit_linear): its weights are a correction added to
        # the base model's log-probabilities, so where the new labels taught nothing, the base model's answer stands.
        offset = np.log(np.clip(class_probabilities(bundle["base"], clean, cues), 1e-9, 1.0))
        return softmax(design @ bundle["coef"].T + bundle["intercept"] + offset)
    clf = bundle["clf"]
    out = np.zeros((design.shape[0], len(LABELS)))
    out[:, np.asarray(clf.classes_)] = clf.predict_proba(design)  # class ids 0/1/2 index LABELS
    nb = bundle.get("nb")
    if nb is not None:  # averaged with the NB-LR model (sentiment_training.fit_nb): CV +0.01 macro-F1 in both languages
        out = (1.0 - nb["weight"]) * out + nb["weight"] * nb_probabilities(nb, design)
    return out


def nb_probabilities(nb: dict[str, Any], design: Any) -> np.ndarray:
    """One-vs-rest NB-LR probabilities, normalized over the classes; its log-count ratios are folded into `coef`."""
    ovr = 1.0 / (1.0 + np.exp(-(design @ nb["coef"].T + nb["intercept"])))
    return ovr / np.clip(ovr.sum(axis=1, keepdims=True), 1e-12, None)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


class LinearSentiment:
    """Logistic regression (+ NB-LR) over TF-IDF n-grams and lexicon/cue features; score = P(positive) - P(negative)."""

    name = "builtin-linear"

    def __init__(
        self, path: str | None = None, name: str | None = None, version: str | None = None, workers: int | None = None
    ) -> None:
        """The shipped artifact, or a trained one at `path` (a registry entry passes its own name and version).

        `workers`: processes for large batches (default: the machine's cores, at most 4; 1 keeps it in process).
        """
        # Loading is deferred to the first predict(): constructing the model (e.g. to read its name) stays cheap.
        self._path = path
        self.workers = workers or min(os.cpu_count() or 1, MAX_WORKERS)
        self._bundle: dict[str, Any] | None = None
        self._loadable = True  # from the shipped artifact or a file: a process can read it itself
        self.name = name or self.name
        self.version = f"{version or '1'}+{_artifact_digest(path)}"

    @classmethod
    def from_bundle(cls, bundle: dict[str, Any], name: str, version: str) -> LinearSentiment:
        """A model from an in-memory bundle (just trained, not yet saved)."""
        model = cls.__new__(cls)
        model._path, model._bundle, model.name, model.version = None, bundle, name, version
        model.workers = 1  # an unsaved bundle cannot be loaded by worker processes
        model._loadable = False
        return model

    def __getstate__(self) -> dict[str, Any]:
        """Sent to another process (a worker of the stages' pool, a Dask worker), the model predicts there, in that
        process, and without its fitted objects when that process can read them itself (once per process)."""
        state = dict(self.__dict__, workers=1)
        if state.get("_loadable", True):
            state["_bundle"] = None
        return state

    @property
    def bundle(self) -> dict[str, Any]:
        """The fitted scikit-learn objects (loaded on first use)."""
        if self._bundle is None:
            self._bundle = _load_artifact(self._path)
        return self._bundle

    def predict(self, texts: Sequence[str], langs: Sequence[str | None]) -> pd.DataFrame:
        bundle = self.bundle
        if len(texts) == 0:
            return pd.DataFrame({"sentiment": pd.Series(dtype=object), "score": pd.Series(dtype=float)})
        if self.workers > 1 and len(texts) >= PARALLEL_FROM:
            proba = _predict_in_workers(self._path, list(texts), list(langs), self.workers)
        else:
            proba = predict_proba(bundle, texts, langs)
        labels = np.asarray(LABELS)[proba.argmax(axis=1)]
        score = proba[:, 2] - proba[:, 0]
        return pd.DataFrame({"sentiment": labels, "score": np.clip(score, -1.0, 1.0)})


# Featurizing is pure Python (scikit-learn's character analyzer, VADER) and holds the GIL: large batches are split
# over worker processes. Each worker loads the artifact once (joblib's loky workers are reused between calls), so a
# call only ships texts and probabilities. Below PARALLEL_FROM texts, starting or feeding workers costs more.
MAX_WORKERS = 4
PARALLEL_FROM = 4_000


@cache
def _load_artifact(path: str | None) -> dict[str, Any]:
    """A trained bundle, read once per process (a worker process keeps its own between calls)."""
    import joblib

    with _artifact_file(path) as handle:
        return joblib.load(handle)


def _predict_chunk(path: str | None, texts: list[str], langs: list[str | None]) -> np.ndarray:
    return predict_proba(_load_artifact(path), texts, langs)


def _predict_in_workers(path: str | None, texts: list[str], langs: list[str | None], workers: int) -> np.ndarray:
    from joblib import Parallel, delayed

    bounds = np.linspace(0, len(texts), workers + 1).astype(int)
    parts = Parallel(n_jobs=workers, backend="loky")(
        delayed(_predict_chunk)(path, texts[a:b], langs[a:b]) for a, b in pairwise(bounds)
    )
    return np.vstack(parts)


def _artifact_file(path: str | None) -> Any:
    return open(path, "rb") if path else files("reputation.nlp").joinpath("artifacts", ARTIFACT).open("rb")


def _artifact_digest(path: str | None) -> str:
    with _artifact_file(path) as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


BUILTIN_MODELS = {"builtin-lexicon": LexiconSentiment, "builtin-linear": LinearSentiment}
TRANSFORMERS_PREFIX = "transformers:"
ONNX_PREFIX = "onnx:"


def load_sentiment_model(
    spec: str, *, transformers: TransformersSettings | None = None, registry: Path | None = None
) -> SentimentModel:
    """The model a project names: built-in, `transformers:` or `onnx:<hub id or folder>`, or a trained one.

    `transformers` says how a Hugging Face model runs (both prefixes); `registry` is the folder of the project's
    trained models. An unknown name lists the known ones.
    """
    if spec in BUILTIN_MODELS:
        return BUILTIN_MODELS[spec]()
    if spec.startswith((TRANSFORMERS_PREFIX, ONNX_PREFIX)):
        from reputation.config import TransformersSettings

        settings = transformers or TransformersSettings()
        common = {"batch_size": settings.batch_size, "max_length": settings.max_length, "labels": settings.labels}
        if spec.startswith(ONNX_PREFIX):
            from reputation.nlp.onnx_backend import OnnxSentiment

            return OnnxSentiment(spec.removeprefix(ONNX_PREFIX), quantize=settings.quantize, **common)
        from reputation.nlp.transformers_backend import TransformersSentiment

        return TransformersSentiment(spec.removeprefix(TRANSFORMERS_PREFIX), **common)
    if registry is not None:
        from reputation.nlp.registry import ModelRegistry

        found = ModelRegistry(registry).find(spec)  # a wrong version of a known name raises, naming the versions
        if found is not None:
            return LinearSentiment(str(found.artifact), name=found.name, version=f"v{found.version}")
    trained = f", or a model trained into {registry}" if registry is not None else ""
    known = f"{sorted(BUILTIN_MODELS)}, transformers:<hub id or folder>, onnx:<hub id or folder>{trained}"
    raise ValueError(f"unknown sentiment model {spec!r}; available: {known}")
