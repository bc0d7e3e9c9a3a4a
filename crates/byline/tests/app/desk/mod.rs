//! The editing desk, through HTTP, on both database engines.

mod accounts;
mod posts;
mod revisions;
mod roles;
mod uploads;
mod newsroom;
