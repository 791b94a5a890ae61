-- 0003: duplicates beyond the natural key (docs/dedup.md).

-- Canonical URL where it identifies the mention (web pages), and the SimHash of its text.
ALTER TABLE raw_mentions ADD COLUMN url_key VARCHAR;
ALTER TABLE raw_mentions ADD COLUMN fingerprint BIGINT;

-- Records not loaded because the mention was already there: why, and which mention they duplicate.
CREATE TABLE duplicates (
    record_key   VARCHAR PRIMARY KEY,  -- hash of file name, line and mention id: re-ingesting adds nothing here
    source_file  VARCHAR NOT NULL,
    line         BIGINT,
    mention_id   VARCHAR NOT NULL,     -- the key the record would have had
    duplicate_of VARCHAR NOT NULL,     -- the mention already loaded
    reason       VARCHAR NOT NULL CHECK (reason IN ('same id', 'same url')),
    detected_at  TIMESTAMP NOT NULL
);

-- Loaded mentions whose text is near-identical to an earlier one (copy-paste, syndication).
CREATE TABLE near_duplicates (
    mention_id   VARCHAR PRIMARY KEY,
    duplicate_of VARCHAR NOT NULL,     -- the earliest near-identical mention
    distance     INTEGER NOT NULL,     -- SimHash bits that differ (0 = same words, 5 = the most allowed)
    detected_at  TIMESTAMP NOT NULL
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
    d.duplicate_of            AS near_duplicate_of
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
LEFT JOIN near_duplicates d USING (mention_id);
