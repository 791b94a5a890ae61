-- 0007: aspect-based sentiment. One row per mention and aspect it talks about, scored on the clause around the
-- aspect; one marker per mention processed, aspects found or not, so a mention is read once per version.

CREATE TABLE enr_aspects (
    mention_id    VARCHAR NOT NULL,
    aspect        VARCHAR NOT NULL,    -- price, customer_service, network, ..., a product name, or a noun chunk
    kind          VARCHAR NOT NULL CHECK (kind IN ('aspect', 'product', 'noun_chunk')),
    term          VARCHAR NOT NULL,    -- as written in the mention
    clause        VARCHAR NOT NULL,    -- the clause that was scored
    sentiment     VARCHAR NOT NULL CHECK (sentiment IN ('negative', 'neutral', 'positive')),
    score         DOUBLE NOT NULL,     -- polarity in [-1, 1]
    model         VARCHAR NOT NULL,    -- aspect-lexicon+<sentiment model>, +spacy with noun chunks
    model_version VARCHAR NOT NULL,    -- includes a hash of the project's aspects and the sentiment model's version
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, aspect, model, model_version)
);

CREATE TABLE enr_aspects_processed (
    mention_id    VARCHAR NOT NULL,
    aspects       INTEGER NOT NULL,    -- rows in enr_aspects for this mention and version; 0 when none was found
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, model, model_version)
);

CREATE TABLE mart_daily_aspect_sentiment (
    day           DATE NOT NULL,       -- calendar day in the project's time zone
    brand         VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    aspect        VARCHAR NOT NULL,
    mentions      BIGINT NOT NULL,     -- mentions of the brand that talk about the aspect that day
    positive      BIGINT NOT NULL,
    neutral       BIGINT NOT NULL,
    negative      BIGINT NOT NULL,
    net_sentiment DOUBLE,              -- (positive - negative) / (positive + negative); NULL when both are 0
    PRIMARY KEY (day, brand, kind, aspect)
);

-- public views (a contract: columns may be added, not removed)
CREATE VIEW mention_aspects AS
SELECT e.mention_id, e.aspect, e.kind, e.term, e.clause, e.sentiment, e.score,
       e.model || '@' || e.model_version AS aspect_model
FROM enr_aspects e
JOIN active_models a ON a.stage = 'aspects' AND e.model = a.model AND e.model_version = a.model_version;

CREATE VIEW aspect_sentiment AS
SELECT * FROM mart_daily_aspect_sentiment;
