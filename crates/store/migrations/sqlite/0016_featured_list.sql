-- A kept list of the featured articles, newest first ('featured'), so the Content
-- API's `featured:true` (its most common filter after a section) counts and pages at
-- a cost that does not grow with the archive, like a section's list. The posts
-- triggers of 0009 now also keep it: on insert, and on any change to whether an
-- article is published, when, or featured.
CREATE TRIGGER posts_featured_list_on_insert AFTER INSERT ON posts
WHEN NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
    AND NEW.featured <> 0
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        VALUES ('featured', NEW.published_at / 86400, NEW.published_at, NEW.id);
END;

DROP TRIGGER posts_list_on_update;

CREATE TRIGGER posts_list_on_update AFTER UPDATE OF kind, status, published_at, featured ON posts
WHEN OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
    OR OLD.published_at IS NOT NEW.published_at OR OLD.featured IS NOT NEW.featured
BEGIN
    DELETE FROM list_entries WHERE post_id = NEW.id;
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'all', NEW.published_at / 86400, NEW.published_at, NEW.id
        WHERE NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
        UNION ALL
        SELECT 'featured', NEW.published_at / 86400, NEW.published_at, NEW.id
        WHERE NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
            AND NEW.featured <> 0
        UNION ALL
        SELECT 'tag:' || pt.tag_id, NEW.published_at / 86400, NEW.published_at, NEW.id
        FROM post_tags pt
        WHERE pt.post_id = NEW.id AND NEW.kind = 'post' AND NEW.status = 'published'
            AND NEW.published_at IS NOT NULL
        UNION ALL
        SELECT 'author:' || pa.author_id, NEW.published_at / 86400, NEW.published_at, NEW.id
        FROM post_authors pa
        WHERE pa.post_id = NEW.id AND NEW.kind = 'post' AND NEW.status = 'published'
            AND NEW.published_at IS NOT NULL;
END;

INSERT INTO list_entries (list_key, day, published_at, post_id)
    SELECT 'featured', published_at / 86400, published_at, id FROM posts
    WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL AND featured <> 0;

-- A kept list and a date range (`tag:city+published_at:>now-7d`) is counted over
-- the entries in the range, not over every entry of the list.
CREATE INDEX list_entries_by_time ON list_entries (list_key, published_at);
