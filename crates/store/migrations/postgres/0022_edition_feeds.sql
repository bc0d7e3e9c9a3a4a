-- Each edition keeps its own News Feed. The feed's kept counts (0011) move to one list
-- key per edition, as the article lists did in 0020: 'feed' for the edition at /,
-- 'e2:feed' for edition 2. Events carry their item's edition, so a live page hears
-- only its own edition's changes; their numbers stay one sequence for the whole site,
-- so resuming after any number still misses nothing.
ALTER TABLE feed_events ADD COLUMN edition_id BIGINT NOT NULL DEFAULT 1;
UPDATE feed_events e SET edition_id = i.edition_id FROM feed_items i WHERE i.id = e.item_id;

DROP INDEX feed_items_unpinned;
DROP INDEX feed_items_by_edition;
CREATE INDEX feed_items_by_edition ON feed_items (edition_id, pinned, published_at DESC, id DESC);

DROP TRIGGER feed_items_count_in ON feed_items;
DROP TRIGGER feed_items_count_moved ON feed_items;
DROP FUNCTION feed_items_counts();
DROP FUNCTION feed_items_count(BIGINT, INTEGER);

CREATE FUNCTION feed_list_key(edition BIGINT) RETURNS TEXT AS $$
    SELECT CASE WHEN edition = 1 THEN '' ELSE 'e' || edition || ':' END || 'feed';
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION feed_items_count(key TEXT, item_day BIGINT, change INTEGER) RETURNS void AS $$
BEGIN
    INSERT INTO list_days (list_key, day, entries) VALUES (key, item_day, change)
        ON CONFLICT (list_key, day) DO UPDATE SET entries = list_days.entries + excluded.entries;
    INSERT INTO list_spans (list_key, span, entries) VALUES (key, item_day / 32, change)
        ON CONFLICT (list_key, span) DO UPDATE SET entries = list_spans.entries + excluded.entries;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION feed_items_counts() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.pinned = 0 THEN
        PERFORM feed_items_count(feed_list_key(OLD.edition_id), OLD.published_at / 86400, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.pinned = 0 THEN
        PERFORM feed_items_count(feed_list_key(NEW.edition_id), NEW.published_at / 86400, 1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER feed_items_count_in AFTER INSERT OR DELETE ON feed_items
    FOR EACH ROW EXECUTE FUNCTION feed_items_counts();
CREATE TRIGGER feed_items_count_moved AFTER UPDATE OF pinned, published_at, edition_id ON feed_items
    FOR EACH ROW WHEN (OLD.pinned IS DISTINCT FROM NEW.pinned
        OR OLD.published_at IS DISTINCT FROM NEW.published_at
        OR OLD.edition_id IS DISTINCT FROM NEW.edition_id)
    EXECUTE FUNCTION feed_items_counts();

-- The feeds so far, counted again per edition.
DELETE FROM list_days WHERE list_key = 'feed';
DELETE FROM list_spans WHERE list_key = 'feed';
INSERT INTO list_days (list_key, day, entries)
    SELECT feed_list_key(edition_id), published_at / 86400, COUNT(*)
    FROM feed_items WHERE pinned = 0
    GROUP BY edition_id, published_at / 86400;
INSERT INTO list_spans (list_key, span, entries)
    SELECT feed_list_key(edition_id), published_at / 86400 / 32, COUNT(*)
    FROM feed_items WHERE pinned = 0
    GROUP BY edition_id, published_at / 86400 / 32;
