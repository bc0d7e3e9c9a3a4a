-- Stable public identifiers for feeds (GUIDs that never change, even if a slug does),
-- and the full-text index of published posts.
ALTER TABLE posts ADD COLUMN uuid TEXT;
UPDATE posts SET uuid = lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
    substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))
);
CREATE UNIQUE INDEX posts_by_uuid ON posts (uuid);

-- Folded text (Latin, lowercase, letters and digits) written by the application;
-- rowid is the post id. Only published posts are in it. Contentless: the text lives
-- in posts already, so the index stores only what it needs to match and rank.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, subtitle, body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

-- Headlines and standfirsts alone, for suggestions while a reader types: their
-- term lists are short, so a prefix of any length is cheap to expand.
CREATE VIRTUAL TABLE search_titles USING fts5 (
    title, subtitle,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
