-- Each edition keeps its own News Feed. The feed's kept counts (0011) move to one list
-- key per edition, as the article lists did in 0020: 'feed' for the edition at /,
-- 'e2:feed' for edition 2. Events carry their item's edition, so a live page hears
-- only its own edition's changes; their numbers stay one sequence for the whole site,
-- so resuming after any number still misses nothing.
ALTER TABLE feed_events ADD COLUMN edition_id BIGINT NOT NULL DEFAULT 1;
UPDATE feed_events SET edition_id = (SELECT i.edition_id FROM feed_items i WHERE i.id = feed_events.item_id)
    WHERE EXISTS (SELECT 1 FROM feed_items i WHERE i.id = feed_events.item_id);

DROP INDEX feed_items_unpinned;
DROP INDEX feed_items_by_edition;
CREATE INDEX feed_items_by_edition ON feed_items (edition_id, pinned, published_at DESC, id DESC);

DROP TRIGGER feed_items_count_in;
DROP TRIGGER feed_items_count_out;
DROP TRIGGER feed_items_count_moved;

CREATE TRIGGER feed_items_count_in AFTER INSERT ON feed_items WHEN NEW.pinned = 0 BEGIN
    INSERT INTO list_days (list_key, day, entries)
        VALUES ((CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'feed',
                NEW.published_at / 86400, 1)
        ON CONFLICT (list_key, day) DO UPDATE SET entries = entries + 1;
    INSERT INTO list_spans (list_key, span, entries)
        VALUES ((CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'feed',
                NEW.published_at / 86400 / 32, 1)
        ON CONFLICT (list_key, span) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER feed_items_count_out AFTER DELETE ON feed_items WHEN OLD.pinned = 0 BEGIN
    UPDATE list_days SET entries = entries - 1
        WHERE list_key = (CASE WHEN OLD.edition_id = 1 THEN '' ELSE 'e' || OLD.edition_id || ':' END) || 'feed'
            AND day = OLD.published_at / 86400;
    UPDATE list_spans SET entries = entries - 1
        WHERE list_key = (CASE WHEN OLD.edition_id = 1 THEN '' ELSE 'e' || OLD.edition_id || ':' END) || 'feed'
            AND span = OLD.published_at / 86400 / 32;
END;

CREATE TRIGGER feed_items_count_moved AFTER UPDATE OF pinned, published_at, edition_id ON feed_items
WHEN OLD.pinned IS NOT NEW.pinned OR OLD.published_at IS NOT NEW.published_at
    OR OLD.edition_id IS NOT NEW.edition_id
BEGIN
    UPDATE list_days SET entries = entries - 1
        WHERE OLD.pinned = 0
            AND list_key = (CASE WHEN OLD.edition_id = 1 THEN '' ELSE 'e' || OLD.edition_id || ':' END) || 'feed'
            AND day = OLD.published_at / 86400;
    UPDATE list_spans SET entries = entries - 1
        WHERE OLD.pinned = 0
            AND list_key = (CASE WHEN OLD.edition_id = 1 THEN '' ELSE 'e' || OLD.edition_id || ':' END) || 'feed'
            AND span = OLD.published_at / 86400 / 32;
    INSERT INTO list_days (list_key, day, entries)
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'feed',
               NEW.published_at / 86400, 1
        WHERE NEW.pinned = 0
        ON CONFLICT (list_key, day) DO UPDATE SET entries = entries + 1;
    INSERT INTO list_spans (list_key, span, entries)
        SELECT (CASE WHEN NEW.edition_id = 1 THEN '' ELSE 'e' || NEW.edition_id || ':' END) || 'feed',
               NEW.published_at / 86400 / 32, 1
        WHERE NEW.pinned = 0
        ON CONFLICT (list_key, span) DO UPDATE SET entries = entries + 1;
END;

-- The feeds so far, counted again per edition.
DELETE FROM list_days WHERE list_key = 'feed';
DELETE FROM list_spans WHERE list_key = 'feed';
INSERT INTO list_days (list_key, day, entries)
    SELECT (CASE WHEN edition_id = 1 THEN '' ELSE 'e' || edition_id || ':' END) || 'feed',
           published_at / 86400, COUNT(*)
    FROM feed_items WHERE pinned = 0
    GROUP BY edition_id, published_at / 86400;
INSERT INTO list_spans (list_key, span, entries)
    SELECT (CASE WHEN edition_id = 1 THEN '' ELSE 'e' || edition_id || ':' END) || 'feed',
           published_at / 86400 / 32, COUNT(*)
    FROM feed_items WHERE pinned = 0
    GROUP BY edition_id, published_at / 86400 / 32;
