-- Identity and licensing (issue 7). Times are Unix seconds.
CREATE TABLE organisations (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    created_at    BIGINT NOT NULL
);
-- Roles: owner, admin, member, instructor, student.
CREATE TABLE memberships (
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE TABLE licences (
    id           TEXT PRIMARY KEY NOT NULL,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    plan         TEXT NOT NULL,
    seats        BIGINT NOT NULL,
    entitlements TEXT NOT NULL,
    tenant       TEXT NOT NULL,
    trial        BIGINT NOT NULL DEFAULT 0,
    starts_at    BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    created_at   BIGINT NOT NULL
);
CREATE TABLE licence_seats (
    licence_id     TEXT NOT NULL REFERENCES licences (id),
    user_id        TEXT NOT NULL REFERENCES users (id),
    checked_out_at BIGINT NOT NULL,
    PRIMARY KEY (licence_id, user_id)
);
CREATE TABLE audit_log (
    id      BIGSERIAL PRIMARY KEY,
    at      BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    org_id  TEXT,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log (org_id, at);
