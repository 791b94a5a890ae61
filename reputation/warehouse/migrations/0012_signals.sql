-- 0012: metrics per brand, platform and language, daily and hourly, and the alerts of spike and crisis detection
-- (reputation/metrics.py, reputation/signals/; docs/signals.md).

CREATE TABLE mart_metrics_daily (
    bucket      TIMESTAMP NOT NULL,  -- local midnight, project time zone
    brand       VARCHAR NOT NULL,
    platform    VARCHAR NOT NULL,    -- '*' = all platforms
    lang        VARCHAR NOT NULL,    -- '*' = all languages; 'und' = undetermined
    mentions    BIGINT NOT NULL,
    positive    BIGINT NOT NULL,
    neutral     BIGINT NOT NULL,
    negative    BIGINT NOT NULL,
    w_positive  DOUBLE NOT NULL,     -- follower-weighted counts: weight = 1 + log10(1 + followers)
    w_neutral   DOUBLE NOT NULL,
    w_negative  DOUBLE NOT NULL,
    reach       BIGINT NOT NULL,
    engagement  BIGINT NOT NULL
);

CREATE TABLE mart_metrics_hourly AS SELECT * FROM mart_metrics_daily WITH NO DATA;

-- Derived measures: net sentiment (pos - neg) / (pos + neg); share of voice among the tracked brands in the same
-- bucket, platform and language; reputation index = 50 * (1 + (Wpos - Wneg) / (Wpos + Wneu + Wneg + 5)).
CREATE VIEW metrics_daily AS
SELECT *,
       CASE WHEN positive + negative > 0 THEN (positive - negative) / (positive + negative) END AS net_sentiment,
       mentions / sum(mentions) OVER (PARTITION BY bucket, platform, lang) AS share_of_voice,
       50 * (1 + (w_positive - w_negative) / (w_positive + w_neutral + w_negative + 5)) AS reputation_index
FROM mart_metrics_daily;

CREATE VIEW metrics_hourly AS
SELECT *,
       CASE WHEN positive + negative > 0 THEN (positive - negative) / (positive + negative) END AS net_sentiment,
       mentions / sum(mentions) OVER (PARTITION BY bucket, platform, lang) AS share_of_voice,
       50 * (1 + (w_positive - w_negative) / (w_positive + w_neutral + w_negative + 5)) AS reputation_index
FROM mart_metrics_hourly;

CREATE TABLE alerts (
    alert_id       VARCHAR PRIMARY KEY,  -- stable: brand, signal and first bucket; a rerun finds the same ids
    brand          VARCHAR NOT NULL,
    signal         VARCHAR NOT NULL,     -- volume_hourly, volume_daily, negative_share_daily
    kind           VARCHAR NOT NULL,     -- crisis (negative share up as well) or spike
    started_at     TIMESTAMP NOT NULL,   -- first anomalous bucket, project time zone
    ended_at       TIMESTAMP NOT NULL,   -- end of the last anomalous bucket
    peak_at        TIMESTAMP NOT NULL,
    observed       DOUBLE NOT NULL,      -- at the peak: mentions, or the negative share
    expected       DOUBLE NOT NULL,      -- the seasonal baseline there
    score          DOUBLE NOT NULL,      -- robust z-score at the peak
    mentions       BIGINT NOT NULL,      -- the brand's mentions over the episode
    summary        VARCHAR NOT NULL,     -- one line, in English
    terms          VARCHAR[] NOT NULL,   -- words over-represented against the baseline
    topics         JSON NOT NULL,        -- [{topic_id, label, mentions, expected}]
    sources        JSON NOT NULL,        -- [{platform, mentions, expected}]
    authors        JSON NOT NULL,        -- [{author_id, who, platform, mentions, followers}]
    examples       VARCHAR[] NOT NULL,   -- mention ids, most engaging first
    detector       VARCHAR NOT NULL,     -- detector and version
    detected_at    TIMESTAMP NOT NULL
);
