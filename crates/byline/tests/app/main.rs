//! Black-box tests of Byline: the real server on a random port against a real
//! database (SQLite in a temp folder, and a fresh PostgreSQL database), and the real
//! binary for the command line.

mod admin_api;
mod cache_precision;
mod cli;
mod content_api;
mod demo_edition;
mod desk;
mod desk_client;
mod discovery;
mod edition_pages;
mod edition_sitemaps;
mod hardening;
mod helpers;
mod http_caching;
mod imports;
mod languages;
mod media_cli;
mod narration;
mod news_feed_editions;
mod news_feed_live;
mod news_feed_public;
mod newsletters;
mod pages;
mod search_languages;
mod section_names;
mod storage;
mod webhooks;
