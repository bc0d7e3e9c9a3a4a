-- The language each staff member reads the desk in: a tag the desk has translations
-- for ('en', 'uk'). The desk checks it when it is chosen; English for everyone until
-- then.
ALTER TABLE users ADD COLUMN desk_language TEXT NOT NULL DEFAULT 'en';
