-- The council issue, point 4 and the written opinions of point 2. Absent members give their
-- opinion in writing (Decree 98/2023 Art. 30(7)); whether it counts toward agreement is the
-- council's setting (on by default: check the province's own rule). A written opinion is kept
-- as a ballot is: who gave one in `council_voters`, how in `council_ballots`, marked `written`.
-- The minutes of a closed session are generated as DOCX and PDF and kept as files.
ALTER TABLE councils ADD COLUMN written_opinions_count BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE council_sessions ADD COLUMN written_opinions_count BOOLEAN;
ALTER TABLE council_ballots ADD COLUMN written BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE council_agenda ADD COLUMN written_agree INTEGER;
ALTER TABLE council_agenda ADD COLUMN written_disagree INTEGER;

CREATE TABLE council_minutes (
    session_id    TEXT PRIMARY KEY NOT NULL REFERENCES council_sessions(id),
    docx_file_id  TEXT NOT NULL REFERENCES files(id),
    pdf_file_id   TEXT NOT NULL REFERENCES files(id),
    created_at    TIMESTAMP NOT NULL
);
