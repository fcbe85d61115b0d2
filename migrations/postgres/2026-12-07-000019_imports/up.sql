-- Imports of another register (the quota pools issue, point 4): one row per import that was
-- stored, with the file's SHA-256, its counts and the clashes it skipped. Every record it
-- created names it in the audit log (`cause_id`).
CREATE TABLE imports (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    file_name       TEXT,
    sha256          TEXT NOT NULL,
    rows_read       INTEGER NOT NULL,
    created         INTEGER NOT NULL,
    skipped         INTEGER NOT NULL,
    on_clash        TEXT NOT NULL,
    clashes         TEXT NOT NULL,
    actor_type      TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX imports_created ON imports(created_at);
