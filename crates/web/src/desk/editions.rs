//! `/admin/editions`: the site's editions, each a language under its own address
//! (`/`, `/uk/`…). Administrators add one with its prefix, language, name and time
//! zone, edit its words and navigation, and delete one that holds nothing. The main
//! edition's name, language and the rest are the site settings, so editing it here or
//! in Settings is the same thing.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use byline_core::editions::{DateOrder, EditionPrefix, MAIN_EDITION};
use byline_core::{Action, EditionId, LanguageTag};
use byline_i18n::Args;
use byline_store::{Edition, NewEdition, StoreError};
use jiff::tz::TimeZone;
use minijinja::Value;
use serde::Deserialize;

use super::settings::{navigation_text, parse_navigation};
use super::words::{DeskLanguage, problems};
use super::{DeskResult, page_with_status, see_other};
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    notice: Option<String>,
}

/// `GET /admin/editions`: every edition and the form that adds one.
pub async fn list(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let lang = DeskLanguage::of(&staff);
    let notice = match query.notice.as_deref() {
        Some("added") => Some(lang.t("editions-notice-added")),
        Some("saved") => Some(lang.t("editions-notice-saved")),
        Some("deleted") => Some(lang.t("editions-notice-deleted")),
        _ => None,
    };
    let values = BTreeMap::from([
        ("timezone".to_owned(), "UTC".to_owned()),
        (
            "date_order".to_owned(),
            DateOrder::default().as_str().to_owned(),
        ),
    ]);
    render_list(
        &state,
        &staff,
        StatusCode::OK,
        notice.as_deref(),
        FieldErrors::default(),
        values,
    )
    .await
}

async fn render_list(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    notice: Option<&str>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    let editions: Vec<Value> = state
        .db
        .editions()
        .await?
        .iter()
        .map(|e| {
            minijinja::context! {
                id => e.id, title => &e.title, language => e.language.as_str(),
                home => e.prefix.home_path(), main => e.is_main(),
            }
        })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/editions.html",
        "editions",
        minijinja::context! {
            editions, notice, errors => Value::from_serialize(&errors),
            error_count => errors.len(), v => Value::from_serialize(&values),
            date_orders => date_orders(&DeskLanguage::of(staff)),
        },
    )
}

