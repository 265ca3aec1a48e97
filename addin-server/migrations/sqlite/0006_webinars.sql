-- Webinars (issue 8). Times are Unix seconds.
-- A session of an organisation: its provider (stored: the join link as given; zoom or graph:
-- created through that API, with the provider's meeting id), the shared join link, a recording
-- once synced. `sequence` grows with every change (ICS SEQUENCE).
CREATE TABLE webinars (
    id                  TEXT PRIMARY KEY NOT NULL,
    org_id              TEXT NOT NULL REFERENCES organisations (id),
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    starts_at           BIGINT NOT NULL,
    duration_minutes    BIGINT NOT NULL,
    provider            TEXT NOT NULL,
    provider_meeting_id TEXT,
    join_url            TEXT NOT NULL,
    recording_url       TEXT,
    sequence            BIGINT NOT NULL DEFAULT 0,
    created_by          TEXT NOT NULL,
    created_at          BIGINT NOT NULL
);
CREATE INDEX webinars_org ON webinars (org_id, starts_at);
-- A registration: the registrant's own join link when the provider gives one (Zoom), else the
-- session's; attendance once synced.
CREATE TABLE webinar_registrations (
    webinar_id       TEXT NOT NULL REFERENCES webinars (id),
    user_id          TEXT NOT NULL REFERENCES users (id),
    join_url         TEXT NOT NULL,
    registrant_id    TEXT,
    registered_at    BIGINT NOT NULL,
    attended_seconds BIGINT,
    PRIMARY KEY (webinar_id, user_id)
);
-- Scheduled jobs (webinar reminders): claimed by one server process at a time.
CREATE TABLE jobs (
    id         TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    run_at     BIGINT NOT NULL,
    payload    TEXT NOT NULL,
    claimed_by TEXT,
    claimed_at BIGINT,
    done_at    BIGINT,
    attempts   BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (kind, payload)
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);
-- What the Course panel shows a user (reminders).
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    url        TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
-- A user's calendar feed: a secret URL for calendar apps, stored as its SHA-256.
CREATE TABLE calendar_feeds (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL UNIQUE REFERENCES users (id),
    created_at BIGINT NOT NULL
);
