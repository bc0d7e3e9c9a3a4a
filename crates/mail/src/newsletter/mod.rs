//! Newsletters by email: signed links ([`links`]), an issue rendered for mail
//! clients ([`render`]) and the outbox's delivery worker ([`delivery`]).

pub mod delivery;
pub mod links;
pub mod render;

/// The name of the site secret newsletter links are signed with.
pub const LINK_SECRET: &str = "newsletter-links";

pub use delivery::{Deliverer, DeliveryConfig, Round, article_cards};
pub use links::{ConfirmToken, LinkSigner, token_hash};
pub use render::{ArticleCard, IssueContent, RenderedIssue, render_issue};
