-- 0009: community health per week (reputation/community_health.py; definitions in docs/influence.md).

CREATE TABLE mart_weekly_community_health (
    week                  DATE NOT NULL,      -- Monday, project time zone
    active                BIGINT NOT NULL,    -- members (not the brands' accounts) who posted that week
    new                   BIGINT NOT NULL,    -- ... whose first mention ever is that week
    returned              BIGINT NOT NULL,    -- ... not new, and silent the week before (came back)
    churned               BIGINT NOT NULL,    -- members who posted the week before and not this week
    mentions              BIGINT NOT NULL,
    ugc_share             DOUBLE NOT NULL,    -- share of the week's mentions written by members
    to_answer             BIGINT NOT NULL,    -- members' questions and complaints that week
    answered              BIGINT NOT NULL,    -- ... with a direct reply from a brand account
    answered_share        DOUBLE,
    median_response_hours DOUBLE,             -- median time to that first answer
    PRIMARY KEY (week)
);

CREATE VIEW community_health AS SELECT * FROM mart_weekly_community_health;
