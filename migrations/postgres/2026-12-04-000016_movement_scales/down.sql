ALTER TABLE nominations DROP COLUMN place_taken_on;
DROP TABLE movement_scales;
