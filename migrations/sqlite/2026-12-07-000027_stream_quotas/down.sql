-- Undoes 000027.
DROP INDEX nominations_stream_pool;
ALTER TABLE quota_rules DROP COLUMN stream;
