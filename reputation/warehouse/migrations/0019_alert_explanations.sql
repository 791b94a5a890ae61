-- 0019: the alerts stage's explanations, kept for the next run (reputation/signals/alerts.py, docs/signals.md).
-- An explanation is a function of its episode's and baseline's mentions; its key fingerprints them, so a run
-- reuses the explanation of an episode whose mentions did not change instead of reading their texts again.
CREATE TABLE alert_explanations (
    explain_key  VARCHAR NOT NULL,    -- brand, window, kind, the two windows' mention fingerprints, code version
    explanation  VARCHAR NOT NULL,    -- JSON: terms, topics, sources, authors, examples
    computed_at  TIMESTAMP NOT NULL   -- UTC
);
