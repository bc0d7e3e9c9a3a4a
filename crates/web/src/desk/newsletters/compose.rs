//! `/admin/newsletters/issues/new` and `/admin/newsletters/issues/{id}`: writing an
//! issue (newsletter, subject, preview text, Markdown body, article cards) and the
//! buttons under it. Every button saves the form first, so what is previewed, tested,
//! sent or scheduled is what the editor sees; a form with mistakes comes back (422)
//! with nothing saved and nothing sent.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use byline_core::newsletters::IssueDraft;
use byline_core::{IssueId, NewsletterId, PostId, PostKind, PostStatus};
use byline_i18n::Args;
use byline_store::{Issue, IssueEdit, IssueStatus, PostQuery, StoreError};
use jiff::Timestamp;
use serde::Deserialize;

use super::super::posts::editor::parse_local;
use super::super::words::{DeskLanguage, problems};
use super::super::{DeskResult, see_other};
use super::issue_page::{Compose, PICKER_SIZE, render};
use super::{checked_form, path_id, require_newsletters, sending};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::{Chrome, SharedState};

/// Most article cards in one issue.
const MOST_CARDS: usize = 30;

/// The issue, or the desk's 404 page.
pub(super) async fn existing(state: &SharedState, id: IssueId) -> Result<Issue, HttpError> {
    state.db.issue(id).await?.ok_or(HttpError::NotFound)
}

/// Refuses (409) to change an issue that has started sending.
pub(super) fn refuse_unless_editable(issue: &Issue, staff: &Staff) -> Result<(), HttpError> {
    let message_id = match issue.status {
        IssueStatus::Draft | IssueStatus::Scheduled => return Ok(()),
        IssueStatus::Sending => "issue-error-being-sent",
        IssueStatus::Sent => "issue-error-sent",
        IssueStatus::Cancelled => "issue-error-cancelled",
    };
    Err(StoreError::NotEditable(DeskLanguage::of(staff).t(message_id)).into())
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    notice: Option<String>,
    /// `off` stops the page refreshing itself while the issue sends.
    #[serde(default)]
    refresh: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    newsletter: Option<String>,
}

/// `GET /admin/newsletters/issues/new[?newsletter=ID]`.
pub async fn new_form(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<NewQuery>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let newsletters = state.db.newsletters().await?;
    let asked = query
        .newsletter
        .and_then(|raw| raw.parse::<NewsletterId>().ok());
    let chosen = newsletters
        .iter()
        .find(|n| Some(n.id) == asked)
        .or(newsletters.first())
        .map(|n| n.id.to_string())
        .unwrap_or_default();
    let compose = Compose {
        values: [("newsletter".to_owned(), chosen)].into(),
        ..Compose::default()
    };
    render(&state, &staff, StatusCode::OK, None, compose).await
}

/// `GET /admin/newsletters/issues/{id}`.
pub async fn show(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let issue = existing(&state, path_id(&raw_id, IssueId)?).await?;
    let chrome = state.chrome().await?;
    let lang = DeskLanguage::of(&staff);
    let notice = match query.notice.as_deref() {
        Some("saved") => Some(lang.t("issue-notice-saved")),
        Some("test-sent") => Some(lang.t_with(
            "issue-notice-test-sent",
            &Args::new().text("email", staff.user.email.clone()),
        )),
        Some("scheduled") => issue.send_at.map(|at| {
            lang.t_with(
                "issue-notice-scheduled",
                &Args::new()
                    .text("time", chrome.clock.time(at).display)
                    .text("timezone", chrome.site.timezone.clone()),
            )
        }),
        Some("unscheduled") => Some(lang.t("issue-notice-unscheduled")),
        Some("sending") => Some(lang.t("issue-notice-sending")),
        Some("already-sending") => Some(lang.t("issue-notice-already-sending")),
        _ => None,
    };
    let compose = Compose {
        notice,
        still: query.refresh.as_deref() == Some("off"),
        ..Compose::stored(&issue, &chrome)
    };
    render(&state, &staff, StatusCode::OK, Some(&issue), compose).await
}

/// What to do once the form is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    Save,
    Preview,
    Test,
    /// Go to the confirmation step.
    Send,
    Schedule(Timestamp),
}

/// A checked form: what to save, and what to do next.
struct Checked {
    newsletter_id: NewsletterId,
    draft: IssueDraft,
    article_ids: Vec<PostId>,
    then: Then,
}

impl Checked {
    fn edit(&self) -> IssueEdit<'_> {
        IssueEdit {
            newsletter_id: self.newsletter_id,
            draft: &self.draft,
            article_ids: &self.article_ids,
        }
    }
}

/// `POST /admin/newsletters/issues`: the first save of a new issue.
pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = checked_form(&staff, pairs)?;
    let chrome = state.chrome().await?;
    let checked = match check(&state, &form, &chrome, &DeskLanguage::of(&staff)).await? {
        Ok(checked) => checked,
        Err(errors) => return typed_again(&state, &staff, None, &form, errors).await,
    };
    let id = state
        .db
        .create_issue(&checked.edit(), Some(staff.user.id), Timestamp::now())
        .await?;
    tracing::info!(
        issue.id = id.get(),
        user.id = staff.user.id,
        "issue drafted"
    );
    after_save(&state, &staff, id, checked.then).await
}

