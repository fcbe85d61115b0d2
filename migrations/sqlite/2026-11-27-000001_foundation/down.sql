DROP TABLE audit_log;
DROP TABLE auth_throttle;
DROP TABLE api_clients;
DROP TABLE users;
DROP TABLE documents;
DROP TABLE group_members;
DROP TABLE emulation_groups;
DROP TABLE units;
