-- What a unit was called, and under whom it stood, before each change of its name or parent
-- (the reorganisation issue): kept so that old names and codes stay searchable and a unit's
-- page shows its history with the documents behind it. The current name is the unit's own.
CREATE TABLE unit_names (
    id           TEXT PRIMARY KEY NOT NULL,
    unit_id      TEXT NOT NULL REFERENCES units(id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    parent_id    TEXT REFERENCES units(id),
    valid_to     DATE NOT NULL,
    document_id  TEXT REFERENCES documents(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX unit_names_unit ON unit_names(unit_id, valid_to);
