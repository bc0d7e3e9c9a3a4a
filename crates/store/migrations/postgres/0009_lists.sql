-- Lists that cost the same at any archive size (see the SQLite migration of the same
-- number for the idea): entries per list in an index that serves "newest in this
-- list" directly, counts per day and per 32-day span, kept in step by triggers.

CREATE TABLE list_entries (
    list_key TEXT NOT NULL,
    -- published_at / 86400, rounded toward zero: ordered like published_at.
    day BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (list_key, post_id)
);
CREATE INDEX list_entries_newest ON list_entries (list_key, day DESC, published_at DESC, post_id DESC);
CREATE INDEX list_entries_by_post ON list_entries (post_id);

CREATE TABLE list_days (
    list_key TEXT NOT NULL,
    day BIGINT NOT NULL,
    entries BIGINT NOT NULL,
    PRIMARY KEY (list_key, day)
);

CREATE TABLE list_spans (
    list_key TEXT NOT NULL,
    -- day / 32
    span BIGINT NOT NULL,
    entries BIGINT NOT NULL,
    PRIMARY KEY (list_key, span)
);

CREATE FUNCTION list_entries_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO list_days (list_key, day, entries) VALUES (NEW.list_key, NEW.day, 1)
            ON CONFLICT (list_key, day) DO UPDATE SET entries = list_days.entries + 1;
        INSERT INTO list_spans (list_key, span, entries) VALUES (NEW.list_key, NEW.day / 32, 1)
            ON CONFLICT (list_key, span) DO UPDATE SET entries = list_spans.entries + 1;
        RETURN NEW;
    END IF;
    UPDATE list_days SET entries = entries - 1 WHERE list_key = OLD.list_key AND day = OLD.day;
    UPDATE list_spans SET entries = entries - 1 WHERE list_key = OLD.list_key AND span = OLD.day / 32;
    RETURN OLD;
END $$;

CREATE TRIGGER list_entries_count AFTER INSERT OR DELETE ON list_entries
    FOR EACH ROW EXECUTE FUNCTION list_entries_count();

-- An article's entries follow its status, kind and publication time.
CREATE FUNCTION posts_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.kind IS NOT DISTINCT FROM NEW.kind AND OLD.status IS NOT DISTINCT FROM NEW.status
            AND OLD.published_at IS NOT DISTINCT FROM NEW.published_at THEN
            RETURN NEW;
        END IF;
        DELETE FROM list_entries WHERE post_id = NEW.id;
    END IF;
    IF NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL THEN
        INSERT INTO list_entries (list_key, day, published_at, post_id)
            SELECT 'all', NEW.published_at / 86400, NEW.published_at, NEW.id
            UNION ALL
            SELECT 'tag:' || pt.tag_id, NEW.published_at / 86400, NEW.published_at, NEW.id
            FROM post_tags pt WHERE pt.post_id = NEW.id
            UNION ALL
            SELECT 'author:' || pa.author_id, NEW.published_at / 86400, NEW.published_at, NEW.id
            FROM post_authors pa WHERE pa.post_id = NEW.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER posts_list AFTER INSERT OR UPDATE OF kind, status, published_at ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_list();

-- Sections and bylines: TG_ARGV[0] is 'tag' or 'author'.
CREATE FUNCTION post_links_list() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        other := CASE TG_ARGV[0] WHEN 'tag' THEN to_jsonb(NEW) ->> 'tag_id'
                 ELSE to_jsonb(NEW) ->> 'author_id' END;
        INSERT INTO list_entries (list_key, day, published_at, post_id)
            SELECT TG_ARGV[0] || ':' || other, p.published_at / 86400, p.published_at, p.id
            FROM posts p
            WHERE p.id = NEW.post_id AND p.kind = 'post' AND p.status = 'published'
                AND p.published_at IS NOT NULL
            ON CONFLICT (list_key, post_id) DO NOTHING;
        RETURN NEW;
    END IF;
    other := CASE TG_ARGV[0] WHEN 'tag' THEN to_jsonb(OLD) ->> 'tag_id'
             ELSE to_jsonb(OLD) ->> 'author_id' END;
    DELETE FROM list_entries WHERE list_key = TG_ARGV[0] || ':' || other AND post_id = OLD.post_id;
    RETURN OLD;
END $$;

CREATE TRIGGER post_tags_list AFTER INSERT OR DELETE ON post_tags
    FOR EACH ROW EXECUTE FUNCTION post_links_list('tag');
CREATE TRIGGER post_authors_list AFTER INSERT OR DELETE ON post_authors
    FOR EACH ROW EXECUTE FUNCTION post_links_list('author');

-- The archive so far.
INSERT INTO list_entries (list_key, day, published_at, post_id)
    SELECT 'all', published_at / 86400, published_at, id FROM posts
    WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL;
INSERT INTO list_entries (list_key, day, published_at, post_id)
    SELECT 'tag:' || pt.tag_id, p.published_at / 86400, p.published_at, p.id
    FROM posts p JOIN post_tags pt ON pt.post_id = p.id
    WHERE p.kind = 'post' AND p.status = 'published' AND p.published_at IS NOT NULL;
INSERT INTO list_entries (list_key, day, published_at, post_id)
    SELECT 'author:' || pa.author_id, p.published_at / 86400, p.published_at, p.id
    FROM posts p JOIN post_authors pa ON pa.post_id = p.id
    WHERE p.kind = 'post' AND p.status = 'published' AND p.published_at IS NOT NULL;
