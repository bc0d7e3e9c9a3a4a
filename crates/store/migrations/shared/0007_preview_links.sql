-- Secret preview links, one per post at most. Only the SHA-256 of the link's token is
-- kept (like sessions and signup tokens), so a copy of the database opens no draft.
-- A link expires, can be revoked from the desk, and is revoked when its post is
-- unpublished: a link shared for a published article never shows the draft that
-- replaces it.
CREATE TABLE preview_links (
    post_id BIGINT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- The old links were stored as plain text and never expired: they stop working.
UPDATE posts SET preview_token = NULL;
