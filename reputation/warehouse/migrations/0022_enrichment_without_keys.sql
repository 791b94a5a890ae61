-- The per-mention enrichment tables lose their primary key, as the analytics' tables did in 0018: DuckDB keeps a
-- key's index in memory and updates it on every insert, and these tables grow by a row per mention and model
-- version. At a million mentions the aspects stage's process held ~270 MB more with the keys, and its inserts were
-- slower. Each stage writes a batch by deleting its keys and inserting it in one transaction (Warehouse.replace), or
-- inserts only keys not there yet (Warehouse.insert_new), so a rerun still adds no row; the key columns stay NOT
-- NULL (tests/integration/test_analysis_api.py checks one row per key on the demo, from the lines below).

-- enr_language: one row per (mention_id, model, model_version)
CREATE TABLE enr_language__rebuilt(mention_id VARCHAR NOT NULL, lang VARCHAR, confidence DOUBLE, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL);
INSERT INTO enr_language__rebuilt SELECT * FROM enr_language;
DROP TABLE enr_language;
ALTER TABLE enr_language__rebuilt RENAME TO enr_language;

-- enr_sentiment: one row per (mention_id, model, model_version)
CREATE TABLE enr_sentiment__rebuilt(mention_id VARCHAR NOT NULL, sentiment VARCHAR NOT NULL, score DOUBLE NOT NULL, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL, CHECK((sentiment IN ('negative', 'neutral', 'positive'))));
INSERT INTO enr_sentiment__rebuilt SELECT * FROM enr_sentiment;
DROP TABLE enr_sentiment;
ALTER TABLE enr_sentiment__rebuilt RENAME TO enr_sentiment;

-- enr_topic: one row per (mention_id, model, model_version)
CREATE TABLE enr_topic__rebuilt(mention_id VARCHAR NOT NULL, topic_id INTEGER NOT NULL, weight DOUBLE NOT NULL, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL);
INSERT INTO enr_topic__rebuilt SELECT * FROM enr_topic;
DROP TABLE enr_topic;
ALTER TABLE enr_topic__rebuilt RENAME TO enr_topic;

-- enr_intent: one row per (mention_id, model, model_version)
CREATE TABLE enr_intent__rebuilt(mention_id VARCHAR NOT NULL, intent VARCHAR NOT NULL, confidence DOUBLE NOT NULL, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL, CHECK((intent IN ('complaint', 'question', 'suggestion', 'praise', 'other'))));
INSERT INTO enr_intent__rebuilt SELECT * FROM enr_intent;
DROP TABLE enr_intent;
ALTER TABLE enr_intent__rebuilt RENAME TO enr_intent;

-- enr_moderation: one row per (mention_id, model, model_version)
CREATE TABLE enr_moderation__rebuilt(mention_id VARCHAR NOT NULL, flags VARCHAR[] NOT NULL, reasons VARCHAR NOT NULL, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL);
INSERT INTO enr_moderation__rebuilt SELECT * FROM enr_moderation;
DROP TABLE enr_moderation;
ALTER TABLE enr_moderation__rebuilt RENAME TO enr_moderation;

-- enr_entities: one row per (mention_id, model, model_version)
CREATE TABLE enr_entities__rebuilt(mention_id VARCHAR NOT NULL, entities STRUCT("text" VARCHAR, "label" VARCHAR, "start" INTEGER, "end" INTEGER, "source" VARCHAR)[] NOT NULL, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL);
INSERT INTO enr_entities__rebuilt SELECT * FROM enr_entities;
DROP TABLE enr_entities;
ALTER TABLE enr_entities__rebuilt RENAME TO enr_entities;

-- enr_aspects: one row per (mention_id, aspect, model, model_version)
CREATE TABLE enr_aspects__rebuilt(mention_id VARCHAR NOT NULL, aspect VARCHAR NOT NULL, kind VARCHAR NOT NULL, term VARCHAR NOT NULL, clause VARCHAR NOT NULL, sentiment VARCHAR NOT NULL, score DOUBLE NOT NULL, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL, CHECK((kind IN ('aspect', 'product', 'noun_chunk'))), CHECK((sentiment IN ('negative', 'neutral', 'positive'))));
INSERT INTO enr_aspects__rebuilt SELECT * FROM enr_aspects;
DROP TABLE enr_aspects;
ALTER TABLE enr_aspects__rebuilt RENAME TO enr_aspects;

-- enr_aspects_processed: one row per (mention_id, model, model_version)
CREATE TABLE enr_aspects_processed__rebuilt(mention_id VARCHAR NOT NULL, aspects INTEGER NOT NULL, model VARCHAR NOT NULL, model_version VARCHAR NOT NULL, processed_at TIMESTAMP NOT NULL);
INSERT INTO enr_aspects_processed__rebuilt SELECT * FROM enr_aspects_processed;
DROP TABLE enr_aspects_processed;
ALTER TABLE enr_aspects_processed__rebuilt RENAME TO enr_aspects_processed;
