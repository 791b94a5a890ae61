"""Volume, sentiment, share of voice and reputation index over time, per brand (views `metrics_daily`,
`metrics_hourly`, `aspect_sentiment`; definitions in docs/signals.md).

Every roll-up (a week, a whole period) is recomputed from summed counts, as the views do per bucket: the weighted
counts are stored, so a week's reputation index is exact, not an average of daily indexes.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from reputation.analysis.connection import Connection, Day, as_day, fetch

Freq = Literal["H", "D", "W"]
Breakdown = Literal["platform", "lang"]

# bucket expression and view per frequency (fixed strings: never user input in SQL text)
_BUCKETS: dict[str | None, tuple[str, str]] = {
    "H": ("metrics_hourly", "bucket"),
    "D": ("metrics_daily", "bucket"),
    "W": ("metrics_daily", "date_trunc('week', bucket)"),  # Monday of the week, project time zone
    None: ("metrics_daily", "NULL::TIMESTAMP"),  # one bucket: the whole period
}

_MEASURES = """
    CASE WHEN positive + negative > 0 THEN (positive - negative) / (positive + negative) END AS net_sentiment,
    mentions / nullif(sum(mentions) OVER (PARTITION BY bucket), 0) AS share_of_voice,
    50 * (1 + (wp - wn) / (wp + wu + wn + 5)) AS reputation_index"""

_SUMS = """
    sum(mentions)::BIGINT AS mentions, sum(positive)::BIGINT AS positive, sum(neutral)::BIGINT AS neutral,
    sum(negative)::BIGINT AS negative, sum(w_positive) AS wp, sum(w_neutral) AS wu, sum(w_negative) AS wn,
    sum(reach)::BIGINT AS reach, sum(engagement)::BIGINT AS engagement"""

_WINDOW = "($start IS NULL OR bucket >= $start::DATE) AND ($end IS NULL OR bucket < $end::DATE + INTERVAL 1 DAY)"

COLUMNS = [
    "bucket",
    "brand",
    "mentions",
    "positive",
    "neutral",
    "negative",
    "net_sentiment",
    "share_of_voice",
    "reputation_index",
    "reach",
    "engagement",
]


def _params(brand: str | None, start: Day | None, end: Day | None, **more: object) -> dict[str, object]:
    return {"brand": brand, "start": as_day(start), "end": as_day(end), **more}


def _rollup(
    con: Connection, freq: str | None, platform: str, lang: str, start: Day | None, end: Day | None
) -> pd.DataFrame:
    """Every brand's measures per bucket of `freq` (None: one bucket, the whole period)."""
    view, bucket = _BUCKETS[freq]
    sql = f"""
        WITH b AS (
            SELECT {bucket} AS bucket, brand, {_SUMS}
            FROM {view}
            WHERE platform = $platform AND lang = $lang AND {_WINDOW}
            GROUP BY ALL)
        SELECT bucket, brand, mentions, positive, neutral, negative, {_MEASURES}, reach, engagement
        FROM b ORDER BY bucket, brand"""
    return fetch(con, sql, _params(None, start, end, platform=platform, lang=lang))[COLUMNS]


def metrics(
    con: Connection,
    brand: str | None = None,
    freq: Freq = "D",
    *,
    platform: str = "*",
    lang: str = "*",
    start: Day | None = None,
    end: Day | None = None,
) -> pd.DataFrame:
    """Per bucket (hour, day or Monday-based week, project time zone) and brand: mentions, positive, neutral,
    negative, net_sentiment, share_of_voice (among the tracked brands), reputation_index (0-100), reach, engagement.

    `platform` and `lang` pick one platform or language ('*' = all); `start` and `end` are inclusive days (a week cut
    by them counts only its days inside). One brand or all of them; share of voice is always among all brands.
    """
    if freq not in ("H", "D", "W"):
        raise ValueError(f"freq must be 'H' (hour), 'D' (day) or 'W' (week), not {freq!r}")
    frame = _rollup(con, freq, platform, lang, start, end)
    if brand is not None:
        frame = frame[frame["brand"] == brand].reset_index(drop=True)  # after the window: shares stay among all
    return frame


def sentiment_trend(
    con: Connection,
    brand: str | None = None,
    freq: Freq = "D",
    *,
    platform: str = "*",
    lang: str = "*",
    start: Day | None = None,
    end: Day | None = None,
) -> pd.DataFrame:
    """Mentions by sentiment and net sentiment ((positive - negative) / (positive + negative), NULL when neither) per
    bucket and brand: `bucket`, `brand`, `mentions`, `positive`, `neutral`, `negative`, `net_sentiment`."""
    frame = metrics(con, brand, freq, platform=platform, lang=lang, start=start, end=end)
    return frame[["bucket", "brand", "mentions", "positive", "neutral", "negative", "net_sentiment"]]


