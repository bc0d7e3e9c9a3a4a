//! The News Feed's public side in one place: its pages (`/news-feed/`, one item, the
//! "more" fragment), the live stream of changes (`/news-feed/events`) and the limit
//! on open streams per address. The desk's editing of it lives with the desk
//! (`desk/news_feed/`, under `/admin/news-feed/`), and the store's `news_feed`
//! module keeps its items and numbered events.

pub mod live;
pub mod pages;
pub mod stream_limit;

use axum::Router;
use axum::routing::get;

use crate::state::SharedState;

/// The News Feed's public addresses (its RSS feed is with the other feeds).
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/news-feed/", get(pages::news_feed))
        .route("/news-feed/page/{page}/", get(pages::news_feed_page))
        .route("/news-feed/more", get(pages::more))
        .route("/news-feed/events", get(live::events))
        .route("/news-feed/{id}/", get(pages::item))
        .route("/news-feed/{id}", get(pages::item_add_slash))
}
