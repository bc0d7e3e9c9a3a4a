//! `/podcast/rss/`: the narrated articles as a podcast, with the tags podcast apps
//! read (Apple's `itunes:` namespace, which every app understands).

use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use minijinja::Value;
use serde::Serialize;

use super::PlayerView;
use super::player::clock;
use crate::discovery::{absolute, rfc2822};
use crate::kit::cache::Deps;
use crate::kit::serve::{Rendered, serve_cached_as};
use crate::state::{Chrome, SharedState};

/// Episodes in the feed: apps keep the ones they already downloaded.
const EPISODES: i64 = 100;
const RSS: &str = "application/rss+xml; charset=utf-8";

#[derive(Serialize)]
struct Episode {
    title: String,
    url: String,
    guid: String,
    summary: String,
    authors: String,
    published_rfc2822: String,
    audio_url: String,
    bytes: i64,
    duration: String,
}

pub async fn feed(State(state): State<SharedState>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_owned();
    serve_cached_as(&state, &path, RSS, &headers, async |chrome: &Chrome| {
        let site = &chrome.site;
        let narrated = state
            .db
            .narrated_articles(chrome.edition.id, EPISODES)
            .await?;
        let disclosure = &chrome.audio_disclosure();
        let episodes: Vec<Episode> = narrated
            .iter()
            .map(|(summary, audio)| {
                let player = PlayerView::new(audio, disclosure);
                Episode {
                    title: summary.title.clone(),
                    url: chrome.url(&format!("/{}/", summary.slug)),
                    guid: format!("urn:uuid:{}#narration", summary.uuid),
                    summary: format!("{} {}", summary.excerpt, disclosure)
                        .trim()
                        .to_owned(),
                    authors: summary
                        .authors
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    published_rfc2822: rfc2822(summary.published_at.unwrap_or(audio.narrated_at)),
                    audio_url: absolute(&site.url, &player.url),
                    bytes: audio.bytes,
                    duration: clock(player.seconds),
                }
            })
            .collect();
        let updated = narrated
            .iter()
            .filter_map(|(summary, _)| summary.published_at)
            .max()
            .unwrap_or_else(|| {
                jiff::Timestamp::from_second(state.cache.changed_at()).unwrap_or_default()
            });
        let context = minijinja::context! {
            site => Value::from_serialize(site),
            title => format!("{}: narrated articles", site.title),
            description => format!(
                "Articles from {}, read aloud. {}",
                site.title, disclosure
            ),
            link => chrome.url("/"),
            self_url => chrome.url(&path),
            image => chrome.settings.logo_url.as_ref().map(|logo| absolute(&site.url, logo)),
            updated_rfc2822 => rfc2822(updated),
            episodes => Value::from_serialize(&episodes),
        };
        Ok(Rendered::showing(
            state.theme.render("system/podcast-rss.xml", context)?,
            Deps::on([byline_store::Scope::AllPosts]),
        ))
    })
    .await
}