def share_of_voice(
    con: Connection,
    freq: Freq = "W",
    *,
    platform: str = "*",
    lang: str = "*",
    start: Day | None = None,
    end: Day | None = None,
) -> pd.DataFrame:
    """Each brand's share of the tracked brands' mentions per bucket (a bucket's shares add up to 1; a mention naming
    two brands counts for both): `bucket`, `brand`, `mentions`, `share_of_voice`."""
    frame = metrics(con, None, freq, platform=platform, lang=lang, start=start, end=end)
    return frame[["bucket", "brand", "mentions", "share_of_voice"]]


def reputation_index(
    con: Connection,
    brand: str | None = None,
    freq: Freq = "D",
    *,
    platform: str = "*",
    lang: str = "*",
    start: Day | None = None,
    end: Day | None = None,
) -> pd.DataFrame:
    """The reputation index per bucket and brand (0-100, 50 = neutral; audience-weighted net sentiment over all
    mentions, docs/signals.md): `bucket`, `brand`, `mentions`, `reputation_index`, `net_sentiment`."""
    frame = metrics(con, brand, freq, platform=platform, lang=lang, start=start, end=end)
    return frame[["bucket", "brand", "mentions", "reputation_index", "net_sentiment"]]


def brand_overview(con: Connection, *, start: Day | None = None, end: Day | None = None) -> pd.DataFrame:
    """One row per brand over the period (inclusive days; default: everything), most mentioned first: mentions,
    positive, neutral, negative, net_sentiment, share_of_voice, reputation_index, reach, engagement."""
    frame = _rollup(con, None, "*", "*", start, end)
    return frame.drop(columns="bucket").sort_values(["mentions", "brand"], ascending=[False, True], ignore_index=True)


def breakdown(
    con: Connection, brand: str, by: Breakdown = "platform", *, start: Day | None = None, end: Day | None = None
) -> pd.DataFrame:
    """A brand's mentions per platform or per language over the period, biggest first: the `platform` or `lang`
    column, mentions, share (of the brand's mentions), positive, neutral, negative, net_sentiment, reputation_index."""
    if by not in ("platform", "lang"):
        raise ValueError(f"by must be 'platform' or 'lang', not {by!r}")
    other = "lang" if by == "platform" else "platform"
    sql = f"""
        WITH b AS (
            SELECT {by}, NULL::TIMESTAMP AS bucket, {_SUMS}
            FROM metrics_daily
            WHERE brand = $brand AND {other} = '*' AND {by} <> '*' AND {_WINDOW}
            GROUP BY ALL)
        SELECT {by}, mentions, mentions / sum(mentions) OVER () AS share, positive, neutral, negative,
               CASE WHEN positive + negative > 0 THEN (positive - negative) / (positive + negative) END
                   AS net_sentiment,
               50 * (1 + (wp - wn) / (wp + wu + wn + 5)) AS reputation_index
        FROM b ORDER BY mentions DESC, {by}"""
    return fetch(con, sql, _params(brand, start, end))


def aspects(
    con: Connection,
    brand: str | None = None,
    kind: str = "aspect",
    *,
    start: Day | None = None,
    end: Day | None = None,
) -> pd.DataFrame:
    """What mentions of a brand (or all brands) talk about and how (view `aspect_sentiment`): one row per aspect of
    `kind` (`aspect`, `product`, `noun_chunk`), most mentioned first, with mentions, positive, neutral, negative and
    net_sentiment of the clauses about it."""
    sql = """
        SELECT aspect, sum(mentions)::BIGINT AS mentions, sum(positive)::BIGINT AS positive,
               sum(neutral)::BIGINT AS neutral, sum(negative)::BIGINT AS negative,
               CASE WHEN sum(positive) + sum(negative) > 0
                    THEN (sum(positive) - sum(negative)) / (sum(positive) + sum(negative)) END AS net_sentiment
        FROM aspect_sentiment
        WHERE kind = $kind AND ($brand IS NULL OR brand = $brand)
          AND ($start IS NULL OR day >= $start) AND ($end IS NULL OR day <= $end)
        GROUP BY aspect ORDER BY mentions DESC, aspect"""
    return fetch(con, sql, _params(brand, start, end, kind=kind))
