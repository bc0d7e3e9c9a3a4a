//! `site/`: the site's name and address, public as in Ghost (clients read it to check
//! they have the right site before they sign anything).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::api::content::objects;
use crate::api::errors::ApiError;
use crate::state::SharedState;

pub async fn read(State(state): State<SharedState>) -> Response {
    let chrome = match state.chrome().await {
        Ok(chrome) => chrome,
        Err(error) => return ApiError::from(error).into_response(),
    };
    // The same title, images and address the Content API's settings give.
    let settings = objects::settings(&chrome);
    Json(json!({
        "site": {
            "title": settings.title,
            "description": settings.description,
            "logo": settings.logo,
            "icon": settings.icon,
            "accent_color": settings.accent_color,
            "locale": settings.locale,
            "url": settings.url,
            "version": "6.0",
        }
    }))
    .into_response()
}
