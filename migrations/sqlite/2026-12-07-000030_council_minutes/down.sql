DROP TABLE council_minutes;
ALTER TABLE council_agenda DROP COLUMN written_disagree;
ALTER TABLE council_agenda DROP COLUMN written_agree;
ALTER TABLE council_ballots DROP COLUMN written;
ALTER TABLE council_sessions DROP COLUMN written_opinions_count;
ALTER TABLE councils DROP COLUMN written_opinions_count;
