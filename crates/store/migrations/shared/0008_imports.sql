-- Moving in: where imported rows came from, the old addresses that must keep
-- working, and the imports administrators start from the desk.
--
-- Every row an import writes is remembered under (platform, kind, source id) with a
-- checksum of what was imported, so running the same import again updates what
-- changed, skips what did not, and creates nothing twice.
CREATE TABLE import_sources (
    platform TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    local_id BIGINT NOT NULL,
    checksum TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (platform, kind, source_id)
);

-- Old addresses and where they lead now. Pages never read this table: only an
-- address no route answers (a 404 in the making) is looked up here, so redirects cost
-- nothing on normal page hits. from_path is a site-relative path, with its query
-- when the old address needed one (WordPress's /?p=61).
CREATE TABLE redirects (
    id {{identity_key}},
    from_path TEXT NOT NULL UNIQUE,
    to_path TEXT NOT NULL,
    permanent INTEGER NOT NULL DEFAULT 1,
    -- ghost, wordpress, slug (a post's slug changed in the desk) or desk.
    origin TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX redirects_by_target ON redirects (to_path);

-- Imports started from the desk: the uploaded file waits in the data folder, a job
-- runs it, and the page shows its progress and, at the end, its report.
CREATE TABLE imports (
    id {{identity_key}},
    platform TEXT NOT NULL CHECK (platform IN ('ghost', 'wordpress')),
    file_name TEXT NOT NULL,
    stored_file TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    stage TEXT NOT NULL DEFAULT '',
    done_items BIGINT NOT NULL DEFAULT 0,
    total_items BIGINT NOT NULL DEFAULT 0,
    report TEXT,
    error TEXT,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
