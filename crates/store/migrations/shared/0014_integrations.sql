-- Integrations: software that reads the site through the Content API and writes
-- through the Admin API. The content key is kept only as its SHA-256 (looked up by
-- it); the admin key's secret is kept as is, because the server checks the tokens it
-- signs (see core/src/integrations.rs).
CREATE TABLE integrations (
    id {{identity_key}},
    name TEXT NOT NULL,
    content_key_digest TEXT NOT NULL UNIQUE,
    admin_key_id TEXT NOT NULL UNIQUE,
    admin_secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    keys_made_at BIGINT NOT NULL
);
