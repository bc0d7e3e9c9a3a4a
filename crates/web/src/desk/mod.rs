//! The editing desk at `/admin/`: server-rendered pages where staff sign in, write,
//! illustrate, schedule and publish, correct in public, and run the newsroom.
//!
//! Every handler that changes anything takes [`auth::Staff`] (so it cannot run signed
//! out), checks the form's CSRF token, and asks the role rules in
//! `byline_core::accounts` before acting. Pages are never cached.

pub mod account;
pub mod collections;
pub mod editions;
pub mod error_page;
pub mod imports;
pub mod integrations;
pub mod media;
pub mod news_feed;
pub mod newsletters;
pub mod people;
pub mod posts;
pub mod profile;
pub mod redirects;
pub mod section_names;
pub mod settings;
pub mod signin;
pub mod staff;
pub mod templates;
pub mod words;
pub mod working_edition;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{from_fn, map_response};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use byline_core::Action;
use minijinja::Value;
use serde::Serialize;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::kit::errors::{HttpError, json_answers};
use crate::kit::session::Staff;
use crate::state::SharedState;

pub type DeskResult = Result<Response, HttpError>;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/admin", get(posts::list::redirect_home))
        .route("/admin/", get(posts::list::show))
        .route("/admin/signin", get(signin::form).post(signin::submit))
        .route("/admin/signout", post(signin::sign_out))
        .route("/admin/account", get(profile::show).post(profile::save))
        .route(
            "/admin/forgot",
            get(account::forgot_form).post(account::forgot_submit),
        )
        .route(
            "/admin/reset/{token}",
            get(account::reset_form).post(account::reset_submit),
        )
        .route(
            "/admin/invite/{token}",
            get(account::invite_form).post(account::invite_submit),
        )
        .route("/admin/posts/new", get(posts::edit::new_form))
        .route("/admin/posts", post(posts::edit::create))
        .route(
            "/admin/posts/{id}",
            get(posts::edit::edit_form).post(posts::edit::save),
        )
        .route(
            "/admin/posts/{id}/autosave",
            post(posts::autosave::save).layer(map_response(json_answers)),
        )
        .route("/admin/posts/{id}/notes", post(posts::notes::add))
        .route("/admin/posts/{id}/edition", post(posts::edition::change))
        .route(
            "/admin/posts/{id}/translate",
            post(posts::translations::start),
        )
        .route(
            "/admin/posts/{id}/preview-link",
            post(posts::preview_link::change),
        )
        .route(
            "/admin/posts/{id}/narration",
            post(posts::narration::change),
        )
        .route("/admin/posts/{id}/revisions", get(posts::revisions::list))
        .route(
            "/admin/posts/{id}/revisions/diff",
            get(posts::revisions::diff),
        )
        .route(
            "/admin/posts/{id}/revisions/{number}/restore",
            post(posts::revisions::restore),
        )
        .route("/admin/preview", post(posts::preview::render))
        .route("/admin/media", get(media::library).post(media::upload))
        .route("/admin/media/{id}", post(media::update))
        .route(
            "/admin/authors",
            get(people::authors).post(people::create_author),
        )
        .route(
            "/admin/authors/{id}",
            get(people::author_form).post(people::update_author),
        )
        .route("/admin/tags", get(people::tags).post(people::create_tag))
        .route(
            "/admin/tags/{id}",
            get(people::tag_form).post(people::update_tag),
        )
        .route(
            "/admin/tags/{id}/names",
            get(section_names::form).post(section_names::save),
        )
        .route(
            "/admin/news-feed",
            get(news_feed::list::redirect_list).post(news_feed::list::create),
        )
        .route("/admin/news-feed/", get(news_feed::list::show))
        .route(
            "/admin/news-feed/articles",
            get(news_feed::articles::search).layer(map_response(json_answers)),
        )
        .route(
            "/admin/news-feed/{id}",
            get(news_feed::edit::form).post(news_feed::edit::save),
        )
        .route(
            "/admin/news-feed/{id}/delete",
            post(news_feed::edit::delete),
        )
        .route("/admin/news-feed/{id}/pin", post(news_feed::edit::pin))
        .merge(newsletter_routes())
        .route("/admin/collections", get(collections::show))
        .route("/admin/collections/{name}", post(collections::change))
        .route("/admin/settings", get(settings::form).post(settings::save))
        .route("/admin/import/", get(imports::show))
        .route(
            "/admin/import",
            post(imports::start)
                .layer(DefaultBodyLimit::max(imports::MAX_UPLOAD_BYTES + 64 * 1024)),
        )
        .route("/admin/import/{id}", get(imports::progress))
        .route(
            "/admin/export/site.json",
            get(imports::downloads::site_json),
        )
        .route(
            "/admin/export/media.tar",
            get(imports::downloads::media_tar),
        )
        .route(
            "/admin/redirects",
            get(redirects::list).post(redirects::create),
        )
        .route("/admin/redirects/{id}/delete", post(redirects::delete))
        .route(
            "/admin/editions",
            get(editions::list).post(editions::create),
        )
        .route(
            "/admin/editions/{id}",
            get(editions::edit).post(editions::save),
        )
        .route("/admin/editions/{id}/delete", post(editions::delete))
        .route(
            "/admin/integrations",
            get(integrations::list).post(integrations::create),
        )
        .route(
            "/admin/integrations/{id}/regenerate",
            post(integrations::regenerate),
        )
        .route(
            "/admin/integrations/{id}/delete",
            post(integrations::delete),
        )
        .route("/admin/staff", get(staff::list))
        .route("/admin/staff/invite", post(staff::invite))
        .route("/admin/staff/{id}", post(staff::change))
        .route("/admin/desk.css", get(stylesheet))
        .route("/admin/desk.js", get(script))
        // Every error answered on a desk address is shown as the desk's error page
        // (the JSON routes above turn theirs into JSON first).
        .layer(from_fn(error_page::desk_pages))
        .layer(DefaultBodyLimit::max(crate::kit::forms::MAX_FORM_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(crate::kit::security::desk_policy())
}

/// The newsletter desk: newsletters, issues, subscribers.
fn newsletter_routes() -> Router<SharedState> {
    use newsletters::{compose, export, import, issues, lists, sending, subscribers};
    Router::new()
        .route(
            "/admin/newsletters",
            get(lists::redirect_list).post(lists::create),
        )
        .route("/admin/newsletters/", get(lists::show))
        .route(
            "/admin/newsletters/{id}",
            get(lists::edit_form).post(lists::save_edit),
        )
        .route(
            "/admin/newsletters/issues",
            get(issues::redirect_list).post(compose::create),
        )
        .route("/admin/newsletters/issues/", get(issues::show))
        .route("/admin/newsletters/issues/new", get(compose::new_form))
        .route(
            "/admin/newsletters/issues/{id}",
            get(compose::show).post(compose::save),
        )
        .route(
            "/admin/newsletters/issues/{id}/preview",
            get(sending::preview),
        )
        .route(
            "/admin/newsletters/issues/{id}/send",
            get(sending::confirm).post(sending::start),
        )
        .route(
            "/admin/newsletters/issues/{id}/unschedule",
            post(sending::unschedule),
        )
        .route("/admin/subscribers", get(subscribers::redirect_list))
        .route("/admin/subscribers/", get(subscribers::list))
        .route("/admin/subscribers/export.csv", get(export::csv))
        .route(
            "/admin/subscribers/import",
            get(import::form)
                .post(import::import)
                .layer(DefaultBodyLimit::max(import::MAX_BODY_BYTES)),
        )
        .route("/admin/subscribers/{id}", get(subscribers::detail))
        .route("/admin/subscribers/{id}/delete", post(subscribers::delete))
}

/// What desk templates know about the person using them.
#[derive(Debug, Serialize)]
pub struct StaffView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub role_label: &'static str,
    pub may_publish: bool,
    pub may_edit_any: bool,
    pub may_add_notes: bool,
    pub may_manage_collections: bool,
    pub may_manage_news_feed: bool,
    pub may_manage_newsletters: bool,
    pub may_manage_tags: bool,
    pub may_manage_authors: bool,
    pub may_manage_staff: bool,
    pub may_manage_settings: bool,
}

