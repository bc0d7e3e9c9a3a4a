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

-- Counted once per statement, from the rows it added or removed: a batch of sections
-- or bylines linked in one statement updates each day's count once.
CREATE FUNCTION list_entries_count_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_days (list_key, day, entries)
        SELECT list_key, day, COUNT(*) FROM added GROUP BY list_key, day
        ON CONFLICT (list_key, day) DO UPDATE SET entries = list_days.entries + excluded.entries;
    INSERT INTO list_spans (list_key, span, entries)
        SELECT list_key, day / 32, COUNT(*) FROM added GROUP BY list_key, day / 32
        ON CONFLICT (list_key, span) DO UPDATE SET entries = list_spans.entries + excluded.entries;
    RETURN NULL;
END $$;

CREATE FUNCTION list_entries_count_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE list_days d SET entries = d.entries - r.n
        FROM (SELECT list_key, day, COUNT(*) AS n FROM removed GROUP BY list_key, day) r
        WHERE d.list_key = r.list_key AND d.day = r.day;
    UPDATE list_spans s SET entries = s.entries - r.n
        FROM (SELECT list_key, day / 32 AS span, COUNT(*) AS n FROM removed GROUP BY list_key, day / 32) r
        WHERE s.list_key = r.list_key AND s.span = r.span;
    RETURN NULL;
END $$;

CREATE TRIGGER list_entries_count_in AFTER INSERT ON list_entries
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION list_entries_count_in();
CREATE TRIGGER list_entries_count_out AFTER DELETE ON list_entries
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION list_entries_count_out();

-- New articles enter 'all' a statement at a time (an import inserts a batch in one);
-- their sections and bylines are linked afterwards, by the triggers below.
CREATE FUNCTION posts_list_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'all', published_at / 86400, published_at, id FROM added
        WHERE kind = 'post' AND status = 'published' AND published_at IS NOT NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER posts_list_in AFTER INSERT ON posts
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION posts_list_in();

-- An article's entries follow its status, kind and publication time.
CREATE FUNCTION posts_list_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.kind IS NOT DISTINCT FROM NEW.kind AND OLD.status IS NOT DISTINCT FROM NEW.status
        AND OLD.published_at IS NOT DISTINCT FROM NEW.published_at THEN
        RETURN NEW;
    END IF;
    DELETE FROM list_entries WHERE post_id = NEW.id;
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

CREATE TRIGGER posts_list_change AFTER UPDATE OF kind, status, published_at ON posts
    FOR EACH ROW EXECUTE FUNCTION posts_list_change();

-- Sections and bylines, a statement at a time (an import links a whole batch in one).
CREATE FUNCTION post_tags_list_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'tag:' || l.tag_id, p.published_at / 86400, p.published_at, p.id
        FROM added l JOIN posts p ON p.id = l.post_id
        WHERE p.kind = 'post' AND p.status = 'published' AND p.published_at IS NOT NULL
        ON CONFLICT (list_key, post_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION post_tags_list_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM list_entries e USING removed l
        WHERE e.list_key = 'tag:' || l.tag_id AND e.post_id = l.post_id;
    RETURN NULL;
END $$;

CREATE FUNCTION post_authors_list_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'author:' || l.author_id, p.published_at / 86400, p.published_at, p.id
        FROM added l JOIN posts p ON p.id = l.post_id
        WHERE p.kind = 'post' AND p.status = 'published' AND p.published_at IS NOT NULL
        ON CONFLICT (list_key, post_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE FUNCTION post_authors_list_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM list_entries e USING removed l
        WHERE e.list_key = 'author:' || l.author_id AND e.post_id = l.post_id;
    RETURN NULL;
END $$;

CREATE TRIGGER post_tags_list_in AFTER INSERT ON post_tags
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION post_tags_list_in();
CREATE TRIGGER post_tags_list_out AFTER DELETE ON post_tags
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION post_tags_list_out();
CREATE TRIGGER post_authors_list_in AFTER INSERT ON post_authors
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION post_authors_list_in();
CREATE TRIGGER post_authors_list_out AFTER DELETE ON post_authors
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION post_authors_list_out();

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
