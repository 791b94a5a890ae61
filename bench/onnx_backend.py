"""Benchmark the ONNX Runtime int8 sentiment backend against a plain `transformers.pipeline`: speed and accuracy.

    python -m bench.onnx_backend [--model data/models/minilm-sentiment] [--repeat 3] [--threads 0]

The model is a real sentiment classifier: all-MiniLM-L6-v2 fine-tuned on the UMSAB French + English train splits by
`models/train_minilm_sentiment.py` (run here first when its folder is missing: about 5 minutes on 2 idle cores). The
texts are the labeled val sets in ../shared/data/sentiment (UMSAB French and English val, TweetEval val without its
lines that are UMSAB train lines). In one process, on the same texts, after a warm-up: the plain pipeline as a user
calls it, the pipeline given a batch size, `TransformersSentiment`, and `OnnxSentiment` float and int8; timed calls
alternate over `--repeat` rounds and each keeps its best. Accuracy is scored per val set from each run's labels.
Writes its section of docs/benchmarks-transformers.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from bench.machine import heading, write_section
from bench.transformers_backend import PAGE_TITLE, timed
from reputation.nlp.onnx_backend import OPSET
from reputation.nlp.sentiment import LABELS
from reputation.nlp.transformers_backend import canonical_label

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "sentiment"
DEFAULT_MODEL = ROOT / "data" / "models" / "minilm-sentiment"
WARMUP = 32
SETS = {  # name -> (folder under the data root, language)
    "UMSAB French val": ("umsab/french", "fr"),
    "UMSAB English val": ("umsab/english", "en"),
    "TweetEval val (not in UMSAB train)": ("tweeteval", "en"),
}
RUNS = {  # key -> how the row is described
    "plain": "plain `pipeline(texts)` (default: one text at a time)",
    "plain_batched": "plain `pipeline(texts, batch_size={bs})`",
    "torch": "`TransformersSentiment` (torch, sorted by length, batches of {bs})",
    "onnx_fp32": "`OnnxSentiment`, float (`quantize: none`)",
    "onnx_int8": "**`OnnxSentiment`, int8** (`onnx:`, the default)",
}


def locate_model(folder: Path) -> Path:
    """The fine-tuned model folder; trained by models/train_minilm_sentiment.py when it is not there yet."""
    if (folder / "config.json").is_file():
        return folder
    if folder.resolve() != DEFAULT_MODEL.resolve():
        raise SystemExit(f"no model folder at {folder}")
    print(f"{folder} is missing: training it (models/train_minilm_sentiment.py)", flush=True)
    spec = importlib.util.spec_from_file_location("train_minilm_sentiment", ROOT / "models/train_minilm_sentiment.py")
    assert spec and spec.loader
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    return trainer.train(folder)


def val_sets(data: Path) -> dict[str, tuple[list[str], list[str], str]]:
    """Texts, gold labels and language of each val set (TweetEval without the UMSAB English train lines)."""
    sets = {}
    seen = set((data / "umsab/english/train_text.txt").read_text(encoding="utf-8").splitlines())
    for name, (folder, lang) in SETS.items():
        texts = (data / folder / "val_text.txt").read_text(encoding="utf-8").splitlines()
        gold = [LABELS[int(x)] for x in (data / folder / "val_labels.txt").read_text(encoding="utf-8").splitlines()]
        if folder == "tweeteval":
            keep = [i for i, text in enumerate(texts) if text not in seen]
            texts, gold = [texts[i] for i in keep], [gold[i] for i in keep]
        sets[name] = (texts, gold, lang)
    return sets


def same(a: list[str], b: list[str]) -> int:
    return sum(x == y for x, y in zip(a, b, strict=True))


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    from sklearn.metrics import f1_score

    return {
        "macro_f1": float(f1_score(gold, pred, average="macro", labels=list(LABELS))),
        "accuracy": float(np.mean(np.asarray(gold) == np.asarray(pred))),
    }


def run(model: Path, batch_size: int, repeat: int, threads: int, data: Path, work: Path) -> dict[str, Any]:
    import torch
    from transformers import pipeline
    from transformers.utils import logging as hf_logging

    from reputation.nlp.onnx_backend import OnnxSentiment
    from reputation.nlp.transformers_backend import TransformersSentiment

    if threads:
        torch.set_num_threads(threads)
    hf_logging.set_verbosity_error()
    sets = val_sets(data)
    # each distinct text once (TweetEval val holds the 324 UMSAB English val lines): timed once, scored in every set
    first_lang: dict[str, str] = {}
    for set_texts, _, lang in sets.values():
        for text in set_texts:
            first_lang.setdefault(text, lang)
    texts, langs = list(first_lang), list(first_lang.values())
    cache = work / "onnx-cache"
    built = {}
    for quantize in ("none", "int8"):  # first construction: export (+ quantize) into an empty cache
        _, built[quantize] = timed(
            lambda q=quantize: OnnxSentiment(str(model), batch_size=batch_size, quantize=q, cache_dir=cache)
        )
    int8, load_s = timed(lambda: OnnxSentiment(str(model), batch_size=batch_size, cache_dir=cache, threads=threads))
    fp32 = OnnxSentiment(str(model), batch_size=batch_size, quantize="none", cache_dir=cache, threads=threads)
    ours = TransformersSentiment(str(model), batch_size=batch_size)
    plain = pipeline("text-classification", model=str(model), truncation=True)
    calls = {
        "plain": lambda: [canonical_label(r["label"]) for r in plain(texts)],
        "plain_batched": lambda: [canonical_label(r["label"]) for r in plain(texts, batch_size=batch_size)],
        "torch": lambda: ours.predict(texts, langs)["sentiment"].tolist(),
        "onnx_fp32": lambda: fp32.predict(texts, langs)["sentiment"].tolist(),
        "onnx_int8": lambda: int8.predict(texts, langs)["sentiment"].tolist(),
    }
    plain(texts[:WARMUP])  # warm-up: first calls allocate memory and pick kernels
    for m in (ours, fp32, int8):
        m.predict(texts[:WARMUP], langs[:WARMUP])
    load_before = os.getloadavg()[0]
    best: dict[str, float] = {}
    labels: dict[str, list[str]] = {}
    for _ in range(repeat):  # rounds interleave the runs, so a busy moment on the machine hits all of them
        for name, call in calls.items():
            labels[name], seconds = timed(call)
            best[name] = min(seconds, best.get(name, float("inf")))
    load_after = os.getloadavg()[0]
    # int8 scales activations by each batch's range: how many labels change when every text is alone?
    alone = OnnxSentiment(str(model), batch_size=1, cache_dir=cache, threads=threads).predict(texts, langs)
    accuracy: dict[str, dict[str, dict[str, float]]] = {}
    for set_name, (set_texts, gold, _) in sets.items():
        accuracy[set_name] = {}
        for name, pred in [*labels.items(), ("onnx_int8_alone", alone["sentiment"].tolist())]:
            by_text = dict(zip(texts, pred, strict=True))
            accuracy[set_name][name] = scores(gold, [by_text[text] for text in set_texts])
    entries = {q: next(cache.glob(f"*-{q}-*")) / "model.onnx" for q in ("none", "int8")}
    return {
        "model": int8.name,
        "version": int8.version,
        "n": len(texts),
        "batch_size": batch_size,
        "repeat": repeat,
        "torch_threads": torch.get_num_threads(),
        "ort_threads": threads or "default",
        "load": (load_before, load_after),
        "seconds": best,
        "build_s": built,
        "load_s": load_s,
        "size_mb": {q: path.stat().st_size / 2**20 for q, path in entries.items()},
        "same_as_plain": {name: same(pred, labels["plain"]) for name, pred in labels.items()},
        "int8_alone_same": same(alone["sentiment"].tolist(), labels["onnx_int8"]),
        "accuracy": accuracy,
        "sizes": {name: len(set_texts) for name, (set_texts, _, _) in sets.items()},
    }


def points(value: float) -> str:
    return f"{100 * value:+.1f}"


def render(r: dict[str, Any], command: str) -> str:
    n, bs, sec = r["n"], r["batch_size"], r["seconds"]
    lines = [
        *heading("ONNX Runtime int8 against a plain pipeline: speed and accuracy", command, level=2),
        f"CPU only; torch threads: {r['torch_threads']}, ONNX Runtime threads: {r['ort_threads']}; load average "
        f"{r['load'][0]:.1f} before the timed runs, {r['load'][1]:.1f} after.",
        "",
        f"Model: `{r['model']}` version `{r['version']}`: all-MiniLM-L6-v2 fine-tuned for 3-class sentiment on the "
        "UMSAB French + English train splits (`models/train_minilm_sentiment.py`, card in "
        "[models/minilm-sentiment/MODEL_CARD.md](../models/minilm-sentiment/MODEL_CARD.md)). "
        f"Texts: the {n:,} distinct lines of the val sets below, in one list.",
        "",
        "| run | texts/s | seconds | vs plain pipeline | same label as plain |",
        "|---|---|---|---|---|",
    ]
    for key, label in RUNS.items():
        lines.append(
            f"| {label.format(bs=bs)} | {n / sec[key]:,.0f} | {sec[key]:.1f} | {sec['plain'] / sec[key]:.2f}× "
            f"| {r['same_as_plain'][key]:,} of {n:,} |"
        )
    lines += [
        "",
        "Accuracy of each run's labels (macro-F1 and accuracy, in points; the difference is int8 minus the plain "
        "pipeline):",
        "",
        "| val set | n | plain pipeline | torch (sorted) | ONNX float | ONNX int8 | int8 − plain |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, runs in r["accuracy"].items():
        size = r["sizes"][name]
        cells = [
            f"{100 * runs[k]['macro_f1']:.1f} / {100 * runs[k]['accuracy']:.1f}"
            for k in ("plain", "torch", "onnx_fp32", "onnx_int8")
        ]
        diff = (
            f"{points(runs['onnx_int8']['macro_f1'] - runs['plain']['macro_f1'])} / "
            f"{points(runs['onnx_int8']['accuracy'] - runs['plain']['accuracy'])}"
        )
        lines.append(f"| {name} | {size:,} | " + " | ".join(cells) + f" | {diff} |")
    lines += [
        "",
        f"Export: {r['build_s']['none']:.1f} s for the float model, {r['build_s']['int8']:.1f} s for the int8 one "
        f"(export and quantization, once per weights digest; cached: {r['size_mb']['none']:.0f} MB float, "
        f"{r['size_mb']['int8']:.0f} MB int8); loading the cached int8 model: {r['load_s']:.1f} s (tokenizer, "
        f"weights digest, ONNX Runtime session). Batch dependence: int8 with every text alone (batches of 1) gives "
        f"the batched run's label for {r['int8_alone_same']:,} of {n:,} texts (dynamic quantization scales each "
        "batch's activations by that batch's range); its macro-F1 alone: "
        + ", ".join(f"{100 * runs['onnx_int8_alone']['macro_f1']:.1f}" for runs in r["accuracy"].values())
        + " on the three sets.",
        "",
        "Method: one process, one list of texts (each distinct line of the val sets once, in file order; TweetEval "
        "val holds the UMSAB English val lines), after a warm-up on "
        f"{WARMUP} texts. The plain pipeline is `transformers.pipeline('text-classification', model=folder, "
        "truncation=True)` called as a user would; the second row gives it the backend's batch size. The backends "
        "tokenize once, sort by length and pad each batch to its own longest text; `OnnxSentiment` runs the "
        f"model exported by `torch.onnx.export(dynamo=True)` (opset {OPSET}) in ONNX Runtime, int8 being "
        "`onnxruntime.quantization.quantize_dynamic` (QInt8 per-channel weights on every MatMul, activations "
        f"quantized per batch). The five calls run in turn, {r['repeat']} rounds; each figure is the best round's "
        "wall-clock time. Labels are compared text by text and scored against the val sets' gold labels. On a "
        "machine busy with other jobs the multi-threaded figures suffer; `--threads 1` keeps runs comparable.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="fine-tuned model folder")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared sentiment data")
    parser.add_argument("--batch-size", type=int, default=32, help="the backends' batch size")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the timed calls (best kept)")
    parser.add_argument("--threads", type=int, default=0, help="torch and ONNX Runtime threads (0: their default)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks-transformers.md")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is local; before transformers reads it
    model = locate_model(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(model, args.batch_size, args.repeat, args.threads, args.data, Path(tmp))
    print(json.dumps(result, indent=1), flush=True)
    defaults = {"batch_size": 32, "repeat": 3, "threads": 0}
    command = "python -m bench.onnx_backend" + "".join(
        f" --{key.replace('_', '-')} {getattr(args, key)}"
        for key, value in defaults.items()
        if getattr(args, key) != value
    )
    if args.model.resolve() != DEFAULT_MODEL.resolve():
        command += f" --model {args.model}"
    write_section(args.out, "bench.onnx_backend", render(result, command), PAGE_TITLE)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
