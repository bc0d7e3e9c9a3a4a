-- Kept lists per edition. The edition at / keeps the list names it always had ('all',
-- 'featured', 'tag:ID', 'author:ID'), so a site with one edition stores and reads
-- exactly what it did. Any other edition's lists carry its id in front: 'e2:all',
-- 'e2:tag:5'. An article is listed once, under its own edition's names, and moving
-- it to another edition moves its entries.
DROP TRIGGER posts_list_on_insert;
DROP TRIGGER posts_featured_list_on_insert;
DROP TRIGGER posts_list_on_update;
DROP TRIGGER post_tags_list_in;
DROP TRIGGER post_tags_list_out;
DROP TRIGGER post_authors_list_in;
DROP TRIGGER post_authors_list_out;

CREATE TRIGGER posts_list_on_insert AFTER INSERT ON posts
WHEN NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'all',
            NEW.published_at / 86400, NEW.published_at, NEW.id
        UNION ALL
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'featured',
            NEW.published_at / 86400, NEW.published_at, NEW.id
        WHERE NEW.featured <> 0;
END;

CREATE TRIGGER posts_list_on_update
AFTER UPDATE OF kind, status, published_at, featured, edition_id ON posts
WHEN OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
    OR OLD.published_at IS NOT NEW.published_at OR OLD.featured IS NOT NEW.featured
    OR OLD.edition_id IS NOT NEW.edition_id
BEGIN
    DELETE FROM list_entries WHERE post_id = NEW.id;
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'all',
            NEW.published_at / 86400, NEW.published_at, NEW.id
        WHERE NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
        UNION ALL
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'featured',
            NEW.published_at / 86400, NEW.published_at, NEW.id
        WHERE NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
            AND NEW.featured <> 0
        UNION ALL
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END)
                || 'tag:' || pt.tag_id,
            NEW.published_at / 86400, NEW.published_at, NEW.id
        FROM post_tags pt
        WHERE pt.post_id = NEW.id AND NEW.kind = 'post' AND NEW.status = 'published'
            AND NEW.published_at IS NOT NULL
        UNION ALL
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END)
                || 'author:' || pa.author_id,
            NEW.published_at / 86400, NEW.published_at, NEW.id
        FROM post_authors pa
        WHERE pa.post_id = NEW.id AND NEW.kind = 'post' AND NEW.status = 'published'
            AND NEW.published_at IS NOT NULL;
END;

CREATE TRIGGER post_tags_list_in AFTER INSERT ON post_tags BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT (CASE WHEN p.edition_id = 1 THEN '' ELSE 'e' || p.edition_id || ':' END)
                || 'tag:' || NEW.tag_id,
            p.published_at / 86400, p.published_at, p.id
        FROM posts p
        WHERE p.id = NEW.post_id AND p.kind = 'post' AND p.status = 'published'
            AND p.published_at IS NOT NULL
        ON CONFLICT (list_key, post_id) DO NOTHING;
END;

-- An article is listed under one edition's names only, so the link's entry is the one
-- of these two names that exists.
CREATE TRIGGER post_tags_list_out AFTER DELETE ON post_tags BEGIN
    DELETE FROM list_entries WHERE post_id = OLD.post_id
        AND (list_key = 'tag:' || OLD.tag_id OR list_key LIKE 'e%:tag:' || OLD.tag_id);
END;

CREATE TRIGGER post_authors_list_in AFTER INSERT ON post_authors BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT (CASE WHEN p.edition_id = 1 THEN '' ELSE 'e' || p.edition_id || ':' END)
                || 'author:' || NEW.author_id,
            p.published_at / 86400, p.published_at, p.id
        FROM posts p
        WHERE p.id = NEW.post_id AND p.kind = 'post' AND p.status = 'published'
            AND p.published_at IS NOT NULL
        ON CONFLICT (list_key, post_id) DO NOTHING;
END;

CREATE TRIGGER post_authors_list_out AFTER DELETE ON post_authors BEGIN
    DELETE FROM list_entries WHERE post_id = OLD.post_id
        AND (list_key = 'author:' || OLD.author_id OR list_key LIKE 'e%:author:' || OLD.author_id);
END;
