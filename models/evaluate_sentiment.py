"""Evaluate a sentiment model on the labeled val splits in ../shared/data/sentiment and write metrics.json.

    python models/evaluate_sentiment.py [--model builtin-lexicon] [--data ../shared/data/sentiment]

Val splits only: the held-back test sets are never used here, and nothing is tuned on them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.metrics import f1_score, recall_score

from reputation.nlp.sentiment import LABELS, load_sentiment_model

SETS = {  # name -> (folder relative to the data root, language passed to the model)
    "umsab_french_val": ("umsab/french", "fr"),
    "umsab_english_val": ("umsab/english", "en"),
    "tweeteval_val": ("tweeteval", "en"),
}
# 1,430 TweetEval val lines are also UMSAB English *train* lines (see the data README): a model trained on UMSAB
# would be scored on its own training data, so TweetEval is always scored on the other lines only.
OVERLAP = {"tweeteval_val": "umsab/english/train_text.txt"}


def read_split(folder: Path) -> tuple[list[str], list[str]]:
    # UMSAB files have no trailing newline; splitlines() keeps the last example either way.
    texts = (folder / "val_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [LABELS[int(x)] for x in (folder / "val_labels.txt").read_text(encoding="utf-8").splitlines()]
    if len(texts) != len(labels):
        raise ValueError(f"{folder}: {len(texts)} texts but {len(labels)} labels")
    return texts, labels


def evaluate(model_name: str, data: Path) -> dict[str, object]:
    model = load_sentiment_model(model_name)
    results: dict[str, object] = {"model": model.name, "version": model.version}
    for name, (folder, lang) in SETS.items():
        texts, gold = read_split(data / folder)
        if name in OVERLAP:
            seen = set((data / OVERLAP[name]).read_text(encoding="utf-8").splitlines())
            keep = [i for i, t in enumerate(texts) if t not in seen]
            texts, gold = [texts[i] for i in keep], [gold[i] for i in keep]
        pred = model.predict(texts, [lang] * len(texts))["sentiment"].tolist()
        results[name] = {
            "n": len(gold),
            "macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
            "macro_recall": round(float(recall_score(gold, pred, average="macro")), 4),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 4),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="builtin-lexicon")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/sentiment")
    parser.add_argument("--out", type=Path, default=None, help="default: models/<model>/evaluation.json")
    args = parser.parse_args()
    results = evaluate(args.model, args.data)
    out = args.out or Path(__file__).parent / args.model / "evaluation.json"  # never a training run's metrics.json
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
