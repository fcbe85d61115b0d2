-- From recommendation to decision (issue 20). A decision (quyết định) groups recommended
-- nominations: drafted with its submission (tờ trình), then issued with its number and date,
-- when each nomination is approved, its award written with the bonus computed on the base
-- salary of the decision date, and the bonuses paid from the year's fund.
CREATE TABLE decisions (
    id                  TEXT PRIMARY KEY NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('draft', 'issued')),
    year                INTEGER NOT NULL,
    subject             TEXT NOT NULL,
    authority           TEXT NOT NULL,
    number              TEXT,
    decided_on          DATE,
    base_salary         BIGINT,
    total_bonus         BIGINT,
    submission_docx_id  TEXT REFERENCES files(id),
    submission_pdf_id   TEXT REFERENCES files(id),
    draft_docx_id       TEXT REFERENCES files(id),
    draft_pdf_id        TEXT REFERENCES files(id),
    issued_docx_id      TEXT REFERENCES files(id),
    issued_pdf_id       TEXT REFERENCES files(id),
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    CHECK ((state = 'issued') = (number IS NOT NULL AND decided_on IS NOT NULL))
);
CREATE INDEX decisions_year ON decisions(year, state);

-- The annexed list: a nomination is in one decision at most. Its bonus is fixed at issue:
-- the coefficient of its type's version in force on the decision date, the amount, and what
-- earlier decisions already paid the awardee for a title of the same period.
CREATE TABLE decision_items (
    decision_id    TEXT NOT NULL REFERENCES decisions(id),
    nomination_id  TEXT NOT NULL UNIQUE REFERENCES nominations(id),
    position       INTEGER NOT NULL,
    per_mille      INTEGER,
    amount         BIGINT,
    paid_before    BIGINT,
    PRIMARY KEY (decision_id, nomination_id)
);

-- The award an issued decision grants links it (its document, its bonus).
ALTER TABLE awards ADD COLUMN decision_id TEXT REFERENCES decisions(id);
ALTER TABLE awards ADD COLUMN bonus_per_mille INTEGER;
ALTER TABLE awards ADD COLUMN bonus_amount BIGINT;

-- Templates the coordinator uploads in place of the built-in ones: a DOCX with {{field}}
-- placeholders, checked at upload. The newest for a kind and award type (or for every type)
-- is the one used.
CREATE TABLE paper_templates (
    id             TEXT PRIMARY KEY NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('submission', 'decision')),
    award_type_id  TEXT REFERENCES award_types(id),
    file_id        TEXT NOT NULL REFERENCES files(id),
    fields         TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX paper_templates_kind ON paper_templates(kind, award_type_id, created_at);

-- The public honours' change log (`/public/v1/honours/changes`), as the models' one: every
-- approval or revocation of a nomination records it, in the write's transaction.
CREATE TABLE honour_changes (
    seq            BIGINT PRIMARY KEY NOT NULL,
    nomination_id  TEXT NOT NULL,
    changed_at     TIMESTAMP NOT NULL
);
-- The honours granted (or revoked) before the log began are its first entries, so a portal
-- that follows it from the beginning mirrors every honour.
INSERT INTO honour_changes (seq, nomination_id, changed_at)
SELECT ROW_NUMBER() OVER (ORDER BY updated_at, id), id, updated_at
FROM nominations WHERE state IN ('approved', 'revoked');

-- The emulation fund as a ledger (issue 20, point 3). Every movement of a year's fund is an
-- entry: income (allocations, each on its document; adjustments when the amount is set
-- anew) as positive amounts, spending (approved funding grants, a decision's bonuses) as
-- negative ones. The balance is their sum and never falls below zero: every entry of a year is
-- written under the year's lock key, on every instance. `emulation_funds.amount` stays the
-- year's income, so its answer keeps its shape.
CREATE TABLE fund_entries (
    id           TEXT PRIMARY KEY NOT NULL,
    year         INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('allocation', 'adjustment', 'grant', 'bonuses')),
    amount       BIGINT NOT NULL,
    document_id  TEXT REFERENCES documents(id),
    grant_id     TEXT REFERENCES funding_grants(id),
    decision_id  TEXT REFERENCES decisions(id),
    note         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    CHECK ((kind = 'allocation' AND amount >= 0) OR (kind IN ('grant', 'bonuses') AND amount <= 0)
           OR kind = 'adjustment')
);
CREATE INDEX fund_entries_year ON fund_entries(year, created_at, id);
CREATE UNIQUE INDEX fund_entries_grant ON fund_entries(grant_id);

-- Today's figures: each year's amount becomes its opening allocation, each approved grant its
-- spending, on the day it was decided.
INSERT INTO fund_entries (id, year, kind, amount, document_id, grant_id, note, created_at)
SELECT '0190695a-0000-7000-8001-' || printf('%012d', year), year, 'allocation', amount, document_id, NULL,
       'Số quỹ được giao trước khi lập sổ quỹ', created_at
FROM emulation_funds;

INSERT INTO fund_entries (id, year, kind, amount, document_id, grant_id, note, created_at)
SELECT id, year, 'grant', -amount, NULL, id,
       'Hỗ trợ kinh phí theo quyết định ' || COALESCE(decision_number, ''), updated_at
FROM funding_grants WHERE state = 'approved';
