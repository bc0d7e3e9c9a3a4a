//! `/admin/newsletters/`: every newsletter with how many people are on it, the form
//! that adds one, and `/admin/newsletters/{id}`, the form that changes one. On a site
//! with more than one edition, the list says each newsletter's edition and both forms
//! choose it: an edition's signup boxes offer its own newsletters.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::editions::MAIN_EDITION;
use byline_core::newsletters::NewsletterDraft;
use byline_core::{EditionId, EmailAddress, NewsletterId, Slug};
use byline_store::{Edition, Entity, Newsletter, StoreError};
use jiff::Timestamp;
use minijinja::Value;
use serde::Serialize;

use super::super::words::{self, DeskLanguage};
use super::super::working_edition::{chosen_edition, working_edition};
use super::super::{DeskResult, page_with_status, see_other};
use super::{NoticeQuery, checked_form, path_id, require_newsletters};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

/// The fields of the newsletter form, in page order (for the mistakes summary).
const FIELDS: [&str; 9] = [
    "edition",
    "name",
    "slug",
    "description",
    "cadence",
    "sender_name",
    "sender_email",
    "reply_to",
    "signup_open",
];

#[derive(Debug, Serialize)]
struct NewsletterRow {
    id: NewsletterId,
    /// Its edition's name and address, on a site with several.
    edition: Option<String>,
    name: String,
    slug: String,
    cadence: String,
    signup_open: bool,
    pending: i64,
    active: i64,
    left: i64,
}

pub async fn redirect_list() -> Response {
    Redirect::permanent("/admin/newsletters/").into_response()
}

pub async fn show(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<NoticeQuery>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let notice = match query.notice.as_deref() {
        Some("created") => Some(DeskLanguage::of(&staff).t("nl-notice-created")),
        _ => None,
    };
    // A new newsletter's form starts with signup open, the usual choice, in the
    // edition the staff member works in.
    let editions = state.db.editions().await?;
    let values = BTreeMap::from([
        ("signup_open".to_owned(), "on".to_owned()),
        (
            "edition".to_owned(),
            working_edition(&editions, &staff).to_string(),
        ),
    ]);
    render_list(
        &state,
        &staff,
        StatusCode::OK,
        notice,
        values,
        FieldErrors::default(),
    )
    .await
}

async fn render_list(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    notice: Option<String>,
    values: BTreeMap<String, String>,
    errors: FieldErrors,
) -> DeskResult {
    let editions = state.db.editions().await?;
    let counts = state.db.newsletter_counts().await?;
    let rows: Vec<NewsletterRow> = state
        .db
        .newsletters()
        .await?
        .into_iter()
        .map(|newsletter| {
            let count = counts.get(&newsletter.id).copied().unwrap_or_default();
            NewsletterRow {
                id: newsletter.id,
                edition: edition_name(&editions, newsletter.edition_id),
                name: newsletter.name,
                slug: newsletter.slug,
                cadence: newsletter.cadence,
                signup_open: newsletter.signup_open,
                pending: count.pending,
                active: count.active,
                left: count.left,
            }
        })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/newsletters.html",
        "newsletters",
        minijinja::context! {
            newsletters => Value::from_serialize(&rows),
            editions => edition_choices(&editions),
            notice,
            order => FIELDS,
            v => Value::from_serialize(&values),
            errors => Value::from_serialize(&errors),
        },
    )
}

/// `POST /admin/newsletters`: adds a newsletter, or shows the form again with the
/// mistakes beside the fields (422), nothing saved.
pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = checked_form(&staff, pairs)?;
    let draft = draft_from(&form);
    let lang = DeskLanguage::of(&staff);
    match save(&state, &lang, None, &draft, &form).await? {
        Ok(id) => {
            tracing::info!(
                newsletter.id = %id,
                user.id = staff.user.id,
                "newsletter added"
            );
            Ok(see_other("/admin/newsletters/?notice=created"))
        }
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_list(&state, &staff, status, None, typed(&form, &draft), errors).await
        }
    }
}

pub async fn edit_form(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let newsletter = existing(&state, path_id(&raw_id, NewsletterId)?).await?;
    let notice = match query.notice.as_deref() {
        Some("saved") => Some(DeskLanguage::of(&staff).t("saved")),
        _ => None,
    };
    let values = stored_values(&newsletter);
    render_edit(
        &state,
        &staff,
        StatusCode::OK,
        &newsletter,
        notice,
        values,
        FieldErrors::default(),
    )
    .await
}

