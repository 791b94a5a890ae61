"""How much a project's own labels help: `reputation sentiment train` simulated on languages the shipped model
was not trained on, so the labels bring something new (as a brand's own vocabulary would).

    python models/evaluate_own_labels.py [--data ../shared/data/sentiment]

For Spanish and Italian UMSAB tweets: 200, 500 and all 1,839 train tweets as the "project's labels", three ways:
the shipped `builtin-linear` alone, a model of the same family fitted on the labels alone (--base none), and the
default (a correction learned on top of builtin-linear). Macro-F1 on the val split (the test split is never read).
Writes models/own-labels/evaluation.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd
from sklearn.metrics import f1_score

from reputation.nlp.sentiment import LABELS, LinearSentiment, load_sentiment_model
from reputation.nlp.sentiment_training import fit_linear

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = {"spanish": "es", "italian": "it"}
SIZES = (200, 500, 1839)


def split(data: Path, language: str, name: str) -> pd.DataFrame:
    folder = data / "umsab" / language
    texts = (folder / f"{name}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = [LABELS[int(x)] for x in (folder / f"{name}_labels.txt").read_text(encoding="utf-8").splitlines()]
    return pd.DataFrame({"text": texts, "label": labels})


def macro_f1(model: LinearSentiment, table: pd.DataFrame, lang: str) -> float:
    predicted = model.predict(table["text"].tolist(), [lang] * len(table))["sentiment"]
    return round(float(f1_score(table["label"], predicted, average="macro")), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/sentiment")
    parser.add_argument("--out", type=Path, default=ROOT / "models/own-labels/evaluation.json")
    args = parser.parse_args()
    base = load_sentiment_model("builtin-linear")
    assert isinstance(base, LinearSentiment)
    results: dict[str, object] = {"base_model": f"{base.name} {base.version}", "metric": "macro-F1 on UMSAB val"}
    for language, lang in LANGUAGES.items():
        train, val = split(args.data, language, "train"), split(args.data, language, "val")
        rows: dict[str, object] = {"builtin-linear alone": macro_f1(base, val, lang)}
        for size in SIZES:
            labels = train.sample(size, random_state=0) if size < len(train) else train
            texts, langs, gold = labels["text"].tolist(), [lang] * len(labels), labels["label"].tolist()
            scratch = LinearSentiment.from_bundle(fit_linear(texts, langs, gold), "scratch", str(size))
            on_base = LinearSentiment.from_bundle(fit_linear(texts, langs, gold, base=base.bundle), "own", str(size))
            rows[f"{size} labels"] = {
                "labels alone": macro_f1(scratch, val, lang),
                "on builtin-linear": macro_f1(on_base, val, lang),
            }
        results[language] = rows
        print(language, json.dumps(rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
