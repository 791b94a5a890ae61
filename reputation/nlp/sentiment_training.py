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
from reputation.nlp.sentiment import (
    LABELS,
    N_CUES,
    LinearSentiment,
    SentimentModel,
    class_probabilities,
    cue_features,
    design_matrix,
    featurize,
    normalize,
)

# The shipped model's hyper-parameters (chosen on the UMSAB val splits; see models/builtin-linear/MODEL_CARD.md).
LINEAR_CONFIG: dict[str, Any] = {
    "seed": 13,
    "word": {"ngram_range": (1, 2), "min_df": 2, "max_features": 60_000, "sublinear_tf": True},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5), "min_df": 3, "max_features": 150_000, "sublinear_tf": True},
    "cue_weight": 2.0,  # scale of the dense lexicon/cue block against the unit-norm TF-IDF blocks
    "C": 1.0,  # val: C 0.5-1 beat 2-8 (fewer features overfit less on 3,678 tweets)
    # NB-LR (Wang & Manning 2012) averaged with the LR: 5-fold CV macro-F1 +0.009 French, +0.012 English, TweetEval
    # val macro-recall +0.016; weight 0.3 gained less. Weight 0 turns it off.
    "nb": {"weight": 0.5, "alpha": 1.0, "C": 1.0},
}
# A model trained on top of the shipped one learns a correction to its log-probabilities; this is that correction's
# inverse L2 strength (smaller: stays closer to the base model where the new labels are few).
RESIDUAL_C = 1.0


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

    `base`: the bundle of an existing model; the new one then learns a correction to its answers (fit_residual).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    config = {**(config or {})}  # the caller's key order is kept: the bundle's bytes (its version) depend on it
    for key, value in LINEAR_CONFIG.items():
        config.setdefault(key, value)
    clean = [normalize(t) for t in texts]
    # A few hundred labels cannot support the shipped model's min_df: small label sets keep their rarer terms.
    word = {**config["word"], "min_df": min(config["word"]["min_df"], max(1, len(clean) // 500))}
    char = {**config["char"], "min_df": min(config["char"]["min_df"], max(1, len(clean) // 300))}
    bundle: dict[str, Any] = {
        "word": TfidfVectorizer(lowercase=True, token_pattern=r"(?u)[\w@']+|[^\w\s]", **word).fit(clean),
        "char": TfidfVectorizer(lowercase=True, **char).fit(clean),
        "cue_weight": config["cue_weight"],
        "config": config,
    }
    y = label_ids(labels)
    if len(set(y.tolist())) < 2:
        raise ValueError("the labels hold a single class: at least two of negative/neutral/positive are needed")
    if base is None:
        design = featurize(bundle, texts, langs)
        clf = LogisticRegression(C=config["C"], max_iter=2000, random_state=config["seed"])
        bundle["clf"] = clf.fit(design, y)
        if config["nb"]["weight"] > 0:
            bundle["nb"] = fit_nb(design, y, config["nb"], config["seed"])
        return bundle
    cues = cue_features(clean, langs)
    offset = np.log(np.clip(class_probabilities(base, clean, cues), 1e-9, 1.0))
    bundle["coef"], bundle["intercept"] = fit_residual(
        design_matrix(bundle, clean, cues), y, offset, config.get("residual_C", RESIDUAL_C)
    )
    bundle["base"] = base
    return bundle


def fit_nb(design: Any, y: np.ndarray, nb: dict[str, Any], seed: int) -> dict[str, Any]:
    """One-vs-rest NB-LR: per class, a logistic regression on the n-gram columns scaled by their log-count ratio.

    The ratio r = log((p / |p|) / (q / |q|)), p and q the smoothed (`alpha`) counts of documents holding the n-gram in
    and out of the class; the dense cue columns (the last N_CUES) keep scale 1. Since (X * r) w = X (r * w), each
    class's ratios are folded into its coefficients: inference is one more sparse product.
    """
    from sklearn.linear_model import LogisticRegression

    present = (design > 0).astype(np.float64)
    n_ngrams = design.shape[1] - N_CUES
    coef = np.zeros((len(LABELS), design.shape[1]), dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0)  # a class absent from the labels gets probability ~0
    for c in sorted(set(y.tolist())):
        p = np.asarray(present[y == c].sum(axis=0)).ravel() + nb["alpha"]
        q = np.asarray(present[y != c].sum(axis=0)).ravel() + nb["alpha"]
        ratio = np.log((p / p.sum()) / (q / q.sum()))
        ratio[n_ngrams:] = 1.0
        clf = LogisticRegression(C=nb["C"], max_iter=2000, random_state=seed)
        clf.fit(design.multiply(ratio).tocsr(), y == c)
        coef[c], intercept[c] = clf.coef_[0] * ratio, clf.intercept_[0]
    return {"weight": nb["weight"], "coef": coef, "intercept": intercept}


def fit_residual(design: Any, y: np.ndarray, offset: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with a fixed per-row offset: softmax(offset + X W' + b).

    Minimises C * cross-entropy (summed over rows) + ||W||^2 / 2 + ||b||^2 / 2; the intercept is penalised too, so
    with no evidence the model keeps the base model's priors. L-BFGS over the flattened weights.
    """
    from scipy.optimize import minimize

    n_rows, n_features = design.shape
    k = len(LABELS)
    onehot = np.zeros((n_rows, k))
    onehot[np.arange(n_rows), y] = 1.0

    def loss(flat: np.ndarray) -> tuple[float, np.ndarray]:
        coef, intercept = flat[: k * n_features].reshape(k, n_features), flat[k * n_features :]
        logits = design @ coef.T + intercept + offset
        logits -= logits.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(logits).sum(axis=1, keepdims=True))
        cross_entropy = -(onehot * (logits - log_norm)).sum()
        error = np.exp(logits - log_norm) - onehot  # d(cross-entropy)/d(logits)
        grad_coef = C * (design.T @ error).T + coef
        grad_intercept = C * error.sum(axis=0) + intercept
        value = C * cross_entropy + 0.5 * (flat @ flat)
        return value, np.concatenate([np.asarray(grad_coef).ravel(), grad_intercept])

    found = minimize(loss, np.zeros(k * n_features + k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    coef = found.x[: k * n_features].reshape(k, n_features).astype(np.float32)
    return coef, found.x[k * n_features :]


def save_bundle(bundle: dict[str, Any], path: Path) -> None:
    """Write a bundle as a compact, reproducible joblib file (same bundle -> same bytes -> same version)."""
    import joblib

    for part in (bundle, bundle.get("base") or {}):
        # _stop_words_id caches id(stop_words), a memory address that differs per process: dropping it (sklearn
        # reads it with getattr) makes the artifact byte-identical from run to run, hence a stable version string.
        for key in ("word", "char"):
            if key in part:
                part[key].__dict__.pop("_stop_words_id", None)
    if "clf" in bundle:  # float32 coefficients halve the artifact; predictions are unaffected at this precision
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
