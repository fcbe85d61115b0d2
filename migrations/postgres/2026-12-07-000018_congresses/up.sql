-- Congresses as data (the quota pools issue): a provincial or national emulation congress with
-- its number, term, day and document; one may draw its candidates from another's honourees.
-- The letter's provincial congress X and national congress XI are rows like any other; the
-- old track values name them (alias), and their nominations and quota rules point to them.
CREATE TABLE congresses (
    id              TEXT PRIMARY KEY NOT NULL,
    level           TEXT NOT NULL,
    number          INTEGER NOT NULL,
    name            TEXT NOT NULL,
    term_from       INTEGER NOT NULL,
    term_to         INTEGER NOT NULL,
    year            INTEGER NOT NULL,
    held_on         DATE,
    document_id     TEXT REFERENCES documents(id),
    draws_from_id   TEXT REFERENCES congresses(id),
    alias           TEXT UNIQUE,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX congresses_number ON congresses(level, number, term_from);

INSERT INTO congresses (id, level, number, name, term_from, term_to, year, held_on, document_id,
                        draws_from_id, alias, created_at, updated_at)
VALUES ('0193a1b2-0000-7000-8000-0000000c0010', 'provincial', 10,
        'Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X', 2020, 2025, 2025, NULL, NULL, NULL,
        'provincial_congress', TIMESTAMP '2026-12-07 00:00:00', TIMESTAMP '2026-12-07 00:00:00'),
       ('0193a1b2-0000-7000-8000-0000000c0011', 'national', 11,
        'Đại hội Thi đua yêu nước toàn quốc lần thứ XI', 2020, 2025, 2025, NULL, NULL,
        '0193a1b2-0000-7000-8000-0000000c0010', 'national_congress', TIMESTAMP '2026-12-07 00:00:00', TIMESTAMP '2026-12-07 00:00:00');

ALTER TABLE nominations ADD COLUMN congress_id TEXT REFERENCES congresses(id);
UPDATE nominations SET congress_id = '0193a1b2-0000-7000-8000-0000000c0010' WHERE track = 'provincial_congress' AND year = 2025;
UPDATE nominations SET congress_id = '0193a1b2-0000-7000-8000-0000000c0011' WHERE track = 'national_congress' AND year = 2025;
CREATE INDEX nominations_congress ON nominations(congress_id, state);

-- A rule counts one pool: a movement's year (by scale) or a congress; it holds from a day, and
-- a later rule of the same pool supersedes it from its own day.
ALTER TABLE quota_rules ADD COLUMN congress_id TEXT REFERENCES congresses(id);
ALTER TABLE quota_rules ADD COLUMN valid_from DATE;
ALTER TABLE quota_rules ADD COLUMN supersedes_id TEXT REFERENCES quota_rules(id);
UPDATE quota_rules SET congress_id = '0193a1b2-0000-7000-8000-0000000c0010' WHERE track = 'provincial_congress' AND year = 2025;
UPDATE quota_rules SET congress_id = '0193a1b2-0000-7000-8000-0000000c0011' WHERE track = 'national_congress' AND year = 2025;

-- A nomination remembers the rule that counted its place, so a rule with a place taken is known
-- (it is then changed only by a later rule that supersedes it).
ALTER TABLE nominations ADD COLUMN quota_rule_id TEXT REFERENCES quota_rules(id);
UPDATE nominations SET quota_rule_id = (
    SELECT q.id FROM quota_rules q WHERE q.congress_id = nominations.congress_id LIMIT 1
) WHERE congress_id IS NOT NULL AND place_taken_on IS NOT NULL;
UPDATE nominations SET quota_rule_id = (
    SELECT q.id FROM quota_rules q
    JOIN movement_scales s ON s.scale = q.scale
    WHERE q.track = 'annual' AND s.movement_id = nominations.movement_id
      AND s.valid_from <= nominations.place_taken_on
      AND (s.valid_to IS NULL OR s.valid_to >= nominations.place_taken_on)
    ORDER BY s.valid_from DESC LIMIT 1
) WHERE track = 'annual' AND place_taken_on IS NOT NULL;
CREATE INDEX nominations_quota_rule ON nominations(quota_rule_id);
