//! `settings/`, `newsletters/` and `tiers/`: what the site says about itself.

use axum::response::Response;
use byline_core::public_ids::Resource;
use serde_json::{Value, json};

use super::objects::{self, ghost_time};
use super::params::Params;
use super::{Answer, ApiRequest, serve};
use crate::discovery::absolute;
use crate::kit::cache::Deps;

pub async fn settings(request: ApiRequest) -> Response {
    let state = &request.state;
    let path = "/ghost/api/content/settings/".to_owned();
    serve(&request, &[], path, async |_params: Params| {
        let chrome = state.chrome().await?;
        let site = &chrome.site;
        let settings = &chrome.settings;
        let navigation: Vec<Value> = site
            .nav
            .iter()
            .map(|link| json!({ "label": link.label, "url": absolute(&site.url, &link.url) }))
            .collect();
        let body = json!({
            "settings": {
                "title": site.title,
                "description": site.description,
                "logo": settings.logo_url.as_deref().map(|p| absolute(&site.url, p)),
                "icon": site.icon_url.as_deref().map(|p| absolute(&site.url, p)),
                "accent_color": null,
                "cover_image": null,
                "facebook": null,
                "twitter": null,
                "lang": site.language,
                "locale": site.language,
                "timezone": site.timezone,
                "codeinjection_head": null,
                "codeinjection_foot": null,
                "navigation": navigation,
                "secondary_navigation": [],
                "meta_title": null,
                "meta_description": null,
                "og_image": null,
                "og_title": null,
                "og_description": null,
                "twitter_image": null,
                "twitter_title": null,
                "twitter_description": null,
                "members_support_address": null,
                "url": format!("{}/", site.url),
            },
            "meta": {}
        });
        Ok(Answer {
            body,
            deps: Deps::site(),
        })
    })
    .await
}

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
        let rows: Vec<Value> = open
            .iter()
            .skip(params.offset() as usize)
            .take(params.limit.rows() as usize)
            .map(|n| {
                let row = json!({
                    "id": Resource::Newsletter.id(n.id.get()),
                    "name": n.name,
                    "description": n.description,
                    "slug": n.slug,
                    "sender_name": n.sender_name,
                    "subscribe_on_signup": true,
                    "visibility": "members",
                    "sort_order": n.position,
                    "byline_cadence": n.cadence,
                });
                objects::only_fields(row, &params)
            })
            .collect();
        Ok(Answer {
            body: json!({ "newsletters": rows, "meta": objects::meta(&params, total) }),
            deps: Deps::site(),
        })
    })
    .await
}

/// One free tier: every reader reads everything until memberships arrive.
pub async fn tiers(request: ApiRequest) -> Response {
    let state = &request.state;
    let path = "/ghost/api/content/tiers/".to_owned();
    serve(&request, &[], path, async |params: Params| {
        let chrome = state.chrome().await?;
        let free = json!({
            "id": Resource::Tier.id(1),
            "name": "Free",
            "description": format!("Everything {} publishes, free to read", chrome.site.title),
            "slug": "free",
            "active": true,
            "type": "free",
            "welcome_page_url": null,
            "created_at": ghost_time(jiff::Timestamp::UNIX_EPOCH),
            "updated_at": null,
            "visibility": "public",
            "benefits": [],
            "currency": null,
            "monthly_price": null,
            "yearly_price": null,
            "trial_days": 0,
        });
        let rows = if params.page == 1 {
            vec![objects::only_fields(free, &params)]
        } else {
            Vec::new()
        };
        Ok(Answer {
            body: json!({ "tiers": rows, "meta": objects::meta(&params, 1) }),
            deps: Deps::site(),
        })
    })
    .await
}
