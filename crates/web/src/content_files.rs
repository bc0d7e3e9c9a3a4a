//! `/content/…`: the site's files (images and their sizes, narration audio, imported
//! media), read from the media storage, whichever it is (the data folder or a
//! bucket), so every node serves every file.
//!
//! Names are content hashes, so answers are cacheable forever (the router adds
//! `Cache-Control: immutable`). Audio players seek with `Range`, read by the rules
//! in `byline_core::headers`. With `--media-public-url`, pages already link the
//! public address; anything still asking here (an old link, a feed reader) is sent
//! there for good.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_core::headers::{RangeAnswer, byte_range};
use byline_media::{Fetched, MediaError};
use futures_util::TryStreamExt;

use crate::state::SharedState;

/// The top folder of files that are not for readers (uploaded exports waiting for
/// their import): never served, whatever the storage.
pub const PRIVATE_FOLDER: &str = "private";

pub async fn serve(
    State(state): State<SharedState>,
    Path(key): Path<String>,
    request: HeaderMap,
) -> Response {
    let hidden = key.split('/').next() == Some(PRIVATE_FOLDER)
        || key.split('/').any(|segment| segment.starts_with('.'));
    if hidden {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Some(public) = state.media.public_url(&key) {
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, public)]).into_response();
    }
    let asked = request
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let fetched = match asked {
        None => state.media.get(&key).await.map(|f| f.map(Answer::Whole)),
        Some(asked) => ranged(&state, &key, &asked).await,
    };
    match fetched {
        Ok(Some(Answer::Whole(file))) => send(file, &request, false),
        Ok(Some(Answer::Part(file))) => send(file, &request, true),
        Ok(Some(Answer::Unsatisfiable(size))) => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{size}"))],
        )
            .into_response(),
        Ok(None) | Err(MediaError::BadKey(_)) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::warn!(error = %error, key, "cannot read a media file");
            metrics::counter!("byline_media_unavailable_total").increment(1);
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [
                    (header::RETRY_AFTER, "5"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                "The file cannot be read right now. Try again in a moment.\n",
            )
                .into_response()
        }
    }
}

enum Answer {
    Whole(Fetched),
    Part(Fetched),
    Unsatisfiable(u64),
}

/// A `Range` request costs a look at the file's length first (the rules need it);
/// players send one now and then, pages never.
async fn ranged(state: &SharedState, key: &str, asked: &str) -> Result<Option<Answer>, MediaError> {
    let Some(stat) = state.media.stat(key).await? else {
        return Ok(None);
    };
    Ok(match byte_range(asked, stat.size) {
        RangeAnswer::Whole => state.media.get(key).await?.map(Answer::Whole),
        RangeAnswer::Part { start, end } => state
            .media
            .get_range(key, start..end + 1)
            .await?
            .map(Answer::Part),
        RangeAnswer::Unsatisfiable => Some(Answer::Unsatisfiable(stat.size)),
    })
}

fn send(file: Fetched, request: &HeaderMap, partial: bool) -> Response {
    let e_tag = file
        .stat
        .e_tag
        .as_ref()
        .and_then(|tag| HeaderValue::from_str(&format!("\"{tag}\"")).ok());
    let fresh = e_tag.as_ref().is_some_and(|tag| {
        request
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|asked| {
                asked
                    .split(',')
                    .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == tag)
            })
    });
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Some(tag) = e_tag {
        headers.insert(header::ETAG, tag);
    }
    if let Ok(modified) = jiff::Timestamp::from_second(file.stat.modified) {
        let text = modified.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string();
        if let Ok(value) = HeaderValue::from_str(&text) {
            headers.insert(header::LAST_MODIFIED, value);
        }
    }
    if fresh && !partial {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let kind = mime_guess::from_path(&file.stat.key).first_or_octet_stream();
    if let Ok(value) = HeaderValue::from_str(kind.essence_str()) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    let length = file.range.end - file.range.start;
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    let status = if partial {
        let range = format!(
            "bytes {}-{}/{}",
            file.range.start,
            file.range.end.saturating_sub(1),
            file.stat.size
        );
        if let Ok(value) = HeaderValue::from_str(&range) {
            headers.insert(header::CONTENT_RANGE, value);
        }
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    let body = Body::from_stream(file.body.map_err(std::io::Error::other));
    (status, headers, body).into_response()
}

/// With `--media-public-url`, a rendered page's links to `/content/…` (in
/// attributes, `srcset` lists and JSON) point at the public address instead, so
/// readers fetch files straight from the bucket or CDN. Done once per page render,
/// before the page is cached; absolute links (feeds, social cards) are left to the
/// redirect in [`serve`].
pub fn link_public(body: String, public_base: Option<&str>) -> String {
    let Some(base) = public_base else {
        return body;
    };
    if !body.contains("/content/") {
        return body;
    }
    body.replace("\"/content/", &format!("\"{base}/"))
        .replace(", /content/", &format!(", {base}/"))
}

#[cfg(test)]
mod tests {
    use super::link_public;

    #[test]
    fn public_links_replace_site_relative_media_links_only() {
        let page = r#"<img src="/content/images/u/ab/800.jpg" srcset="/content/images/u/ab/480.jpg 480w, /content/images/u/ab/800.jpg 800w"><a href="/contents/">x</a> {"audio":"/content/audio/f.mp3"} <a href="https://news.example/content/images/a.jpg">"#;
        let linked = link_public(page.to_owned(), Some("https://cdn.example/m"));
        assert_eq!(
            linked,
            r#"<img src="https://cdn.example/m/images/u/ab/800.jpg" srcset="https://cdn.example/m/images/u/ab/480.jpg 480w, https://cdn.example/m/images/u/ab/800.jpg 800w"><a href="/contents/">x</a> {"audio":"https://cdn.example/m/audio/f.mp3"} <a href="https://news.example/content/images/a.jpg">"#
        );
        assert_eq!(link_public(page.to_owned(), None), page);
    }
}
