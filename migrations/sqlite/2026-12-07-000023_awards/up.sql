-- The award register (the commendation register issue, point 3): every title or form granted
-- to an awardee, with the years of the achievement it recognises, its decision (number, date,
-- issuing authority), its stream and the nomination it came from, if any. An approval writes
-- its award in the same transaction; a revocation marks it revoked with its document and keeps
-- it. Past honours come in by hand or by import. The approved and revoked nominations already
-- recorded become their awards (ids: the nomination's, which no award has).
CREATE TABLE awards (
    id                      TEXT PRIMARY KEY NOT NULL,
    awardee_id              TEXT NOT NULL REFERENCES awardees(id),
    award_type_id           TEXT NOT NULL REFERENCES award_types(id),
    period_from             INTEGER NOT NULL,
    period_to               INTEGER NOT NULL,
    decision_number         TEXT NOT NULL,
    decision_date           DATE NOT NULL,
    issuing_authority       TEXT NOT NULL,
    stream                  TEXT NOT NULL,
    nomination_id           TEXT REFERENCES nominations(id),
    note                    TEXT,
    revoked_on              DATE,
    revocation_document_id  TEXT REFERENCES documents(id),
    revocation_reason       TEXT,
    version                 BIGINT NOT NULL DEFAULT 1,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);
CREATE INDEX awards_awardee ON awards(awardee_id, period_from);
CREATE INDEX awards_type ON awards(award_type_id, period_from);
CREATE UNIQUE INDEX awards_nomination ON awards(nomination_id);

INSERT INTO awards (id, awardee_id, award_type_id, period_from, period_to, decision_number,
    decision_date, issuing_authority, stream, nomination_id, note, revoked_on,
    revocation_document_id, revocation_reason, version, created_at, updated_at)
SELECT n.id, n.awardee_id, n.form_id, n.year, n.year, n.decision_number, n.decision_date,
    'Chủ tịch UBND tỉnh', n.stream, n.id, NULL,
    CASE WHEN n.state = 'revoked' THEN date(n.updated_at) END,
    CASE WHEN n.state = 'revoked' THEN n.revocation_document_id END,
    CASE WHEN n.state = 'revoked' THEN n.reason END,
    1, n.updated_at, n.updated_at
FROM nominations n
WHERE n.state IN ('approved', 'revoked') AND n.decision_number IS NOT NULL
  AND n.decision_date IS NOT NULL;
