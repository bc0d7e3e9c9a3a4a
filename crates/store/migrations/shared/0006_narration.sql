-- Article narration: one row per published article the narration job has heard of.
--
-- wanted_hash is the SHA-256 of the article's prepared spoken text when it was last
-- saved; audio_hash is the text the stored audio speaks. A save whose text hashes the
-- same as wanted_hash queues nothing, so saving without a change to the spoken text
-- never narrates again. The audio file is named by its own content hash and lives
-- under content/audio/.
CREATE TABLE narrations (
    post_id BIGINT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL CHECK (status IN ('queued', 'working', 'ready', 'failed', 'skipped', 'off')),
    wanted_hash TEXT,
    audio_hash TEXT,
    audio_file TEXT,
    audio_bytes BIGINT,
    duration_ms BIGINT,
    engine TEXT,
    error TEXT,
    narrated_at BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE INDEX narrations_with_audio ON narrations (narrated_at) WHERE audio_file IS NOT NULL;
CREATE INDEX jobs_by_kind ON jobs (kind, run_at) WHERE done_at IS NULL;
