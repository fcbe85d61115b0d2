ALTER TABLE nominations DROP COLUMN score_override;
