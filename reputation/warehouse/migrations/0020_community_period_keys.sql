-- 0020: the key of each community period's data (reputation/community_keys.py, docs/influence.md): a period whose
-- key is unchanged keeps its rows in community_period_edges, community_influence and community_roles.
CREATE TABLE community_period_keys (
    period      VARCHAR NOT NULL,  -- 'YYYY-MM', 'recent' or 'all'
    period_key  VARCHAR NOT NULL   -- sha256 of the period's mentions, interactions and settings
);
