-- Back to nominations of models only: a nomination that names no model cannot be kept, and is
-- removed with its reviews, scores and comments; personal data returns to the models.
DELETE FROM nomination_scores WHERE review_id IN (SELECT r.id FROM nomination_reviews r
    JOIN nominations n ON n.id = r.nomination_id WHERE n.model_id IS NULL);
DELETE FROM nomination_reviews WHERE nomination_id IN (SELECT id FROM nominations WHERE model_id IS NULL);
DELETE FROM public_comments WHERE nomination_id IN (SELECT id FROM nominations WHERE model_id IS NULL);
DELETE FROM nominations WHERE model_id IS NULL;

PRAGMA defer_foreign_keys = ON;
CREATE TABLE nominations_before AS SELECT * FROM nominations;
DROP TABLE nominations;
CREATE TABLE nominations (
    id                      TEXT PRIMARY KEY NOT NULL,
    model_id                TEXT NOT NULL REFERENCES exemplary_models(id),
    movement_id             TEXT NOT NULL REFERENCES movements(id),
    year                    INTEGER NOT NULL,
    track                   TEXT NOT NULL,
    form_id                 TEXT NOT NULL REFERENCES commendation_forms(id),
    proposing_unit_id       TEXT NOT NULL REFERENCES units(id),
    criteria_set_id         TEXT NOT NULL REFERENCES criteria_sets(id),
    dossier                 TEXT NOT NULL,
    attachments             TEXT NOT NULL,
    state                   TEXT NOT NULL,
    comment_working_days    INTEGER NOT NULL,
    comment_closes_on       DATE,
    return_comments         TEXT,
    reason                  TEXT,
    decision_number         TEXT,
    decision_date           DATE,
    revocation_document_id  TEXT REFERENCES documents(id),
    version                 BIGINT NOT NULL DEFAULT 1,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    place_taken_on          DATE,
    congress_id             TEXT REFERENCES congresses(id),
    quota_rule_id           TEXT REFERENCES quota_rules(id),
    score_override          TEXT
);
INSERT INTO nominations SELECT id, model_id, movement_id, year, track, form_id,
    proposing_unit_id, criteria_set_id, dossier, attachments, state, comment_working_days,
    comment_closes_on, return_comments, reason, decision_number, decision_date,
    revocation_document_id, version, created_at, updated_at, place_taken_on, congress_id,
    quota_rule_id, score_override
FROM nominations_before;
DROP TABLE nominations_before;
CREATE INDEX nominations_pool ON nominations(track, year, movement_id, state);
CREATE INDEX nominations_model ON nominations(model_id, year);
CREATE INDEX nominations_state ON nominations(state);
CREATE INDEX nominations_congress ON nominations(congress_id, state);
CREATE INDEX nominations_quota_rule ON nominations(quota_rule_id);

ALTER TABLE exemplary_models ADD COLUMN birth_date DATE;
ALTER TABLE exemplary_models ADD COLUMN phone TEXT;
ALTER TABLE exemplary_models ADD COLUMN national_id TEXT;
ALTER TABLE exemplary_models ADD COLUMN home_address TEXT;
UPDATE exemplary_models SET
    birth_date = (SELECT a.birth_date FROM awardees a WHERE a.id = exemplary_models.awardee_id),
    phone = (SELECT a.phone FROM awardees a WHERE a.id = exemplary_models.awardee_id),
    national_id = (SELECT a.national_id FROM awardees a WHERE a.id = exemplary_models.awardee_id),
    home_address = (SELECT a.home_address FROM awardees a WHERE a.id = exemplary_models.awardee_id);
DROP INDEX exemplary_models_awardee;
ALTER TABLE exemplary_models DROP COLUMN awardee_id;
DROP TABLE awardees;
