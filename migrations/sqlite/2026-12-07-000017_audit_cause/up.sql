-- The event a change was made under: each record a reorganisation hands over is audited with
-- the reorganisation's id, so the log lists every move under its event.
ALTER TABLE audit_log ADD COLUMN cause_id TEXT;
CREATE INDEX audit_log_cause ON audit_log(cause_id);
