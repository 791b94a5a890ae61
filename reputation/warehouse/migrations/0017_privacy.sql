-- 0017: privacy (reputation/privacy/; docs/privacy.md). Tombstones of forgotten authors, and the retention runs.

-- Authors erased by `reputation forget`: ingestion skips their records from then on, so re-reading the same files
-- or fetching again never brings them back. Only the pseudonymous id is kept (never a handle or a platform id).
CREATE TABLE forgotten_authors (
    author_id    VARCHAR PRIMARY KEY,  -- pseudonymous id (au_...), as in raw_mentions.author_id
    forgotten_at TIMESTAMP NOT NULL    -- UTC
);

-- Each retention run (privacy.retention_days): ingestion skips mentions published before the latest run's cutoff, so
-- re-reading old files does not bring back what retention deleted. A run without retention_days has a NULL cutoff.
CREATE TABLE retention_runs (
    cutoff         TIMESTAMP,          -- UTC: mentions published before it were deleted (local midnight, N days ago)
    retention_days INTEGER,
    mentions       BIGINT NOT NULL,    -- mentions deleted by the run
    applied_at     TIMESTAMP NOT NULL  -- UTC
);
