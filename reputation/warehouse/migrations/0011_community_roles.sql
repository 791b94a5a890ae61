-- 0011: the interaction graph per period, roles per period with their reason (reputation/community_roles.py;
-- definitions in docs/influence.md, "Roles") and the top lists. Recomputed whole on each run, like the other
-- community tables.

CREATE TABLE community_period_edges (
    period        VARCHAR NOT NULL,   -- as in community_influence: 'YYYY-MM', 'recent' or 'all'
    source_author VARCHAR NOT NULL,
    target_author VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,   -- reply, share, mention
    weight        BIGINT NOT NULL,    -- interactions in the period
    PRIMARY KEY (period, source_author, target_author, kind)
);

CREATE TABLE community_roles (
    period          VARCHAR NOT NULL,   -- 'YYYY-MM', 'recent' (28 days to the last complete week) or 'all'
    period_start    DATE NOT NULL,      -- project time zone, inclusive
    period_end      DATE NOT NULL,
    role            VARCHAR NOT NULL CHECK (role IN ('advocate', 'detractor', 'contributor', 'newcomer', 'at_risk')),
    brand           VARCHAR,            -- advocate, detractor, at_risk: the brand concerned; NULL for the others
    rank            BIGINT NOT NULL,    -- 1 = first within (period, role, brand)
    author_id       VARCHAR NOT NULL,
    score           DOUBLE NOT NULL,    -- what the rank orders by (docs/influence.md)
    influence_score DOUBLE NOT NULL,    -- influence in the period (community_influence, same period)
    mentions        BIGINT NOT NULL,    -- in the period
    opinions        BIGINT,             -- positive + negative mentions of the brand in the period
    net_sentiment   DOUBLE,             -- towards the brand in the period
    net_before      DOUBLE,             -- at_risk: towards the brand in the lookback window before the period
    answers         BIGINT NOT NULL,    -- replies to other members in the period
    reason          VARCHAR NOT NULL,   -- the evidence, in words
    model_version   VARCHAR NOT NULL,
    computed_at     TIMESTAMP NOT NULL
);

-- The top of each list (project file: community.top rows per period, role and brand), with who the author is:
-- what the weekly report and a community manager read.
CREATE TABLE mart_community_top (
    period          VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_end      DATE NOT NULL,
    role            VARCHAR NOT NULL,
    brand           VARCHAR,
    rank            BIGINT NOT NULL,
    who             VARCHAR NOT NULL,   -- handle, or the pseudonymous id when handles are not kept
    platform        VARCHAR NOT NULL,
    followers       BIGINT,
    author_id       VARCHAR NOT NULL,
    score           DOUBLE NOT NULL,
    influence_score DOUBLE NOT NULL,
    mentions        BIGINT NOT NULL,
    net_sentiment   DOUBLE,
    net_before      DOUBLE,
    answers         BIGINT NOT NULL,
    reason          VARCHAR NOT NULL
);

CREATE VIEW community_top AS SELECT * FROM mart_community_top;
