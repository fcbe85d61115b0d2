-- Accounts over the API (issue 12): versioned users and clients, tokens that die with their
-- rights (a generation per account, bumped by every change of rights), one-time set-password
-- tokens, client secret rotation with a grace period, and ended tokens (logout).
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN password_token_hash TEXT;
ALTER TABLE users ADD COLUMN password_token_expires_at TIMESTAMP;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX users_password_token ON users(password_token_hash);
CREATE INDEX users_order ON users(username, id);

-- A client whose only scope is metrics:read belongs to no unit: unit_id becomes nullable,
-- which SQLite does only by rebuilding the table.
CREATE TABLE api_clients_new (
    id                          TEXT PRIMARY KEY NOT NULL,
    name                        TEXT NOT NULL,
    secret_hash                 TEXT NOT NULL,
    unit_id                     TEXT REFERENCES units(id),
    scopes                      TEXT NOT NULL,
    active                      BOOLEAN NOT NULL DEFAULT 1,
    created_at                  TIMESTAMP NOT NULL,
    updated_at                  TIMESTAMP NOT NULL,
    secret_version              BIGINT NOT NULL DEFAULT 1,
    previous_secret_hash        TEXT,
    previous_secret_expires_at  TIMESTAMP,
    token_generation            BIGINT NOT NULL DEFAULT 1,
    version                     BIGINT NOT NULL DEFAULT 1
);
INSERT INTO api_clients_new (id, name, secret_hash, unit_id, scopes, active, created_at, updated_at)
    SELECT id, name, secret_hash, unit_id, scopes, active, created_at, created_at FROM api_clients;
DROP TABLE api_clients;
ALTER TABLE api_clients_new RENAME TO api_clients;
CREATE INDEX api_clients_unit ON api_clients(unit_id);

-- Tokens ended before their time (logout); a row is kept until the token would have expired.
CREATE TABLE ended_tokens (
    jti         TEXT PRIMARY KEY NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX ended_tokens_expiry ON ended_tokens(expires_at);