/// `POST /admin/newsletters/{id}`.
pub async fn save_edit(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = checked_form(&staff, pairs)?;
    let newsletter = existing(&state, path_id(&raw_id, NewsletterId)?).await?;
    let draft = draft_from(&form);
    let lang = DeskLanguage::of(&staff);
    match save(&state, &lang, Some(&newsletter), &draft, &form).await? {
        Ok(id) => {
            tracing::info!(
                newsletter.id = %id,
                user.id = staff.user.id,
                "newsletter changed"
            );
            Ok(see_other(&format!("/admin/newsletters/{id}?notice=saved")))
        }
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let values = typed(&form, &draft);
            render_edit(&state, &staff, status, &newsletter, None, values, errors).await
        }
    }
}

async fn existing(state: &SharedState, id: NewsletterId) -> Result<Newsletter, HttpError> {
    state.db.newsletter(id).await?.ok_or(HttpError::NotFound)
}

async fn render_edit(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    newsletter: &Newsletter,
    notice: Option<String>,
    values: BTreeMap<String, String>,
    errors: FieldErrors,
) -> DeskResult {
    let editions = state.db.editions().await?;
    let counts = state
        .db
        .newsletter_counts()
        .await?
        .get(&newsletter.id)
        .copied()
        .unwrap_or_default();
    page_with_status(
        status,
        staff,
        "desk/newsletter.html",
        "newsletters",
        minijinja::context! {
            newsletter => Value::from_serialize(newsletter),
            counts => Value::from_serialize(counts),
            editions => edition_choices(&editions),
            notice,
            order => FIELDS,
            v => Value::from_serialize(&values),
            errors => Value::from_serialize(&errors),
        },
    )
}

/// The form as a draft. An empty slug is made from the name.
fn draft_from(form: &FormData) -> NewsletterDraft {
    let name = form.get("name").trim().to_owned();
    let slug = match form.text("slug") {
        Some(typed) => typed,
        None => Slug::from_title(&name)
            .map(|slug| slug.to_string())
            .unwrap_or_default(),
    };
    NewsletterDraft {
        slug,
        name,
        description: form.get("description").trim().to_owned(),
        cadence: form.get("cadence").trim().to_owned(),
        sender_name: form.get("sender_name").trim().to_owned(),
        sender_email: address(form.get("sender_email")),
        reply_to: address(form.get("reply_to")),
        signup_open: form.checked("signup_open"),
    }
}

/// An address as stored: in the checked, lower-case form when it is one (the
/// draft's own check reports it when it is not).
fn address(raw: &str) -> String {
    EmailAddress::parse(raw).map_or_else(|_| raw.trim().to_owned(), |email| email.to_string())
}

/// What the form shows again after a mistake: what was typed, with the slug made
/// from the name when the field was left empty, so it can be changed.
fn typed(form: &FormData, draft: &NewsletterDraft) -> BTreeMap<String, String> {
    let mut values = form.values();
    values.insert("slug".to_owned(), draft.slug.clone());
    values
}

fn stored_values(newsletter: &Newsletter) -> BTreeMap<String, String> {
    let mut values = BTreeMap::from([
        ("name".to_owned(), newsletter.name.clone()),
        ("slug".to_owned(), newsletter.slug.clone()),
        ("description".to_owned(), newsletter.description.clone()),
        ("cadence".to_owned(), newsletter.cadence.clone()),
        ("sender_name".to_owned(), newsletter.sender_name.clone()),
        ("sender_email".to_owned(), newsletter.sender_email.clone()),
        ("reply_to".to_owned(), newsletter.reply_to.clone()),
        ("edition".to_owned(), newsletter.edition_id.to_string()),
    ]);
    if newsletter.signup_open {
        values.insert("signup_open".to_owned(), "on".to_owned());
    }
    values
}

/// The draft's mistakes by field. A slug that was to be made from a missing name is
/// not a second mistake: the name's is the one to fix.
fn problems(draft: &NewsletterDraft, lang: &DeskLanguage) -> FieldErrors {
    let mut errors = FieldErrors::default();
    let problems = draft.problems();
    let name_missing = draft.slug.is_empty() && problems.iter().any(|(f, _)| *f == "name");
    for (field, problem) in problems {
        if !(field == "slug" && name_missing) {
            errors.add(field, words::problems::newsletter(lang, &problem));
        }
    }
    errors
}

