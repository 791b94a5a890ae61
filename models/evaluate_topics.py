"""Measure both topic backends: the demo (planted topics: purity, ARI) and real tweets (coherence, diversity).

    python models/evaluate_topics.py [--umsab /work/shared/data/sentiment/umsab] [--out models/topics]

Writes models/topics/evaluation.json; docs/topics.md quotes it. The tweets are read in place, never copied.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from reputation import topics
from reputation.config import TopicSettings
from reputation.demo.generator import DemoConfig, generate_with_truth
from reputation.topics import terms

DEMO = DemoConfig.sized(24_000, seed=42)
DEMO_BRANDS = ["nexora", "telvia", "orbix", "fibrea", "nexorahelp"]
METRIC_TERMS = 10  # coherence and diversity over each topic's top 10 terms, the usual setting


def reference_counts(texts: list[str], fitted: topics.FittedTopics) -> tuple[object, list[str]]:
    """Document x term presence over the corpus, for every term any topic shows."""
    vocab = sorted({t for row in fitted.top_terms() for t in row})
    matrix = CountVectorizer(token_pattern=terms.TOKEN_PATTERN, vocabulary=vocab, binary=True, lowercase=False)
    return matrix.fit_transform(terms.clean(texts)), vocab


def measure(
    backend: str, texts: list[str], langs: list[str], truth: list[str] | None, brands: list[str]
) -> dict[str, object]:
    settings = TopicSettings(backend=backend, top_terms=METRIC_TERMS)
    start = time.perf_counter()
    fitted = topics.fit(texts, langs, settings, stopwords=brands)
    seconds = time.perf_counter() - start
    found = fitted.assignments["topic"].to_numpy()
    counts, vocab = reference_counts(texts, fitted)
    coherence = topics.npmi_coherence(fitted.top_terms(), counts, vocab)
    out: dict[str, object] = {
        "model": fitted.model,
        "model_version": fitted.model_version,
        "mentions": len(texts),
        "k": fitted.n_topics,
        "k_scores": {str(k): round(v, 4) for k, v in fitted.state["k_scores"].items()},
        "npmi": round(float(np.nanmean(coherence)), 4),
        "diversity": round(topics.diversity(fitted.top_terms(), METRIC_TERMS), 4),
        "outlier_share": round(float((found == topics.OUTLIER).mean()), 4),
        "fit_seconds": round(seconds, 1),
        "labels": fitted.topics["label"].tolist(),
    }
    if truth is not None:
        out["purity"] = round(topics.purity(truth, found), 4)
        out["ari"] = round(topics.ari(truth, found), 4)
    return out


def umsab(folder: Path) -> tuple[list[str], list[str]]:
    texts, langs = [], []
    for lang, name in (("fr", "french"), ("en", "english")):
        for split in ("train", "val"):
            lines = (folder / name / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
            texts += lines
            langs += [lang] * len(lines)
    return texts, langs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--umsab", type=Path, default=Path("/work/shared/data/sentiment/umsab"))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "topics")
    args = parser.parse_args()

    df, truth, _ = generate_with_truth(DEMO)
    demo_texts = (df["title"].fillna("") + " " + df["text"]).tolist()
    tweets, tweet_langs = umsab(args.umsab)
    results: dict[str, object] = {
        "demo": {"config": f"DemoConfig.sized(24000, seed=42): {len(demo_texts)} mentions, 8 planted topics"},
        "umsab": {"config": f"UMSAB French + English train + val: {len(tweets)} tweets (no topic labels)"},
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    for backend in ("lexical", "embedding"):
        print(f"demo / {backend}", flush=True)
        results["demo"][backend] = measure(
            backend, demo_texts, truth["lang"].tolist(), truth["topic"].tolist(), DEMO_BRANDS
        )
        print(f"umsab / {backend}", flush=True)
        results["umsab"][backend] = measure(backend, tweets, tweet_langs, None, ["user", "http"])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "evaluation.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
