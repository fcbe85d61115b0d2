-- The facts eligibility needs (the commendation register issue, point 4): initiatives (sáng
-- kiến) with their reach (unit, provincial, national) and the document that recognised them,
-- each of one awardee; the restrictions on an awardee (discipline, inspection, complaint) with
-- their period and document; the initiative an award rested on; and a collective's member
-- figures on its nomination's dossier.
CREATE TABLE initiatives (
    id               TEXT PRIMARY KEY NOT NULL,
    awardee_id       TEXT NOT NULL REFERENCES awardees(id),
    title            TEXT NOT NULL,
    reach            TEXT NOT NULL,
    document_number  TEXT NOT NULL,
    recognised_on    DATE NOT NULL,
    document_id      TEXT REFERENCES documents(id),
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX initiatives_awardee ON initiatives(awardee_id, recognised_on);

CREATE TABLE restrictions (
    id               TEXT PRIMARY KEY NOT NULL,
    awardee_id       TEXT NOT NULL REFERENCES awardees(id),
    kind             TEXT NOT NULL,
    starts_on        DATE NOT NULL,
    ends_on          DATE,
    document_number  TEXT NOT NULL,
    document_id      TEXT REFERENCES documents(id),
    note             TEXT,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX restrictions_awardee ON restrictions(awardee_id, starts_on);

ALTER TABLE awards ADD COLUMN initiative_id TEXT REFERENCES initiatives(id);
ALTER TABLE nominations ADD COLUMN initiative_id TEXT REFERENCES initiatives(id);
ALTER TABLE nominations ADD COLUMN members_total INTEGER;
ALTER TABLE nominations ADD COLUMN members_completed INTEGER;
ALTER TABLE nominations ADD COLUMN members_advanced INTEGER;
