"""`reputation sentiment`: predict, evaluate and train sentiment models on any CSV."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from reputation.cli.common import console, fail, read_csv

sentiment_app = typer.Typer(help="Sentiment on any CSV: predict, and evaluate against labels.")
ModelOpt = Annotated[str, typer.Option("--model", "-m", help="Sentiment model name.")]
TextOpt = Annotated[str, typer.Option("--text-column", help="Column with the texts.")]
LangOpt = Annotated[str, typer.Option("--lang-column", help="Column with ISO 639-1 languages (detected if absent).")]


def _sentiment_model(name: str):  # type: ignore[no-untyped-def]
    from reputation.nlp.sentiment import load_sentiment_model

    try:
        return load_sentiment_model(name)
    except ValueError as err:
        fail(str(err))


@sentiment_app.command("predict")
def sentiment_predict(
    source: Annotated[Path, typer.Argument(help="CSV with a text column (other columns are kept).")],
    target: Annotated[Path, typer.Argument(help="CSV to write, with sentiment and sentiment_score added.")],
    model: ModelOpt = "builtin-linear",
    text_column: TextOpt = "text",
    lang_column: LangOpt = "lang",
) -> None:
    """Add sentiment (negative | neutral | positive) and sentiment_score (-1..1) to every row of a CSV."""
    from reputation.nlp.evaluation import predict_table

    table = read_csv(source)
    started = time.perf_counter()
    with console.status(f"Scoring {len(table)} rows…"):
        try:
            out = predict_table(table, _sentiment_model(model), text_column, lang_column)
        except KeyError as err:
            fail(f"{source}: {err.args[0]}")
    out.to_csv(target, index=False)
    counts = out["sentiment"].value_counts().reindex(["negative", "neutral", "positive"], fill_value=0)
    console.print(
        f"{len(out)} rows scored in {time.perf_counter() - started:.1f} s with {model} -> {target} "
        f"({', '.join(f'{k} {v}' for k, v in counts.items())})",
        highlight=False,
    )


@sentiment_app.command("eval")
def sentiment_eval(
    source: Annotated[Path, typer.Argument(help="CSV with text and label columns (labels: names or 0/1/2).")],
    model: ModelOpt = "builtin-linear",
    text_column: TextOpt = "text",
    lang_column: LangOpt = "lang",
    label_column: Annotated[str, typer.Option("--label-column", help="Column with the true labels.")] = "label",
) -> None:
    """Macro-F1, macro-recall, per-class and per-language figures and the confusion matrix of a model."""
    from reputation.nlp.evaluation import LabelError, evaluate, normalize_labels, predict_table

    scorer = _sentiment_model(model)
    table = read_csv(source)
    if label_column not in table:
        fail(f"{source}: no column {label_column!r}; columns are {list(table.columns)}")
    try:
        gold = normalize_labels(table[label_column])
        scored = predict_table(table, scorer, text_column, lang_column)
    except (LabelError, KeyError) as err:
        fail(f"{source}: {err}")
    result = evaluate(gold, scored["sentiment"], scored[lang_column])
    print(f"model {model}\n{result.render()}")
