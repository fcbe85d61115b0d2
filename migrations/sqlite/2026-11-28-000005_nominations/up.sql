-- Nominations for commendation (letter points 6c, 6d): forms of commendation as reference data,
-- the nominations and their reviews, the public holidays that working days skip, and the
-- comments the public sends during a comment period.
CREATE TABLE commendation_forms (
    id          TEXT PRIMARY KEY NOT NULL,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

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
    updated_at              TIMESTAMP NOT NULL
);
CREATE INDEX nominations_pool ON nominations(track, year, movement_id, state);
CREATE INDEX nominations_model ON nominations(model_id, year);
CREATE INDEX nominations_state ON nominations(state);

CREATE TABLE nomination_reviews (
    id                    TEXT PRIMARY KEY NOT NULL,
    nomination_id         TEXT NOT NULL REFERENCES nominations(id),
    reviewer_id           TEXT NOT NULL REFERENCES users(id),
    conflict_of_interest  BOOLEAN NOT NULL,
    note                  TEXT,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (nomination_id, reviewer_id)
);

CREATE TABLE nomination_scores (
    review_id     TEXT NOT NULL REFERENCES nomination_reviews(id) ON DELETE CASCADE,
    criterion_id  TEXT NOT NULL REFERENCES criteria(id),
    points        INTEGER NOT NULL,
    PRIMARY KEY (review_id, criterion_id)
);

CREATE TABLE holidays (
    day         DATE PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE public_comments (
    id             TEXT PRIMARY KEY NOT NULL,
    nomination_id  TEXT NOT NULL REFERENCES nominations(id),
    author_name    TEXT,
    contact        TEXT,
    body           TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX public_comments_nomination ON public_comments(nomination_id, created_at);
