-- 0006: entities per mention (one row per mention and model version; an empty list when there are none).
CREATE TABLE enr_entities (
    mention_id    VARCHAR NOT NULL,
    entities      STRUCT(text VARCHAR, label VARCHAR, "start" INTEGER, "end" INTEGER, source VARCHAR)[] NOT NULL,
    model         VARCHAR NOT NULL,    -- project-gazetteer, or project-gazetteer+spacy
    model_version VARCHAR NOT NULL,    -- includes a hash of the project's brands and products
    processed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (mention_id, model, model_version)
);
