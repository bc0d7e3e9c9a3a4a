//! `/`: the front page.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use byline_core::Collection;
use byline_store::{CollectionStore, PostQuery};
use minijinja::Value;
use serde::Serialize;

use crate::discovery::seo;
use crate::kit::cache::Deps;
use crate::kit::serve::{Rendered, page_context, serve_cached};
use crate::state::{Chrome, SharedState};
use crate::views::{CardView, TagView};
use byline_store::Scope;

/// Top stories: featured articles first, then the latest to fill the block.
const TOP_STORIES: usize = 5;
const LATEST: i64 = 8;
const EDITORS_PICKS: i64 = 4;
const MORE_NEWS: i64 = 8;
const SECTIONS_SHOWN: usize = 6;
const CARDS_PER_SECTION: i64 = 4;

#[derive(Serialize)]
struct SectionBlock {
    section: TagView,
    cards: Vec<CardView>,
}

/// WordPress's plain addresses (`/?p=61`, `/?page_id=7`, `/?cat=3`): an imported
/// site's old links, looked up in the redirects. Other queries (tracking
/// parameters) never reach the database.
const OLD_QUERY_KEYS: [&str; 5] = ["p", "page_id", "cat", "tag", "author"];

pub async fn show(
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Some(query) = query.as_deref()
        && let Some((key, value)) = query.split('&').find_map(|pair| pair.split_once('='))
        && OLD_QUERY_KEYS.contains(&key)
        && let Some(response) =
            crate::kit::serve::redirect(&state, &format!("/?{key}={value}")).await
    {
        return response;
    }
    serve_cached(&state, "/", &headers, async |chrome: &Chrome| {
        let db = &state.db;
        let clock = &chrome.clock;
        let edition = chrome.edition.id;
        let featured_query = PostQuery {
            featured_only: true,
            edition,
            ..PostQuery::default()
        };
        let names = &chrome.section_names;
        let mut featured = db
            .newest_published(&featured_query, TOP_STORIES as i64, 0)
            .await?;
        names.posts(&mut featured);
        let mut latest = db
            .newest_published(
                &PostQuery {
                    edition,
                    ..PostQuery::default()
                },
                LATEST + TOP_STORIES as i64,
                0,
            )
            .await?;
        names.posts(&mut latest);

        let mut top = featured;
        for post in &latest {
            if top.len() >= TOP_STORIES {
                break;
            }
            if !top.iter().any(|t| t.id == post.id) {
                top.push(post.clone());
            }
        }
        let rest: Vec<_> = latest
            .into_iter()
            .filter(|p| !top.iter().any(|t| t.id == p.id))
            .take(LATEST as usize)
            .collect();

        let mut sections = Vec::new();
        let mut tags = db.list_tags().await?;
        tags.truncate(SECTIONS_SHOWN);
        names.tags(&mut tags);
        for tag in tags {
            let query = PostQuery {
                tag_id: Some(tag.id),
                edition,
                ..PostQuery::default()
            };
            let mut posts = db.newest_published(&query, CARDS_PER_SECTION, 0).await?;
            // A section this edition has not written in yet shows no empty block.
            if posts.is_empty() {
                continue;
            }
            names.posts(&mut posts);
            sections.push(SectionBlock {
                section: TagView::from(&tag),
                cards: CardView::list(&posts, clock),
            });
        }

        let mut editors_picks = db
            .edition_collection(Collection::EditorsPicks, edition, EDITORS_PICKS)
            .await?;
        names.posts(&mut editors_picks);
        let mut more_news = db
            .edition_collection(Collection::MoreNews, edition, MORE_NEWS)
            .await?;
        names.posts(&mut more_news);
        let context = page_context(
            chrome,
            "/",
            minijinja::context! {
                top => Value::from_serialize(CardView::list(&top, clock)),
                latest => Value::from_serialize(CardView::list(&rest, clock)),
                editors_picks => Value::from_serialize(CardView::list(&editors_picks, clock)),
                more_news => Value::from_serialize(CardView::list(&more_news, clock)),
                sections => Value::from_serialize(&sections),
                json_ld => seo::home(chrome),
            },
        );
        // The home page shows the newest articles (of every section) and the
        // collections; its News Feed block is a shared fragment, joined per change.
        Ok(Rendered::showing(
            state.theme.render("home.html", context)?,
            Deps::on([Scope::AllPosts, Scope::Collections]),
        ))
    })
    .await
}
