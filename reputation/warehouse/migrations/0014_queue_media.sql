-- 0014: the response queue (reputation/response_queue.py) and the media map (reputation/media_map.py); definitions
-- in docs/response-queue.md. Each mart is rebuilt whole on each refresh.

-- Members' questions and complaints about the own brand that none of its accounts has answered, most urgent first,
-- as of `as_of`. priority = urgency_points + influence_points + engagement_points + age_points.
CREATE TABLE mart_response_queue (
    rank              BIGINT NOT NULL,     -- 1 = answer first
    brand             VARCHAR NOT NULL,    -- the own brand
    mention_id        VARCHAR NOT NULL,
    platform          VARCHAR NOT NULL,
    who               VARCHAR NOT NULL,    -- handle, or the pseudonymous id when handles are not kept
    author_id         VARCHAR NOT NULL,
    influence         DOUBLE NOT NULL,     -- the author's influence score, period 'all' (0..100; 0 when unknown)
    intent            VARCHAR NOT NULL,    -- complaint | question
    sentiment         VARCHAR,
    urgent_terms      VARCHAR NOT NULL,    -- words of urgency found (accent-free), '' when none
    engagement        BIGINT NOT NULL,     -- likes + 2 x shares + 3 x replies on the mention
    text              VARCHAR NOT NULL,
    url               VARCHAR,
    published_at      TIMESTAMP NOT NULL,  -- UTC
    published_local   TIMESTAMP NOT NULL,  -- project time zone
    waiting_hours     DOUBLE NOT NULL,     -- from published_at to as_of
    priority          DOUBLE NOT NULL,     -- 0..100
    urgency_points    DOUBLE NOT NULL,     -- the components' parts of priority
    influence_points  DOUBLE NOT NULL,
    engagement_points DOUBLE NOT NULL,
    age_points        DOUBLE NOT NULL,
    reason            VARCHAR NOT NULL,    -- the evidence, in words
    as_of             TIMESTAMP NOT NULL,  -- the queue's time (UTC): the latest mention unless given
    computed_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id)
);

CREATE VIEW response_queue AS SELECT * FROM mart_response_queue;

-- Who talks about each brand: social accounts (platform + author) and web sites (the domain of the mention's url),
-- over the mentions up to the end of the report week.
CREATE TABLE mart_media_outlets (
    brand          VARCHAR NOT NULL,
    rank           BIGINT NOT NULL,     -- 1 = most mentions of the brand (then reach)
    outlet         VARCHAR NOT NULL,    -- 'platform:author_id' for an account, the domain for a site
    kind           VARCHAR NOT NULL CHECK (kind IN ('account', 'site')),
    platform       VARCHAR NOT NULL,    -- the outlet's platform (a site's commonest)
    name           VARCHAR NOT NULL,    -- handle (or pseudonymous id) of an account; a site's domain
    author_id      VARCHAR,             -- accounts only
    mentions       BIGINT NOT NULL,     -- of the brand
    authors        BIGINT NOT NULL,     -- distinct authors (1 for an account)
    reach          BIGINT NOT NULL,     -- sum over its authors of their largest follower count
    positive       BIGINT NOT NULL,
    negative       BIGINT NOT NULL,
    net_sentiment  DOUBLE,              -- (positive - negative) / (positive + negative); NULL when neither
    share_of_brand DOUBLE NOT NULL,     -- mentions / the brand's mentions
    first_seen     TIMESTAMP NOT NULL,  -- its first and last mention of the brand, project time zone
    last_seen      TIMESTAMP NOT NULL,
    week_mentions  BIGINT NOT NULL,     -- of the brand in the report week
    new_this_week  BOOLEAN NOT NULL,    -- first_seen falls in the report week
    week_start     DATE NOT NULL,       -- the report week, Monday to Sunday, project time zone
    week_end       DATE NOT NULL,
    computed_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (brand, outlet)
);

CREATE VIEW media_map AS SELECT * FROM mart_media_outlets;

-- The web domains mentions of each brand link to (links in the text) or are published on (news, blogs, forums,
-- reviews), platforms, link shorteners, image hosts and the brands' own sites left out.
CREATE TABLE mart_linked_domains (
    brand         VARCHAR NOT NULL,
    rank          BIGINT NOT NULL,     -- 1 = most mentions
    domain        VARCHAR NOT NULL,    -- lower case, without 'www.'
    mentions      BIGINT NOT NULL,     -- mentions of the brand linking to it or published on it
    linked        BIGINT NOT NULL,     -- ... with a link to it in their text
    published     BIGINT NOT NULL,     -- ... published on it
    authors       BIGINT NOT NULL,
    net_sentiment DOUBLE,
    first_seen    TIMESTAMP NOT NULL,  -- project time zone
    last_seen     TIMESTAMP NOT NULL,
    example_url   VARCHAR NOT NULL,    -- the latest link to it (or mention url on it)
    covered       BOOLEAN NOT NULL,    -- the project already collects mentions published there (docs/response-queue.md)
    candidate     BOOLEAN NOT NULL,    -- not covered: a source to consider adding
    week_end      DATE NOT NULL,
    computed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (brand, domain)
);

CREATE VIEW linked_domains AS SELECT * FROM mart_linked_domains;
