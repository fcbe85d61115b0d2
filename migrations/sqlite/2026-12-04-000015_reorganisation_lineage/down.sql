DROP TABLE reorganisation_moves;
DROP TABLE reorganisation_units;
DELETE FROM reorganisations WHERE document_id IS NULL;
