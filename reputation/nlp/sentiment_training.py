"""Fitting the `builtin-linear` family: the shipped model (models/train_sentiment.py) and a project's own models
(`reputation sentiment train`) go through the same code, so their features and artifacts cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reputation.nlp.evaluation import Evaluation, evaluate
from reputation.nlp.sentiment import LABELS, LinearSentiment, SentimentModel, featurize, normalize

# The shipped model's hyper-parameters (chosen on the UMSAB val splits; see models/builtin-linear/MODEL_CARD.md).
LINEAR_CONFIG: dict[str, Any] = {
    "seed": 13,
    "word": {"ngram_range": (1, 2), "min_df": 2, "max_features": 60_000, "sublinear_tf": True},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 3, "max_features": 150_000, "sublinear_tf": True},
    "cue_weight": 2.0,  # scale of the dense lexicon/cue block against the unit-norm TF-IDF blocks
    "C": 1.0,  # val: C 0.5-1 beat 2-8 (fewer features overfit less on 3,678 tweets)
}
# A project's labels are often a few hundred rows: the shipped model's probabilities are stacked as features so the
# new model keeps what it knows and learns the project's vocabulary on top (see docs/enrichment.md).
BASE_WEIGHT = 3.0


def label_ids(labels: Sequence[str | int]) -> np.ndarray:
    """Class ids 0/1/2 (negative/neutral/positive) from label names or ids."""
    return np.asarray([LABELS.index(y) if isinstance(y, str) else int(y) for y in labels])


def fit_linear(
    texts: Sequence[str],
    langs: Sequence[str | None],
    labels: Sequence[str | int],
    config: dict[str, Any] | None = None,
    base: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Fit the vectorizers and the classifier; the bundle holds only scikit-learn objects and plain values.

    `base`: the bundle of an existing model whose class probabilities become features of the new one.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    config = {**LINEAR_CONFIG, **(config or {})}
    clean = [normalize(t) for t in texts]
    # A few hundred labels cannot support the shipped model's min_df: keep every term seen twice at most.
    word = {**config["word"], "min_df": min(config["word"]["min_df"], max(1, len(clean) // 500))}
    char = {**config["char"], "min_df": min(config["char"]["min_df"], max(1, len(clean) // 300))}
    bundle: dict[str, Any] = {
        "word": TfidfVectorizer(lowercase=True, token_pattern=r"(?u)[\w@']+|[^\w\s]", **word).fit(clean),
        "char": TfidfVectorizer(lowercase=True, **char).fit(clean),
        "cue_weight": config["cue_weight"],
        "config": config,
    }
    if base is not None:
        bundle["base"] = base
        bundle["base_weight"] = config.get("base_weight", BASE_WEIGHT)
    y = label_ids(labels)
    if len(set(y.tolist())) < 2:
        raise ValueError("the labels hold a single class: at least two of negative/neutral/positive are needed")
    clf = LogisticRegression(C=config["C"], max_iter=2000, random_state=config["seed"])
    bundle["clf"] = clf.fit(featurize(bundle, texts, langs), y)
    return bundle


def save_bundle(bundle: dict[str, Any], path: Path) -> None:
    """Write a bundle as a compact, reproducible joblib file (same bundle -> same bytes -> same version)."""
    import joblib

    for part in (bundle, bundle.get("base") or {}):
        # _stop_words_id caches id(stop_words), a memory address that differs per process: dropping it (sklearn
        # reads it with getattr) makes the artifact byte-identical from run to run, hence a stable version string.
        for key in ("word", "char"):
            if key in part:
                part[key].__dict__.pop("_stop_words_id", None)
    # float32 coefficients halve the artifact; predictions are unaffected at this precision.
    bundle["clf"].coef_ = bundle["clf"].coef_.astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, path, compress=("xz", 6))


@dataclass(frozen=True)
class TrainingResult:
    bundle: dict[str, Any]
    n_train: int
    n_holdout: int
    holdout: dict[str, Evaluation]  # model label -> its figures on the same held-out rows (empty: no holdout)


def train_on_table(
    table: pd.DataFrame,
    *,
    base: LinearSentiment | None,
    compare: dict[str, SentimentModel],
    holdout: float = 0.2,
    seed: int = 13,
) -> TrainingResult:
    """Fit on labeled rows (`text`, `lang`, `label` in negative/neutral/positive) and score it on held-out rows.

    The held-out share is drawn stratified by label; the new model and every model in `compare` (the previous
    version, the base model) are scored on exactly those rows, so their figures compare like for like.
    """
    from sklearn.model_selection import train_test_split

    langs = table["lang"].where(table["lang"].notna(), None).astype(object)
    if holdout > 0:
        counts = table["label"].value_counts()
        stratify = table["label"] if counts.min() >= 2 else None
        fit_idx, test_idx = train_test_split(table.index, test_size=holdout, random_state=seed, stratify=stratify)
    else:
        fit_idx, test_idx = table.index, table.index[:0]
    base_bundle = base.bundle if base is not None else None
    bundle = fit_linear(
        table.loc[fit_idx, "text"].tolist(),
        langs.loc[fit_idx].tolist(),
        table.loc[fit_idx, "label"].tolist(),
        {"seed": seed},
        base=base_bundle,
    )
    results: dict[str, Evaluation] = {}
    if len(test_idx):
        texts, test_langs = table.loc[test_idx, "text"].tolist(), langs.loc[test_idx].tolist()
        gold = table.loc[test_idx, "label"].reset_index(drop=True)
        lang_series = pd.Series(test_langs, dtype=object)
        candidate = LinearSentiment.from_bundle(bundle, "new", "candidate")
        for label, model in {"new": candidate, **compare}.items():
            predicted = model.predict(texts, test_langs)["sentiment"].reset_index(drop=True)
            results[label] = evaluate(gold, predicted, lang_series)
    return TrainingResult(bundle, len(fit_idx), len(test_idx), results)
