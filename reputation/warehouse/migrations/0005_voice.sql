-- 0005: intent (the voice of the community) and moderation against the project's charter.

CREATE TABLE enr_intent (
    mention_id    VARCHAR NOT NULL,
    intent        VARCHAR NOT NULL CHECK (intent IN ('complaint', 'question', 'suggestion', 'praise', 'other')),
    confidence    DOUBLE NOT NULL,
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, model, model_version)
);

CREATE TABLE enr_moderation (
    mention_id    VARCHAR NOT NULL,
    flags         VARCHAR[] NOT NULL,  -- insult | spam | personal_data | banned_term; empty = nothing to moderate
    reasons       VARCHAR NOT NULL,    -- what was found, for the moderator
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,    -- includes a hash of the project's charter
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, model, model_version)
);

CREATE OR REPLACE VIEW mentions AS
SELECT
    r.mention_id,
    r.platform,
    r.author_id,
    r.published_at,
    COALESCE(l.lang, r.lang)  AS lang,
    r.text,
    r.brands,
    s.sentiment,
    s.score                   AS sentiment_score,
    t.topic_id,
    r.title,
    r.url,
    r.author_handle,
    r.author_followers,
    r.parent_id,
    r.share_of_id,
    r.likes,
    r.shares,
    r.replies,
    r.views,
    r.source,
    l.confidence              AS lang_confidence,
    s.model || '@' || s.model_version AS sentiment_model,
    d.duplicate_of            AS near_duplicate_of,
    i.intent,
    m.flags                   AS moderation_flags,
    m.reasons                 AS moderation_reasons
FROM raw_mentions r
LEFT JOIN (SELECT e.* FROM enr_language e JOIN active_models a
           ON a.stage = 'language' AND e.model = a.model AND e.model_version = a.model_version) l
       USING (mention_id)
LEFT JOIN (SELECT e.* FROM enr_sentiment e JOIN active_models a
           ON a.stage = 'sentiment' AND e.model = a.model AND e.model_version = a.model_version) s
       USING (mention_id)
LEFT JOIN (SELECT e.* FROM enr_topic e JOIN active_models a
           ON a.stage = 'topics' AND e.model = a.model AND e.model_version = a.model_version) t
       USING (mention_id)
LEFT JOIN near_duplicates d USING (mention_id)
LEFT JOIN (SELECT e.* FROM enr_intent e JOIN active_models a
           ON a.stage = 'intent' AND e.model = a.model AND e.model_version = a.model_version) i
       USING (mention_id)
LEFT JOIN (SELECT e.* FROM enr_moderation e JOIN active_models a
           ON a.stage = 'moderation' AND e.model = a.model AND e.model_version = a.model_version) m
       USING (mention_id);
