-- 0016: run history and per-stage watermarks (reputation/run_history.py, docs/operations.md).

-- One row per run of a top-level flow (pipeline, ingest, enrich, analytics, report, backfill): what it was asked,
-- how it ended, what it did and with which models. Stage rows of the run are in stage_runs with the same run_id.
CREATE TABLE runs (
    run_id          VARCHAR PRIMARY KEY,  -- the Prefect flow run id of the top-level flow
    flow            VARCHAR NOT NULL,
    started_at      TIMESTAMP NOT NULL,   -- UTC
    ended_at        TIMESTAMP,            -- NULL while running (or when the process died)
    status          VARCHAR NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    params          JSON,                 -- e.g. a backfill's date range
    mentions_before BIGINT,               -- raw mentions when the run started, and when it ended
    mentions_after  BIGINT,
    stages_ok       INTEGER,
    stages_failed   INTEGER,
    rows_out        BIGINT,               -- sum over the run's stages
    model_versions  JSON,                 -- {stage: "model@version"}, the active models when it ended
    error           VARCHAR               -- why it failed, in one line
);

-- Per per-mention stage output (its table) and model version, how far it has processed: every mention ingested at
-- or before `high_water` has a row. A stage reads only mentions ingested after it; a new model version has no
-- watermark yet and starts from the beginning; a backfill removes the watermarks it invalidates.
CREATE TABLE stage_watermarks (
    output        VARCHAR NOT NULL,    -- the stage's table, e.g. enr_sentiment
    model         VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    high_water    TIMESTAMP NOT NULL,  -- raw_mentions.ingested_at (UTC)
    processed     BIGINT NOT NULL,     -- mentions processed in the run that last moved it
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (output, model, model_version)
);

