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

-- A client whose only scope is metrics:read belongs to no unit.
ALTER TABLE api_clients ALTER COLUMN unit_id DROP NOT NULL;
ALTER TABLE api_clients ADD COLUMN updated_at TIMESTAMP;
UPDATE api_clients SET updated_at = created_at;
ALTER TABLE api_clients ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE api_clients ADD COLUMN secret_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE api_clients ADD COLUMN previous_secret_hash TEXT;
ALTER TABLE api_clients ADD COLUMN previous_secret_expires_at TIMESTAMP;
ALTER TABLE api_clients ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 1;
ALTER TABLE api_clients ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX api_clients_unit ON api_clients(unit_id);

-- Tokens ended before their time (logout); a row is kept until the token would have expired.
CREATE TABLE ended_tokens (
    jti         TEXT PRIMARY KEY NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX ended_tokens_expiry ON ended_tokens(expires_at);
