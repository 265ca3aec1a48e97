-- Server sessions (issue 7): opaque access and refresh tokens, stored as SHA-256 hashes, shared
-- by every server process. Times are Unix seconds.
CREATE TABLE sessions (
    id                 TEXT PRIMARY KEY NOT NULL,
    user_id            TEXT NOT NULL REFERENCES users (id),
    access_hash        TEXT NOT NULL UNIQUE,
    refresh_hash       TEXT NOT NULL UNIQUE,
    access_expires_at  BIGINT NOT NULL,
    refresh_expires_at BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    revoked_at         BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);
