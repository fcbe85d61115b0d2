-- The headers of a kept answer (Location, ETag), replayed with it, so any write can be idempotent.
ALTER TABLE idempotency_keys ADD COLUMN headers TEXT NOT NULL DEFAULT '[]';