/// `POST /admin/editions`: adds one, or shows the form again with what to fix.
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
    let prefix = match EditionPrefix::parse(&form.text("prefix").unwrap_or_default()) {
        Ok(prefix) => Some(prefix),
        Err(problem) => {
            errors.add("prefix", problems::edition_prefix(&lang, &problem));
            None
        }
    };
    let fields = read_fields(&form, &mut errors, &lang);
    let (Some(prefix), Some(fields)) = (prefix, fields) else {
        return refused(&state, &staff, errors, form.values()).await;
    };
    let new = NewEdition {
        prefix,
        language: fields.language,
        title: fields.title,
        description: fields.description,
        timezone: fields.timezone,
        date_order: fields.date_order,
    };
    match state.db.add_edition(&new).await {
        Ok(id) => {
            tracing::info!(
                user.id = staff.user.id,
                edition.id = id.get(),
                "edition added"
            );
            Ok(see_other("/admin/editions?notice=added"))
        }
        Err(StoreError::SlugTaken(prefix)) => {
            errors.add(
                "prefix",
                lang.t_with(
                    "editions-error-prefix-taken",
                    &Args::new().text("prefix", prefix),
                ),
            );
            refused(&state, &staff, errors, form.values()).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn refused(
    state: &SharedState,
    staff: &Staff,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    render_list(
        state,
        staff,
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
        errors,
        values,
    )
    .await
}

/// `GET /admin/editions/{id}`: one edition's form.
pub async fn edit(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let edition = state
        .db
        .edition(EditionId(id))
        .await
        .map_err(super::missing_is_404)?;
    let values = BTreeMap::from(
        [
            ("language", edition.language.to_string()),
            ("title", edition.title.clone()),
            ("description", edition.description.clone()),
            ("timezone", edition.timezone.clone()),
            ("date_order", edition.date_order.as_str().to_owned()),
            ("navigation", navigation_text(&edition.navigation)),
            ("audio_disclosure", edition.audio_disclosure.clone()),
        ]
        .map(|(k, v)| (k.to_owned(), v)),
    );
    render_edit(
        &edition,
        &staff,
        StatusCode::OK,
        FieldErrors::default(),
        values,
    )
}

fn render_edit(
    edition: &Edition,
    staff: &Staff,
    status: StatusCode,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    page_with_status(
        status,
        staff,
        "desk/edition.html",
        "editions",
        minijinja::context! {
            id => edition.id, home => edition.prefix.home_path(), main => edition.is_main(),
            errors => Value::from_serialize(&errors), error_count => errors.len(),
            v => Value::from_serialize(&values),
            date_orders => date_orders(&DeskLanguage::of(staff)),
        },
    )
}

/// `POST /admin/editions/{id}`: saves its words, language, zone and navigation. The
/// prefix stays: addresses readers and search engines know do not move.
pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let mut edition = state
        .db
        .edition(EditionId(id))
        .await
        .map_err(super::missing_is_404)?;
    let lang = DeskLanguage::of(&staff);
    let mut errors = FieldErrors::default();
    let fields = read_fields(&form, &mut errors, &lang);
    let navigation = parse_navigation(
        &form.text("navigation").unwrap_or_default(),
        &mut errors,
        &lang,
    );
    let audio_disclosure = form.text("audio_disclosure").unwrap_or_default();
    if audio_disclosure.is_empty() {
        errors.add("audio_disclosure", lang.t("editions-error-disclosure"));
    }
    let Some(fields) = fields.filter(|_| errors.is_empty()) else {
        return render_edit(
            &edition,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            errors,
            form.values(),
        );
    };
    edition.language = fields.language;
    edition.title = fields.title;
    edition.description = fields.description;
    edition.timezone = fields.timezone;
    edition.date_order = fields.date_order;
    edition.navigation = navigation;
    edition.audio_disclosure = audio_disclosure;
    state
        .db
        .save_edition(&edition)
        .await
        .map_err(super::missing_is_404)?;
    tracing::info!(user.id = staff.user.id, edition.id = id, "edition saved");
    Ok(see_other("/admin/editions?notice=saved"))
}

/// `POST /admin/editions/{id}/delete`: only an edition that holds nothing; otherwise
/// the list again, saying what it still holds.
pub async fn delete(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    match state.db.delete_edition(EditionId(id)).await {
        Ok(()) => {
            tracing::info!(user.id = staff.user.id, edition.id = id, "edition deleted");
            Ok(see_other("/admin/editions?notice=deleted"))
        }
        Err(StoreError::NotEditable(why)) => {
            // The store says what the edition still holds, in English; the main
            // edition's refusal the desk can say itself.
            let why = if EditionId(id) == MAIN_EDITION {
                DeskLanguage::of(&staff).t("editions-error-main")
            } else {
                why
            };
            let mut errors = FieldErrors::default();
            errors.add("delete", why);
            render_list(
                &state,
                &staff,
                StatusCode::CONFLICT,
                None,
                errors,
                BTreeMap::new(),
            )
            .await
        }
        Err(other) => Err(super::missing_is_404(other)),
    }
}

/// What both forms ask for, read and checked.
struct Fields {
    language: LanguageTag,
    title: String,
    description: String,
    timezone: String,
    date_order: DateOrder,
}

fn read_fields(form: &FormData, errors: &mut FieldErrors, lang: &DeskLanguage) -> Option<Fields> {
    let language = LanguageTag::parse(&form.text("language").unwrap_or_default());
    if language.is_none() {
        errors.add("language", lang.t("error-language-tag"));
    }
    let title = form.text("title").unwrap_or_default();
    if title.is_empty() {
        errors.add("title", lang.t("editions-error-title"));
    }
    let timezone = form.text("timezone").unwrap_or_default();
    if TimeZone::get(&timezone).is_err() {
        errors.add("timezone", lang.t("error-timezone"));
    }
    let date_order = DateOrder::parse(&form.text("date_order").unwrap_or_default());
    if date_order.is_none() {
        errors.add("date_order", lang.t("editions-error-dates"));
    }
    Some(Fields {
        language: language?,
        title,
        description: form.text("description").unwrap_or_default(),
        timezone,
        date_order: date_order?,
    })
    .filter(|_| errors.is_empty())
}

/// The ways of writing dates, each shown by an example in the staff member's language.
fn date_orders(lang: &DeskLanguage) -> Vec<Value> {
    [
        (DateOrder::DayMonthYear, "editions-date-day-month-year"),
        (DateOrder::MonthDayYear, "editions-date-month-day-year"),
    ]
    .iter()
    .map(|(order, example)| minijinja::context! { value => order.as_str(), label => lang.t(example) })
    .collect()
}
