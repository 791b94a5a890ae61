"""`reputation sentiment predict / eval` on CSV files, as a user runs them."""

from __future__ import annotations

import json
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


def test_train_registers_versions_that_compare_and_serve_a_project(tmp_path: Path):
    from reputation import stages
    from reputation.config import load_project
    from reputation.warehouse import Warehouse
    from tests.domain_labels import domain_labels

    labeled = tmp_path / "corrections.csv"
    domain_labels(150).rename(columns={"label": "gold"}).to_csv(labeled, index=False)
    project = tmp_path / "project.yaml"
    project.write_text(
        "name: t\nbrands: {own: {name: Acme, query: acme}}\nmodels: {sentiment: acme-sentiment}\n", encoding="utf-8"
    )
    args = ("sentiment", "train", str(labeled), "--name", "acme-sentiment", "--label-column", "gold")
    args += ("-p", str(project))
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert "acme-sentiment@v1 trained on 120 rows" in first.stderr
    # the new model and the base one side by side on the same 30 held-out rows: the new one knows the project's words
    table = first.stdout[first.stdout.index("side by side") :]
    new_f1, base_f1 = (float(line.split()[1]) for line in table.splitlines()[3:5])
    assert new_f1 >= 0.95 and new_f1 > base_f1 + 0.3
    second = run_cli(*args)
    assert second.returncode == 0 and "acme-sentiment@v2" in second.stderr
    assert "acme-sentiment@v1" in second.stdout  # the previous version is compared too
    listed = run_cli("sentiment", "models", "-p", str(project))
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["acme-sentiment@v1", "acme-sentiment@v2"]

    compared = run_cli(
        "sentiment", "eval", str(labeled), "--label-column", "gold", "-p", str(project),
        "-m", "acme-sentiment@v1", "-m", "builtin-linear",
    )  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    assert "side by side, same rows" in compared.stdout and "acme-sentiment@v1" in compared.stdout

    # the project names the model: the enrichment stage uses its latest version and says so on every row
    mentions = tmp_path / "m.jsonl"
    texts = ["Acme: the modem is flurby", "Acme : le forfait est grizzle"]
    mentions.write_text(
        "\n".join(
            json.dumps(
                {"platform": "web", "platform_id": str(i), "author_id": "a", "published_at": "2026-11-02", "text": x}
            )
            for i, x in enumerate(texts)
        ),
        encoding="utf-8",
    )
    loaded = load_project(project)
    with Warehouse(loaded.warehouse_path) as wh:
        [report] = stages.ingest(wh, loaded, [mentions])
        assert report.loaded == 2, report
        stages.detect_language(wh)
        result = stages.score_sentiment(
            wh, loaded.models.sentiment, transformers=loaded.models.transformers, registry=loaded.registry_path
        )
        rows = wh.df(
            "SELECT text, sentiment, model, model_version FROM enr_sentiment JOIN raw_mentions USING (mention_id)"
        )
    assert result.rows_out == 2, result
    assert set(rows["model"]) == {"acme-sentiment"} and rows["model_version"].str.startswith("v2+").all()
    assert rows.sort_values("text")["sentiment"].tolist() == ["negative", "positive"]
