-- Awardees (the commendation register issue, point 1): the individuals and collectives that
-- commendations are given to, as records of their own. Each exemplary model becomes an awardee
-- with the model's id (so a nominee's id stays what old clients know) and takes the model's
-- personal data with it: the personal data of a person is kept once, on the awardee. A
-- nomination names an awardee; its model becomes optional (SQLite: the table is rebuilt, its
-- reviews and comments kept pointing at it by deferring the foreign-key check to the commit).
CREATE TABLE awardees (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    search_text   TEXT NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES units(id),
    category      TEXT NOT NULL,
    position      TEXT,
    gender        TEXT,
    birth_date    DATE,
    phone         TEXT,
    national_id   TEXT,
    home_address  TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX awardees_order ON awardees(name_key, id);
CREATE INDEX awardees_unit ON awardees(unit_id);

INSERT INTO awardees (id, kind, name, name_key, search_text, unit_id, category, birth_date,
                      phone, national_id, home_address, active, version, created_at, updated_at)
SELECT id, kind, name, name_key, search_text, managing_unit_id, category, birth_date, phone,
       national_id, home_address, TRUE, 1, created_at, updated_at
FROM exemplary_models;

ALTER TABLE exemplary_models ADD COLUMN awardee_id TEXT REFERENCES awardees(id);
UPDATE exemplary_models SET awardee_id = id;
CREATE INDEX exemplary_models_awardee ON exemplary_models(awardee_id);
ALTER TABLE exemplary_models DROP COLUMN birth_date;
ALTER TABLE exemplary_models DROP COLUMN phone;
ALTER TABLE exemplary_models DROP COLUMN national_id;
ALTER TABLE exemplary_models DROP COLUMN home_address;

PRAGMA defer_foreign_keys = ON;
CREATE TABLE nominations_before AS SELECT * FROM nominations;
DROP TABLE nominations;
CREATE TABLE nominations (
    id                      TEXT PRIMARY KEY NOT NULL,
    awardee_id              TEXT NOT NULL REFERENCES awardees(id),
    model_id                TEXT REFERENCES exemplary_models(id),
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
INSERT INTO nominations (id, awardee_id, model_id, movement_id, year, track, form_id,
    proposing_unit_id, criteria_set_id, dossier, attachments, state, comment_working_days,
    comment_closes_on, return_comments, reason, decision_number, decision_date,
    revocation_document_id, version, created_at, updated_at, place_taken_on, congress_id,
    quota_rule_id, score_override)
SELECT id, model_id, model_id, movement_id, year, track, form_id, proposing_unit_id,
    criteria_set_id, dossier, attachments, state, comment_working_days, comment_closes_on,
    return_comments, reason, decision_number, decision_date, revocation_document_id, version,
    created_at, updated_at, place_taken_on, congress_id, quota_rule_id, score_override
FROM nominations_before;
DROP TABLE nominations_before;
CREATE INDEX nominations_pool ON nominations(track, year, movement_id, state);
CREATE INDEX nominations_awardee ON nominations(awardee_id, year);
CREATE INDEX nominations_model ON nominations(model_id);
CREATE INDEX nominations_state ON nominations(state);
CREATE INDEX nominations_congress ON nominations(congress_id, state);
CREATE INDEX nominations_quota_rule ON nominations(quota_rule_id);
