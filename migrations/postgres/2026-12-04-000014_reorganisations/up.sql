-- Reorganisations of units (the reorganisation issue): each an event on a legal document,
-- effective on a date. `rename` and `move` change the unit from `effective_on` (its former
-- name and parent are kept in unit_names); `dissolve` ends it the day before.
CREATE TABLE reorganisations (
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
CREATE INDEX reorganisations_order ON reorganisations(effective_on, id);
CREATE INDEX reorganisations_unit ON reorganisations(unit_id);
