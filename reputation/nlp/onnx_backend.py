"""Sentiment from a Hugging Face classifier run by ONNX Runtime, int8 (`models.sentiment: onnx:<id or folder>`).

The model is read as the transformers backend reads it (same folders, hub ids, labels and label overrides), exported
once to ONNX with `torch.onnx.export`, its weights quantized to int8 by `onnxruntime.quantization.quantize_dynamic`
(activations are quantized on the fly, batch by batch), and the result cached under a folder named by the weights'
digest: later runs load the cached file and need neither torch nor the export. Texts are sorted by length and batched
as in the transformers backend, each batch padded to its own longest text.
Needs the optional dependencies: ``pip install 'reputation[onnx]'``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import numpy as np

from reputation.nlp.sentiment import ONNX_PREFIX, softmax
from reputation.nlp.transformers_backend import (
    SortedBatchSentiment,
    check_sizes,
    class_matrix,
    load_source,
    usable_max_length,
    weights_digest,
)

INSTALL_HINT = (
    "the onnx backend needs onnxruntime and onnx (and torch, transformers and onnxscript, to export the model): "
    "pip install 'reputation[onnx]'"
)
Quantize = Literal["int8", "none"]
QUANTIZE: tuple[Quantize, ...] = ("int8", "none")
CACHE_ENV = "REPUTATION_ONNX_CACHE"
MODEL_FILE = "model.onnx"
OPSET = 18  # the exporter's own default: no version conversion
# Bumped when the export or the quantization changes, so a cache written by an older release is not reused.
EXPORT_FORMAT = 2


def default_cache_dir() -> Path:
    """$REPUTATION_ONNX_CACHE, else $XDG_CACHE_HOME/reputation/onnx, else ~/.cache/reputation/onnx."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reputation" / "onnx"


