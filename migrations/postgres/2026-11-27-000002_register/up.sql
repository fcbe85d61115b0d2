-- The movement register: movements with their name and lead-unit history, implementation plans
-- and their targets, criteria sets, the emulation fund and its grants, quota rules; and the
-- exemplary models and publicity items that plan targets are measured against.

CREATE TABLE movements (
    id                     TEXT PRIMARY KEY NOT NULL,
    code                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    name_key               TEXT COLLATE "C" NOT NULL,
    search_text            TEXT NOT NULL,
    lead_unit_id           TEXT NOT NULL REFERENCES units(id),
    basis_document_id      TEXT NOT NULL REFERENCES documents(id),
    programme_document_id  TEXT REFERENCES documents(id),
    phase_from             INTEGER,
    phase_to               INTEGER,
    start_on               DATE NOT NULL,
    end_on                 DATE,
    participation_scale    TEXT NOT NULL,
    status                 TEXT NOT NULL,
    description            TEXT,
    version                BIGINT NOT NULL DEFAULT 1,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX movements_order ON movements(name_key, id);

CREATE TABLE movement_names (
    id           TEXT PRIMARY KEY NOT NULL,
    movement_id  TEXT NOT NULL REFERENCES movements(id),
    name         TEXT NOT NULL,
    valid_from   DATE NOT NULL,
    valid_to     DATE,
    document_id  TEXT NOT NULL REFERENCES documents(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX movement_names_movement ON movement_names(movement_id, valid_from);

CREATE TABLE movement_leads (
    id           TEXT PRIMARY KEY NOT NULL,
    movement_id  TEXT NOT NULL REFERENCES movements(id),
    unit_id      TEXT NOT NULL REFERENCES units(id),
    valid_from   DATE NOT NULL,
    valid_to     DATE,
    document_id  TEXT NOT NULL REFERENCES documents(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX movement_leads_movement ON movement_leads(movement_id, valid_from);

CREATE TABLE plans (
    id               TEXT PRIMARY KEY NOT NULL,
    movement_id      TEXT NOT NULL REFERENCES movements(id),
    unit_id          TEXT NOT NULL REFERENCES units(id),
    kind             TEXT NOT NULL,
    year             INTEGER,
    period_start     DATE NOT NULL,
    period_end       DATE NOT NULL,
    title            TEXT NOT NULL,
    due_on           DATE NOT NULL,
    issued_on        DATE,
    document_number  TEXT,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX plans_movement ON plans(movement_id, due_on, id);
CREATE INDEX plans_due ON plans(due_on, id);

CREATE TABLE plan_targets (
    id           TEXT PRIMARY KEY NOT NULL,
    plan_id      TEXT NOT NULL REFERENCES plans(id),
    position     INTEGER NOT NULL,
    indicator    TEXT NOT NULL,
    channel      TEXT,
    target       INTEGER NOT NULL,
    description  TEXT
);
CREATE INDEX plan_targets_plan ON plan_targets(plan_id, position);

CREATE TABLE criteria_sets (
    id           TEXT PRIMARY KEY NOT NULL,
    movement_id  TEXT NOT NULL REFERENCES movements(id),
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    applies_to   TEXT NOT NULL,
    threshold    INTEGER NOT NULL,
    used_at      TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (movement_id, version)
);

CREATE TABLE criteria (
    id               TEXT PRIMARY KEY NOT NULL,
    criteria_set_id  TEXT NOT NULL REFERENCES criteria_sets(id),
    position         INTEGER NOT NULL,
    code             TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT,
    max_points       INTEGER NOT NULL,
    mandatory        BOOLEAN NOT NULL,
    pass_mark        INTEGER,
    UNIQUE (criteria_set_id, code)
);

CREATE TABLE emulation_funds (
    year         INTEGER PRIMARY KEY NOT NULL,
    amount       BIGINT NOT NULL,
    document_id  TEXT REFERENCES documents(id),
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE funding_grants (
    id               TEXT PRIMARY KEY NOT NULL,
    movement_id      TEXT NOT NULL REFERENCES movements(id),
    unit_id          TEXT NOT NULL REFERENCES units(id),
    year             INTEGER NOT NULL,
    amount           BIGINT NOT NULL,
    purpose          TEXT NOT NULL,
    state            TEXT NOT NULL,
    decision_number  TEXT,
    decision_date    DATE,
    reason           TEXT,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX funding_grants_year ON funding_grants(year, state);

CREATE TABLE quota_rules (
    id           TEXT PRIMARY KEY NOT NULL,
    code         TEXT NOT NULL UNIQUE,
    track        TEXT NOT NULL,
    scale        TEXT,
    year         INTEGER,
    max_count    INTEGER NOT NULL,
    description  TEXT NOT NULL,
    document_id  TEXT NOT NULL REFERENCES documents(id),
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE exemplary_models (
    id                TEXT PRIMARY KEY NOT NULL,
    kind              TEXT NOT NULL,
    name              TEXT NOT NULL,
    name_key          TEXT COLLATE "C" NOT NULL,
    search_text       TEXT NOT NULL,
    managing_unit_id  TEXT NOT NULL REFERENCES units(id),
    category          TEXT NOT NULL,
    summary           TEXT NOT NULL,
    achievements      TEXT NOT NULL,
    stage             TEXT NOT NULL,
    discovered_on     DATE NOT NULL,
    nurtured_on       DATE,
    replicated_on     DATE,
    published         BOOLEAN NOT NULL DEFAULT FALSE,
    consent_at        TIMESTAMP,
    birth_date        DATE,
    phone             TEXT,
    national_id       TEXT,
    home_address      TEXT,
    active            BOOLEAN NOT NULL DEFAULT TRUE,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE model_movements (
    model_id     TEXT NOT NULL REFERENCES exemplary_models(id),
    movement_id  TEXT NOT NULL REFERENCES movements(id),
    PRIMARY KEY (model_id, movement_id)
);
CREATE INDEX model_movements_movement ON model_movements(movement_id);

CREATE TABLE publicity_items (
    id            TEXT PRIMARY KEY NOT NULL,
    channel       TEXT NOT NULL,
    title         TEXT NOT NULL,
    url           TEXT NOT NULL,
    published_on  DATE NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES units(id),
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX publicity_items_unit ON publicity_items(unit_id, published_on);

CREATE TABLE publicity_links (
    id           TEXT PRIMARY KEY NOT NULL,
    item_id      TEXT NOT NULL REFERENCES publicity_items(id),
    model_id     TEXT REFERENCES exemplary_models(id),
    movement_id  TEXT REFERENCES movements(id)
);
CREATE INDEX publicity_links_item ON publicity_links(item_id);
