//! `settings/`, `newsletters/` and `tiers/`: what the site says about itself.

use axum::response::Response;
use serde_json::Value;

use super::objects::{self, NewslettersBrowse, SettingsRead, TiersBrowse};
use super::openapi::{ListQuery, Refusals};
use super::params::Params;
use super::{Answer, ApiRequest, serve};
use crate::kit::cache::Deps;

/// The site's title, description, language, navigation and address.
#[utoipa::path(
    get,
    path = "/settings/",
    tag = "settings",
    responses((status = 200, description = "The settings", body = SettingsRead), Refusals),
    security(("content_key" = []))
)]
pub async fn settings(request: ApiRequest) -> Response {
    let state = &request.state;
    let path = "/ghost/api/content/settings/".to_owned();
    serve(&request, &[], path, async |_params: Params| {
        let chrome = state.chrome().await?;
        let body = SettingsRead {
            settings: objects::settings(&chrome),
            meta: Default::default(),
        };
        Answer::json(&body, Deps::site())
    })
    .await
}

/// The newsletters readers can sign up for.
#[utoipa::path(
    get,
    path = "/newsletters/",
    tag = "newsletters",
    params(ListQuery),
    responses((status = 200, description = "The open newsletters", body = NewslettersBrowse), Refusals),
    security(("content_key" = []))
)]
pub async fn newsletters(request: ApiRequest) -> Response {
    let state = &request.state;
    let path = "/ghost/api/content/newsletters/".to_owned();
    serve(&request, &[], path, async |params: Params| {
        // Only the newsletters readers can sign up for; a closed one is the
        // newsroom's business.
        let open: Vec<_> = state
            .db
            .newsletters()
            .await?
            .into_iter()
            .filter(|n| n.signup_open)
            .collect();
        let total = open.len() as i64;
        let newsletters: Vec<Value> = open
            .iter()
            .skip(params.offset() as usize)
            .take(params.limit.rows() as usize)
            .map(|n| objects::only_fields(objects::newsletter(n), &params))
            .collect();
        let meta = objects::meta(&params, total);
        Answer::json(&NewslettersBrowse { newsletters, meta }, Deps::site())
    })
    .await
}

/// One free tier: every reader reads everything until memberships arrive.
#[utoipa::path(
    get,
    path = "/tiers/",
    tag = "tiers",
    params(ListQuery),
    responses((status = 200, description = "The free tier", body = TiersBrowse), Refusals),
    security(("content_key" = []))
)]
pub async fn tiers(request: ApiRequest) -> Response {
    let state = &request.state;
    let path = "/ghost/api/content/tiers/".to_owned();
    serve(&request, &[], path, async |params: Params| {
        let chrome = state.chrome().await?;
        let tiers = if params.page == 1 {
            let free = objects::tier(&chrome.site.title);
            vec![objects::only_fields(free, &params)]
        } else {
            Vec::new()
        };
        let meta = objects::meta(&params, 1);
        Answer::json(&TiersBrowse { tiers, meta }, Deps::site())
    })
    .await
}
