-- Awardees (the commendation register issue, point 1): the individuals and collectives that
-- commendations are given to, as records of their own. Each exemplary model becomes an awardee
-- with the model's id (so a nominee's id stays what old clients know) and takes the model's
-- personal data with it: the personal data of a person is kept once, on the awardee. A
-- nomination names an awardee; its model becomes optional.
CREATE TABLE awardees (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_key      TEXT COLLATE "C" NOT NULL,
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
ALTER TABLE exemplary_models DROP COLUMN birth_date, DROP COLUMN phone,
    DROP COLUMN national_id, DROP COLUMN home_address;

ALTER TABLE nominations ADD COLUMN awardee_id TEXT REFERENCES awardees(id);
UPDATE nominations SET awardee_id = model_id;
ALTER TABLE nominations ALTER COLUMN awardee_id SET NOT NULL;
ALTER TABLE nominations ALTER COLUMN model_id DROP NOT NULL;
DROP INDEX nominations_model;
CREATE INDEX nominations_awardee ON nominations(awardee_id, year);
CREATE INDEX nominations_model ON nominations(model_id);
