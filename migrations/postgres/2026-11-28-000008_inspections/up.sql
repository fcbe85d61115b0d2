-- Inspections of units (issue 5): what was checked and found, and the follow-up actions with
-- their due dates.
CREATE TABLE inspections (
    id            TEXT PRIMARY KEY NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES units(id),
    inspected_on  DATE NOT NULL,
    scopes        TEXT NOT NULL,
    movement_id   TEXT REFERENCES movements(id),
    findings      TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX inspections_unit ON inspections(unit_id, inspected_on);

CREATE TABLE inspection_actions (
    id             TEXT PRIMARY KEY NOT NULL,
    inspection_id  TEXT NOT NULL REFERENCES inspections(id),
    position       INTEGER NOT NULL,
    description    TEXT NOT NULL,
    due_on         DATE NOT NULL,
    status         TEXT NOT NULL,
    done_on        DATE,
    note           TEXT
);
CREATE INDEX inspection_actions_of ON inspection_actions(inspection_id, position);
