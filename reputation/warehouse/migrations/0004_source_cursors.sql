-- 0004: where each live source stopped, so the next run fetches only what is new.
CREATE TABLE source_cursors (
    source     VARCHAR PRIMARY KEY,   -- the source's name in the project file
    cursor     VARCHAR NOT NULL,      -- JSON: since ids, page tokens, ETag... (connector-specific)
    updated_at TIMESTAMP NOT NULL
);
