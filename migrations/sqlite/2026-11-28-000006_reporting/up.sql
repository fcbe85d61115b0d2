-- The reporting regime (issue 5): report types with their content schema and due rule, the
-- reports units submit (every revision kept), locked periods, and idempotency keys so that
-- unit software can retry a submission without creating it twice.
CREATE TABLE report_types (
    id                 TEXT PRIMARY KEY NOT NULL,
    code               TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    period_type        TEXT NOT NULL,
    content_schema     TEXT NOT NULL,
    due_days           INTEGER NOT NULL,
    grace_days         INTEGER NOT NULL,
    audience           TEXT NOT NULL,
    audience_unit_ids  TEXT NOT NULL,
    movement_id        TEXT REFERENCES movements(id),
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);

CREATE TABLE reports (
    id              TEXT PRIMARY KEY NOT NULL,
    report_type_id  TEXT NOT NULL REFERENCES report_types(id),
    unit_id         TEXT NOT NULL REFERENCES units(id),
    period          TEXT NOT NULL,
    revision        INTEGER NOT NULL,
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    submitted_at    TIMESTAMP NOT NULL,
    submitted_by    TEXT NOT NULL,
    accepted_at     TIMESTAMP,
    UNIQUE (report_type_id, unit_id, period, revision)
);
-- Covers compliance: first submission and revisions per unit, read from the index alone.
CREATE INDEX reports_period ON reports(report_type_id, period, unit_id, submitted_at);

CREATE TABLE period_locks (
    report_type_id  TEXT NOT NULL REFERENCES report_types(id),
    period          TEXT NOT NULL,
    locked_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (report_type_id, period)
);

CREATE TABLE idempotency_keys (
    scope         TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys(created_at);
