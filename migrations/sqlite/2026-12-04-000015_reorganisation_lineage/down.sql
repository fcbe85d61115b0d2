DROP TABLE reorganisation_moves;
DROP TABLE reorganisation_units;
CREATE TABLE reorganisations_before (
    id             TEXT PRIMARY KEY NOT NULL,
    kind           TEXT NOT NULL,
    unit_id        TEXT NOT NULL REFERENCES units(id),
    document_id    TEXT NOT NULL REFERENCES documents(id),
    effective_on   DATE NOT NULL,
    new_name       TEXT,
    new_code       TEXT,
    new_parent_id  TEXT REFERENCES units(id),
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
INSERT INTO reorganisations_before SELECT * FROM reorganisations
WHERE document_id IS NOT NULL AND kind IN ('rename', 'move', 'dissolve');
DROP TABLE reorganisations;
ALTER TABLE reorganisations_before RENAME TO reorganisations;
CREATE INDEX reorganisations_order ON reorganisations(effective_on, id);
CREATE INDEX reorganisations_unit ON reorganisations(unit_id);
