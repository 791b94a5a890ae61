-- 0008: topics followed across refits. Each fit is a model version; a topic keeps its id from fit to fit when it is
-- matched to the previous fit's (lineage), so topic_id means the same subject over time. New mentions between
-- refits are assigned to the active fit without refitting (its payload is kept).

ALTER TABLE topics ADD COLUMN terms_fr VARCHAR[];          -- top terms among the topic's French mentions
ALTER TABLE topics ADD COLUMN terms_en VARCHAR[];          -- ... and English ones
ALTER TABLE topics ADD COLUMN representatives VARCHAR[];   -- mention ids closest to the topic's centre

CREATE TABLE topic_fits (
    model            VARCHAR NOT NULL,      -- backend, e.g. lexical or embedding
    model_version    VARCHAR NOT NULL,      -- backend parameters + '@' + fit time: one version per fit
    fitted_at        TIMESTAMP NOT NULL,
    mentions         BIGINT NOT NULL,       -- mentions the fit saw
    topics           INTEGER NOT NULL,
    previous_version VARCHAR,               -- the fit it was matched to (NULL for the first)
    settings         VARCHAR NOT NULL,      -- digest of what shaped the fit (settings, stop words): a change refits
    payload          BLOB NOT NULL,         -- the fitted model, to assign new mentions without refitting
    PRIMARY KEY (model, model_version)
);

CREATE TABLE topic_lineage (
    model            VARCHAR NOT NULL,
    previous_version VARCHAR NOT NULL,
    model_version    VARCHAR NOT NULL,
    previous_topic   INTEGER NOT NULL,      -- -1 for a new topic
    topic_id         INTEGER NOT NULL,      -- -1 for a retired topic
    relation         VARCHAR NOT NULL CHECK (relation IN ('continued', 'merged', 'split', 'new', 'retired')),
    similarity       DOUBLE NOT NULL,       -- centroid cosine of the pair (0 for new / retired)
    keeps_id         BOOLEAN NOT NULL       -- this pair carried the previous topic's id over
);

CREATE TABLE topic_alerts (
    topic_id      INTEGER NOT NULL,
    week          DATE NOT NULL,            -- Monday of the week, in the project's time zone
    kind          VARCHAR NOT NULL CHECK (kind IN ('new', 'growing')),
    mentions      BIGINT NOT NULL,          -- that week
    baseline      DOUBLE NOT NULL,          -- median of the weeks before
    ratio         DOUBLE,                   -- mentions / baseline; NULL for a new topic
    label         VARCHAR NOT NULL,
    examples      VARCHAR[] NOT NULL,       -- mention ids: the week's most engaging mentions of the topic
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    detected_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (topic_id, week)
);

CREATE TABLE mart_daily_topics (
    day            DATE NOT NULL,           -- calendar day in the project's time zone
    brand          VARCHAR NOT NULL,
    topic_id       INTEGER NOT NULL,        -- -1: mentions no topic fits
    mentions       BIGINT NOT NULL,
    share_of_topic DOUBLE NOT NULL,         -- share of the brand's mentions that day that are in this topic
    positive       BIGINT NOT NULL,
    negative       BIGINT NOT NULL,
    net_sentiment  DOUBLE,                  -- (positive - negative) / (positive + negative); NULL when both are 0
    PRIMARY KEY (day, brand, topic_id)
);

-- public views (a contract: columns may be added, not removed)
CREATE VIEW topic_share AS
SELECT d.*, t.label, t.top_terms
FROM mart_daily_topics d
LEFT JOIN (SELECT t.* FROM topics t JOIN active_models a
           ON a.stage = 'topics' AND t.model = a.model AND t.model_version = a.model_version) t USING (topic_id);

CREATE VIEW emerging_topics AS
SELECT * FROM topic_alerts ORDER BY week DESC, mentions DESC;
