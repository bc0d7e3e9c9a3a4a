-- PostgreSQL's section and byline triggers now look each row up by its key (see the
-- PostgreSQL migration of the same number). SQLite's triggers already run per row
-- through the keys, so nothing changes here.
SELECT 1;
