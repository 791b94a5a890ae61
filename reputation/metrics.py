"""Daily brand metrics mart, computed in DuckDB from the public `mentions` view."""

from __future__ import annotations

from reputation.warehouse import Warehouse
from reputation.warehouse.mentions_view import narrowed

# Every (day, brand) pair over the data's date range gets a row, zeros included, so charts and spike
# detection see quiet days. Days are calendar days in the project's time zone.
DAILY_BRAND_SQL = narrowed(
    """
WITH m AS (
    SELECT CAST(timezone($tz, published_at AT TIME ZONE 'UTC') AS DATE) AS day,
           unnest(brands) AS brand, sentiment,
           coalesce(author_followers, 0) AS followers,
           coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0) AS engagement
    FROM mentions
),
days AS (
    SELECT CAST(d AS DATE) AS day
    FROM range((SELECT min(day) FROM m), (SELECT max(day) FROM m) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d)
),
grid AS (SELECT day, brand FROM days CROSS JOIN (SELECT unnest($brands) AS brand)),
agg AS (
    SELECT day, brand,
           count(*) AS mentions,
           count_if(sentiment = 'positive') AS positive,
           count_if(sentiment = 'neutral') AS neutral,
           count_if(sentiment = 'negative') AS negative,
           sum(followers) AS reach,
           sum(engagement) AS engagement
    FROM m GROUP BY ALL
)
SELECT g.day, g.brand,
       coalesce(a.mentions, 0) AS mentions,
       coalesce(a.positive, 0) AS positive,
       coalesce(a.neutral, 0) AS neutral,
       coalesce(a.negative, 0) AS negative,
       CASE WHEN coalesce(a.positive, 0) + coalesce(a.negative, 0) > 0
            THEN (a.positive - a.negative) / (a.positive + a.negative) END AS net_sentiment,
       coalesce(a.reach, 0) AS reach,
       coalesce(a.engagement, 0) AS engagement,
       coalesce(a.mentions / nullif(sum(a.mentions) OVER (PARTITION BY g.day), 0), 0) AS share_of_voice
FROM grid g LEFT JOIN agg a USING (day, brand)
ORDER BY g.day, g.brand
"""
)


def daily_brand_metrics(wh: Warehouse, brands: list[str], timezone: str = "UTC") -> int:
    """Recompute the daily brand metrics mart for the tracked brands; returns the number of rows."""
    frame = wh.df(DAILY_BRAND_SQL, {"tz": timezone, "brands": brands})  # type: ignore[arg-type]
    wh.replace("mart_daily_brand_metrics", frame, ["day", "brand"], where="true")
    return len(frame)


# Only (day, brand, aspect) with mentions get a row: the grid of every aspect (noun chunks included) would be mostly
# zeros. A mention naming two brands counts for both, like in the daily brand metrics.
DAILY_ASPECT_SQL = """
WITH a AS (
    SELECT CAST(timezone($tz, r.published_at AT TIME ZONE 'UTC') AS DATE) AS day,
           unnest(r.brands) AS brand, e.kind, e.aspect, e.sentiment
    FROM mention_aspects e JOIN raw_mentions r USING (mention_id)
)
SELECT day, brand, kind, aspect,
       count(*) AS mentions,
       count_if(sentiment = 'positive') AS positive,
       count_if(sentiment = 'neutral') AS neutral,
       count_if(sentiment = 'negative') AS negative,
       CASE WHEN count_if(sentiment <> 'neutral') > 0
            THEN (count_if(sentiment = 'positive') - count_if(sentiment = 'negative'))
                 / count_if(sentiment <> 'neutral') END AS net_sentiment
FROM a
WHERE list_contains($brands, brand)
GROUP BY ALL
ORDER BY day, brand, kind, aspect
"""


def daily_aspect_sentiment(wh: Warehouse, brands: list[str], timezone: str = "UTC") -> int:
    """Recompute the daily aspect sentiment mart (per day, tracked brand and aspect); returns the number of rows."""
    frame = wh.df(DAILY_ASPECT_SQL, {"tz": timezone, "brands": brands})  # type: ignore[arg-type]
    wh.replace("mart_daily_aspect_sentiment", frame, [], where="true")
    return len(frame)


