-- Byline's first schema, SQLite engine. Times are Unix seconds (INTEGER), flags 0/1.
CREATE TABLE site_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    content_version INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);
INSERT INTO site_state (id, content_version, changed_at) VALUES (1, 1, CAST(strftime('%s', 'now') AS INTEGER));

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    bio TEXT,
    photo_url TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'page')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
    title TEXT NOT NULL,
    subtitle TEXT,
    excerpt TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    image_url TEXT,
    image_alt TEXT,
    image_caption TEXT,
    image_credit TEXT,
    image_width INTEGER,
    image_height INTEGER,
    featured INTEGER NOT NULL DEFAULT 0,
    published_at INTEGER,
    updated_at INTEGER,
    created_at INTEGER NOT NULL,
    edited_at INTEGER NOT NULL,
    reading_minutes INTEGER NOT NULL
);
CREATE INDEX posts_by_publication ON posts (kind, status, published_at DESC, id DESC);

CREATE TABLE post_authors (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES authors (id) ON DELETE RESTRICT,
    position INTEGER NOT NULL,
    PRIMARY KEY (post_id, author_id)
);
CREATE INDEX post_authors_by_author ON post_authors (author_id, post_id);

CREATE TABLE post_tags (
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE RESTRICT,
    position INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_by_tag ON post_tags (tag_id, post_id);

CREATE TABLE editor_notes (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('update', 'correction', 'clarification')),
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX editor_notes_by_post ON editor_notes (post_id, created_at DESC);

CREATE TABLE feed_items (
    id INTEGER PRIMARY KEY,
    headline TEXT NOT NULL,
    text TEXT NOT NULL,
    post_slug TEXT,
    published_at INTEGER NOT NULL,
    updated_at INTEGER
);
CREATE INDEX feed_items_by_time ON feed_items (published_at DESC, id DESC);

CREATE TABLE collection_items (
    collection TEXT NOT NULL,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (collection, post_id)
);
