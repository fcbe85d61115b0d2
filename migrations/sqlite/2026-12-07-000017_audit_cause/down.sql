DROP INDEX audit_log_cause;
ALTER TABLE audit_log DROP COLUMN cause_id;
