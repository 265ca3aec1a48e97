-- The course (issue 8). Times are Unix seconds.
-- One xAPI-style statement per learning event: the actor (user), the verb (an ADL verb IRI), the
-- object (a lesson, quiz, exercise, module or credential id) and its kind, the module, the result
-- (scaled score in millionths, success, details as JSON) and the course version the event happened under.
-- Progress is computed from these statements; nothing else records it.
CREATE TABLE course_statements (
    id             TEXT PRIMARY KEY NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id),
    verb           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    object         TEXT NOT NULL,
    module         BIGINT NOT NULL,
    score_ppm      BIGINT,
    success        BIGINT,
    result         TEXT NOT NULL,
    course_version TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX course_statements_user ON course_statements (user_id, created_at);
-- Certificates issued as Open Badges 3.0 credentials: the signed document as issued, its index in
-- the revocation status list (unique: two servers racing for one index, one retries).
CREATE TABLE credentials (
    id           TEXT PRIMARY KEY NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users (id),
    award        TEXT NOT NULL,
    status_index BIGINT NOT NULL UNIQUE,
    document     TEXT NOT NULL,
    issued_at    BIGINT NOT NULL,
    revoked_at   BIGINT,
    revoked_by   TEXT,
    UNIQUE (user_id, award)
);
