-- 0013: every attempt to deliver a weekly report or an alert, by e-mail or webhook (reputation/delivery/;
-- docs/report.md, "Deliveries"). Appended to, never rewritten: one row per attempt, the attempts of one delivery
-- share its delivery_id. A (kind, channel, target, dedup_key) that has a 'sent' row is not sent again, so a rerun
-- of a flow or a command never sends the same report or alert twice to the same target.

CREATE TABLE deliveries (
    delivery_id  VARCHAR NOT NULL,    -- one message to one target; shared by its attempts
    kind         VARCHAR NOT NULL CHECK (kind IN ('report', 'alert')),
    channel      VARCHAR NOT NULL CHECK (channel IN ('email', 'webhook')),
    target       VARCHAR NOT NULL,    -- the e-mail address, or the webhook's name (default: its URL's host)
    dedup_key    VARCHAR NOT NULL,    -- what is delivered: 'weekly:<week end>' for a report, the alert_id for an alert
    attempt      INTEGER NOT NULL CHECK (attempt >= 1),  -- 1 = the first try
    status       VARCHAR NOT NULL CHECK (status IN ('sent', 'failed')),
    error        VARCHAR,             -- failed: the cause, in one line
    detail       VARCHAR,             -- sent: the server's answer (SMTP reply, HTTP status)
    attempted_at TIMESTAMP NOT NULL,  -- UTC, when the attempt ended
    PRIMARY KEY (delivery_id, attempt)
);

-- Where each delivery stands: sent or not, after how many attempts, and its most recent error (kept when a later
-- attempt went through, to show why it needed retries).
CREATE VIEW delivery_status AS
SELECT kind, channel, target, dedup_key,
       bool_or(status = 'sent')     AS sent,
       count(*)                     AS attempts,
       min(attempted_at)            AS first_at,
       max(attempted_at)            AS last_at,
       arg_max(error, attempted_at) AS last_error
FROM deliveries
GROUP BY kind, channel, target, dedup_key;
