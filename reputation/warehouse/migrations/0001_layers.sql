-- 0001: the four layers (raw, enriched, community, marts), quarantine and run history.
-- Times are UTC (TIMESTAMP without zone). Column meanings: docs/warehouse.md.

-- raw: mentions as ingested, never edited; one row per unique mention.
CREATE TABLE raw_mentions (
    mention_id       VARCHAR PRIMARY KEY,  -- 'platform:platform_id', or 'platform:h<hash>' without an id
    platform         VARCHAR NOT NULL,
    platform_id      VARCHAR,
    url              VARCHAR,
    author_id        VARCHAR NOT NULL,     -- pseudonymous
    author_handle    VARCHAR,
    author_followers BIGINT,
    title            VARCHAR,
    text             VARCHAR NOT NULL,
    lang             VARCHAR,              -- as declared by the source, if any
    published_at     TIMESTAMP NOT NULL,
    parent_id        VARCHAR,              -- mention_id this one replies to
    share_of_id      VARCHAR,              -- mention_id this one shares or quotes
    likes            BIGINT,
    shares           BIGINT,
    replies          BIGINT,
    views            BIGINT,
    source           VARCHAR,
    brands           VARCHAR[] NOT NULL,   -- brands whose query matched; empty list = unmatched
    ingest_file      VARCHAR,
    ingested_at      TIMESTAMP NOT NULL
);

CREATE TABLE quarantine (
    record_key     VARCHAR PRIMARY KEY,   -- hash of file + record: re-ingesting a file adds nothing
    source_file    VARCHAR NOT NULL,
    line           BIGINT,                -- 1-based line (JSONL, CSV) or item number (JSON)
    reason         VARCHAR NOT NULL,
    record         VARCHAR,               -- the record as read, for repair and replay
    quarantined_at TIMESTAMP NOT NULL
);

CREATE TABLE ingest_log (
    source_file VARCHAR NOT NULL,
    source      VARCHAR,
    read        BIGINT NOT NULL,
    loaded      BIGINT NOT NULL,
    duplicates  BIGINT NOT NULL,
    rejected    BIGINT NOT NULL,
    error       VARCHAR,              -- why the whole file failed (missing, unknown column...), else NULL
    ingested_at TIMESTAMP NOT NULL
);

-- enriched: one row per mention and model version.
CREATE TABLE enr_language (
    mention_id    VARCHAR NOT NULL,
    lang          VARCHAR,           -- ISO 639-1, NULL when undetermined
    confidence    DOUBLE,
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, model, model_version)
);

CREATE TABLE enr_sentiment (
    mention_id    VARCHAR NOT NULL,
    sentiment     VARCHAR NOT NULL CHECK (sentiment IN ('negative', 'neutral', 'positive')),
    score         DOUBLE NOT NULL,   -- polarity in [-1, 1]
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, model, model_version)
);

CREATE TABLE topics (
    topic_id      INTEGER NOT NULL,
    label         VARCHAR NOT NULL,
    top_terms     VARCHAR[] NOT NULL,
    size          BIGINT NOT NULL,
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    fitted_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (topic_id, model, model_version)
);

CREATE TABLE enr_topic (
    mention_id    VARCHAR NOT NULL,
    topic_id      INTEGER NOT NULL,  -- -1 = outlier (no topic fits)
    weight        DOUBLE NOT NULL,
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, model, model_version)
);

-- Which model version each stage currently serves through the public views.
CREATE TABLE active_models (
    stage         VARCHAR PRIMARY KEY,  -- language | sentiment | topics
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    activated_at  TIMESTAMP NOT NULL
);

-- community
CREATE TABLE community_authors (
    author_id           VARCHAR PRIMARY KEY,
    platform            VARCHAR NOT NULL,
    handle              VARCHAR,
    followers           BIGINT,
    mentions            BIGINT NOT NULL,
    brand_mentions      BIGINT NOT NULL,
    likes_received      BIGINT NOT NULL,
    shares_received     BIGINT NOT NULL,
    replies_received    BIGINT NOT NULL,
    first_seen          TIMESTAMP NOT NULL,
    last_seen           TIMESTAMP NOT NULL,
    is_brand_account    BOOLEAN NOT NULL    -- one of the brands' own accounts (scored, not ranked)
);

CREATE TABLE community_edges (
    source_author VARCHAR NOT NULL,
    target_author VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL CHECK (kind IN ('reply', 'share', 'mention')),
    weight        BIGINT NOT NULL,
    first_at      TIMESTAMP NOT NULL,
    last_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (source_author, target_author, kind)
);

CREATE TABLE community_influence (
    author_id      VARCHAR NOT NULL,
    period         VARCHAR NOT NULL,  -- 'all' for the whole history
    influence_score DOUBLE NOT NULL,  -- 0..100
    rank           BIGINT,            -- 1 = most influential; NULL for brand accounts
    reach          DOUBLE NOT NULL,   -- components, each scaled to 0..1
    engagement     DOUBLE NOT NULL,
    centrality     DOUBLE NOT NULL,
    activity       DOUBLE NOT NULL,
    relevance      DOUBLE NOT NULL,
    pagerank       DOUBLE NOT NULL,   -- raw PageRank of the interaction graph
    model_version  VARCHAR NOT NULL,
    computed_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (author_id, period)
);

-- marts
CREATE TABLE mart_daily_brand_metrics (
    day            DATE NOT NULL,
    brand          VARCHAR NOT NULL,
    mentions       BIGINT NOT NULL,
    positive       BIGINT NOT NULL,
    neutral        BIGINT NOT NULL,
    negative       BIGINT NOT NULL,
    net_sentiment  DOUBLE,            -- (pos - neg) / (pos + neg); NULL when both are 0
    reach          BIGINT NOT NULL,
    engagement     BIGINT NOT NULL,
    share_of_voice DOUBLE NOT NULL,   -- this brand's mentions / all tracked brands' mentions that day
    PRIMARY KEY (day, brand)
);

CREATE TABLE stage_runs (
    run_id      VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    ended_at    TIMESTAMP NOT NULL,
    status      VARCHAR NOT NULL,
    rows_in     BIGINT,
    rows_out    BIGINT,
    detail      VARCHAR
);
