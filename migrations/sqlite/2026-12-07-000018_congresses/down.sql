DROP INDEX nominations_quota_rule;
ALTER TABLE nominations DROP COLUMN quota_rule_id;
ALTER TABLE quota_rules DROP COLUMN supersedes_id;
ALTER TABLE quota_rules DROP COLUMN valid_from;
ALTER TABLE quota_rules DROP COLUMN congress_id;
DROP INDEX nominations_congress;
ALTER TABLE nominations DROP COLUMN congress_id;
DROP TABLE congresses;
