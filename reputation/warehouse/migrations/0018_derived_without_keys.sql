-- Tables that the analytics stages rebuild whole at every run lose their primary key: DuckDB maintains the key's
-- index on every insert and delete, and a whole-table replacement paid ~25x its own cost for it (2 s for 200,000
-- community edges at 100,000 mentions; docs/benchmarks.md). The key columns stay NOT NULL; each stage computes
-- its rows with one per key (tests/integration/test_analysis_api.py checks it on the demo, from the lines below).

-- community_authors: one row per (author_id)
CREATE TABLE community_authors__rebuilt(author_id VARCHAR NOT NULL, platform VARCHAR NOT NULL, handle VARCHAR, followers BIGINT, mentions BIGINT NOT NULL, brand_mentions BIGINT NOT NULL, likes_received BIGINT NOT NULL, shares_received BIGINT NOT NULL, replies_received BIGINT NOT NULL, first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL, is_brand_account BOOLEAN NOT NULL);
INSERT INTO community_authors__rebuilt SELECT * FROM community_authors;
DROP TABLE community_authors;
ALTER TABLE community_authors__rebuilt RENAME TO community_authors;

-- community_edges: one row per (source_author, target_author, kind)
CREATE TABLE community_edges__rebuilt(source_author VARCHAR NOT NULL, target_author VARCHAR NOT NULL, kind VARCHAR NOT NULL, weight BIGINT NOT NULL, first_at TIMESTAMP NOT NULL, last_at TIMESTAMP NOT NULL, CHECK((kind IN ('reply', 'share', 'mention'))));
INSERT INTO community_edges__rebuilt SELECT * FROM community_edges;
DROP TABLE community_edges;
ALTER TABLE community_edges__rebuilt RENAME TO community_edges;

-- community_period_edges: one row per (period, source_author, target_author, kind)
CREATE TABLE community_period_edges__rebuilt(period VARCHAR NOT NULL, source_author VARCHAR NOT NULL, target_author VARCHAR NOT NULL, kind VARCHAR NOT NULL, weight BIGINT NOT NULL);
INSERT INTO community_period_edges__rebuilt SELECT * FROM community_period_edges;
DROP TABLE community_period_edges;
ALTER TABLE community_period_edges__rebuilt RENAME TO community_period_edges;

-- community_influence: one row per (author_id, period)
CREATE TABLE community_influence__rebuilt(author_id VARCHAR NOT NULL, period VARCHAR NOT NULL, influence_score DOUBLE NOT NULL, rank BIGINT, reach DOUBLE NOT NULL, engagement DOUBLE NOT NULL, centrality DOUBLE NOT NULL, activity DOUBLE NOT NULL, relevance DOUBLE NOT NULL, pagerank DOUBLE NOT NULL, model_version VARCHAR NOT NULL, computed_at TIMESTAMP NOT NULL);
INSERT INTO community_influence__rebuilt SELECT * FROM community_influence;
DROP TABLE community_influence;
ALTER TABLE community_influence__rebuilt RENAME TO community_influence;

-- community_author_periods: one row per (period, author_id)
CREATE TABLE community_author_periods__rebuilt(period VARCHAR NOT NULL, author_id VARCHAR NOT NULL, mentions BIGINT NOT NULL, reach BIGINT, engagement DOUBLE NOT NULL, replies_received BIGINT NOT NULL, first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL, platforms VARCHAR[] NOT NULL);
INSERT INTO community_author_periods__rebuilt SELECT * FROM community_author_periods;
DROP TABLE community_author_periods;
ALTER TABLE community_author_periods__rebuilt RENAME TO community_author_periods;

-- community_author_brands: one row per (period, author_id, brand)
CREATE TABLE community_author_brands__rebuilt(period VARCHAR NOT NULL, author_id VARCHAR NOT NULL, brand VARCHAR NOT NULL, mentions BIGINT NOT NULL, positive BIGINT NOT NULL, negative BIGINT NOT NULL, net_sentiment DOUBLE);
INSERT INTO community_author_brands__rebuilt SELECT * FROM community_author_brands;
DROP TABLE community_author_brands;
ALTER TABLE community_author_brands__rebuilt RENAME TO community_author_brands;

-- mart_daily_brand_metrics: one row per (day, brand)
CREATE TABLE mart_daily_brand_metrics__rebuilt("day" DATE NOT NULL, brand VARCHAR NOT NULL, mentions BIGINT NOT NULL, positive BIGINT NOT NULL, neutral BIGINT NOT NULL, negative BIGINT NOT NULL, net_sentiment DOUBLE, reach BIGINT NOT NULL, engagement BIGINT NOT NULL, share_of_voice DOUBLE NOT NULL);
INSERT INTO mart_daily_brand_metrics__rebuilt SELECT * FROM mart_daily_brand_metrics;
DROP TABLE mart_daily_brand_metrics;
ALTER TABLE mart_daily_brand_metrics__rebuilt RENAME TO mart_daily_brand_metrics;

