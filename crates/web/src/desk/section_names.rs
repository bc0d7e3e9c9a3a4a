//! `/admin/tags/{id}/names`: what each edition other than the main one calls a
//! section in its language (Місто for City), and the description it shows under that
//! name. Sections are shared by the editions; a blank name leaves an edition with the
//! section's own name. Every edition's names are saved together, or none are.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use byline_core::editions::{SECTION_NAME_MAX, SectionName, SectionNameError};
use byline_core::{Action, EditionId, Tag};
use byline_i18n::Args;
use byline_store::Edition;
use minijinja::Value;
use serde::Deserialize;

use super::words::DeskLanguage;
use super::{DeskResult, missing_is_404, page_with_status, see_other};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Debug, Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

/// The form's fields for one edition.
fn name_field(edition: EditionId) -> String {
    format!("name-{edition}")
}

fn description_field(edition: EditionId) -> String {
    format!("description-{edition}")
}

/// `GET /admin/tags/{id}/names`: the section's name in each other edition.
pub async fn form(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<Notice>,
) -> DeskResult {
    staff.require(Action::ManageTags)?;
    let tag = state.db.tag_by_id(id).await?.ok_or(HttpError::NotFound)?;
    let names = state.db.names_of_tag(id).await?;
    let mut values = BTreeMap::new();
    for (edition, name) in names {
        values.insert(name_field(edition), name.name().to_owned());
        let description = name.description().unwrap_or_default().to_owned();
        values.insert(description_field(edition), description);
    }
    let notice = (query.notice.as_deref() == Some("saved"))
        .then(|| DeskLanguage::of(&staff).t("section-names-notice-saved"));
    let editions = other_editions(&state).await?;
    render(
        &staff,
        &tag,
        &editions,
        StatusCode::OK,
        notice,
        FieldErrors::default(),
        values,
    )
}

/// `POST /admin/tags/{id}/names`: saves every edition's name, or shows the form again
/// with what to fix and saves nothing.
pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageTags)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let tag = state.db.tag_by_id(id).await?.ok_or(HttpError::NotFound)?;
    let editions = other_editions(&state).await?;
    let lang = DeskLanguage::of(&staff);
    let mut errors = FieldErrors::default();
    let mut names = Vec::with_capacity(editions.len());
    for edition in &editions {
        let name = form.get(&name_field(edition.id));
        match SectionName::parse(name, form.get(&description_field(edition.id))) {
            Ok(named) => names.push((edition.id, named)),
            Err(problem) => {
                let (field, message) = mistake(&lang, edition, name, problem);
                errors.add(&field, message);
            }
        }
    }
    if !errors.is_empty() {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render(&staff, &tag, &editions, status, None, errors, form.values());
    }
    state
        .db
        .save_tag_names(id, &names)
        .await
        .map_err(missing_is_404)?;
    tracing::info!(user.id = staff.user.id, tag.id = id, "section names saved");
    Ok(see_other(&format!("/admin/tags/{id}/names?notice=saved")))
}

/// Every edition but the main one, whose name for a section is the section's own.
async fn other_editions(state: &SharedState) -> Result<Vec<Edition>, HttpError> {
    let mut editions = state.editions().await?.as_ref().clone();
    editions.retain(|edition| !edition.is_main());
    Ok(editions)
}

/// The field a mistake belongs beside, and what it says.
fn mistake(
    lang: &DeskLanguage,
    edition: &Edition,
    name: &str,
    problem: SectionNameError,
) -> (String, String) {
    let args = Args::new().text("edition", &edition.title);
    match problem {
        SectionNameError::TooLong => {
            let args = args
                .integer("max", SECTION_NAME_MAX as i64)
                .integer("count", name.trim().chars().count() as i64);
            let message = lang.t_with("section-names-error-too-long", &args);
            (name_field(edition.id), message)
        }
        SectionNameError::DescriptionWithoutName => {
            let message = lang.t_with("section-names-error-description-alone", &args);
            (name_field(edition.id), message)
        }
        SectionNameError::Description(_) => {
            let message = lang.t_with("section-names-error-description", &args);
            (description_field(edition.id), message)
        }
    }
}

fn render(
    staff: &Staff,
    tag: &Tag,
    editions: &[Edition],
    status: StatusCode,
    notice: Option<String>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    let order: Vec<String> = editions
        .iter()
        .flat_map(|edition| [name_field(edition.id), description_field(edition.id)])
        .collect();
    let editions: Vec<Value> = editions
        .iter()
        .map(|edition| {
            minijinja::context! {
                title => &edition.title,
                language => edition.language.as_str(),
                home => edition.prefix.home_path(),
                name_field => name_field(edition.id),
                description_field => description_field(edition.id),
            }
        })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/section_names.html",
        "tags",
        minijinja::context! {
            id => tag.id, name => &tag.name, editions, order, notice,
            errors => Value::from_serialize(&errors), v => Value::from_serialize(&values),
        },
    )
}
