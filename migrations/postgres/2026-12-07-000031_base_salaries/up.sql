-- The statutory base salary (mức lương cơ sở), on which every bonus is computed (Decree
-- 152/2025 Art. 49–50: coefficient × the base salary in force on the decision date, rounded up
-- to the nearest 10,000 VND). Dated rows, each on its decree; a row is in force from its day
-- until the next one's. The one in force since 1 July 2024 (Decree 73/2024/NĐ-CP) is law, not
-- sample data: every register holds it.
CREATE TABLE base_salaries (
    id           TEXT PRIMARY KEY NOT NULL,
    amount       BIGINT NOT NULL CHECK (amount > 0),
    valid_from   DATE NOT NULL UNIQUE,
    legal_basis  TEXT NOT NULL,
    document_id  TEXT REFERENCES documents(id),
    created_at   TIMESTAMP NOT NULL
);

INSERT INTO base_salaries (id, amount, valid_from, legal_basis, document_id, created_at)
VALUES ('0190695a-0000-7000-8000-000000000001', 2340000, '2024-07-01',
        'Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 quy định mức lương cơ sở', NULL,
        '2024-07-01 00:00:00');
