//! `site/`: the site's name and address, public as in Ghost (clients read it to check
//! they have the right site before they sign anything).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::objects::{SiteObject, SiteRead};
use crate::api::content::objects;
use crate::api::errors::{ApiError, ErrorsBody};
use crate::state::SharedState;

/// What the site is called and where it lives (no token needed).
#[utoipa::path(get, path = "/site/", tag = "site",
    responses((status = 200, description = "The site", body = SiteRead),
        (status = 503, description = "The database cannot be reached", body = ErrorsBody)))]
pub async fn read(State(state): State<SharedState>) -> Response {
    let chrome = match state.chrome().await {
        Ok(chrome) => chrome,
        Err(error) => return ApiError::from(error).into_response(),
    };
    // The same title, images and address the Content API's settings give.
    let settings = objects::settings(&chrome);
    Json(SiteRead {
        site: SiteObject {
            title: settings.title,
            description: settings.description,
            logo: settings.logo,
            icon: settings.icon,
            accent_color: settings.accent_color,
            locale: settings.locale,
            url: settings.url,
            version: "6.0".to_owned(),
        },
    })
    .into_response()
}
