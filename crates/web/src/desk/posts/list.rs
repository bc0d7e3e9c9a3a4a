//! `/admin/`: the desk's first screen, every post the staff member may work on.
//! On a site with several editions it lists one edition at a time, the staff
//! member's working edition unless `?edition=` names another (or `all`).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::{Action, EditionId, PostId, PostStatus};
use byline_i18n::Args;
use byline_store::{DeskFilter, Edition};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::super::news_feed::{self, ReturnTo, Typed};
use super::super::words::DeskLanguage;
use super::super::working_edition::{chosen_edition, working_edition};
use super::super::{DeskResult, page_with_status};
use crate::kit::errors::HttpError;
use crate::kit::session::Staff;
use crate::state::SharedState;

const PER_PAGE: i64 = 30;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    notice: Option<String>,
    /// An edition's id, or `all`.
    #[serde(default)]
    edition: Option<String>,
}

/// Which editions the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    One(EditionId),
    All,
}

impl Shown {
    /// Reads `?edition=`: nothing is the staff member's working edition, `all` is
    /// every edition, an edition's id that edition; anything else is `None`.
    fn parse(editions: &[Edition], staff: &Staff, raw: Option<&str>) -> Option<Shown> {
        match raw.map(str::trim).filter(|raw| !raw.is_empty()) {
            None => Some(Shown::One(working_edition(editions, staff))),
            Some("all") => Some(Shown::All),
            Some(raw) => chosen_edition(editions, raw).map(Shown::One),
        }
    }

    fn edition(self) -> Option<EditionId> {
        match self {
            Shown::One(edition) => Some(edition),
            Shown::All => None,
        }
    }

    /// The value of `?edition=` that shows this.
    fn param(self) -> String {
        match self {
            Shown::One(edition) => edition.to_string(),
            Shown::All => "all".to_owned(),
        }
    }
}

