//! The public site's pages. Each is rendered once, kept in the page cache, and served
//! from memory until content changes.

pub mod article;
pub mod corrections;
pub mod home;
pub mod lists;
pub mod preview;
pub mod search;

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;

use crate::kit::serve::not_found_page;
use crate::state::SharedState;

/// Any address no route knows.
pub async fn fallback(State(state): State<SharedState>, uri: Uri) -> Response {
    not_found_page(&state, uri.path()).await
}
