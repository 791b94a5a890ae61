"""Sentiment from a Hugging Face sequence-classification model (`models.sentiment: transformers:<hub id or folder>`).

Any model whose labels say negative / neutral / positive (or neg / neu / pos, or 1 to 5 stars) works as it is;
other label names are mapped in the project file (`models.transformers.labels`). Texts are tokenized once, sorted
by length and batched, so a batch pads to nearly its own length; results come back in the input order.
Loading, labels and batching are shared with the ONNX Runtime backend (`onnx_backend.py`), which runs the same models.
Needs the optional dependencies: ``pip install 'reputation[transformers]'``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reputation.nlp.sentiment import LABELS, TRANSFORMERS_PREFIX

INSTALL_HINT = "the transformers backend needs torch and transformers: pip install 'reputation[transformers]'"
_SYNONYMS = {
    "negative": "negative",
    "neg": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "positive": "positive",
    "pos": "positive",
}
_STARS = re.compile(r"^([1-5])\s*stars?$")
# Files whose bytes decide the predictions; sharded checkpoints match too (model-00001-of-00002.safetensors).
_WEIGHT_PATTERNS = ("model*.safetensors", "pytorch_model*.bin")
_HASH_CHUNK = 1 << 20


class SortedBatchSentiment:
    """What the transformers and ONNX backends share: labels, tokenizing, sorting by length, batching, scoring.

    A subclass loads `_tokenizer`, `_classes` (`class_matrix`), `batch_size` and `max_length`, and implements
    `_probabilities`, which turns one padded batch into the model's label probabilities.
    """

    _tokenizer: Any
    _classes: np.ndarray
    batch_size: int
    max_length: int
    name: str
    version: str

    def _probabilities(self, batch: dict[str, list[list[int]]]) -> np.ndarray:
        """(batch x model labels) probabilities for one batch of token ids, not yet padded."""
        raise NotImplementedError

    def predict(self, texts: Sequence[str | None], langs: Sequence[str | None]) -> pd.DataFrame:
        """One row per text, in input order; empty or missing texts are neutral with score 0 (nothing to read).

        `langs` is not used: the model reads the text as it is (pick a multilingual model for mixed languages).
        """
        if len(texts) != len(langs):
            raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
        proba = np.zeros((len(texts), len(LABELS)))
        proba[:, LABELS.index("neutral")] = 1.0
        present = np.asarray(
            [i for i, text in enumerate(texts) if isinstance(text, str) and text.strip()], dtype=np.int64
        )
        if len(present):
            encoded = self._tokenizer(
                [texts[i] for i in present], truncation=True, max_length=self.max_length, padding=False
            )
            lengths = np.fromiter((len(ids) for ids in encoded["input_ids"]), dtype=np.int64, count=len(present))
            order = np.argsort(lengths, kind="stable")
            for start in range(0, len(order), self.batch_size):
                chunk = order[start : start + self.batch_size]
                probs = self._probabilities({key: [values[j] for j in chunk] for key, values in encoded.items()})
                proba[present[chunk]] = probs @ self._classes
        sentiment = np.asarray(LABELS)[proba.argmax(axis=1)]
        score = proba[:, LABELS.index("positive")] - proba[:, LABELS.index("negative")]
        return pd.DataFrame({"sentiment": sentiment, "score": np.clip(score, -1.0, 1.0)})


@dataclass(frozen=True)
class ModelSource:
    """Where a model's files are read from, with its config; `folder` is None for a hub id."""

    model: str
    folder: Path | None
    config: Any

    @property
    def path(self) -> str:
        return str(self.folder) if self.folder else self.model

    @property
    def local(self) -> bool:
        return self.folder is not None

    def weights_folder(self) -> Path | None:
        """The folder that holds the weights: the local folder, or the hub snapshot in the local cache."""
        return self.folder or _hub_snapshot(self.model)[1]

    def version(self) -> str:
        """A folder's weights digest, or the commit of the cached hub snapshot (its digest if it has none)."""
        if self.folder:
            return weights_digest(self.folder)
        commit, snapshot = _hub_snapshot(self.model)
        return commit or (weights_digest(snapshot) if snapshot else "unknown")


def load_source(model: str, prefix: str) -> ModelSource:
    """Find `model` (a folder or a hub id) and read its config; errors say what to give instead.

    `prefix` is the project-file prefix (`transformers:`, `onnx:`) used in the messages.
    """
    from transformers import AutoConfig

    folder = _local_folder(model)
    source = str(folder) if folder else model
    try:
        config = AutoConfig.from_pretrained(source, local_files_only=folder is not None)
    except (OSError, ValueError) as err:  # ValueError: a config.json without a model type
        if folder:
            raise ValueError(f"{folder} is not a transformers model folder (no usable config.json): {err}") from err
        if not isinstance(err, OSError):
            raise ValueError(f"{model}: not a usable transformers model: {err}") from err
        raise ValueError(
            f"could not load the Hugging Face model {model!r}: it is not in the local cache and the hub could not "
            "be reached (offline?) or does not know it. Download it once where the hub is reachable, or give a "
            f"local folder saved with save_pretrained: {prefix}/path/to/model"
        ) from err
    return ModelSource(model, folder, config)


