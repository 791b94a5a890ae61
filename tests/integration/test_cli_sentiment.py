"""`reputation sentiment predict / eval` on CSV files, as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reputation.cli", *args], capture_output=True, text=True, timeout=120)


ROWS = pd.DataFrame(
    {
        "id": ["a", "b", "c", "d"],
        "text": [
            "I love Nexora, great service!",
            "Nexora est nul, je suis très déçu",
            "Le forfait coûte 40 $",
            "Worst network ever, useless",
        ],
        "label": ["2", "0", "1", "negative"],
    }
)


def test_predict_keeps_every_column_and_adds_sentiment(tmp_path: Path):
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    ROWS.drop(columns="label").to_csv(source, index=False)
    done = run_cli("sentiment", "predict", str(source), str(target))
    assert done.returncode == 0, done.stderr
    out = pd.read_csv(target)
    assert list(out.columns) == ["id", "text", "lang", "sentiment", "sentiment_score"]
    assert out["lang"].tolist() == ["en", "fr", "fr", "en"]  # detected, since the file had no lang column
    assert out["sentiment"].tolist()[:2] == ["positive", "negative"] and out["sentiment"][3] == "negative"
    assert out["sentiment_score"].between(-1, 1).all()
    assert "4 rows scored" in done.stderr


def test_eval_prints_the_figures_and_rejects_bad_input(tmp_path: Path):
    source = tmp_path / "labeled.csv"
    ROWS.to_csv(source, index=False)
    done = run_cli("sentiment", "eval", str(source))
    assert done.returncode == 0, done.stderr
    for part in ("4 labeled rows", "macro-F1", "macro-recall", "per class:", "per language:", "confusion"):
        assert part in done.stdout

    ROWS.assign(label=["2", "0", "1", "bof"]).to_csv(source, index=False)
    done = run_cli("sentiment", "eval", str(source))
    assert done.returncode == 2 and "not negative/neutral/positive or 0/1/2" in done.stderr
    done = run_cli("sentiment", "predict", str(source), str(tmp_path / "o.csv"), "--text-column", "body")
    assert done.returncode == 2 and "no column 'body'" in done.stderr
    done = run_cli("sentiment", "eval", str(source), "--model", "nope")
    assert done.returncode == 2 and "unknown sentiment model 'nope'" in done.stderr
