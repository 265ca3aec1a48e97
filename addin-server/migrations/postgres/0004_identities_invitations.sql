-- Linked identities and invitations (issue 7). Times are Unix seconds.
-- A user signed in through Office SSO or Google: the provider's stable subject ("tid:oid" for
-- Microsoft, "sub" for Google) points at one user.
CREATE TABLE identities (
    provider   TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);
CREATE INDEX identities_user ON identities (user_id);
-- An invitation to join an organisation with a role; the token is stored only as its SHA-256.
CREATE TABLE invitations (
    id          TEXT PRIMARY KEY NOT NULL,
    org_id      TEXT NOT NULL REFERENCES organisations (id),
    email       TEXT NOT NULL,
    role        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    invited_by  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by TEXT,
    revoked_at  BIGINT
);
CREATE INDEX invitations_org ON invitations (org_id);