class TransformersSentiment(SortedBatchSentiment):
    """3-class sentiment from a sequence-classification model; score = P(positive) - P(negative).

    `model` is a local folder (as written by `save_pretrained`) or a hub id. Labels mapped to the same class have
    their probabilities summed, so 2-class and 5-star models work. Loading happens here, so a missing model or
    unusable labels fail at construction with a message saying what to do.
    """

    def __init__(
        self, model: str, *, batch_size: int = 32, max_length: int = 128, labels: Mapping[str, str] | None = None
    ) -> None:
        check_sizes(batch_size, max_length)
        try:
            import torch  # noqa: F401  (checked here so the hint names both packages)
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as err:
            raise ImportError(INSTALL_HINT) from err

        source = load_source(model, TRANSFORMERS_PREFIX)
        # labels before weights: a model that cannot be used is refused without loading it
        self._classes = class_matrix(source.config, labels)
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(source.path, local_files_only=source.local)
            self._model = AutoModelForSequenceClassification.from_pretrained(
                source.path, config=source.config, local_files_only=source.local
            )
        except (OSError, ValueError) as err:
            raise ValueError(f"{source.path}: cannot load the tokenizer or the weights: {err}") from err
        self._model.eval()
        self.max_length = usable_max_length(self._tokenizer, max_length)
        self.batch_size = batch_size
        self.name = TRANSFORMERS_PREFIX + (source.folder.name if source.folder else model)
        self.version = source.version()

    def _probabilities(self, batch: dict[str, list[list[int]]]) -> np.ndarray:
        import torch

        with torch.inference_mode():
            padded = self._tokenizer.pad(batch, return_tensors="pt")
            return self._model(**padded).logits.float().softmax(dim=-1).numpy()


def class_matrix(config: Any, labels: Mapping[str, str] | None = None) -> np.ndarray:
    """The (model labels x 3) matrix of a model config's labels, with the project file's overrides."""
    return _class_matrix(dict(config.id2label), labels or {})


def check_sizes(batch_size: int, max_length: int) -> None:
    """Refuse a batch size or a token limit below 1."""
    if batch_size < 1 or max_length < 1:
        raise ValueError(f"batch_size and max_length must be positive, got {batch_size} and {max_length}")


def usable_max_length(tokenizer: Any, wanted: int) -> int:
    """`wanted`, but never more than the tokenizer's model accepts."""
    # Longer than the model's positions would crash the forward pass; tokenizers without a limit report ~1e30.
    return min(wanted, tokenizer.model_max_length)


def canonical_label(label: str) -> str | None:
    """negative / neutral / positive for a model label name (case-insensitive; stars: 1-2, 3, 4-5), else None."""
    name = label.strip().lower()
    if stars := _STARS.match(name):
        return LABELS[(int(stars.group(1)) > 2) + (int(stars.group(1)) > 3)]
    return _SYNONYMS.get(name)


def _class_matrix(id2label: dict[int, str], overrides: Mapping[str, str]) -> np.ndarray:
    """(model labels x 3) 0/1 matrix: probabilities @ matrix sums each class's labels. Explains unusable labels."""
    names = [id2label[i] for i in sorted(id2label)]
    # the project file may name a label as the model does, in any case, or by its class index
    given = {str(key).strip().lower(): str(value).strip().lower() for key, value in overrides.items()}
    mapped = [given.get(name.lower(), given.get(str(i))) or canonical_label(name) for i, name in enumerate(names)]
    unmapped = [name for name, target in zip(names, mapped, strict=True) if target is None]
    bad = sorted({str(t) for t in mapped if t is not None and t not in LABELS})
    if unmapped or bad:
        problem = f"labels {unmapped} do not say negative/neutral/positive" if unmapped else f"unknown classes {bad}"
        raise ValueError(
            f"the model's labels are {names}: {problem}. Map each label in the project file, e.g. "
            "models.transformers.labels: {" + ", ".join(f"{n}: ..." for n in names) + "} "
            "with values negative, neutral or positive."
        )
    if not {"negative", "positive"} <= set(mapped):
        raise ValueError(
            f"the model's labels {names} map to {sorted(set(mapped))}: need at least negative and positive"
        )
    matrix = np.zeros((len(names), len(LABELS)), dtype=np.float32)
    for row, target in enumerate(mapped):
        matrix[row, LABELS.index(target)] = 1.0  # type: ignore[arg-type]
    return matrix


def _local_folder(model: str) -> Path | None:
    """The folder `model` names, None for a hub id; a path that is no folder is an error, not a hub lookup."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path.resolve()
    # hub ids are "name" or "org/name": anything else that looks like a path was meant as a folder
    if model.startswith(("/", ".", "~")) or model.count("/") > 1 or "\\" in model:
        raise ValueError(f"no model folder at {path} (a local folder or a hub id like org/name is expected)")
    return None


def weights_digest(folder: Path) -> str:
    """First 12 hex of a sha256 over the weight files and config.json: retraining in place changes it."""
    files = [*sorted({f for pattern in _WEIGHT_PATTERNS for f in folder.glob(pattern)}), folder / "config.json"]
    digest = hashlib.sha256()
    for file in files:
        if file.is_file():
            digest.update(file.name.encode() + b"\0")
            with file.open("rb") as handle:
                while chunk := handle.read(_HASH_CHUNK):
                    digest.update(chunk)
    return digest.hexdigest()[:12]


def _hub_snapshot(model: str) -> tuple[str | None, Path | None]:
    """The commit and snapshot folder of a hub model in the local cache (huggingface_hub's documented layout)."""
    from huggingface_hub import try_to_load_from_cache

    config = try_to_load_from_cache(model, "config.json")
    if not isinstance(config, str):
        return None, None
    snapshot = Path(config).parent
    is_commit = snapshot.parent.name == "snapshots" and re.fullmatch(r"[0-9a-f]{40}", snapshot.name)
    return (snapshot.name if is_commit else None), snapshot
