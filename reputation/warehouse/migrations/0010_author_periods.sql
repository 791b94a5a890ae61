-- 0010: authors per period (calendar month, project time zone), from the community stage
-- (reputation/community_periods.py). Recomputed whole on each run.

CREATE TABLE community_author_periods (
    period           VARCHAR NOT NULL,   -- 'YYYY-MM'
    author_id        VARCHAR NOT NULL,
    mentions         BIGINT NOT NULL,    -- written that month
    reach            BIGINT,             -- largest follower count seen that month
    engagement       DOUBLE NOT NULL,    -- likes + shares + replies the platforms counted on their mentions
    replies_received BIGINT NOT NULL,    -- replies to them in the data, by others
    first_seen       TIMESTAMP NOT NULL, -- project time zone
    last_seen        TIMESTAMP NOT NULL,
    platforms        VARCHAR[] NOT NULL,
    PRIMARY KEY (period, author_id)
);

CREATE TABLE community_author_brands (
    period        VARCHAR NOT NULL,
    author_id     VARCHAR NOT NULL,
    brand         VARCHAR NOT NULL,
    mentions      BIGINT NOT NULL,       -- their mentions naming the brand that month
    positive      BIGINT NOT NULL,
    negative      BIGINT NOT NULL,
    net_sentiment DOUBLE,                -- (positive - negative) / (positive + negative); NULL when neither
    PRIMARY KEY (period, author_id, brand)
);
