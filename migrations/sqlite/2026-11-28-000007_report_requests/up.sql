-- Ad-hoc reports (issue 5): a coordinator's request, with its own due date and recipients; its
-- code is the period of the reports that answer it.
CREATE TABLE report_requests (
    id              TEXT PRIMARY KEY NOT NULL,
    code            TEXT NOT NULL UNIQUE,
    report_type_id  TEXT NOT NULL REFERENCES report_types(id),
    title           TEXT NOT NULL,
    due_on          DATE NOT NULL,
    unit_ids        TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
