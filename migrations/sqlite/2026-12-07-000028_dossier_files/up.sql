-- Dossiers with their files (the dossier-files issue). A file is a resource owned by the unit
-- of whoever uploaded it; its bytes are kept once per SHA-256 in the file store (a directory or
-- an S3-compatible bucket), and its type was told from the content. A nomination's dossier lists
-- items, each under a code of its award type's checklist (the `dossier_items` of the version in
-- force on the day of receipt) or `khac` (another document), pointing to a file. The links with
-- a claimed hash that nominations carried until now become items `khac` that point to their URL.
CREATE TABLE files (
    id               TEXT PRIMARY KEY NOT NULL,
    owner_unit_id    TEXT REFERENCES units(id),
    name             TEXT NOT NULL,
    file_type        TEXT NOT NULL,
    size             BIGINT NOT NULL,
    sha256           TEXT NOT NULL,
    uploaded_by_type TEXT NOT NULL,
    uploaded_by_id   TEXT NOT NULL,
    damaged_at       TIMESTAMP,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX files_sha256 ON files(sha256);
CREATE INDEX files_owner ON files(owner_unit_id, created_at);

CREATE TABLE dossier_items (
    id             TEXT PRIMARY KEY NOT NULL,
    nomination_id  TEXT NOT NULL REFERENCES nominations(id),
    item_code      TEXT NOT NULL,
    file_id        TEXT REFERENCES files(id),
    url            TEXT,
    name           TEXT NOT NULL,
    media_type     TEXT,
    size           BIGINT,
    sha256         TEXT,
    note           TEXT,
    added_by_type  TEXT,
    added_by_id    TEXT,
    created_at     TIMESTAMP NOT NULL,
    CHECK ((file_id IS NULL) <> (url IS NULL))
);
CREATE INDEX dossier_items_nomination ON dossier_items(nomination_id, created_at);
CREATE INDEX dossier_items_file ON dossier_items(file_id);

-- Today's attachments (links with a claimed hash) become items `khac` (another document).
INSERT INTO dossier_items (id, nomination_id, item_code, file_id, url, name, media_type, size, sha256, note, added_by_type, added_by_id, created_at)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
       nomination_id, 'khac', NULL, url, name, media_type, size, sha256,
       'Tệp đính kèm dạng liên kết, chuyển từ hồ sơ cũ (SHA-256 do đơn vị khai, chưa kiểm tra).', NULL, NULL, created_at
FROM (SELECT hex(randomblob(16)) AS h, n.id AS nomination_id,
             json_extract(a.value, '$.url') AS url, json_extract(a.value, '$.name') AS name,
             json_extract(a.value, '$.media_type') AS media_type, json_extract(a.value, '$.size') AS size,
             json_extract(a.value, '$.sha256') AS sha256, n.updated_at AS created_at
      FROM nominations n, json_each(n.attachments) a);
ALTER TABLE nominations DROP COLUMN attachments;
