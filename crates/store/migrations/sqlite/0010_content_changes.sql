-- What each move of the content version changed, so that a node's page cache drops
-- only the pages that show it. One row per version, written in the same transaction
-- that moves it; `scopes` is a space-separated list such as
-- "post:12 list:all tag:3 author:5" ("site" means everything). Only the newest
-- thousand rows are kept: a node further behind than that drops its whole cache.
CREATE TABLE content_changes (
    version INTEGER PRIMARY KEY,
    scopes TEXT NOT NULL
);
