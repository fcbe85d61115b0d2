ALTER TABLE nominations DROP COLUMN members_advanced;
ALTER TABLE nominations DROP COLUMN members_completed;
ALTER TABLE nominations DROP COLUMN members_total;
ALTER TABLE nominations DROP COLUMN initiative_id;
ALTER TABLE awards DROP COLUMN initiative_id;
DROP TABLE restrictions;
DROP TABLE initiatives;
