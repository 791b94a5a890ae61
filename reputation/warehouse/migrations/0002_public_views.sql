-- 0002: the public views read by notebooks and reports (a contract: columns may be added, not removed).

CREATE VIEW mentions AS
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
    s.model || '@' || s.model_version AS sentiment_model
FROM raw_mentions r
LEFT JOIN (SELECT e.* FROM enr_language e JOIN active_models a
           ON a.stage = 'language' AND e.model = a.model AND e.model_version = a.model_version) l
       USING (mention_id)
LEFT JOIN (SELECT e.* FROM enr_sentiment e JOIN active_models a
           ON a.stage = 'sentiment' AND e.model = a.model AND e.model_version = a.model_version) s
       USING (mention_id)
LEFT JOIN (SELECT e.* FROM enr_topic e JOIN active_models a
           ON a.stage = 'topics' AND e.model = a.model AND e.model_version = a.model_version) t
       USING (mention_id);

CREATE VIEW authors AS
SELECT a.*, i.influence_score, i.rank AS influence_rank
FROM community_authors a
LEFT JOIN community_influence i ON i.author_id = a.author_id AND i.period = 'all';

CREATE VIEW daily_brand_metrics AS
SELECT * FROM mart_daily_brand_metrics;
