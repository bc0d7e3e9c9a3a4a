//! The editing desk, through HTTP, on both database engines.

mod accounts;
mod news_feed;
mod news_feed_changes;
mod newsroom;
mod posts;
mod revisions;
mod roles;
mod uploads;
