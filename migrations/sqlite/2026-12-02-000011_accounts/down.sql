DROP TABLE ended_tokens;
CREATE TABLE api_clients_old (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    unit_id      TEXT NOT NULL REFERENCES units(id),
    scopes       TEXT NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL
);
INSERT INTO api_clients_old (id, name, secret_hash, unit_id, scopes, active, created_at)
    SELECT id, name, secret_hash, unit_id, scopes, active, created_at FROM api_clients
    WHERE unit_id IS NOT NULL;
DROP TABLE api_clients;
ALTER TABLE api_clients_old RENAME TO api_clients;
DROP INDEX users_order;
DROP INDEX users_password_token;
ALTER TABLE users DROP COLUMN version;
ALTER TABLE users DROP COLUMN password_token_expires_at;
ALTER TABLE users DROP COLUMN password_token_hash;
ALTER TABLE users DROP COLUMN token_generation;
ALTER TABLE users DROP COLUMN search_text;
