-- The live News Feed: pinning, authorship, and the event log live pages follow.
--
-- Every change to a feed item writes one row to feed_events, numbered from
-- site_state.feed_event_seq inside the same transaction. Taking the next number
-- locks the site_state row until commit, so numbers become visible in order with no
-- gaps: a reader that resumes after event N gets exactly N+1, N+2, ... (Server-Sent
-- Events' Last-Event-ID). Each row carries the item as it was after the change, so a
-- replay shows what readers saw then, and deletions are remembered.
ALTER TABLE feed_items ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_items ADD COLUMN created_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE site_state ADD COLUMN feed_event_seq BIGINT NOT NULL DEFAULT 0;

CREATE TABLE feed_events (
    seq BIGINT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('published', 'edited', 'deleted')),
    item_id BIGINT NOT NULL,
    headline TEXT,
    text TEXT,
    post_slug TEXT,
    pinned INTEGER,
    published_at BIGINT,
    updated_at BIGINT,
    at BIGINT NOT NULL
);
