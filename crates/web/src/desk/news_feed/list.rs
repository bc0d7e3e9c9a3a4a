//! `/admin/news-feed/`: every item of one edition's feed (`?edition=ID`; the staff
//! member's working edition without it), the pinned one first, then newest first,
//! with the composer above; and `POST /admin/news-feed`, the composer's target.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::EditionId;
use byline_store::NewFeedItem;
use jiff::Timestamp;
use minijinja::Value;
use serde::Deserialize;

use super::super::{DeskResult, page_with_status, see_other};
use super::{
    ItemRow, ReturnTo, Typed, check, composer, edition_choices, form_edition, list_address,
    require_feed,
};
use crate::desk::posts;
use crate::desk::words::DeskLanguage;
use crate::desk::working_edition::{chosen_edition, working_edition};
use crate::kit::forms::FormData;
use crate::kit::session::Staff;
use crate::state::SharedState;

const PER_PAGE: i64 = 30;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    notice: Option<String>,
    #[serde(default)]
    edition: Option<String>,
}

pub async fn redirect_list() -> Response {
    Redirect::permanent("/admin/news-feed/").into_response()
}

pub async fn show(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> DeskResult {
    require_feed(&staff)?;
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let said = match query.notice.as_deref() {
        Some("feed-published") => Said::Notice("feed-notice-published"),
        Some("saved") => Said::Notice("feed-notice-saved"),
        Some("deleted") => Said::Notice("feed-notice-deleted"),
        Some("pinned") => Said::Notice("feed-notice-pinned"),
        Some("unpinned") => Said::Notice("feed-notice-unpinned"),
        _ => Said::Nothing,
    };
    let editions = state.editions().await?;
    // An edition the site does not have (an old link) shows the working one.
    let edition = query
        .edition
        .as_deref()
        .and_then(|raw| chosen_edition(&editions, raw))
        .unwrap_or_else(|| working_edition(&editions, &staff));
    let shown = Shown { page, edition };
    render(
        &state,
        &staff,
        StatusCode::OK,
        shown,
        said,
        Typed::default(),
    )
    .await
}

/// Which page of which edition's feed the list shows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shown {
    pub page: i64,
    pub edition: EditionId,
}

/// What the list page says above the list, as a message id of the desk's words.
#[derive(Debug, Clone, Copy)]
pub(super) enum Said {
    Nothing,
    /// A notice after a change went through.
    Notice(&'static str),
    /// A button's form that could not be understood; nothing changed.
    Refused(&'static str),
}

/// The list page; `typed` refills the composer after a mistake (its edition chosen
/// as the list's unless it chose another).
pub(super) async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    shown: Shown,
    said: Said,
    mut typed: Typed,
) -> DeskResult {
    let Shown { page, edition } = shown;
    let found = state
        .db
        .feed_items_in(edition, PER_PAGE, (page - 1) * PER_PAGE)
        .await?;
    let chrome = state.chrome().await?;
    let editions = state.editions().await?;
    let items: Vec<ItemRow> = found
        .items
        .iter()
        .map(|item| ItemRow::new(item, &chrome.clock))
        .collect();
    typed
        .values
        .entry("edition".to_owned())
        .or_insert_with(|| edition.get().to_string());
    let composer = composer(state, staff, &chrome.clock, ReturnTo::FeedList, typed).await?;
    let lang = DeskLanguage::of(staff);
    let site_path = editions
        .iter()
        .find(|found| found.id == edition)
        .map_or_else(
            || "/news-feed/".to_owned(),
            |found| found.prefix.path("/news-feed/"),
        );
    page_with_status(
        status,
        staff,
        "desk/news_feed.html",
        "news-feed",
        minijinja::context! {
            items => Value::from_serialize(&items),
            total => found.total,
            page,
            pages => (found.total + PER_PAGE - 1) / PER_PAGE,
            notice => match said { Said::Notice(id) => Some(lang.t(id)), _ => None },
            problem => match said { Said::Refused(id) => Some(lang.t(id)), _ => None },
            composer,
            editions => Value::from_serialize(edition_choices(&editions)),
            edition => edition.get(),
            site_path,
            pages_base => format!("{}{}", list_address(edition, None), if edition == byline_core::editions::MAIN_EDITION { "?" } else { "&" }),
        },
    )
}

/// `POST /admin/news-feed`: publishes an item, or shows the form again where it came
/// from with the mistakes beside the fields (422), nothing saved.
pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    require_feed(&staff)?;
    let return_to = ReturnTo::parse(form.get("return_to"));
    let lang = DeskLanguage::of(&staff);
    let editions = state.editions().await?;
    let edition = form_edition(&editions, &staff, &form);
    let checked = check(&state, &lang, &form, None).await?;
    let (checked, edition) = match (checked, edition) {
        (Ok(checked), Some(edition)) => (checked, edition),
        (checked, edition) => {
            let mut errors = checked.err().unwrap_or_default();
            if edition.is_none() {
                errors.add("edition", lang.t("feed-error-edition"));
            }
            let typed = Typed {
                values: form.values(),
                errors,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return match return_to {
                ReturnTo::Home => posts::list::render_home(&state, &staff, status, typed).await,
                ReturnTo::FeedList => {
                    let shown = Shown {
                        page: 1,
                        edition: edition.unwrap_or_else(|| working_edition(&editions, &staff)),
                    };
                    render(&state, &staff, status, shown, Said::Nothing, typed).await
                }
            };
        }
    };
    let created = state
        .db
        .publish_feed_item(
            &NewFeedItem {
                headline: checked.draft.headline,
                text: checked.draft.text,
                post_slug: checked.post_slug,
                published_at: Timestamp::now(),
                updated_at: None,
                created_by: Some(staff.user.id),
                edition,
            },
            form.checked("pinned"),
        )
        .await?;
    state.news_feed_changed();
    tracing::info!(
        feed_item.id = created.id,
        edition.id = edition.get(),
        user.id = staff.user.id,
        "news feed item published"
    );
    Ok(see_other(&match return_to {
        ReturnTo::Home => "/admin/?notice=feed-published".to_owned(),
        ReturnTo::FeedList => list_address(edition, Some("feed-published")),
    }))
}