-- mart_daily_topics: one row per (day, brand, topic_id)
CREATE TABLE mart_daily_topics__rebuilt("day" DATE NOT NULL, brand VARCHAR NOT NULL, topic_id INTEGER NOT NULL, mentions BIGINT NOT NULL, share_of_topic DOUBLE NOT NULL, positive BIGINT NOT NULL, negative BIGINT NOT NULL, net_sentiment DOUBLE);
INSERT INTO mart_daily_topics__rebuilt SELECT * FROM mart_daily_topics;
DROP TABLE mart_daily_topics;
ALTER TABLE mart_daily_topics__rebuilt RENAME TO mart_daily_topics;

-- mart_daily_aspect_sentiment: one row per (day, brand, kind, aspect)
CREATE TABLE mart_daily_aspect_sentiment__rebuilt("day" DATE NOT NULL, brand VARCHAR NOT NULL, kind VARCHAR NOT NULL, aspect VARCHAR NOT NULL, mentions BIGINT NOT NULL, positive BIGINT NOT NULL, neutral BIGINT NOT NULL, negative BIGINT NOT NULL, net_sentiment DOUBLE);
INSERT INTO mart_daily_aspect_sentiment__rebuilt SELECT * FROM mart_daily_aspect_sentiment;
DROP TABLE mart_daily_aspect_sentiment;
ALTER TABLE mart_daily_aspect_sentiment__rebuilt RENAME TO mart_daily_aspect_sentiment;

-- mart_media_outlets: one row per (brand, outlet)
CREATE TABLE mart_media_outlets__rebuilt(brand VARCHAR NOT NULL, rank BIGINT NOT NULL, outlet VARCHAR NOT NULL, kind VARCHAR NOT NULL, platform VARCHAR NOT NULL, "name" VARCHAR NOT NULL, author_id VARCHAR, mentions BIGINT NOT NULL, authors BIGINT NOT NULL, reach BIGINT NOT NULL, positive BIGINT NOT NULL, negative BIGINT NOT NULL, net_sentiment DOUBLE, share_of_brand DOUBLE NOT NULL, first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL, week_mentions BIGINT NOT NULL, new_this_week BOOLEAN NOT NULL, week_start DATE NOT NULL, week_end DATE NOT NULL, computed_at TIMESTAMP NOT NULL, CHECK((kind IN ('account', 'site'))));
INSERT INTO mart_media_outlets__rebuilt SELECT * FROM mart_media_outlets;
DROP TABLE mart_media_outlets;
ALTER TABLE mart_media_outlets__rebuilt RENAME TO mart_media_outlets;

-- mart_linked_domains: one row per (brand, domain)
CREATE TABLE mart_linked_domains__rebuilt(brand VARCHAR NOT NULL, rank BIGINT NOT NULL, "domain" VARCHAR NOT NULL, mentions BIGINT NOT NULL, linked BIGINT NOT NULL, published BIGINT NOT NULL, authors BIGINT NOT NULL, net_sentiment DOUBLE, first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL, example_url VARCHAR NOT NULL, covered BOOLEAN NOT NULL, candidate BOOLEAN NOT NULL, week_end DATE NOT NULL, computed_at TIMESTAMP NOT NULL);
INSERT INTO mart_linked_domains__rebuilt SELECT * FROM mart_linked_domains;
DROP TABLE mart_linked_domains;
ALTER TABLE mart_linked_domains__rebuilt RENAME TO mart_linked_domains;

-- mart_response_queue: one row per (mention_id)
CREATE TABLE mart_response_queue__rebuilt(rank BIGINT NOT NULL, brand VARCHAR NOT NULL, mention_id VARCHAR NOT NULL, platform VARCHAR NOT NULL, who VARCHAR NOT NULL, author_id VARCHAR NOT NULL, influence DOUBLE NOT NULL, intent VARCHAR NOT NULL, sentiment VARCHAR, urgent_terms VARCHAR NOT NULL, engagement BIGINT NOT NULL, "text" VARCHAR NOT NULL, url VARCHAR, published_at TIMESTAMP NOT NULL, published_local TIMESTAMP NOT NULL, waiting_hours DOUBLE NOT NULL, priority DOUBLE NOT NULL, urgency_points DOUBLE NOT NULL, influence_points DOUBLE NOT NULL, engagement_points DOUBLE NOT NULL, age_points DOUBLE NOT NULL, reason VARCHAR NOT NULL, as_of TIMESTAMP NOT NULL, computed_at TIMESTAMP NOT NULL);
INSERT INTO mart_response_queue__rebuilt SELECT * FROM mart_response_queue;
DROP TABLE mart_response_queue;
ALTER TABLE mart_response_queue__rebuilt RENAME TO mart_response_queue;
