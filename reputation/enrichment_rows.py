"""The per-mention stages' model work: a batch of mentions in, rows keyed by mention id out, nothing else touched.

Pure and picklable (module-level functions, bound with functools.partial), so a batch's partitions can be computed
on Dask workers (reputation.partitions); the stages in reputation.stages read the batches and write the rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from reputation.nlp import aspects, entities, intent, language, moderation
from reputation.nlp.sentiment import SentimentModel


def _langs(batch: pd.DataFrame) -> list[str | None]:
    return batch["lang"].where(batch["lang"].notna(), None).tolist()


def language_rows(detector: str, batch: pd.DataFrame) -> pd.DataFrame:
    """mention_id, lang, confidence (reads title, text)."""
    found = language.detect_languages(batch["title"].fillna("") + " " + batch["text"], detector)
    return pd.concat([batch[["mention_id"]], found], axis=1)


def sentiment_rows(model: SentimentModel, batch: pd.DataFrame) -> pd.DataFrame:
    """mention_id, sentiment, score (reads text, lang)."""
    pred = model.predict(batch["text"].tolist(), _langs(batch))
    sentiment, score = pred["sentiment"].to_numpy(), pred["score"].to_numpy()
    return pd.DataFrame({"mention_id": batch["mention_id"], "sentiment": sentiment, "score": score})


def intent_rows(batch: pd.DataFrame) -> pd.DataFrame:
    """mention_id, intent, confidence (reads text, sentiment, sentiment_score)."""
    found = intent.classify_intents(batch["text"], batch["sentiment"], batch["sentiment_score"].fillna(0.0))
    return pd.concat([batch[["mention_id"]], found], axis=1)


def moderation_rows(charter: moderation.Charter, batch: pd.DataFrame) -> pd.DataFrame:
    """mention_id, flags, reasons (reads text)."""
    return pd.concat([batch[["mention_id"]], moderation.moderate(batch["text"], charter)], axis=1)


def entity_rows(names: dict[str, str], use_spacy: bool, batch: pd.DataFrame) -> pd.DataFrame:
    """mention_id, entities: the project's names, and spaCy's entities when asked (reads text, lang)."""
    rows = entities.project_entities(batch["text"], names)
    if use_spacy:
        rows = [a + b for a, b in zip(rows, entities.spacy_entities(batch["text"], batch["lang"]), strict=True)]
    return pd.DataFrame({"mention_id": batch["mention_id"], "entities": rows})


def aspect_rows(
    finder: aspects.AspectFinder,
    model: SentimentModel,
    scored_by: str,
    noun_chunks: bool,
    exclude: Sequence[str],
    batch: pd.DataFrame,
) -> pd.DataFrame:
    """mention_id and one row per aspect found with its clause's sentiment (reads text, lang, body, sentiment,
    sentiment_score, sentiment_model)."""
    # the sentiment stage's output for the body, reused when a clause is the whole body (same model only)
    known = [
        (body, s, float(v)) if by == scored_by and isinstance(s, str) else None
        for body, s, v, by in zip(
            batch["body"], batch["sentiment"], batch["sentiment_score"], batch["sentiment_model"], strict=True
        )
    ]
    result = aspects.aspect_sentiment(
        batch["text"].tolist(), _langs(batch), finder, model, known=known, noun_chunks=noun_chunks, exclude=exclude
    )
    return result.assign(mention_id=batch["mention_id"].to_numpy()[result["row"].to_numpy()]).drop(columns="row")
