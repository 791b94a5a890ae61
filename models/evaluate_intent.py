"""Intent precision and recall on the two hand-labeled sets of tests/data and on the demo's planted intents.

    python models/evaluate_intent.py

The demo set is generated afresh (seed 42, the `reputation demo` default); shares (retweets, boosts) are left out,
as they repeat their original. Sentiment comes from builtin-linear, as in the pipeline. Writes
models/intent/evaluation.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.metrics import f1_score, precision_recall_fscore_support

from reputation.demo.generator import DemoConfig, write_demo
from reputation.nlp import intent
from reputation.nlp.sentiment import load_sentiment_model

ROOT = Path(__file__).resolve().parents[1]


def demo_set() -> pd.DataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        files = write_demo(Path(tmp), DemoConfig.sized(24_000, 10, 42))
        mentions = pd.read_json(files["mentions"], lines=True, dtype={"platform_id": str})
        truth = pd.read_csv(files["ground_truth_mentions"], dtype={"platform_id": str})
    data = mentions.merge(truth[["platform", "platform_id", "intent"]], on=["platform", "platform_id"])
    data = data[data["share_of_id"].isna()]
    text = (data["title"].fillna("") + " " + data["text"]).str.strip()
    return pd.DataFrame({"text": text, "lang": data["lang"], "intent": data["intent"]}).reset_index(drop=True)


def measure(data: pd.DataFrame) -> dict[str, object]:
    sentiment = load_sentiment_model("builtin-linear").predict(data["text"].tolist(), data["lang"].tolist())
    predicted = intent.classify_intents(data["text"], sentiment["sentiment"], sentiment["score"])["intent"]
    labels = list(intent.INTENTS)
    precision, recall, _, support = precision_recall_fscore_support(
        data["intent"], predicted, labels=labels, zero_division=0
    )
    return {
        "n": len(data),
        "macro_f1": round(float(f1_score(data["intent"], predicted, labels=labels, average="macro")), 4),
        "per_intent": {
            label: {"precision": round(float(p), 3), "recall": round(float(r), 3), "support": int(n)}
            for label, p, r, n in zip(labels, precision, recall, support, strict=True)
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "models/intent/evaluation.json")
    args = parser.parse_args()
    result: dict[str, object] = {"model": intent.MODEL_NAME, "version": intent.MODEL_VERSION}
    for name in ("intent_labeled", "intent_heldout"):
        result[name] = measure(pd.read_csv(ROOT / "tests/data" / f"{name}.csv"))
    result["demo_ground_truth"] = measure(demo_set())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