/// `POST /admin/newsletters/issues/{id}`: saves, then does what the pressed button
/// asked. An issue that has started sending is refused with 409.
pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = checked_form(&staff, pairs)?;
    let issue = existing(&state, path_id(&raw_id, IssueId)?).await?;
    refuse_unless_editable(&issue, &staff)?;
    let chrome = state.chrome().await?;
    let checked = match check(&state, &form, &chrome, &DeskLanguage::of(&staff)).await? {
        Ok(checked) => checked,
        Err(errors) => return typed_again(&state, &staff, Some(&issue), &form, errors).await,
    };
    state
        .db
        .update_issue(issue.id, &checked.edit(), Timestamp::now())
        .await?;
    after_save(&state, &staff, issue.id, checked.then).await
}

/// The form again, as typed, with its mistakes (422).
async fn typed_again(
    state: &SharedState,
    staff: &Staff,
    issue: Option<&Issue>,
    form: &FormData,
    errors: FieldErrors,
) -> DeskResult {
    let mut values = form.values();
    values.remove("op");
    let compose = Compose {
        values,
        selected: form
            .all("article")
            .iter()
            .filter_map(|raw| raw.parse().ok())
            .collect(),
        errors,
        ..Compose::default()
    };
    render(
        state,
        staff,
        StatusCode::UNPROCESSABLE_ENTITY,
        issue,
        compose,
    )
    .await
}

async fn after_save(state: &SharedState, staff: &Staff, id: IssueId, then: Then) -> DeskResult {
    let here = format!("/admin/newsletters/issues/{id}");
    Ok(match then {
        Then::Save => see_other(&format!("{here}?notice=saved")),
        Then::Preview => see_other(&format!("{here}/preview")),
        Then::Send => see_other(&format!("{here}/send")),
        Then::Test => return sending::send_test(state, staff, id).await,
        Then::Schedule(at) => {
            state.db.schedule_issue(id, at, Timestamp::now()).await?;
            tracing::info!(
                issue.id = %id,
                user.id = staff.user.id,
                issue.send_at = %at,
                "issue scheduled"
            );
            see_other(&format!("{here}?notice=scheduled"))
        }
    })
}

/// Checks the form; nothing is saved here.
async fn check(
    state: &SharedState,
    form: &FormData,
    chrome: &Chrome,
    lang: &DeskLanguage,
) -> Result<Result<Checked, FieldErrors>, HttpError> {
    let mut errors = FieldErrors::default();
    let newsletters = state.db.newsletters().await?;
    let newsletter_id = form
        .get("newsletter")
        .parse::<NewsletterId>()
        .ok()
        .filter(|id| newsletters.iter().any(|n| n.id == *id));
    if newsletter_id.is_none() {
        errors.add("newsletter", lang.t("issue-error-newsletter"));
    }
    let draft = IssueDraft {
        subject: form.get("subject").trim().to_owned(),
        preheader: form.get("preheader").trim().to_owned(),
        body: form.get("body").replace("\r\n", "\n"),
    };
    for (field, problem) in draft.problems() {
        errors.add(field, problems::issue(lang, &problem));
    }
    let article_ids = checked_articles(state, form, &mut errors, lang).await?;
    let then = match form.get("op") {
        "preview" => Then::Preview,
        "test" => Then::Test,
        "send" => Then::Send,
        "schedule" => match form.text("send_at") {
            None => {
                errors.add("send_at", lang.t("issue-error-no-time"));
                Then::Save
            }
            Some(raw) => match parse_local(&raw, chrome) {
                None => {
                    errors.add("send_at", lang.t("issue-error-bad-time"));
                    Then::Save
                }
                Some(at) if at <= Timestamp::now() => {
                    errors.add("send_at", lang.t("issue-error-past"));
                    Then::Save
                }
                Some(at) => Then::Schedule(at),
            },
        },
        _ => Then::Save,
    };
    Ok(match newsletter_id {
        Some(newsletter_id) if errors.is_empty() => Ok(Checked {
            newsletter_id,
            draft,
            article_ids,
            then,
        }),
        _ => Err(errors),
    })
}

/// The ticked articles, in order, each once; each must be a published article.
async fn checked_articles(
    state: &SharedState,
    form: &FormData,
    errors: &mut FieldErrors,
    lang: &DeskLanguage,
) -> Result<Vec<PostId>, HttpError> {
    let mut ids: Vec<PostId> = Vec::new();
    for raw in form.all("article") {
        match raw.parse::<PostId>() {
            Ok(id) if id.get() > 0 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => errors.add("articles", lang.t("issue-error-unreadable-articles")),
        }
    }
    if ids.len() > MOST_CARDS {
        errors.add(
            "articles",
            lang.t_with(
                "issue-error-too-many-articles",
                &Args::new().integer("count", MOST_CARDS as i64),
            ),
        );
        return Ok(ids);
    }
    let latest: Vec<PostId> = state
        .db
        .newest_published(&PostQuery::default(), PICKER_SIZE, 0)
        .await?
        .iter()
        .map(|post| post.id)
        .collect();
    for &id in ids.iter().filter(|id| !latest.contains(id)) {
        let published = state.db.desk_post(id).await?.is_some_and(|found| {
            let summary = &found.post.summary;
            summary.status == PostStatus::Published && summary.kind == PostKind::Post
        });
        if !published {
            errors.add("articles", lang.t("issue-error-unpublished-article"));
        }
    }
    Ok(ids)
}
