-- Reminders (đôn đốc, issue 5): the webhook each unit registers, the reminders sent, and the
-- transactional outbox that delivers them at least once.

-- One webhook per unit; the secret signs every delivery (Standard Webhooks).
CREATE TABLE webhooks (
    unit_id     TEXT PRIMARY KEY NOT NULL REFERENCES units(id),
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE reminders (
    id              TEXT PRIMARY KEY NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units(id),
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    message         TEXT NOT NULL,
    sent_by         TEXT NOT NULL,
    sender_unit_id  TEXT REFERENCES units(id),
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX reminders_unit ON reminders(unit_id, created_at);

-- Written in the reminder's transaction, delivered afterwards at least once.
CREATE TABLE webhook_outbox (
    id               TEXT PRIMARY KEY NOT NULL,
    unit_id          TEXT NOT NULL REFERENCES units(id),
    reminder_id      TEXT REFERENCES reminders(id),
    event_type       TEXT NOT NULL,
    payload          TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP NOT NULL,
    delivered_at     TIMESTAMP,
    failed_at        TIMESTAMP,
    last_error       TEXT,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
