"""`reputation sentiment`: predict, evaluate and train sentiment models on any CSV."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import pandas as pd
import typer

from reputation.cli.common import console, fail, load_project_or_fail, read_csv

if TYPE_CHECKING:
    from reputation.config import TransformersSettings
    from reputation.nlp.evaluation import Evaluation
    from reputation.nlp.sentiment import LinearSentiment, SentimentModel
    from reputation.nlp.sentiment_training import TrainingResult

sentiment_app = typer.Typer(help="Sentiment on any CSV: predict, evaluate, and train a project's own model.")
ModelOpt = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        help="builtin-linear, builtin-lexicon, transformers:<id or folder>, onnx:<id or folder> (ONNX Runtime, int8), "
        "or a trained NAME[@vN].",
    ),
]
TextOpt = Annotated[str, typer.Option("--text-column", help="Column with the texts.")]
LangOpt = Annotated[str, typer.Option("--lang-column", help="Column with ISO 639-1 languages (detected if absent).")]
LabelOpt = Annotated[str, typer.Option("--label-column", help="Column with the true labels (names or 0/1/2).")]
ProjectOpt = Annotated[
    Path | None, typer.Option("--project", "-p", help="Project file: its model registry and transformers settings.")
]
RegistryOpt = Annotated[
    Path | None, typer.Option("--registry", help="Folder of trained models (default: ./models, or the project's).")
]


@dataclass(frozen=True)
class _Where:
    registry: Path
    transformers: TransformersSettings | None


def _where(project: Path | None, registry: Path | None) -> _Where:
    if project is not None and registry is not None:
        fail("give --project or --registry, not both")
    if project is not None:
        proj = load_project_or_fail(project)
        return _Where(proj.registry_path, proj.models.transformers)
    return _Where(registry or Path("models"), None)


def _sentiment_model(name: str, where: _Where) -> SentimentModel:
    from reputation.nlp.sentiment import load_sentiment_model

    try:
        return load_sentiment_model(name, transformers=where.transformers, registry=where.registry)
    except (ValueError, OSError, ImportError) as err:
        fail(str(err))


def _labeled(source: Path, text_column: str, lang_column: str, label_column: str) -> pd.DataFrame:
    """The CSV's rows as `text`, `lang` (detected where the file has none) and normalized `label`."""
    from reputation.nlp.evaluation import LabelError, normalize_labels

    table = read_csv(source)
    for column in (text_column, label_column):
        if column not in table:
            fail(f"{source}: no column {column!r}; columns are {list(table.columns)}")
    try:
        labels = normalize_labels(table[label_column])
    except LabelError as err:
        fail(f"{source}: {err}")
    out = pd.DataFrame({"text": table[text_column], "label": labels})
    if lang_column in table:
        out["lang"] = table[lang_column].replace("", None)
    else:
        from reputation.nlp.language import detect_languages

        out["lang"] = detect_languages(out["text"])["lang"].to_numpy()
    return out


