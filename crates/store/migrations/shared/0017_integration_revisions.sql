-- A revision saved through the Admin API names the integration that wrote it. The
-- name is copied, not referenced, so the history still reads right after the
-- integration is deleted.
ALTER TABLE post_revisions ADD COLUMN integration TEXT;
