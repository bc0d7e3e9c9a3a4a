//! The editing desk, through HTTP, on both database engines.

mod accounts;
mod newsroom;
mod posts;
mod revisions;
mod roles;
mod uploads;
