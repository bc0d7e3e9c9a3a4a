//! `site/`: the site's name and address, public as in Ghost (clients read it to check
//! they have the right site before they sign anything).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::api::errors::ApiError;
use crate::discovery::absolute;
use crate::state::SharedState;

pub async fn read(State(state): State<SharedState>) -> Response {
    let chrome = match state.chrome().await {
        Ok(chrome) => chrome,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let site = &chrome.site;
    Json(json!({
        "site": {
            "title": site.title,
            "description": site.description,
            "logo": chrome.settings.logo_url.as_deref().map(|p| absolute(&site.url, p)),
            "icon": site.icon_url.as_deref().map(|p| absolute(&site.url, p)),
            "accent_color": null,
            "locale": site.language,
            "url": format!("{}/", site.url),
            "version": "6.0",
        }
    }))
    .into_response()
}
