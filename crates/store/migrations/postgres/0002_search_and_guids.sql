-- Stable public identifiers for feeds (GUIDs that never change, even if a slug does),
-- and the full-text index of published posts.
ALTER TABLE posts ADD COLUMN uuid TEXT;
UPDATE posts SET uuid = gen_random_uuid()::text;
CREATE UNIQUE INDEX posts_by_uuid ON posts (uuid);

-- Folded text (Latin, lowercase, letters and digits) written by the application,
-- weighted: title A, subtitle B, body D. Only published posts are in it.
CREATE TABLE search_index (
    post_id BIGINT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL,
    -- Headline and standfirst alone, for suggestions while a reader types.
    headline TSVECTOR NOT NULL
);
CREATE INDEX search_index_document ON search_index USING GIN (document);
CREATE INDEX search_index_headline ON search_index USING GIN (headline);
