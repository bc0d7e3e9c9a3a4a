-- News Feed pages at any depth, the way article lists work (0009): the unpinned items
-- are counted per day and per 32-day span under the list key 'feed', so that page N
-- is found by walking counts instead of skipping every newer item. Pinned items (one
-- at most, in practice) are read first on their own.

CREATE INDEX feed_items_unpinned ON feed_items (pinned, published_at DESC, id DESC);

CREATE TRIGGER feed_items_count_in AFTER INSERT ON feed_items WHEN NEW.pinned = 0 BEGIN
    INSERT INTO list_days (list_key, day, entries) VALUES ('feed', NEW.published_at / 86400, 1)
        ON CONFLICT (list_key, day) DO UPDATE SET entries = entries + 1;
    INSERT INTO list_spans (list_key, span, entries) VALUES ('feed', NEW.published_at / 86400 / 32, 1)
        ON CONFLICT (list_key, span) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER feed_items_count_out AFTER DELETE ON feed_items WHEN OLD.pinned = 0 BEGIN
    UPDATE list_days SET entries = entries - 1
        WHERE list_key = 'feed' AND day = OLD.published_at / 86400;
    UPDATE list_spans SET entries = entries - 1
        WHERE list_key = 'feed' AND span = OLD.published_at / 86400 / 32;
END;

CREATE TRIGGER feed_items_count_moved AFTER UPDATE OF pinned, published_at ON feed_items
WHEN OLD.pinned IS NOT NEW.pinned OR OLD.published_at IS NOT NEW.published_at
BEGIN
    UPDATE list_days SET entries = entries - 1
        WHERE OLD.pinned = 0 AND list_key = 'feed' AND day = OLD.published_at / 86400;
    UPDATE list_spans SET entries = entries - 1
        WHERE OLD.pinned = 0 AND list_key = 'feed' AND span = OLD.published_at / 86400 / 32;
    INSERT INTO list_days (list_key, day, entries)
        SELECT 'feed', NEW.published_at / 86400, 1 WHERE NEW.pinned = 0
        ON CONFLICT (list_key, day) DO UPDATE SET entries = entries + 1;
    INSERT INTO list_spans (list_key, span, entries)
        SELECT 'feed', NEW.published_at / 86400 / 32, 1 WHERE NEW.pinned = 0
        ON CONFLICT (list_key, span) DO UPDATE SET entries = entries + 1;
END;

-- The feed so far.
INSERT INTO list_days (list_key, day, entries)
    SELECT 'feed', published_at / 86400, COUNT(*) FROM feed_items WHERE pinned = 0
    GROUP BY published_at / 86400;
INSERT INTO list_spans (list_key, span, entries)
    SELECT 'feed', published_at / 86400 / 32, COUNT(*) FROM feed_items WHERE pinned = 0
    GROUP BY published_at / 86400 / 32;
