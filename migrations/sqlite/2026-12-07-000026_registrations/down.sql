-- Undoes 000026.
DROP TABLE title_registrations;
DROP TABLE stream_deadlines;
