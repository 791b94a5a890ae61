"""Sentiment on any table: predict for a CSV, and evaluate predictions against labels (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support, recall_score

from reputation.nlp.sentiment import LABELS, SentimentModel

# Labels as they come in labeled files: names, or the 0/1/2 of the shared tweet datasets
_LABEL_ALIASES = {
    "0": "negative",
    "1": "neutral",
    "2": "positive",
    "neg": "negative",
    "neu": "neutral",
    "pos": "positive",
    "negatif": "negative",
    "neutre": "neutral",
    "positif": "positive",
}


class LabelError(ValueError):
    """Labels that are not negative / neutral / positive (or 0 / 1 / 2)."""


def normalize_labels(labels: pd.Series) -> pd.Series:
    """negative | neutral | positive from names (any case, French or English) or 0/1/2; raises on anything else."""
    clean = labels.astype(str).str.strip().str.lower()
    clean = clean.map(lambda v: _LABEL_ALIASES.get(v, v))
    bad = ~clean.isin(LABELS)
    if bad.any():
        examples = labels[bad].astype(str).unique()[:5].tolist()
        raise LabelError(f"{int(bad.sum())} label(s) are not negative/neutral/positive or 0/1/2, e.g. {examples}")
    return clean


def predict_table(table: pd.DataFrame, model: SentimentModel, text: str = "text", lang: str = "lang") -> pd.DataFrame:
    """The table with `sentiment` and `sentiment_score` added (and `lang` detected when the table has none)."""
    if text not in table:
        raise KeyError(f"no column {text!r}; columns are {list(table.columns)}")
    out = table.copy()
    texts = out[text].fillna("").astype(str)
    if lang not in out:
        from reputation.nlp.language import detect_languages

        out[lang] = detect_languages(texts)["lang"].to_numpy()
    langs = out[lang].where(out[lang].notna(), None).astype(object).tolist()
    pred = model.predict(texts.tolist(), langs)
    out["sentiment"] = pred["sentiment"].to_numpy()
    out["sentiment_score"] = pred["score"].to_numpy()
    return out


@dataclass(frozen=True)
class Evaluation:
    n: int
    macro_f1: float
    macro_recall: float
    accuracy: float
    per_class: pd.DataFrame  # precision, recall, f1, support by label
    per_language: pd.DataFrame  # n, macro_f1, macro_recall by language
    confusion: pd.DataFrame  # rows: true label, columns: predicted

    def render(self) -> str:
        lines = [
            f"{self.n} labeled rows",
            f"macro-F1 {self.macro_f1:.3f}   macro-recall {self.macro_recall:.3f}   accuracy {self.accuracy:.3f}",
            "",
            "per class:",
            self.per_class.round(3).to_string(),
            "",
            "per language:",
            self.per_language.round(3).to_string(),
            "",
            "confusion (rows: true, columns: predicted):",
            self.confusion.to_string(),
        ]
        return "\n".join(lines)


def evaluate(gold: pd.Series, predicted: pd.Series, langs: pd.Series | None = None) -> Evaluation:
    """Macro-F1, macro-recall, per-class and per-language figures and the confusion matrix."""
    gold, predicted = gold.to_numpy(), predicted.to_numpy()
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    per_class = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support}, index=labels)
    by_lang = []
    if langs is not None:
        lang_values = langs.fillna("?").astype(str).to_numpy()
        for value in sorted(set(lang_values)):
            mask = lang_values == value
            by_lang.append(
                {
                    "lang": value,
                    "n": int(mask.sum()),
                    "macro_f1": f1_score(gold[mask], predicted[mask], labels=labels, average="macro", zero_division=0),
                    "macro_recall": recall_score(
                        gold[mask], predicted[mask], labels=labels, average="macro", zero_division=0
                    ),
                }
            )
    per_language = pd.DataFrame(by_lang, columns=["lang", "n", "macro_f1", "macro_recall"]).set_index("lang")
    matrix = confusion_matrix(gold, predicted, labels=labels)
    return Evaluation(
        n=len(gold),
        macro_f1=float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)),
        macro_recall=float(recall_score(gold, predicted, labels=labels, average="macro", zero_division=0)),
        accuracy=float(np.mean(gold == predicted)) if len(gold) else 0.0,
        per_class=per_class,
        per_language=per_language,
        confusion=pd.DataFrame(matrix, index=labels, columns=labels),
    )
