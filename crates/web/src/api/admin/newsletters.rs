//! `newsletters/`: every newsletter, open to signups or not (the Content API shows
//! only the open ones), with the Admin API's `status` and sender fields.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::Caller;
use super::posts::answer;
use crate::api::content::objects;
use crate::api::content::params::Params;
use crate::state::SharedState;

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
                let mut object =
                    serde_json::to_value(objects::newsletter(newsletter)).unwrap_or(Value::Null);
                object["status"] = json!(if newsletter.signup_open {
                    "active"
                } else {
                    "archived"
                });
                object["sender_email"] = json!(newsletter.sender_email);
                object["sender_reply_to"] = json!(if newsletter.reply_to.is_empty() {
                    "newsletter"
                } else {
                    newsletter.reply_to.as_str()
                });
                objects::only_fields(object, &params)
            })
            .collect();
        let meta = objects::meta(&params, total);
        Ok((StatusCode::OK, json!({ "newsletters": rows, "meta": meta })))
    })
    .await
}
