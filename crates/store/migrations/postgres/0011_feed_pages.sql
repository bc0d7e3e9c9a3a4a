-- News Feed pages at any depth, the way article lists work (0009): the unpinned items
-- are counted per day and per 32-day span under the list key 'feed', so that page N
-- is found by walking counts instead of skipping every newer item. Pinned items (one
-- at most, in practice) are read first on their own.

CREATE INDEX feed_items_unpinned ON feed_items (pinned, published_at DESC, id DESC);

CREATE FUNCTION feed_items_count(item_day BIGINT, change INTEGER) RETURNS void AS $$
BEGIN
    INSERT INTO list_days (list_key, day, entries) VALUES ('feed', item_day, change)
        ON CONFLICT (list_key, day) DO UPDATE SET entries = list_days.entries + excluded.entries;
    INSERT INTO list_spans (list_key, span, entries) VALUES ('feed', item_day / 32, change)
        ON CONFLICT (list_key, span) DO UPDATE SET entries = list_spans.entries + excluded.entries;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION feed_items_counts() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.pinned = 0 THEN
        PERFORM feed_items_count(OLD.published_at / 86400, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.pinned = 0 THEN
        PERFORM feed_items_count(NEW.published_at / 86400, 1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER feed_items_count_in AFTER INSERT OR DELETE ON feed_items
    FOR EACH ROW EXECUTE FUNCTION feed_items_counts();
CREATE TRIGGER feed_items_count_moved AFTER UPDATE OF pinned, published_at ON feed_items
    FOR EACH ROW WHEN (OLD.pinned IS DISTINCT FROM NEW.pinned
        OR OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION feed_items_counts();

-- The feed so far.
INSERT INTO list_days (list_key, day, entries)
    SELECT 'feed', published_at / 86400, COUNT(*) FROM feed_items WHERE pinned = 0
    GROUP BY published_at / 86400;
INSERT INTO list_spans (list_key, span, entries)
    SELECT 'feed', published_at / 86400 / 32, COUNT(*) FROM feed_items WHERE pinned = 0
    GROUP BY published_at / 86400 / 32;
