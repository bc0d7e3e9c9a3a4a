-- Editions: one newsroom publishing in several languages, each edition a site of its
-- own under a path prefix ('' for the one at /, 'uk' for /uk/…). Edition 1 is the one
-- at / and always exists: the site's title, description, language, time zone,
-- navigation and narration disclosure move here from `settings`, so each edition keeps
-- its own and nothing is kept twice.
CREATE TABLE editions (
    id {{identity_key}},
    prefix TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    timezone TEXT NOT NULL,
    -- How dates are written: 'day-month-year' (4 December 2026) or 'month-day-year'.
    date_format TEXT NOT NULL,
    navigation TEXT NOT NULL,
    audio_disclosure TEXT NOT NULL,
    -- A narration voice chosen by the newsroom; NULL picks one by the language.
    voice TEXT,
    position INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);

-- The first row of a new table gets id 1 on both engines.
INSERT INTO editions (prefix, language, title, description, timezone, date_format,
                      navigation, audio_disclosure, position, created_at)
SELECT '',
       COALESCE((SELECT value FROM settings WHERE key = 'language'), 'en'),
       COALESCE((SELECT value FROM settings WHERE key = 'title'), 'Byline'),
       COALESCE((SELECT value FROM settings WHERE key = 'description'), 'An independent newsroom'),
       COALESCE((SELECT value FROM settings WHERE key = 'timezone'), 'UTC'),
       'day-month-year',
       COALESCE((SELECT value FROM settings WHERE key = 'navigation'), '[]'),
       COALESCE((SELECT value FROM settings WHERE key = 'audio_disclosure'),
                'This audio is created with AI assistance'),
       0, 0;

DELETE FROM settings
    WHERE key IN ('language', 'title', 'description', 'timezone', 'navigation', 'audio_disclosure');

-- Every post, News Feed item and newsletter belongs to one edition. (No REFERENCES:
-- SQLite cannot add a foreign key column with a default; an edition that still has
-- any of them cannot be deleted, which the store checks.)
ALTER TABLE posts ADD COLUMN edition_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE feed_items ADD COLUMN edition_id BIGINT NOT NULL DEFAULT 1;
ALTER TABLE newsletters ADD COLUMN edition_id BIGINT NOT NULL DEFAULT 1;

-- Translations of one article share a group, named by the id of the article the group
-- started from; a group holds at most one article per edition.
ALTER TABLE posts ADD COLUMN translation_group BIGINT;
CREATE UNIQUE INDEX posts_one_translation_per_edition
    ON posts (translation_group, edition_id) WHERE translation_group IS NOT NULL;

CREATE INDEX feed_items_by_edition ON feed_items (edition_id, published_at DESC, id DESC);

-- Sections are shared by the editions; an edition may name one in its language.
CREATE TABLE tag_names (
    tag_id BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    edition_id BIGINT NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    PRIMARY KEY (tag_id, edition_id)
);

-- Search folds Ukrainian by its national transliteration from now on
-- (byline_core::search::FOLD_RULES 2). An empty site has nothing folded the old way;
-- a site with posts checks its editions' languages at start (Db::search_index_outdated).
INSERT INTO settings (key, value)
    SELECT 'search_fold_rules', '2' WHERE NOT EXISTS (SELECT 1 FROM posts);
