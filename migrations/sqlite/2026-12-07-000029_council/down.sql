-- Undoes 000029.
DROP TABLE council_ballots;
DROP TABLE council_voters;
DROP TABLE council_attendance;
DROP TABLE council_agenda;
DROP TABLE council_sessions;
DROP TABLE council_members;
DROP TABLE councils;
