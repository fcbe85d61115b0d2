-- A movement's participation scale changes only by an event on a document (the quota pools
-- issue), with its history like names and lead units; a nomination remembers the day it took
-- its quota place, so a year's pool keeps the scale in force on the day its first place went.
CREATE TABLE movement_scales (
    id           TEXT PRIMARY KEY NOT NULL,
    movement_id  TEXT NOT NULL REFERENCES movements(id),
    scale        TEXT NOT NULL,
    valid_from   DATE NOT NULL,
    valid_to     DATE,
    document_id  TEXT NOT NULL REFERENCES documents(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX movement_scales_movement ON movement_scales(movement_id, valid_from);
-- Each movement's scale so far, from its start, on its basis document.
INSERT INTO movement_scales (id, movement_id, scale, valid_from, valid_to, document_id, created_at)
SELECT id, id, participation_scale, start_on, NULL, basis_document_id, created_at FROM movements;

ALTER TABLE nominations ADD COLUMN place_taken_on DATE;
UPDATE nominations SET place_taken_on = updated_at::date
WHERE state IN ('recommended', 'approved', 'revoked');
