"""Naive baselines, timed in the benchmark's process on a sample of the same data: what the pipeline is compared to.

- ingest: `json.loads` and one `INSERT` per line;
- enrichment: pandas row by row (`iterrows`), each mention given on its own to the same per-mention functions the
  language, sentiment and voice stages use, and each result `INSERT`ed on its own;
- a plain `transformers.pipeline("text-classification")` called one text at a time (MiniLM with a random head,
  bench.transformers_backend.build_model), when the `transformers` extra is installed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from reputation.config import Project
from reputation.nlp import intent, language, moderation
from reputation.nlp.sentiment import load_sentiment_model


def read_sample(path: Path, limit: int) -> pd.DataFrame:
    """The first `limit` lines of a canonical JSONL file, as a DataFrame."""
    rows = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            rows.append(json.loads(line))
            if len(rows) == limit:
                break
    return pd.DataFrame(rows)


def ingest(path: Path, db: Path, limit: int) -> dict[str, float]:
    """Row by row: parse a line, insert it."""
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE m (id VARCHAR PRIMARY KEY, platform VARCHAR, author VARCHAR, text VARCHAR, published VARCHAR)"
    )
    n = 0
    t0 = time.perf_counter()
    with path.open(encoding="utf-8") as f:
        for line in f:
            if n >= limit:
                break
            r = json.loads(line)
            con.execute(
                "INSERT INTO m VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [f"{r['platform']}:{r['platform_id']}", r["platform"], r["author_id"], r["text"], r["published_at"]],
            )
            n += 1
    seconds = time.perf_counter() - t0
    con.close()
    return {"n": n, "seconds": seconds}


def _charter(project: Project) -> moderation.Charter:
    settings = project.moderation.model_dump()
    return moderation.Charter(**{k: tuple(v) if isinstance(v, list) else v for k, v in settings.items()})


def enrich(sample: pd.DataFrame, project: Project, db: Path) -> dict[str, float]:
    """Language, sentiment, intent and moderation of each mention on its own, one INSERT per result."""
    model = load_sentiment_model(
        project.sentiment_spec, transformers=project.models.transformers, registry=project.registry_path
    )
    charter = _charter(project)
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE enr (id VARCHAR PRIMARY KEY, lang VARCHAR, sentiment VARCHAR, score DOUBLE, intent VARCHAR, "
        "flags VARCHAR[])"
    )
    # the one-off loads (lingua's models, the sentiment artifact) are not what row by row costs: paid before timing
    warm = sample.head(1)
    language.detect_languages(warm["text"])
    model.predict(warm["text"].tolist(), [None])
    t0 = time.perf_counter()
    for _, row in sample.iterrows():
        # the same inputs each stage reads: title and text for language and voice, the text for sentiment
        voice_text = pd.Series([f"{row['title'] or ''} {row['text']}"])
        found = language.detect_languages(voice_text)
        lang = found["lang"].iloc[0]
        pred = model.predict([row["text"]], [lang])
        kind = intent.classify_intents(voice_text, pred["sentiment"], pred["score"])
        flags = moderation.moderate(voice_text, charter)["flags"].iloc[0]
        con.execute(
            "INSERT INTO enr VALUES (?, ?, ?, ?, ?, ?)",
            [
                f"{row['platform']}:{row['platform_id']}",
                lang,
                pred["sentiment"].iloc[0],
                float(pred["score"].iloc[0]),
                kind["intent"].iloc[0],
                list(flags),
            ],
        )
    seconds = time.perf_counter() - t0
    con.close()
    return {"n": len(sample), "seconds": seconds}


def transformers_one_by_one(texts: list[str], work: Path) -> dict[str, Any]:
    """A plain text-classification pipeline, one call per text; the reason instead when it cannot run here."""
    try:
        import torch
        from transformers import pipeline
        from transformers.utils import logging as hf_logging

        from bench.transformers_backend import build_model
    except ImportError as err:
        return {"skipped": f"the transformers extra is not installed ({err.name})"}
    hf_logging.set_verbosity_error()  # the random head's "newly initialized weights" report is expected here
    hf_logging.disable_progress_bar()
    try:
        folder = build_model(work / "minilm-sentiment")
    except SystemExit as err:  # build_model names the package to install
        return {"skipped": str(err)}
    classify = pipeline("text-classification", model=str(folder), truncation=True)
    classify(texts[0])  # warm-up: the first call builds what later calls reuse
    t0 = time.perf_counter()
    for text in texts:
        classify(text)
    return {"n": len(texts), "seconds": time.perf_counter() - t0, "threads": torch.get_num_threads()}
