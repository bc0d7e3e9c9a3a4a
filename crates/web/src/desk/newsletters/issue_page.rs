//! The page of one issue: the compose form while it is a draft or scheduled, and a
//! read-only view with delivery progress once it is sending or sent (refreshing
//! itself every few seconds while it sends).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use byline_core::content::PostSummary;
use byline_core::{IssueId, PostId, PostStatus};
use byline_i18n::Args;
use byline_store::{Issue, IssueStatus, PostQuery};
use minijinja::Value;
use serde::Serialize;

use super::super::posts::editor::local_input;
use super::super::words::DeskLanguage;
use super::super::{DeskResult, page_with_status};
use super::ProgressView;
use crate::kit::errors::HttpError;
use crate::kit::forms::FieldErrors;
use crate::kit::session::Staff;
use crate::state::{Chrome, SharedState};
use crate::views::{Clock, TimeView};

/// How many of the newest published articles the card picker offers.
pub(super) const PICKER_SIZE: i64 = 30;
/// Failed or retrying recipients listed under the progress bar.
const PROBLEMS_LISTED: i64 = 100;

/// What the issue page shows besides the issue itself.
#[derive(Debug, Default)]
pub(super) struct Compose {
    /// The form's values: stored, or as typed when they come back with mistakes.
    pub values: BTreeMap<String, String>,
    /// The articles ticked, in order.
    pub selected: Vec<PostId>,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    /// Something that went wrong after saving (a test that could not be sent).
    pub problem: Option<String>,
    /// The editor turned off the refresh that follows a send.
    pub still: bool,
}

impl Compose {
    /// The page for `issue` as stored.
    pub fn stored(issue: &Issue, chrome: &Chrome) -> Compose {
        let mut values = BTreeMap::from([
            ("newsletter".to_owned(), issue.newsletter_id.to_string()),
            ("subject".to_owned(), issue.subject.clone()),
            ("preheader".to_owned(), issue.preheader.clone()),
            ("body".to_owned(), issue.body.clone()),
        ]);
        if let Some(at) = issue.send_at {
            values.insert("send_at".to_owned(), local_input(at, chrome));
        }
        Compose {
            values,
            selected: issue.article_ids.clone(),
            ..Compose::default()
        }
    }
}

#[derive(Debug, Serialize)]
struct IssueView {
    id: IssueId,
    status: &'static str,
    editable: bool,
    newsletter_name: String,
    send_at: Option<TimeView>,
    started: Option<TimeView>,
    finished: Option<TimeView>,
    recipients: i64,
}

/// One article in the card picker.
#[derive(Debug, Serialize)]
struct ArticleChoice {
    id: PostId,
    title: String,
    published: Option<TimeView>,
    checked: bool,
    /// Picked earlier but no longer published (or deleted).
    gone: bool,
}

impl ArticleChoice {
    fn of(post: &PostSummary, clock: &Clock, checked: bool) -> ArticleChoice {
        ArticleChoice {
            id: post.id,
            title: post.title.clone(),
            published: post.published_at.map(|at| clock.time(at)),
            checked,
            gone: post.status != PostStatus::Published,
        }
    }
}

/// The picker: the ticked articles first, in their order, then the newest published
/// ones not ticked. Ticked articles older than the newest few are looked up one by
/// one (there are at most a few dozen).
async fn article_choices(
    state: &SharedState,
    selected: &[PostId],
    clock: &Clock,
    lang: &DeskLanguage,
) -> Result<Vec<ArticleChoice>, HttpError> {
    let latest = state
        .db
        .newest_published(&PostQuery::default(), PICKER_SIZE, 0)
        .await?;
    let mut choices = Vec::with_capacity(latest.len() + selected.len());
    for &id in selected {
        let choice = match latest.iter().find(|post| post.id == id) {
            Some(post) => ArticleChoice::of(post, clock, true),
            None => match state.db.desk_post(id).await? {
                Some(found) => ArticleChoice::of(&found.post.summary, clock, true),
                None => ArticleChoice {
                    id,
                    title: lang.t_with(
                        "issue-article-deleted",
                        &Args::new().text("id", id.to_string()),
                    ),
                    published: None,
                    checked: true,
                    gone: true,
                },
            },
        };
        choices.push(choice);
    }
    choices.extend(
        latest
            .iter()
            .filter(|post| !selected.contains(&post.id))
            .map(|post| ArticleChoice::of(post, clock, false)),
    );
    Ok(choices)
}

/// Renders the page for a new issue (`issue` none) or an existing one.
pub(super) async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    issue: Option<&Issue>,
    compose: Compose,
) -> DeskResult {
    let chrome = state.chrome().await?;
    let clock = &chrome.clock;
    let newsletters = state.db.newsletters().await?;
    let options: Vec<Value> = newsletters
        .iter()
        .map(|n| minijinja::context! { id => n.id, name => &n.name })
        .collect();
    let editable = issue.is_none_or(|issue| issue.status.editable());
    let lang = DeskLanguage::of(staff);
    let mut choices = article_choices(state, &compose.selected, clock, &lang).await?;
    if !editable {
        choices.retain(|choice| choice.checked);
    }
    let view = issue.map(|issue| IssueView {
        id: issue.id,
        status: issue.status.as_str(),
        editable: issue.status.editable(),
        newsletter_name: newsletters
            .iter()
            .find(|n| n.id == issue.newsletter_id)
            .map(|n| n.name.clone())
            .unwrap_or_default(),
        send_at: issue.send_at.map(|at| clock.time(at)),
        started: issue.started_at.map(|at| clock.time(at)),
        finished: issue.finished_at.map(|at| clock.time(at)),
        recipients: issue.recipients,
    });
    let delivering = issue.filter(|i| matches!(i.status, IssueStatus::Sending | IssueStatus::Sent));
    let (progress, problems) = match delivering {
        Some(issue) => (
            Some(ProgressView::from(
                state.db.delivery_progress(issue.id).await?,
            )),
            state
                .db
                .delivery_problems(issue.id, PROBLEMS_LISTED)
                .await?,
        ),
        None => (None, Vec::new()),
    };
    page_with_status(
        status,
        staff,
        "desk/issue.html",
        "newsletters",
        minijinja::context! {
            issue => Value::from_serialize(&view),
            editable,
            newsletters => options,
            articles => Value::from_serialize(&choices),
            v => Value::from_serialize(&compose.values),
            errors => Value::from_serialize(&compose.errors),
            notice => compose.notice,
            problem => compose.problem,
            progress => Value::from_serialize(&progress),
            problems => Value::from_serialize(&problems),
            sending => issue.is_some_and(|i| i.status == IssueStatus::Sending),
            refresh => !compose.still && issue.is_some_and(|i| i.status == IssueStatus::Sending),
            timezone => &chrome.site.timezone,
        },
    )
}