class OnnxSentiment(SortedBatchSentiment):
    """3-class sentiment from a sequence-classification model run by ONNX Runtime; score = P(positive) - P(negative).

    `model`, `labels`, `batch_size` and `max_length` mean what they mean for `TransformersSentiment`. `quantize`:
    int8 (weights stored as 8-bit integers, dynamic quantization of the activations) or none (the float export).
    `cache_dir`: where exported models are kept (default: `default_cache_dir()`); `threads`: ONNX Runtime's
    intra-op threads (0: its default, one per physical core). `built` says whether this call exported the model
    (False: it was found in the cache).
    """

    def __init__(
        self,
        model: str,
        *,
        batch_size: int = 32,
        max_length: int = 128,
        labels: Mapping[str, str] | None = None,
        quantize: Quantize = "int8",
        cache_dir: Path | str | None = None,
        threads: int = 0,
    ) -> None:
        check_sizes(batch_size, max_length)
        if quantize not in QUANTIZE:
            raise ValueError(f"quantize must be one of {list(QUANTIZE)}, got {quantize!r}")
        try:
            import onnxruntime
            from transformers import AutoTokenizer
        except ImportError as err:
            raise ImportError(INSTALL_HINT) from err

        source = load_source(model, ONNX_PREFIX)
        self._classes = class_matrix(source.config, labels)  # labels first: an unusable model is refused at once
        weights = source.weights_folder()
        if weights is None:
            raise ValueError(f"{model}: the hub model's files are not in the local cache, nothing to export")
        digest = weights_digest(weights)
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(source.path, local_files_only=source.local)
        except (OSError, ValueError) as err:
            raise ValueError(f"{source.path}: cannot load the tokenizer: {err}") from err
        self.max_length = usable_max_length(self._tokenizer, max_length)
        self.batch_size = batch_size
        self.quantize = quantize
        self.name = ONNX_PREFIX + (source.folder.name if source.folder else model)
        # a folder's version is its weights digest; a hub model's is its snapshot's commit
        base = digest if source.folder else source.version()
        self.version = f"{base}+onnx-{'int8' if quantize == 'int8' else 'fp32'}"
        entry = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
        entry = entry / f"{digest}-{quantize}-v{EXPORT_FORMAT}"
        self.onnx_path = entry / MODEL_FILE
        self.built = not self.onnx_path.is_file()
        if self.built:
            _build(source.path, source.local, entry, quantize, self._tokenizer)
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.log_severity_level = 3  # errors only: the optimizer's notes about the quantized graph are noise here
        try:
            self._session = onnxruntime.InferenceSession(
                str(self.onnx_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as err:  # onnxruntime raises its own exception types (Fail, InvalidProtobuf...)
            raise ValueError(
                f"{self.onnx_path} cannot be read by ONNX Runtime ({err}); delete {entry} to export the model again"
            ) from err
        self._inputs = [i.name for i in self._session.get_inputs()]

    def _probabilities(self, batch: dict[str, list[list[int]]]) -> np.ndarray:
        padded = self._tokenizer.pad(batch, return_tensors="np")
        feed = {name: np.asarray(padded[name], dtype=np.int64) for name in self._inputs}
        return softmax(self._session.run(None, feed)[0].astype(np.float64))


def _build(path: str, local: bool, entry: Path, quantize: Quantize, tokenizer: Any) -> None:
    """Export (and quantize) the model into `entry`: written beside it, then renamed, so an entry is always whole."""
    try:
        import onnx  # noqa: F401  (the quantizer needs it)
        import onnxscript  # noqa: F401  (torch's ONNX exporter needs it)
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoModelForSequenceClassification
    except ImportError as err:
        raise ImportError(INSTALL_HINT) from err

    entry.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
    work.chmod(0o755)  # mkdtemp's folder is private; the cache entry it becomes is readable like any other
    try:
        try:
            # eager attention: plain MatMul/Softmax, which ONNX Runtime ran ~15 % faster than the sdpa export
            model = AutoModelForSequenceClassification.from_pretrained(
                path, local_files_only=local, attn_implementation="eager"
            ).eval()
        except (OSError, ValueError) as err:
            raise ValueError(f"{path}: cannot load the weights to export: {err}") from err
        # two texts of different lengths, so the exported graph pads and masks; both dimensions stay dynamic
        sample = dict(tokenizer(["a b c d e f", "a"], padding=True, return_tensors="pt"))
        exported = work / ("float.onnx" if quantize == "int8" else MODEL_FILE)
        dynamic = {name: {0: torch.export.Dim.DYNAMIC, 1: torch.export.Dim.DYNAMIC} for name in sample}
        # torch.export's exporter (dynamo=True, torch's default). The TorchScript one (dynamo=False) is not used: a
        # BERT that takes token_type_ids came out of it wrong (logits off by up to 3 against torch's, silently).
        with _quiet(), torch.no_grad():
            program = torch.onnx.export(
                model,
                (),
                kwargs=sample,
                input_names=list(sample),
                output_names=["logits"],
                dynamic_shapes=dynamic,
                opset_version=OPSET,
                dynamo=True,
                verbose=False,
            )
            program.save(str(exported))
        if quantize == "int8":
            # per-channel int8 weights: per-tensor lost 3 points of English macro-F1 on MiniLM, per-channel none.
            # MatMul only: the embeddings' Gather too makes a smaller file but no faster model.
            with _quiet():
                quantize_dynamic(
                    exported,
                    work / MODEL_FILE,
                    weight_type=QuantType.QInt8,
                    per_channel=True,
                    op_types_to_quantize=["MatMul"],
                )
            exported.unlink()
        meta = {
            "source": path,
            "quantize": quantize,
            "opset": OPSET,
            "exporter": "torch.onnx.export(dynamo=True)",
            "format": EXPORT_FORMAT,
            "torch": torch.__version__,
            "onnxruntime": _version("onnxruntime"),
        }
        (work / "export.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        try:
            work.rename(entry)
        except OSError:  # another process finished the same entry first: theirs is as good
            if not (entry / MODEL_FILE).is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporter's and quantizer's notes (torchvision ops skipped, "consider pre-processing") for a while."""
    loggers = [logging.getLogger(), logging.getLogger("torch.onnx"), logging.getLogger("onnxscript")]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)