# Share of topic: of a brand's mentions that day, the share in each topic (mentions no topic fits count as -1, so
# the shares of a day add up to 1). A mention naming two brands counts for both.
DAILY_TOPIC_SQL = narrowed(
    """
WITH t AS (
    SELECT CAST(timezone($tz, m.published_at AT TIME ZONE 'UTC') AS DATE) AS day,
           unnest(m.brands) AS brand, coalesce(m.topic_id, -1) AS topic_id, m.sentiment
    FROM mentions m
)
SELECT day, brand, topic_id,
       count(*) AS mentions,
       count(*) / sum(count(*)) OVER (PARTITION BY day, brand) AS share_of_topic,
       count(*) FILTER (WHERE sentiment = 'positive') AS positive,  -- 0, not NULL, before sentiment has run
       count(*) FILTER (WHERE sentiment = 'negative') AS negative,
       CASE WHEN count_if(sentiment IN ('positive', 'negative')) > 0
            THEN (count_if(sentiment = 'positive') - count_if(sentiment = 'negative'))
                 / count_if(sentiment IN ('positive', 'negative')) END AS net_sentiment
FROM t
WHERE list_contains($brands, brand)
GROUP BY day, brand, topic_id
ORDER BY day, brand, topic_id
"""
)


def daily_topics(wh: Warehouse, brands: list[str], timezone: str = "UTC") -> int:
    """Recompute the daily share-of-topic mart (per day, tracked brand and topic); returns the number of rows."""
    frame = wh.df(DAILY_TOPIC_SQL, {"tz": timezone, "brands": brands})  # type: ignore[arg-type]
    wh.replace("mart_daily_topics", frame, [], where="true")
    return len(frame)


# Weekly counts per topic (weeks start on Monday in the project's time zone), shares excluded: a retweet storm is
# reach, not conversation.
WEEKLY_TOPIC_SQL = narrowed(
    """
SELECT topic_id,
       CAST(date_trunc('week', timezone($tz, published_at AT TIME ZONE 'UTC')) AS DATE) AS week,
       count(*) AS mentions
FROM mentions
WHERE topic_id IS NOT NULL AND topic_id >= 0 AND share_of_id IS NULL
GROUP BY ALL
"""
)


# Metrics per brand, platform and language, daily and hourly (docs/signals.md). GROUPING SETS give the roll-ups, with
# '*' for "all platforms" / "all languages", so a chart or a detector reads one row per bucket. Counts and
# follower-weighted counts are stored; the views derive net sentiment, share of voice and the reputation index, so
# any further roll-up stays exact.
CUBE_SQL = narrowed(
    """
WITH m AS (
    SELECT date_trunc($grain, timezone($tz, published_at AT TIME ZONE 'UTC')) AS bucket,
           unnest(brands) AS brand, platform, coalesce(lang, 'und') AS lang, sentiment,
           coalesce(author_followers, 0) AS followers,
           1 + log10(1 + coalesce(author_followers, 0)) AS weight,
           coalesce(likes, 0) + coalesce(shares, 0) + coalesce(replies, 0) AS engagement
    FROM mentions
)
SELECT bucket, brand,
       coalesce(platform, '*') AS platform,
       coalesce(lang, '*') AS lang,
       count(*) AS mentions,
       count(*) FILTER (WHERE sentiment = 'positive') AS positive,
       count(*) FILTER (WHERE sentiment = 'neutral') AS neutral,
       count(*) FILTER (WHERE sentiment = 'negative') AS negative,
       coalesce(sum(weight) FILTER (WHERE sentiment = 'positive'), 0) AS w_positive,
       coalesce(sum(weight) FILTER (WHERE sentiment = 'neutral'), 0) AS w_neutral,
       coalesce(sum(weight) FILTER (WHERE sentiment = 'negative'), 0) AS w_negative,
       sum(followers) AS reach,
       sum(engagement) AS engagement
FROM m
WHERE list_contains($brands, brand)
GROUP BY GROUPING SETS (
    (bucket, brand), (bucket, brand, platform), (bucket, brand, lang), (bucket, brand, platform, lang)
)
ORDER BY bucket, brand, platform, lang
"""
)


def metric_cubes(wh: Warehouse, brands: list[str], timezone: str = "UTC") -> tuple[int, int]:
    """Recompute the daily and hourly metric marts (per brand, platform and language); returns their row counts."""
    counts = []
    for grain, table in (("day", "mart_metrics_daily"), ("hour", "mart_metrics_hourly")):
        frame = wh.df(CUBE_SQL, {"grain": grain, "tz": timezone, "brands": brands})  # type: ignore[arg-type]
        wh.replace(table, frame, [], where="true")
        counts.append(len(frame))
    return counts[0], counts[1]
