//! `/admin/redirects`: the old addresses that lead somewhere on this site. Imports and
//! slug changes fill the list; administrators add, find and remove entries.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use byline_core::Action;
use byline_store::MAX_REDIRECT_PATH;
use minijinja::Value;
use serde::Deserialize;

use super::words::DeskLanguage;
use super::{DeskResult, page_with_status, see_other};
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

const PER_PAGE: i64 = 50;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    notice: Option<String>,
}

pub async fn list(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    render(
        &state,
        &staff,
        StatusCode::OK,
        &query,
        FieldErrors::default(),
        BTreeMap::new(),
    )
    .await
}

async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    query: &ListQuery,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    let search: String = query.q.trim().chars().take(200).collect();
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let found = state
        .db
        .redirects(&search, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let rows: Vec<Value> = found
        .items
        .iter()
        .map(|r| {
            minijinja::context! {
                id => r.id, from => &r.from_path, to => &r.to_path,
                permanent => r.permanent, origin => &r.origin,
            }
        })
        .collect();
    let lang = DeskLanguage::of(staff);
    let notice = match query.notice.as_deref() {
        Some("added") => Some(lang.t("redirects-notice-saved")),
        Some("deleted") => Some(lang.t("redirects-notice-removed")),
        _ => None,
    };
    page_with_status(
        status,
        staff,
        "desk/redirects.html",
        "redirects",
        minijinja::context! {
            redirects => rows, total => found.total, q => search, page,
            more => page * PER_PAGE < found.total, notice,
            errors => Value::from_serialize(&errors), v => Value::from_serialize(&values),
        },
    )
}

/// `POST /admin/redirects` (`from`, `to`, `kind` = permanent|temporary).
pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let lang = DeskLanguage::of(&staff);
    let mut errors = FieldErrors::default();
    let from = form.text("from").unwrap_or_default();
    let to = form.text("to").unwrap_or_default();
    if !from.starts_with('/') || from.starts_with("//") || from.len() > MAX_REDIRECT_PATH {
        errors.add("from", lang.t("redirects-error-from"));
    }
    let to_ok = (to.starts_with('/') && !to.starts_with("//"))
        || byline_core::links::web_address(&to).is_ok();
    if !to_ok || to.len() > MAX_REDIRECT_PATH {
        errors.add("to", lang.t("redirects-error-to"));
    }
    if errors.is_empty() && byline_store::normalize_path(&from) == byline_store::normalize_path(&to)
    {
        errors.add("to", lang.t("redirects-error-itself"));
    }
    if !errors.is_empty() {
        return render(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            &ListQuery::default(),
            errors,
            form.values(),
        )
        .await;
    }
    let permanent = form.get("kind") != "temporary";
    state
        .db
        .add_redirects(&[(from.clone(), to.clone(), permanent)], "desk")
        .await?;
    tracing::info!(user.id = staff.user.id, redirect.from = %from, redirect.to = %to, "redirect saved");
    Ok(see_other("/admin/redirects?notice=added"))
}

/// `POST /admin/redirects/{id}/delete`.
pub async fn delete(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    match state.db.delete_redirect(id).await {
        Ok(()) => Ok(see_other("/admin/redirects?notice=deleted")),
        Err(byline_store::StoreError::NotFound { .. }) => {
            Err(crate::kit::errors::HttpError::NotFound)
        }
        Err(other) => Err(other.into()),
    }
}
