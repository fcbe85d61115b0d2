-- Registration of emulation titles and the deadlines of each award stream (the commendation
-- register issue, points 7 and 8). At the start of each year units register the titles their
-- collectives and individuals aim for (đăng ký thi đua), by the deadline the coordinator sets
-- for the year; a nomination for a title whose version requires registration is refused
-- without one. Each stream (merit, thematic, ad hoc, long service, foreign relations) has its
-- deadlines per year: registrations (merit) and the last day nominations are received.
CREATE TABLE stream_deadlines (
    id                TEXT PRIMARY KEY NOT NULL,
    year              INTEGER NOT NULL,
    stream            TEXT NOT NULL,
    registration_due  DATE,
    nominations_due   DATE,
    note              TEXT,
    version           BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX stream_deadlines_one ON stream_deadlines(year, stream);

CREATE TABLE title_registrations (
    id             TEXT PRIMARY KEY NOT NULL,
    year           INTEGER NOT NULL,
    awardee_id     TEXT NOT NULL REFERENCES awardees(id),
    award_type_id  TEXT NOT NULL REFERENCES award_types(id),
    unit_id        TEXT NOT NULL REFERENCES units(id),
    registered_on  DATE NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX title_registrations_one ON title_registrations(year, awardee_id, award_type_id);
CREATE INDEX title_registrations_unit ON title_registrations(year, unit_id);
