-- The Emulation and Commendation Council (the council issue, points 1 to 3): a council per
-- level (the province's: no unit; a unit's), its members (accounts with role `reviewer`) with
-- their position and term, changed by document, so that the total membership on any day is
-- known; sessions with their agenda (nominations in review) and attendance, opened only with
-- the quorum (two thirds of the members) and, when the agenda holds a ballot, the attendance an
-- award session needs (80 % in provincial regulations: check the province's own rule); and
-- secret ballots. Who voted and how are kept apart: `council_voters` has no choice,
-- `council_ballots` has no voter, no time and a random id (and, on SQLite, no insertion order:
-- WITHOUT ROWID keeps it ordered by that id). A nominee passes when
-- agree × 100 ≥ threshold × total membership on the session's day.
CREATE TABLE councils (
    id                        TEXT PRIMARY KEY NOT NULL,
    name                      TEXT NOT NULL,
    unit_id                   TEXT REFERENCES units(id),
    quorum_numerator          INTEGER NOT NULL,
    quorum_denominator        INTEGER NOT NULL,
    award_attendance_percent  INTEGER NOT NULL,
    legal_basis               TEXT NOT NULL,
    note                      TEXT,
    version                   BIGINT NOT NULL DEFAULT 1,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX councils_level ON councils(COALESCE(unit_id, ''));

CREATE TABLE council_members (
    id               TEXT PRIMARY KEY NOT NULL,
    council_id       TEXT NOT NULL REFERENCES councils(id),
    user_id          TEXT NOT NULL REFERENCES users(id),
    position         TEXT NOT NULL,
    valid_from       DATE NOT NULL,
    valid_to         DATE,
    document_id      TEXT REFERENCES documents(id),
    end_document_id  TEXT REFERENCES documents(id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX council_members_council ON council_members(council_id, valid_from);

CREATE TABLE council_sessions (
    id             TEXT PRIMARY KEY NOT NULL,
    council_id     TEXT NOT NULL REFERENCES councils(id),
    number         TEXT NOT NULL,
    held_on        DATE NOT NULL,
    state          TEXT NOT NULL,
    members_total  INTEGER,
    present        INTEGER,
    opened_at      TIMESTAMP,
    closed_at      TIMESTAMP,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX council_sessions_council ON council_sessions(council_id, held_on);

CREATE TABLE council_agenda (
    session_id         TEXT NOT NULL REFERENCES council_sessions(id),
    nomination_id      TEXT NOT NULL REFERENCES nominations(id),
    position           INTEGER NOT NULL,
    ballot_required    BOOLEAN NOT NULL,
    threshold_percent  INTEGER,
    agree              INTEGER,
    disagree           INTEGER,
    passed             BOOLEAN,
    PRIMARY KEY (session_id, nomination_id)
);
CREATE INDEX council_agenda_nomination ON council_agenda(nomination_id);

CREATE TABLE council_attendance (
    session_id  TEXT NOT NULL REFERENCES council_sessions(id),
    member_id   TEXT NOT NULL REFERENCES council_members(id),
    status      TEXT NOT NULL,
    PRIMARY KEY (session_id, member_id)
);

CREATE TABLE council_voters (
    session_id     TEXT NOT NULL REFERENCES council_sessions(id),
    nomination_id  TEXT NOT NULL REFERENCES nominations(id),
    user_id        TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (session_id, nomination_id, user_id)
) WITHOUT ROWID;

CREATE TABLE council_ballots (
    id             TEXT PRIMARY KEY NOT NULL,
    session_id     TEXT NOT NULL REFERENCES council_sessions(id),
    nomination_id  TEXT NOT NULL REFERENCES nominations(id),
    agree          BOOLEAN NOT NULL
) WITHOUT ROWID;
CREATE INDEX council_ballots_item ON council_ballots(session_id, nomination_id);
