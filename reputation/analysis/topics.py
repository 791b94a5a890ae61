"""Topics of the active topic model: what they are, how big, how they feel, how they move, and what to read
(views `mentions`, `topic_share`, `emerging_topics`, table `topics`; docs/topics.md)."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from reputation.analysis.connection import Connection, fetch

_ACTIVE_TOPICS = """
    SELECT t.* FROM topics t JOIN active_models a
    ON a.stage = 'topics' AND a.model = t.model AND a.model_version = t.model_version"""

_ENGAGEMENT = "coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0)"


def topics_overview(con: Connection, brand: str | None = None) -> pd.DataFrame:
    """One row per topic of the active fit, biggest first: `topic_id`, `label`, `terms_fr`, `terms_en`, `mentions`
    (now, of `brand` when given), `share` (of those mentions; the rest fit no topic), `positive`, `negative`,
    `net_sentiment`, `first_seen`, `last_seen` (UTC)."""
    sql = f"""
        WITH m AS (
            SELECT topic_id, sentiment, published_at FROM mentions
            WHERE $brand IS NULL OR list_contains(brands, $brand)),
        counts AS (
            SELECT topic_id, count(*) AS mentions, count(*) FILTER (WHERE sentiment = 'positive') AS positive,
                   count(*) FILTER (WHERE sentiment = 'negative') AS negative,
                   min(published_at) AS first_seen, max(published_at) AS last_seen
            FROM m GROUP BY topic_id)
        SELECT t.topic_id, t.label, t.terms_fr, t.terms_en, coalesce(c.mentions, 0) AS mentions,
               coalesce(c.mentions, 0) / nullif((SELECT count(*) FROM m), 0) AS share,
               coalesce(c.positive, 0) AS positive, coalesce(c.negative, 0) AS negative,
               CASE WHEN c.positive + c.negative > 0 THEN (c.positive - c.negative) / (c.positive + c.negative) END
                   AS net_sentiment,
               c.first_seen, c.last_seen
        FROM ({_ACTIVE_TOPICS}) t LEFT JOIN counts c USING (topic_id)
        ORDER BY mentions DESC, t.topic_id"""
    return fetch(con, sql, {"brand": brand})


def topic_trend(con: Connection, brand: str | None = None, freq: Literal["D", "W"] = "W") -> pd.DataFrame:
    """Mentions per topic and day or week (Monday; project time zone), of one brand or all brands (a mention naming
    two brands counts for both): `bucket`, `topic_id` (-1: no topic fits), `label`, `mentions`, `share` (of the
    bucket's mentions), `net_sentiment`."""
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be 'D' (day) or 'W' (week), not {freq!r}")
    bucket = "day" if freq == "D" else "date_trunc('week', day)"
    sql = f"""
        WITH b AS (
            SELECT {bucket} AS bucket, topic_id, any_value(label) AS label, sum(mentions)::BIGINT AS mentions,
                   sum(positive) AS positive, sum(negative) AS negative
            FROM topic_share WHERE $brand IS NULL OR brand = $brand
            GROUP BY ALL)
        SELECT bucket, topic_id, coalesce(label, 'no topic') AS label, mentions,
               mentions / nullif(sum(mentions) OVER (PARTITION BY bucket), 0) AS share,
               CASE WHEN positive + negative > 0 THEN (positive - negative) / (positive + negative) END
                   AS net_sentiment
        FROM b ORDER BY bucket, mentions DESC, topic_id"""
    return fetch(con, sql, {"brand": brand})


def topic_mentions(
    con: Connection,
    topic_id: int,
    n: int = 10,
    *,
    brand: str | None = None,
    sentiment: str | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """The most engaging original mentions of a topic (shares and near-duplicates left out), to read what it is
    about: `mention_id`, `published_at` (UTC), `platform`, `who`, `lang`, `sentiment`, `engagement` (likes + shares +
    replies), `text`, `url`."""
    sql = f"""
        SELECT mention_id, published_at, platform, coalesce(author_handle, author_id) AS who, lang, sentiment,
               {_ENGAGEMENT} AS engagement, text, url
        FROM mentions
        WHERE topic_id = $topic AND share_of_id IS NULL AND near_duplicate_of IS NULL
          AND ($brand IS NULL OR list_contains(brands, $brand))
          AND ($sentiment IS NULL OR sentiment = $sentiment) AND ($lang IS NULL OR lang = $lang)
        ORDER BY engagement DESC, published_at, mention_id
        LIMIT $n"""
    params = {"topic": int(topic_id), "n": int(n), "brand": brand, "sentiment": sentiment, "lang": lang}
    return fetch(con, sql, params)


def emerging_topics(con: Connection) -> pd.DataFrame:
    """Topic-weeks that are new or abnormally big against the weeks before (view `emerging_topics`), latest first:
    `week`, `topic_id`, `label`, `kind` (`new` | `growing`), `mentions`, `baseline`, `ratio`, `examples` (ids)."""
    return fetch(
        con,
        "SELECT week, topic_id, label, kind, mentions, baseline, ratio, examples FROM emerging_topics "
        "ORDER BY week DESC, mentions DESC, topic_id",
    )
