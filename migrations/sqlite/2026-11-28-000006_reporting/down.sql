DROP TABLE idempotency_keys;
DROP TABLE period_locks;
DROP TABLE reports;
DROP TABLE report_types;
