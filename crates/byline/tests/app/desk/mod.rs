//! The editing desk, through HTTP, on both database engines.

pub(crate) mod accounts;
mod desk_language;
mod editions;
mod error_faces;
mod integrations;
mod news_feed;
mod news_feed_changes;
mod newsletter_issues;
mod newsletters;
mod newsroom;
mod post_editions;
mod posts;
mod revisions;
mod roles;
mod subscribers;
mod uploads;
