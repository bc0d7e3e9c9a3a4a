-- Lists that cost the same at any archive size. Every published article is listed
-- under 'all', under 'tag:ID' for each of its sections and 'author:ID' for each byline,
-- in an index that serves "newest in this list" directly. Counts per day and per
-- 32-day span let a page number find its first row without counting or skipping
-- the rows before it. Triggers keep all of it in step in the same transaction as
-- every publish, unpublish, re-tag, re-author and delete, whichever code writes.

CREATE TABLE list_entries (
    list_key TEXT NOT NULL,
    -- published_at / 86400, rounded toward zero: ordered like published_at.
    day INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    PRIMARY KEY (list_key, post_id)
);
CREATE INDEX list_entries_newest ON list_entries (list_key, day DESC, published_at DESC, post_id DESC);
CREATE INDEX list_entries_by_post ON list_entries (post_id);

CREATE TABLE list_days (
    list_key TEXT NOT NULL,
    day INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (list_key, day)
);

CREATE TABLE list_spans (
    list_key TEXT NOT NULL,
    -- day / 32
    span INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (list_key, span)
);

CREATE TRIGGER list_entries_count_in AFTER INSERT ON list_entries BEGIN
    INSERT INTO list_days (list_key, day, entries) VALUES (NEW.list_key, NEW.day, 1)
        ON CONFLICT (list_key, day) DO UPDATE SET entries = entries + 1;
    INSERT INTO list_spans (list_key, span, entries) VALUES (NEW.list_key, NEW.day / 32, 1)
        ON CONFLICT (list_key, span) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER list_entries_count_out AFTER DELETE ON list_entries BEGIN
    UPDATE list_days SET entries = entries - 1 WHERE list_key = OLD.list_key AND day = OLD.day;
    UPDATE list_spans SET entries = entries - 1 WHERE list_key = OLD.list_key AND span = OLD.day / 32;
END;

-- An article's entries follow its status, kind and publication time.
CREATE TRIGGER posts_list_on_insert AFTER INSERT ON posts
WHEN NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        VALUES ('all', NEW.published_at / 86400, NEW.published_at, NEW.id);
END;

CREATE TRIGGER posts_list_on_update AFTER UPDATE OF kind, status, published_at ON posts
WHEN OLD.kind IS NOT NEW.kind OR OLD.status IS NOT NEW.status
    OR OLD.published_at IS NOT NEW.published_at
BEGIN
    DELETE FROM list_entries WHERE post_id = NEW.id;
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'all', NEW.published_at / 86400, NEW.published_at, NEW.id
        WHERE NEW.kind = 'post' AND NEW.status = 'published' AND NEW.published_at IS NOT NULL
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

CREATE TRIGGER post_tags_list_in AFTER INSERT ON post_tags BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'tag:' || NEW.tag_id, p.published_at / 86400, p.published_at, p.id
        FROM posts p
        WHERE p.id = NEW.post_id AND p.kind = 'post' AND p.status = 'published'
            AND p.published_at IS NOT NULL
        ON CONFLICT (list_key, post_id) DO NOTHING;
END;

CREATE TRIGGER post_tags_list_out AFTER DELETE ON post_tags BEGIN
    DELETE FROM list_entries WHERE list_key = 'tag:' || OLD.tag_id AND post_id = OLD.post_id;
END;

CREATE TRIGGER post_authors_list_in AFTER INSERT ON post_authors BEGIN
    INSERT INTO list_entries (list_key, day, published_at, post_id)
        SELECT 'author:' || NEW.author_id, p.published_at / 86400, p.published_at, p.id
        FROM posts p
        WHERE p.id = NEW.post_id AND p.kind = 'post' AND p.status = 'published'
            AND p.published_at IS NOT NULL
        ON CONFLICT (list_key, post_id) DO NOTHING;
END;

CREATE TRIGGER post_authors_list_out AFTER DELETE ON post_authors BEGIN
    DELETE FROM list_entries WHERE list_key = 'author:' || OLD.author_id AND post_id = OLD.post_id;
END;

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
