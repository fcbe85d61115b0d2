-- Lineage of reorganisations (the reorganisation issue): mergers, absorptions and splits name
-- the units that end (predecessors) and the units that take over (successors); every record
-- an event hands over is listed under it. A deactivation is an event too, and may rest on no
-- document, so document_id becomes optional (SQLite: the table is rebuilt).
CREATE TABLE reorganisations_next (
    id             TEXT PRIMARY KEY NOT NULL,
    kind           TEXT NOT NULL,
    unit_id        TEXT NOT NULL REFERENCES units(id),
    document_id    TEXT REFERENCES documents(id),
    effective_on   DATE NOT NULL,
    new_name       TEXT,
    new_code       TEXT,
    new_parent_id  TEXT REFERENCES units(id),
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
INSERT INTO reorganisations_next SELECT * FROM reorganisations;
DROP TABLE reorganisations;
ALTER TABLE reorganisations_next RENAME TO reorganisations;
CREATE INDEX reorganisations_order ON reorganisations(effective_on, id);
CREATE INDEX reorganisations_unit ON reorganisations(unit_id);

CREATE TABLE reorganisation_units (
    reorganisation_id TEXT NOT NULL REFERENCES reorganisations(id),
    unit_id           TEXT NOT NULL REFERENCES units(id),
    role              TEXT NOT NULL,
    PRIMARY KEY (reorganisation_id, unit_id)
);
CREATE INDEX reorganisation_units_unit ON reorganisation_units(unit_id);

CREATE TABLE reorganisation_moves (
    id                TEXT PRIMARY KEY NOT NULL,
    reorganisation_id TEXT NOT NULL REFERENCES reorganisations(id),
    record            TEXT NOT NULL,
    record_id         TEXT NOT NULL,
    from_unit_id      TEXT NOT NULL REFERENCES units(id),
    to_unit_id        TEXT REFERENCES units(id)
);
CREATE INDEX reorganisation_moves_event ON reorganisation_moves(reorganisation_id, id);

-- Dissolutions already recorded end their unit.
INSERT INTO reorganisation_units (reorganisation_id, unit_id, role)
SELECT id, unit_id, 'predecessor' FROM reorganisations WHERE kind = 'dissolve';

-- Units deactivated before events existed: each becomes an event (id: the unit's own, which
-- no other event has), a dissolution, or an absorption into its successor.
INSERT INTO reorganisations (id, kind, unit_id, document_id, effective_on, created_by, created_at)
SELECT u.id,
       CASE WHEN u.successor_id IS NULL THEN 'dissolve' ELSE 'absorb' END,
       COALESCE(u.successor_id, u.id),
       NULL,
       COALESCE(date(u.valid_to, '+1 day'), date(u.updated_at)),
       'migration',
       u.updated_at
FROM units u
WHERE u.active = 0
  AND NOT EXISTS (SELECT 1 FROM reorganisation_units l WHERE l.unit_id = u.id);
INSERT INTO reorganisation_units (reorganisation_id, unit_id, role)
SELECT u.id, u.id, 'predecessor' FROM units u
WHERE u.active = 0 AND EXISTS (SELECT 1 FROM reorganisations r WHERE r.id = u.id);
INSERT INTO reorganisation_units (reorganisation_id, unit_id, role)
SELECT u.id, u.successor_id, 'successor' FROM units u
WHERE u.active = 0 AND u.successor_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM reorganisations r WHERE r.id = u.id);
