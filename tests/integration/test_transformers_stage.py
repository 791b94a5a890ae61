"""The sentiment stage with a local transformers model (torch or ONNX): every mention scored once, rows naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reputation import stages
from reputation.config import TransformersSettings, parse_project
from reputation.nlp.onnx_backend import CACHE_ENV
from reputation.nlp.transformers_backend import TransformersSentiment
from reputation.warehouse import Warehouse
from tests.transformers_models import build_tiny_classifier

TEXTS = [
    "Nexora est très bon, merci !",
    "Le réseau Nexora est nul, déçu",
    "nexora support is slow and the price is bad",
    "I love Nexora, great network",
    "Nexora",
    "Nexora " + "service rapide " * 200,  # past the model's positions
]


def ingested(tmp_path: Path, wh: Warehouse) -> None:
    rows = [
        {
            "platform": "twitter",
            "platform_id": str(i),
            "author_id": f"u{i}",
            "published_at": f"2026-09-0{1 + i % 7}T12:00:00Z",
            "text": text,
        }
        for i, text in enumerate(TEXTS)
    ]
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    project = parse_project({"name": "P", "brands": {"own": {"name": "Nexora", "query": "nexora"}}}, tmp_path)
    stages.ingest(wh, project, [path])


def test_score_sentiment_with_a_local_transformers_model(tmp_path: Path):
    folder = build_tiny_classifier(tmp_path / "tiny-sentiment")
    settings = TransformersSettings(batch_size=4, max_length=32)
    expected = TransformersSentiment(str(folder))

    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingested(tmp_path, wh)
        first = stages.score_sentiment(wh, f"transformers:{folder}", transformers=settings)
        second = stages.score_sentiment(wh, f"transformers:{folder}", transformers=settings)
        scored = wh.df(
            "SELECT m.mention_id, s.sentiment, s.score, s.model, s.model_version FROM mentions m "
            "LEFT JOIN enr_sentiment s USING (mention_id)"
        )
        served = wh.df("SELECT sentiment FROM mentions WHERE sentiment IS NOT NULL")

    assert first.rows_out == len(TEXTS) and second.rows_out == 0  # a rerun finds nothing left to score
    assert len(scored) == len(TEXTS) and scored["mention_id"].is_unique
    assert (scored["model"] == "transformers:tiny-sentiment").all()
    assert (scored["model_version"] == expected.version).all()
    assert scored["sentiment"].isin(["negative", "neutral", "positive"]).all() and scored["score"].between(-1, 1).all()
    assert f"transformers:tiny-sentiment@{expected.version}" in first.detail
    assert len(served) == len(TEXTS)  # the public view serves the new model's rows


def test_switching_to_the_onnx_backend_scores_again_under_its_own_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "onnx-cache"))
    folder = build_tiny_classifier(tmp_path / "tiny-sentiment")
    settings = TransformersSettings(batch_size=4, max_length=32)
    digest = TransformersSentiment(str(folder)).version

    with Warehouse(tmp_path / "w.duckdb") as wh:
        ingested(tmp_path, wh)
        stages.score_sentiment(wh, f"transformers:{folder}", transformers=settings)
        first = stages.score_sentiment(wh, f"onnx:{folder}", transformers=settings)
        second = stages.score_sentiment(wh, f"onnx:{folder}", transformers=settings)
        rows = wh.df("SELECT model, model_version, count(*) AS n FROM enr_sentiment GROUP BY ALL ORDER BY model")
        served = wh.df("SELECT sentiment_model FROM mentions WHERE sentiment IS NOT NULL")

    assert first.rows_out == len(TEXTS) and second.rows_out == 0
    assert f"onnx:tiny-sentiment@{digest}+onnx-int8" in first.detail
    # the torch rows are kept for comparison; the ONNX rows are the active model's
    assert rows.to_dict("records") == [
        {"model": "onnx:tiny-sentiment", "model_version": f"{digest}+onnx-int8", "n": len(TEXTS)},
        {"model": "transformers:tiny-sentiment", "model_version": digest, "n": len(TEXTS)},
    ]
    assert len(served) == len(TEXTS) and served["sentiment_model"].str.startswith("onnx:tiny-sentiment").all()