@sentiment_app.command("predict")
def sentiment_predict(
    source: Annotated[Path, typer.Argument(help="CSV with a text column (other columns are kept).")],
    target: Annotated[Path, typer.Argument(help="CSV to write, with sentiment and sentiment_score added.")],
    model: ModelOpt = "builtin-linear",
    text_column: TextOpt = "text",
    lang_column: LangOpt = "lang",
    project: ProjectOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Add sentiment (negative | neutral | positive) and sentiment_score (-1..1) to every row of a CSV."""
    from reputation.nlp.evaluation import predict_table

    table = read_csv(source)
    started = time.perf_counter()
    with console.status(f"Scoring {len(table)} rows…"):
        try:
            out = predict_table(table, _sentiment_model(model, _where(project, registry)), text_column, lang_column)
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
    model: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="Model to score; repeat to compare several on the same rows."),
    ] = None,
    text_column: TextOpt = "text",
    lang_column: LangOpt = "lang",
    label_column: LabelOpt = "label",
    project: ProjectOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Macro-F1, macro-recall, per-class and per-language figures and the confusion matrix of one or more models."""
    from reputation.nlp.evaluation import evaluate

    where = _where(project, registry)
    names = model or ["builtin-linear"]
    scorers = {name: _sentiment_model(name, where) for name in names}
    table = _labeled(source, text_column, lang_column, label_column)
    texts, langs = table["text"].tolist(), table["lang"].where(table["lang"].notna(), None).tolist()
    results = {}
    for name, scorer in scorers.items():
        predicted = scorer.predict(texts, langs)["sentiment"]
        results[name] = evaluate(table["label"], predicted, table["lang"])
        print(f"model {name} ({scorer.name} {scorer.version})\n{results[name].render()}\n")
    if len(results) > 1:
        print(_comparison(results))


def _comparison(results: dict[str, Evaluation]) -> str:
    rows = [
        {"model": name, "macro_f1": r.macro_f1, "macro_recall": r.macro_recall, "accuracy": r.accuracy}
        | {f"f1_{lang}": row.macro_f1 for lang, row in r.per_language.iterrows()}
        for name, r in results.items()
    ]
    return "side by side, same rows:\n" + pd.DataFrame(rows).set_index("model").round(3).to_string()


@sentiment_app.command("train")
def sentiment_train(
    source: Annotated[Path, typer.Argument(help="Labeled CSV: text and label columns, lang optional.")],
    name: Annotated[str, typer.Option("--name", help="Name of the model in the registry (a new version each run).")],
    base: Annotated[
        str, typer.Option("--base", help="Model whose knowledge the new one builds on (builtin-linear), or none.")
    ] = "builtin-linear",
    holdout: Annotated[
        float, typer.Option("--holdout", min=0.0, max=0.5, help="Share of rows held out to score the new model.")
    ] = 0.2,
    seed: Annotated[int, typer.Option(help="Random seed (split and classifier).")] = 13,
    text_column: TextOpt = "text",
    lang_column: LangOpt = "lang",
    label_column: LabelOpt = "label",
    project: ProjectOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Fit the built-in model family on labeled mentions and register it as a new version of NAME.

    The new model, the previous version of NAME and the base model are scored on the same held-out rows.
    """
    from reputation.nlp.registry import ModelRegistry, RegistryError, check_name
    from reputation.nlp.sentiment import BUILTIN_MODELS, LinearSentiment
    from reputation.nlp.sentiment_training import save_bundle, train_on_table

    where = _where(project, registry)
    try:
        check_name(name, reserved=frozenset(BUILTIN_MODELS))
    except RegistryError as err:
        fail(str(err))
    table = _labeled(source, text_column, lang_column, label_column)
    empty = table["text"].str.strip() == ""
    table = table[~empty].reset_index(drop=True)
    if len(table) < MIN_ROWS:
        fail(f"{source}: {len(table)} labeled rows with text; at least {MIN_ROWS} are needed to train")
    base_model = None if base == "none" else _sentiment_model(base, where)
    if base_model is not None and not isinstance(base_model, LinearSentiment):
        fail(f"--base must be a model of the built-in linear family (builtin-linear or a trained one), not {base}")
    models = ModelRegistry(where.registry)
    previous = models.versions(name)
    compare: dict[str, SentimentModel] = {}
    if previous:
        compare[previous[-1].spec] = _sentiment_model(previous[-1].spec, where)
    if base_model is not None:
        compare[base] = base_model
    started = time.perf_counter()
    with console.status(f"Training on {len(table)} labeled rows…"):
        try:
            result = train_on_table(table, base=base_model, compare=compare, holdout=holdout, seed=seed)
        except ValueError as err:
            fail(f"{source}: {err}")
    card = _card(source, table, result, base_model, holdout, seed)
    entry = models.register(name, lambda path: save_bundle(result.bundle, path), card)
    console.print(
        f"{entry.spec} trained on {result.n_train} rows in {time.perf_counter() - started:.1f} s -> {entry.path}",
        highlight=False,
    )
    if result.holdout:
        named = {(entry.spec if k == "new" else k): v for k, v in result.holdout.items()}
        print(f"held-out rows: {result.n_holdout}\n{_comparison(named)}")
        better = [k for k, v in result.holdout.items() if k != "new" and v.macro_f1 > result.holdout["new"].macro_f1]
        if better:
            console.print(
                f"[yellow]note:[/yellow] {', '.join(better)} scored higher on these held-out rows than {entry.spec}; "
                "keep the project on it unless the new model wins on data you care about",
                highlight=False,
            )
    if empty.any():
        console.print(f"{int(empty.sum())} rows with an empty text were left out", highlight=False)
    console.print(f"Use it: models.sentiment: {name}   (or {entry.spec} to pin this version)", highlight=False)


MIN_ROWS = 20


def _card(
    source: Path, table: pd.DataFrame, result: TrainingResult, base: LinearSentiment | None, holdout: float, seed: int
) -> dict[str, Any]:
    """What the version was trained on and how it scored: enough to compare versions and to retrain."""
    import hashlib

    return {
        "family": "builtin-linear",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "trained_on": {
            "file": str(source.resolve()),
            "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
            "rows": len(table),
            "labels": table["label"].value_counts().to_dict(),
            "languages": table["lang"].fillna("?").value_counts().to_dict(),
        },
        "base": f"{base.name} {base.version}" if base is not None else None,
        "holdout": holdout,
        "seed": seed,
        "n_train": result.n_train,
        "n_holdout": result.n_holdout,
        "holdout_scores": {
            ("new" if k == "new" else k): {
                "macro_f1": round(v.macro_f1, 4),
                "macro_recall": round(v.macro_recall, 4),
                "accuracy": round(v.accuracy, 4),
                "macro_f1_by_language": v.per_language["macro_f1"].round(4).to_dict(),
            }
            for k, v in result.holdout.items()
        },
    }


@sentiment_app.command("models")
def sentiment_models(project: ProjectOpt = None, registry: RegistryOpt = None) -> None:
    """List the trained models of a registry, each version with its data and held-out figures."""
    from reputation.nlp.registry import ModelRegistry

    where = _where(project, registry)
    models = ModelRegistry(where.registry)
    if not models.names():
        console.print(f"no trained models in {where.registry}", highlight=False)
        return
    for name in models.names():
        for entry in models.versions(name):
            card = entry.card()
            scores = card.get("holdout_scores", {})
            figures = "  ".join(f"{k} F1 {v['macro_f1']:.3f}" for k, v in scores.items()) or "no held-out rows"
            print(f"{entry.spec:<24} {card['created_at']}  {card['trained_on']['rows']} rows  {figures}")
