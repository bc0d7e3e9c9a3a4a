-- The Content API's most common filter after a tag is featured:true. Without this
-- index, counting and paging featured posts reads every published post's row; with
-- it, both read only the featured ones, newest first.
CREATE INDEX posts_featured ON posts (kind, status, featured, published_at DESC, id DESC);
