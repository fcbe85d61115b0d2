DROP TABLE fund_entries;
DROP TABLE honour_changes;
DROP TABLE paper_templates;
ALTER TABLE awards DROP COLUMN bonus_amount;
ALTER TABLE awards DROP COLUMN bonus_per_mille;
ALTER TABLE awards DROP COLUMN decision_id;
DROP TABLE decision_items;
DROP TABLE decisions;
