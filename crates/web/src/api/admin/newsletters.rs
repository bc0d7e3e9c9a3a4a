//! `newsletters/`: every newsletter, open to signups or not (the Content API shows
//! only the open ones), with the Admin API's `status` and sender fields.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use super::Caller;
use super::objects::{AdminNewsletterObject, AdminNewslettersBrowse};
use super::posts::answer;
use crate::api::content::objects;
use crate::api::content::openapi::ListQuery;
use crate::api::content::params::Params;
use crate::state::SharedState;

/// Every newsletter, in the desk's order.
#[utoipa::path(
    get,
    path = "/newsletters/",
    tag = "newsletters",
    params(ListQuery),
    responses((status = 200, description = "The newsletters", body = AdminNewslettersBrowse), super::openapi::Refusals),
    security(("admin_token" = []))
)]
pub async fn browse(
    _caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(async {
        let params = Params::parse(query.as_deref(), &[])?;
        let all = state.db.newsletters().await?;
        let total = all.len() as i64;
        let rows: Vec<Value> = all
            .iter()
            .skip(params.offset() as usize)
            .take(params.limit.rows() as usize)
            .map(|newsletter| {
                let object = AdminNewsletterObject {
                    newsletter: objects::newsletter(newsletter),
                    status: if newsletter.signup_open {
                        "active"
                    } else {
                        "archived"
                    }
                    .to_owned(),
                    sender_email: newsletter.sender_email.clone(),
                    sender_reply_to: if newsletter.reply_to.is_empty() {
                        "newsletter".to_owned()
                    } else {
                        newsletter.reply_to.clone()
                    },
                };
                objects::only_fields(object, &params)
            })
            .collect();
        let meta = objects::meta(&params, total);
        let body = AdminNewslettersBrowse {
            newsletters: rows,
            meta,
        };
        Ok((StatusCode::OK, serde_json::to_value(body)?))
    })
    .await
}
