-- The section and byline triggers of 0009 joined a statement's new or removed rows
-- with posts (or list_entries) in one query. PostgreSQL keeps no statistics on those
-- rows, so it planned the join as a walk over every published post: each save's
-- bylines and sections cost a read of the whole archive (0.3 s at 500,000 posts,
-- growing with it). Now each row is looked up by its key, which costs the same at
-- any archive size.
CREATE OR REPLACE FUNCTION post_tags_list_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'tag:' || l.tag_id, p.published_at / 86400, p.published_at, p.id
        FROM added l CROSS JOIN LATERAL (
            -- LIMIT keeps the planner from turning this back into a join.
            SELECT id, published_at FROM posts
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
        SELECT 'author:' || l.author_id, p.published_at / 86400, p.published_at, p.id
        FROM added l CROSS JOIN LATERAL (
            SELECT id, published_at FROM posts
            WHERE id = l.post_id AND kind = 'post' AND status = 'published'
                AND published_at IS NOT NULL
            LIMIT 1
        ) p
        ON CONFLICT (list_key, post_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION post_tags_list_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    link RECORD;
BEGIN
    FOR link IN SELECT tag_id, post_id FROM removed LOOP
        DELETE FROM list_entries
            WHERE list_key = 'tag:' || link.tag_id AND post_id = link.post_id;
    END LOOP;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION post_authors_list_out() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    link RECORD;
BEGIN
    FOR link IN SELECT author_id, post_id FROM removed LOOP
        DELETE FROM list_entries
            WHERE list_key = 'author:' || link.author_id AND post_id = link.post_id;
    END LOOP;
    RETURN NULL;
END $$;
