//! `/admin/account`: the signed-in staff member's own account: who they are, and the
//! language the desk is shown in for them. Anyone signed in may change their own
//! language; only a language the desk has translations for is accepted.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::words::DeskLanguage;
use super::{DeskResult, page_with_status, see_other};
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Debug, Deserialize)]
pub struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Serialize)]
struct LanguageChoice {
    value: String,
    /// The language's name in itself, so anyone can find their own.
    name: String,
}

pub async fn show(staff: Staff, Query(query): Query<Notice>) -> DeskResult {
    let lang = DeskLanguage::of(&staff);
    let notice = (query.notice.as_deref() == Some("saved")).then(|| lang.t("account-saved"));
    render(
        &staff,
        StatusCode::OK,
        notice,
        lang.as_str(),
        FieldErrors::default(),
    )
}

pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let typed = form.get("desk_language");
    let Some(language) = DeskLanguage::parse(typed) else {
        let mut errors = FieldErrors::default();
        errors.add(
            "desk_language",
            DeskLanguage::of(&staff).t("account-language-unknown"),
        );
        return render(
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            typed,
            errors,
        );
    };
    state
        .db
        .set_desk_language(staff.user.id, language.tag())
        .await?;
    tracing::info!(
        user.id = staff.user.id,
        desk.language = language.as_str(),
        "desk language changed"
    );
    Ok(see_other("/admin/account?notice=saved"))
}

fn render(
    staff: &Staff,
    status: StatusCode,
    notice: Option<String>,
    chosen: &str,
    errors: FieldErrors,
) -> DeskResult {
    let languages: Vec<LanguageChoice> = DeskLanguage::all()
        .into_iter()
        .map(|language| LanguageChoice {
            value: language.as_str().to_owned(),
            name: language.name(),
        })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/account.html",
        "account",
        minijinja::context! {
            languages => Value::from_serialize(&languages),
            chosen,
            notice,
            errors => Value::from_serialize(&errors),
        },
    )
}
