-- The revocation epoch (issue 12): one number, raised in the same transaction as every change
-- that can end tokens (an account's or client's rights, a secret, a unit, a logout). Each
-- instance reads it every few seconds and forgets what it remembered of tokens when it moved,
-- so a token is checked against the database once per change, not once per request.
CREATE TABLE auth_epoch (
    id     INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    value  BIGINT NOT NULL
);
INSERT INTO auth_epoch (id, value) VALUES (1, 1);
