-- Foundation: units, emulation groups, documents, accounts, API clients, login throttling, audit log.
-- Identifiers are UUIDv7 text (time-ordered, made by the service); timestamps are UTC.

CREATE TABLE units (
    id            TEXT PRIMARY KEY NOT NULL,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_key      TEXT COLLATE "C" NOT NULL,
    search_text   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    parent_id     TEXT REFERENCES units(id),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    valid_from    DATE,
    valid_to      DATE,
    successor_id  TEXT REFERENCES units(id),
    email         TEXT,
    phone         TEXT,
    website       TEXT,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX units_order ON units(name_key, id);

CREATE TABLE emulation_groups (
    id                    TEXT PRIMARY KEY NOT NULL,
    kind                  TEXT NOT NULL,
    name                  TEXT NOT NULL,
    name_key              TEXT COLLATE "C" NOT NULL,
    search_text           TEXT NOT NULL,
    year                  INTEGER NOT NULL,
    chair_unit_id         TEXT REFERENCES units(id),
    deputy_chair_unit_id  TEXT REFERENCES units(id),
    active                BOOLEAN NOT NULL DEFAULT TRUE,
    version               BIGINT NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX emulation_groups_order ON emulation_groups(year, name_key, id);

CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES emulation_groups(id),
    unit_id   TEXT NOT NULL REFERENCES units(id),
    year      INTEGER NOT NULL,
    active    BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (group_id, unit_id)
);
-- A unit belongs to at most one active group per year, whichever instance writes.
CREATE UNIQUE INDEX group_members_one_per_year ON group_members(unit_id, year) WHERE active;

CREATE TABLE documents (
    id               TEXT PRIMARY KEY NOT NULL,
    number           TEXT NOT NULL,
    kind             TEXT NOT NULL,
    issued_on        DATE NOT NULL,
    issuing_unit_id  TEXT NOT NULL REFERENCES units(id),
    title            TEXT NOT NULL,
    search_text      TEXT NOT NULL,
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (issuing_unit_id, number, issued_on)
);
CREATE INDEX documents_order ON documents(issued_on, id);

CREATE TABLE users (
    id             TEXT PRIMARY KEY NOT NULL,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    unit_id        TEXT REFERENCES units(id),
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE api_clients (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    unit_id      TEXT NOT NULL REFERENCES units(id),
    scopes       TEXT NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMP NOT NULL
);

-- Failed sign-ins per account and per client address; shared by every instance.
CREATE TABLE auth_throttle (
    key            TEXT PRIMARY KEY NOT NULL,
    failures       INTEGER NOT NULL,
    window_start   TIMESTAMP NOT NULL,
    blocked_until  TIMESTAMP
);

CREATE TABLE audit_log (
    id             TEXT PRIMARY KEY NOT NULL,
    occurred_at    TIMESTAMP NOT NULL,
    actor_type     TEXT NOT NULL,
    actor_id       TEXT NOT NULL,
    actor_unit_id  TEXT,
    action         TEXT NOT NULL,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    before_data    TEXT,
    after_data     TEXT,
    request_id     TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