impl StaffView {
    pub fn of(staff: &Staff) -> StaffView {
        StaffView {
            id: staff.user.id,
            name: staff.user.name.clone(),
            email: staff.user.email.clone(),
            role: staff.role().as_str(),
            role_label: staff.role().label(),
            may_publish: staff.may(Action::PublishOwnPosts),
            may_edit_any: staff.may(Action::EditAnyPost),
            may_add_notes: staff.may(Action::AddEditorsNote),
            may_manage_collections: staff.may(Action::ManageCollections),
            may_manage_news_feed: staff.may(Action::ManageNewsFeed),
            may_manage_newsletters: staff.may(Action::ManageNewsletters),
            may_manage_tags: staff.may(Action::ManageTags),
            may_manage_authors: staff.may(Action::ManageAuthors),
            may_manage_staff: staff.may(Action::ManageStaff),
            may_manage_settings: staff.may(Action::ManageSettings),
        }
    }
}

/// Renders a desk page for a signed-in staff member.
pub fn page(staff: &Staff, template: &str, section: &str, context: Value) -> DeskResult {
    page_with_status(StatusCode::OK, staff, template, section, context)
}

/// [`page`] with a status: 422 when a form comes back with mistakes, 409 for a
/// conflicting save.
pub fn page_with_status(
    status: StatusCode,
    staff: &Staff,
    template: &str,
    section: &str,
    context: Value,
) -> DeskResult {
    let html = templates::render(
        template,
        minijinja::context! {
            me => Value::from_serialize(StaffView::of(staff)),
            lang => words::DeskLanguage::of(staff).as_str(),
            csrf => &staff.csrf,
            section,
            ..context
        },
    )?;
    Ok((status, Html(html)).into_response())
}

/// A redirect after a successful form (303, so a reload does not resend it).
pub fn see_other(location: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        include_str!("../../templates/desk/desk.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        include_str!("../../templates/desk/desk.js"),
    )
        .into_response()
}

/// A store error where a missing row is the page's 404 (an id from an old page, or
/// typed by hand); any other error keeps its own answer.
pub(crate) fn missing_is_404(error: byline_store::StoreError) -> crate::kit::errors::HttpError {
    match error {
        byline_store::StoreError::NotFound { .. } => crate::kit::errors::HttpError::NotFound,
        other => other.into(),
    }
}
