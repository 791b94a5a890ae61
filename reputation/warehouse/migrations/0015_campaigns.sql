-- 0015: campaigns and contests of the project file, measured against the brand's baseline (reputation/campaigns.py;
-- every column is defined in docs/campaigns.md). Days are calendar days in the project's time zone. Recomputed
-- whole on each run.

CREATE TABLE mart_campaigns (
    campaign                VARCHAR NOT NULL,   -- its name in the project file
    kind                    VARCHAR NOT NULL CHECK (kind IN ('campaign', 'contest')),
    brand                   VARCHAR NOT NULL,
    start_day               DATE NOT NULL,      -- as in the project file, inclusive
    end_day                 DATE NOT NULL,
    status                  VARCHAR NOT NULL CHECK (status IN ('scheduled', 'running', 'ended')),
    days                    BIGINT NOT NULL,    -- days of the window that have data (so far, when running)
    mentions                BIGINT NOT NULL,    -- in the window, matching the query or a hashtag
    member_mentions         BIGINT NOT NULL,    -- ... not written by the brands' accounts
    participants            BIGINT NOT NULL,    -- distinct authors of member_mentions
    new_members             BIGINT NOT NULL,    -- ... whose first mention ever is in the window
    new_member_share        DOUBLE,
    reach                   BIGINT NOT NULL,    -- sum of the participants' followers (largest seen in the window)
    engagement              BIGINT NOT NULL,    -- likes + shares + replies on the campaign's mentions
    positive                BIGINT NOT NULL,    -- campaign's mentions by sentiment
    negative                BIGINT NOT NULL,
    net_sentiment           DOUBLE,
    brand_mentions          BIGINT NOT NULL,    -- all the brand's mentions in the window
    brand_per_day           DOUBLE,             -- their daily mean
    baseline_days           BIGINT NOT NULL,    -- baseline days that have data
    baseline_per_day        DOUBLE,             -- median daily volume of the brand over them
    lift                    DOUBLE,             -- brand_per_day / baseline_per_day
    lift_per_day            DOUBLE,             -- brand_per_day - baseline_per_day
    extra_mentions          DOUBLE,             -- lift_per_day * days
    brand_net_sentiment     DOUBLE,             -- the brand's, in the window
    baseline_net_sentiment  DOUBLE,             -- ... over the baseline days
    share_of_voice          DOUBLE,             -- the brand's share of the tracked brands' mentions, in the window
    baseline_share_of_voice DOUBLE,             -- ... over the baseline days
    top_participants        VARCHAR[] NOT NULL, -- handles (or ids), most engagement first
    query                   VARCHAR,
    hashtags                VARCHAR[] NOT NULL,
    computed_at             TIMESTAMP NOT NULL,
    PRIMARY KEY (campaign)
);

-- The baseline days and the window, day by day, for charts.
CREATE TABLE mart_campaign_daily (
    campaign            VARCHAR NOT NULL,
    day                 DATE NOT NULL,
    phase               VARCHAR NOT NULL CHECK (phase IN ('baseline', 'campaign')),
    mentions            BIGINT NOT NULL,    -- matching the campaign that day (before the start too)
    participants        BIGINT NOT NULL,    -- distinct members among their authors
    positive            BIGINT NOT NULL,
    negative            BIGINT NOT NULL,
    net_sentiment       DOUBLE,             -- of the matching mentions
    brand_mentions      BIGINT NOT NULL,    -- all the brand's mentions that day
    brand_net_sentiment DOUBLE,
    share_of_voice      DOUBLE,
    baseline_per_day    DOUBLE,             -- the campaign's baseline, repeated on each row
    PRIMARY KEY (campaign, day)
);

CREATE VIEW campaigns AS SELECT * FROM mart_campaigns;
CREATE VIEW campaign_daily AS SELECT * FROM mart_campaign_daily;
