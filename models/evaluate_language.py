"""Language detection accuracy on the UMSAB tweets of ../shared/data/sentiment (the folder gives the language).

    python models/evaluate_language.py [--data ../shared/data/sentiment] [--split val|train|all]
        [--detector fasttext+lingua|lingua]

Writes models/language/evaluation.json (the default detector) or evaluation-lingua.json (lingua alone): accuracy per
language, share left undetermined (NULL), what the errors were detected as, and the speed.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from reputation.nlp import language

FOLDERS = {
    "arabic": "ar",
    "english": "en",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "italian": "it",
    "portuguese": "pt",
    "spanish": "es",
}


def evaluate(data: Path, splits: list[str], detector: str = language.DEFAULT_DETECTOR) -> dict[str, object]:
    rows = []
    for folder, code in FOLDERS.items():
        for split in splits:
            texts = (data / "umsab" / folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
            rows += [(code, t) for t in texts]
    frame = pd.DataFrame(rows, columns=["truth", "text"])
    started = time.perf_counter()
    found = language.detect_languages(frame["text"], detector)
    seconds = time.perf_counter() - started
    frame["lang"] = found["lang"]
    result: dict[str, object] = {
        "model": detector,
        "version": language.model_version(detector),
        "splits": splits,
        "n": len(frame),
        "texts_per_second": round(len(frame) / seconds),
    }
    per_language = {}
    for code, group in frame.groupby("truth"):
        wrong = group[(group["lang"] != code) & group["lang"].notna()]
        per_language[code] = {
            "n": len(group),
            "accuracy": round(float((group["lang"] == code).mean()), 4),
            "undetermined": round(float(group["lang"].isna().mean()), 4),
            "confused_with": dict(Counter(wrong["lang"]).most_common(3)),
        }
    result["per_language"] = per_language
    result["accuracy"] = round(float((frame["lang"] == frame["truth"]).mean()), 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/sentiment")
    parser.add_argument("--split", choices=["val", "train", "all"], default="all")
    parser.add_argument("--detector", choices=language.DETECTORS, default=language.DEFAULT_DETECTOR)
    parser.add_argument("--out", type=Path, help="default: models/language/evaluation[-lingua].json")
    args = parser.parse_args()
    suffix = "" if args.detector == language.DEFAULT_DETECTOR else f"-{args.detector}"
    args.out = args.out or Path(__file__).parent / "language" / f"evaluation{suffix}.json"
    splits = ["train", "val"] if args.split == "all" else [args.split]
    result = evaluate(args.data, splits, args.detector)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
