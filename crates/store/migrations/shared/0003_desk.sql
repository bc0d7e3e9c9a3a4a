-- The editing desk: staff accounts, sessions, sign-in throttling, one-time account
-- links, revisions, uploaded media and the durable job queue. Times are Unix seconds.
CREATE TABLE users (
    id {{identity_key}},
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
    -- NULL until an invitation is accepted.
    password_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);

-- Only a hash of the cookie's token is stored: a leaked table signs nobody in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Throttled attempts (failed sign-ins, reset requests), keyed 'account:EMAIL',
-- 'address:IP' or 'reset-request:IP', counted over a window.
CREATE TABLE throttle_attempts (
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX throttle_attempts_by_key ON throttle_attempts (key, at);

-- Invitation and password-reset links: one use, short-lived, stored hashed.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

-- Who started a post (the rules let contributors and authors change their own), its
-- save counter (a save based on an older count is refused, never silently merged),
-- and the secret that opens its preview link.
ALTER TABLE posts ADD COLUMN created_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE posts ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
ALTER TABLE posts ADD COLUMN preview_token TEXT;

CREATE TABLE post_revisions (
    id {{identity_key}},
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (post_id, number)
);

CREATE TABLE media (
    id {{identity_key}},
    url TEXT NOT NULL UNIQUE,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    alt TEXT NOT NULL DEFAULT '',
    caption TEXT,
    credit TEXT,
    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL
);

-- The durable job queue. 'key' makes enqueueing idempotent; a claimed job is locked
-- until 'locked_until' so a crashed worker's job is picked up again.
CREATE TABLE jobs (
    id {{identity_key}},
    kind TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    run_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    locked_until BIGINT,
    done_at BIGINT
);
CREATE INDEX jobs_due ON jobs (done_at, run_at);
