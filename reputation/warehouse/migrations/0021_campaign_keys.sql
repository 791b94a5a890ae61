-- 0021: the key of each campaign's data (reputation/campaigns.py, docs/campaigns.md): a campaign whose key is
-- unchanged keeps its rows in mart_campaigns and mart_campaign_daily.
CREATE TABLE campaign_keys (
    campaign      VARCHAR NOT NULL,  -- its name in the project file
    campaign_key  VARCHAR NOT NULL   -- sha256 of its definition, the settings, its window and its mentions
);
