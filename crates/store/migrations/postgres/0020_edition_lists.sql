-- Kept lists per edition. The edition at / keeps the list names it always had ('all',
-- 'featured', 'tag:ID', 'author:ID'), so a site with one edition stores and reads
-- exactly what it did. Any other edition's lists carry its id in front: 'e2:all',
-- 'e2:tag:5'. An article is listed once, under its own edition's names, and moving
-- it to another edition moves its entries.
CREATE FUNCTION edition_list_prefix(edition BIGINT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN edition = 1 THEN '' ELSE 'e' || edition || ':' END $$;

CREATE OR REPLACE FUNCTION posts_list_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT edition_list_prefix(edition_id) || 'all', published_at / 86400, published_at, id
        FROM added
        WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL
        UNION ALL
        SELECT edition_list_prefix(edition_id) || 'featured', published_at / 86400, published_at, id
        FROM added
        WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL
            AND featured <> 0;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION posts_list_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    prefix TEXT := edition_list_prefix(NEW.edition_id);
BEGIN
    IF OLD.kind IS NOT DISTINCT FROM NEW.kind AND OLD.status IS NOT DISTINCT FROM NEW.status
        AND OLD.published_at IS NOT DISTINCT FROM NEW.published_at
        AND OLD.featured IS NOT DISTINCT FROM NEW.featured
        AND OLD.edition_id IS NOT DISTINCT FROM NEW.edition_id THEN
        RETURN NEW;
    END IF;
    DELETE FROM list_entries WHERE post_id = NEW.id;
    IF NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL THEN
        INSERT INTO list_entries (list_key, day, published_at, post_id)
            SELECT prefix || 'all', NEW.published_at / 86400, NEW.published_at, NEW.id
            UNION ALL
            SELECT prefix || 'featured', NEW.published_at / 86400, NEW.published_at, NEW.id
            WHERE NEW.featured <> 0
            UNION ALL
            SELECT prefix || 'tag:' || pt.tag_id, NEW.published_at / 86400, NEW.published_at, NEW.id
            FROM post_tags pt WHERE pt.post_id = NEW.id
            UNION ALL
            SELECT prefix || 'author:' || pa.author_id, NEW.published_at / 86400, NEW.published_at, NEW.id
            FROM post_authors pa WHERE pa.post_id = NEW.id;
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER posts_list_change ON posts;
CREATE TRIGGER posts_list_change AFTER UPDATE OF kind, status, published_at, featured, edition_id
    ON posts FOR EACH ROW EXECUTE FUNCTION posts_list_change();

-- Sections and bylines look each post up by its key (see 0013).
CREATE OR REPLACE FUNCTION post_tags_list_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT edition_list_prefix(p.edition_id) || 'tag:' || l.tag_id,
            p.published_at / 86400, p.published_at, p.id
        FROM added l CROSS JOIN LATERAL (
            SELECT id, published_at, edition_id FROM posts
            WHERE id = l.post_id AND kind = 'post' AND status = 'published'
                AND published_at IS NOT NULL
            LIMIT 1
        ) p
        ON CONFLICT (list_key, post_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION post_authors_list_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT edition_list_prefix(p.edition_id) || 'author:' || l.author_id,
            p.published_at / 86400, p.published_at, p.id
        FROM added l CROSS JOIN LATERAL (
            SELECT id, published_at, edition_id FROM posts
            WHERE id = l.post_id AND kind = 'post' AND status = 'published'
                AND published_at IS NOT NULL
            LIMIT 1
        ) p
        ON CONFLICT (list_key, post_id) DO NOTHING;
    RETURN NULL;
END $$;

-- An article is listed under one edition's names only, so the link's entry is the one
-- of these names that exists (found through the post's own entries, by its index).
CREATE OR REPLACE FUNCTION post_tags_list_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    link RECORD;
BEGIN
    FOR link IN SELECT tag_id, post_id FROM removed LOOP
        DELETE FROM list_entries
            WHERE post_id = link.post_id
                AND (list_key = 'tag:' || link.tag_id OR list_key LIKE 'e%:tag:' || link.tag_id);
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION post_authors_list_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    link RECORD;
BEGIN
    FOR link IN SELECT author_id, post_id FROM removed LOOP
        DELETE FROM list_entries
            WHERE post_id = link.post_id
                AND (list_key = 'author:' || link.author_id
                     OR list_key LIKE 'e%:author:' || link.author_id);
    END LOOP;
    RETURN NULL;
END $$;