/// One choice of the list's edition filter.
#[derive(Debug, Serialize)]
struct EditionLink {
    name: String,
    /// The language the name is written in (`None` for "All editions").
    language: Option<String>,
    href: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct Row {
    id: PostId,
    title: String,
    status: &'static str,
    kind: &'static str,
    authors: String,
    edited: String,
    published: Option<String>,
    public_url: Option<String>,
    /// The row's edition and its language, when the list shows every edition.
    edition: Option<(String, String)>,
    mine: bool,
    /// The narration's state in a word or two ("Ready 4:12"), for articles.
    audio: Option<String>,
}

/// "Ready 4:12", "Queued", "Failed", "Off"… in the staff member's language.
fn audio_cell(narration: &byline_store::Narration, lang: &DeskLanguage) -> String {
    use byline_store::NarrationStatus;
    match (narration.status, &narration.audio) {
        (NarrationStatus::Ready, Some(audio)) => lang.t_with(
            "audio-ready-clock",
            &Args::new().text(
                "clock",
                crate::narration::PlayerView::new(audio, "").duration_clock,
            ),
        ),
        (NarrationStatus::Queued, _) => lang.t("audio-queued"),
        (NarrationStatus::Working, _) => lang.t("audio-working"),
        (NarrationStatus::Failed, _) => lang.t("audio-failed"),
        (NarrationStatus::Skipped, _) => lang.t("audio-skipped"),
        (NarrationStatus::Off, _) => lang.t("audio-off"),
        (NarrationStatus::Ready, None) => lang.t("audio-ready"),
    }
}

pub async fn redirect_home() -> Response {
    Redirect::permanent("/admin/").into_response()
}

pub async fn show(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> DeskResult {
    render(&state, &staff, query, StatusCode::OK, Typed::default()).await
}

/// The first screen with the News Feed composer refilled as typed, after a mistake.
pub async fn render_home(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    typed: Typed,
) -> DeskResult {
    render(state, staff, ListQuery::default(), status, typed).await
}

/// The first screen. Editors and administrators also get the News Feed composer at
/// the top; `typed` refills it after a mistake.
async fn render(
    state: &SharedState,
    staff: &Staff,
    query: ListQuery,
    http_status: StatusCode,
    typed: Typed,
) -> DeskResult {
    let status = query
        .status
        .as_deref()
        .and_then(|s| s.parse::<PostStatus>().ok());
    let lang = DeskLanguage::of(staff);
    let editions = state.db.editions().await?;
    // A site with one edition lists its posts as it always did.
    let shown = if editions.len() > 1 {
        let shown = Shown::parse(&editions, staff, query.edition.as_deref())
            .ok_or_else(|| HttpError::BadRequest(lang.t("posts-error-edition")))?;
        Some(shown)
    } else {
        None
    };
    // Contributors and authors work on their own posts; editors see the newsroom's.
    let created_by = (!staff.may(Action::EditAnyPost)).then_some(staff.user.id);
    let page_number = query.page.unwrap_or(1).clamp(1, 100_000);
    let filter = DeskFilter {
        status,
        created_by,
        edition: shown.and_then(Shown::edition),
    };
    let found = state
        .db
        .desk_posts(filter, PER_PAGE, (page_number - 1) * PER_PAGE)
        .await?;
    let chrome = state.chrome().await?;
    let clock = &chrome.clock;
    let edition_of = |id: EditionId| editions.iter().find(|edition| edition.id == id);
    let ids: Vec<PostId> = found.items.iter().map(|row| row.summary.id).collect();
    let narrations: std::collections::HashMap<PostId, byline_store::Narration> = state
        .db
        .narrations_of(&ids)
        .await?
        .into_iter()
        .map(|n| (n.post_id, n))
        .collect();
    let rows: Vec<Row> = found
        .items
        .iter()
        .map(|row| {
            let s = &row.summary;
            Row {
                id: s.id,
                title: s.title.clone(),
                status: s.status.as_str(),
                kind: s.kind.as_str(),
                authors: s
                    .authors
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                edited: clock.time(s.edited_at).display,
                published: s.published_at.map(|t| clock.time(t).display),
                public_url: (s.status == PostStatus::Published).then(|| {
                    let path = format!("/{}/", s.slug);
                    edition_of(row.edition).map_or(path.clone(), |e| e.prefix.path(&path))
                }),
                edition: (shown == Some(Shown::All))
                    .then(|| edition_of(row.edition))
                    .flatten()
                    .map(|e| (e.title.clone(), e.language.to_string())),
                mine: row.created_by == Some(staff.user.id),
                audio: (s.kind == byline_core::PostKind::Post)
                    .then(|| narrations.get(&s.id))
                    .flatten()
                    .map(|n| audio_cell(n, &lang)),
            }
        })
        .collect();
    let pages = (found.total + PER_PAGE - 1) / PER_PAGE;
    let notice = match query.notice.as_deref() {
        Some("welcome") => Some(lang.t("posts-notice-welcome")),
        Some("feed-published") => Some(lang.t("posts-notice-feed-published")),
        _ => None,
    };
    // The edition filter's links keep the status chosen, and the status links (and
    // the pages) keep the edition.
    let status_query = status.map_or(String::new(), |s| format!("&status={}", s.as_str()));
    let mut edition_links = Vec::new();
    if shown.is_some() {
        edition_links.extend(editions.iter().map(|edition| EditionLink {
            name: edition.title.clone(),
            language: Some(edition.language.to_string()),
            href: format!("/admin/?edition={}{status_query}", edition.id),
            current: shown == Some(Shown::One(edition.id)),
        }));
        edition_links.push(EditionLink {
            name: lang.t("posts-filter-every-edition"),
            language: None,
            href: format!("/admin/?edition=all{status_query}"),
            current: shown == Some(Shown::All),
        });
    }
    let edition_query = shown.map_or(String::new(), |shown| format!("edition={}", shown.param()));
    let one_edition = shown.and_then(Shown::edition);
    let new_post_url = match one_edition {
        Some(edition) => format!("/admin/posts/new?edition={edition}"),
        None => "/admin/posts/new".to_owned(),
    };
    let edition_name = one_edition
        .and_then(edition_of)
        .map(|edition| edition.title.clone());
    let composer = if staff.may(Action::ManageNewsFeed) {
        Some(news_feed::composer(state, staff, clock, ReturnTo::Home, typed).await?)
    } else {
        None
    };
    page_with_status(
        http_status,
        staff,
        "desk/posts.html",
        "posts",
        minijinja::context! {
            posts => Value::from_serialize(&rows),
            status => status.map(|s| s.as_str()),
            total => found.total,
            page => page_number,
            pages,
            notice,
            composer,
            edition_links => Value::from_serialize(&edition_links),
            edition_query,
            edition_name,
            show_edition => shown == Some(Shown::All),
            new_post_url,
        },
    )
}
