//! Paginated lists: `/tag/{slug}/` and `/author/{slug}/`, each with `/page/N/` for
//! the older pages. (The News Feed's pages are in `news_feed.rs`.)

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::{EditionId, Slug};
use byline_store::{Db, PostQuery};
use minijinja::Value;

use crate::kit::errors::HttpError;
use crate::kit::serve::{
    Rendered, list_deps, not_found_page, page_context, page_number, serve_cached,
};
use crate::state::{Chrome, SharedState};
use crate::views::{AuthorView, CardView, PaginationView};

pub const POSTS_PER_PAGE: i64 = 12;

/// The two kinds of post lists a reader can open by slug.
#[derive(Clone, Copy)]
pub enum Kind {
    Tag,
    Author,
}

impl Kind {
    fn path_segment(self) -> &'static str {
        match self {
            Kind::Tag => "tag",
            Kind::Author => "author",
        }
    }
}

/// A section or an author found by slug: what its page and its feeds list.
pub struct Listing {
    pub query: PostQuery,
    pub name: String,
    pub description: Option<String>,
    pub author: Option<AuthorView>,
    /// The list's own address, e.g. `/tag/city/`.
    pub base: String,
}

impl Listing {
    /// Finds the section or author named by `slug`, listing its posts of `edition`
    /// (a section by the edition's name for it); a malformed or unknown slug is "not
    /// found".
    pub async fn find(
        db: &Db,
        kind: Kind,
        slug: &str,
        edition: EditionId,
    ) -> Result<Listing, HttpError> {
        let slug = Slug::parse(slug).map_err(|_| HttpError::NotFound)?;
        let base = format!("/{}/{slug}/", kind.path_segment());
        Ok(match kind {
            Kind::Tag => {
                let tag = db
                    .tag_by_slug_in(&slug, edition)
                    .await?
                    .ok_or(HttpError::NotFound)?;
                Listing {
                    query: PostQuery {
                        tag_id: Some(tag.id),
                        edition,
                        ..PostQuery::default()
                    },
                    name: tag.name,
                    description: tag.description,
                    author: None,
                    base,
                }
            }
            Kind::Author => {
                let author = db.author_by_slug(&slug).await?.ok_or(HttpError::NotFound)?;
                Listing {
                    query: PostQuery {
                        author_id: Some(author.id),
                        edition,
                        ..PostQuery::default()
                    },
                    name: author.name.clone(),
                    description: None,
                    author: Some(AuthorView::from(&author)),
                    base,
                }
            }
        })
    }
}

pub async fn tag(
    state: State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    list(state, Kind::Tag, slug, 1, uri, headers).await
}

pub async fn tag_page(
    state: State<SharedState>,
    Path((slug, page)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    paged(state, Kind::Tag, slug, &page, uri, headers).await
}

pub async fn author(
    state: State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    list(state, Kind::Author, slug, 1, uri, headers).await
}

pub async fn author_page(
    state: State<SharedState>,
    Path((slug, page)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    paged(state, Kind::Author, slug, &page, uri, headers).await
}

async fn paged(
    state: State<SharedState>,
    kind: Kind,
    slug: String,
    page: &str,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if page == "1"
        && let Ok(slug) = Slug::parse(&slug)
    {
        let segment = kind.path_segment();
        let first_page = crate::kit::edition::current()
            .prefix
            .path(&format!("/{segment}/{slug}/"));
        return Redirect::permanent(&first_page).into_response();
    }
    match page_number(page) {
        Some(n) => list(state, kind, slug, n, uri, headers).await,
        None => not_found_page(&state, uri.path()).await,
    }
}

async fn list(
    State(state): State<SharedState>,
    kind: Kind,
    slug: String,
    page: i64,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    serve_cached(&state, &path, &headers, async |chrome: &Chrome| {
        let Listing {
            query,
            name,
            description,
            author,
            base,
        } = Listing::find(&state.db, kind, &slug, chrome.edition.id).await?;
        let mut found = state
            .db
            .list_published(&query, POSTS_PER_PAGE, (page - 1) * POSTS_PER_PAGE)
            .await?;
        chrome.section_names.posts(&mut found.items);
        if page > 1 && found.items.is_empty() {
            return Err(HttpError::NotFound);
        }
        let pagination = PaginationView::new(&base, page, POSTS_PER_PAGE, &found);
        let context = page_context(
            chrome,
            &path,
            minijinja::context! {
                heading => name,
                description,
                author => Value::from_serialize(&author),
                cards => Value::from_serialize(CardView::list(&found.items, &chrome.clock)),
                pagination => Value::from_serialize(&pagination),
                feed_url => format!("{base}rss/"),
                atom_url => format!("{base}atom/"),
            },
        );
        Ok(Rendered::showing(
            state.theme.render("list.html", context)?,
            list_deps(&query),
        ))
    })
    .await
}