/// The editions as the form's choices, "Name (/prefix/)"; none on a site with one.
fn edition_choices(editions: &[Edition]) -> Vec<Value> {
    if editions.len() < 2 {
        return Vec::new();
    }
    editions
        .iter()
        .map(|edition| {
            minijinja::context! {
                id => edition.id,
                name => format!("{} ({})", edition.title, edition.prefix.home_path()),
            }
        })
        .collect()
}

/// The name and address of a newsletter's edition, on a site with several.
fn edition_name(editions: &[Edition], id: EditionId) -> Option<String> {
    (editions.len() > 1)
        .then(|| editions.iter().find(|edition| edition.id == id))
        .flatten()
        .map(|edition| format!("{} ({})", edition.title, edition.prefix.home_path()))
}

/// The edition the form chose: none when it sent no choice (a site with one edition
/// shows none), an error when it is not one of the site's editions.
fn chosen(form: &FormData, editions: &[Edition]) -> Result<Option<EditionId>, ()> {
    match form.text("edition") {
        None => Ok(None),
        Some(raw) => chosen_edition(editions, &raw).map(Some).ok_or(()),
    }
}

/// Adds (`existing` none) or changes a newsletter, and moves it to the edition the
/// form chose; the mistakes when it cannot be saved.
async fn save(
    state: &SharedState,
    lang: &DeskLanguage,
    existing: Option<&Newsletter>,
    draft: &NewsletterDraft,
    form: &FormData,
) -> Result<Result<NewsletterId, FieldErrors>, HttpError> {
    let mut errors = problems(draft, lang);
    let editions = state.db.editions().await?;
    let edition = chosen(form, &editions).unwrap_or_else(|()| {
        errors.add("edition", lang.t("nl-error-edition"));
        None
    });
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let now = Timestamp::now();
    let saved = match existing {
        None => state.db.create_newsletter(draft, now).await,
        Some(newsletter) => state
            .db
            .update_newsletter(newsletter.id, draft, now)
            .await
            .map(|()| newsletter.id),
    };
    let id = match saved {
        Ok(id) => id,
        Err(StoreError::SlugTaken(_)) => {
            errors.add("slug", lang.t("nl-error-slug-taken"));
            return Ok(Err(errors));
        }
        Err(other) => return Err(other.into()),
    };
    // A new newsletter starts in the main edition.
    let now_in = existing.map_or(MAIN_EDITION, |newsletter| newsletter.edition_id);
    if let Some(edition) = edition.filter(|edition| *edition != now_in) {
        match state.db.move_newsletter_to_edition(id, edition).await {
            Ok(()) => {}
            // Deleted since the form was checked.
            Err(StoreError::NotFound {
                entity: Entity::Edition,
                ..
            }) => {
                errors.add("edition", lang.t("nl-error-edition"));
                return Ok(Err(errors));
            }
            Err(other) => return Err(other.into()),
        }
    }
    // Signup boxes sit on cached pages: show the change on the next one.
    state.refresh_content_version().await;
    Ok(Ok(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn an_empty_slug_is_made_from_the_name() {
        let draft = draft_from(&form(&[("name", " The Daily Briefing "), ("slug", " ")]));
        assert_eq!(draft.slug, "the-daily-briefing");
        assert_eq!(draft.name, "The Daily Briefing");
        assert!(!draft.signup_open);
        let addresses = draft_from(&form(&[
            ("sender_email", " News@Example.ORG "),
            ("reply_to", "x y"),
        ]));
        assert_eq!(addresses.sender_email, "news@example.org");
        assert_eq!(
            addresses.reply_to, "x y",
            "kept as typed, for the mistake to show"
        );
        let typed = draft_from(&form(&[("name", "Daily"), ("slug", "morning")]));
        assert_eq!(typed.slug, "morning");
    }

    #[test]
    fn a_missing_name_is_one_mistake_not_two() {
        let draft = draft_from(&form(&[
            ("sender_name", "Desk"),
            ("sender_email", "a@b.org"),
        ]));
        let errors = problems(&draft, &DeskLanguage::english());
        assert!(errors.has("name"));
        assert!(!errors.has("slug"));
        let bad_slug = draft_from(&form(&[("name", ""), ("slug", "Bad Slug")]));
        assert!(problems(&bad_slug, &DeskLanguage::english()).has("slug"));
    }
}
