DROP TABLE reorganisation_moves;
DROP TABLE reorganisation_units;
DELETE FROM reorganisations
WHERE document_id IS NULL OR kind NOT IN ('rename', 'move', 'dissolve');
ALTER TABLE reorganisations ALTER COLUMN document_id SET NOT NULL;
