//! `/preview/{token}/`: a draft as it will look, for whoever holds the secret link
//! (a colleague, a source checking a quote). Never cached, never indexed.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use byline_core::PostKind;
use minijinja::Value;

use crate::kit::cards::body_with_cards;
use crate::kit::edition::CurrentEdition;
use crate::kit::errors::HttpError;
use crate::kit::serve::{not_found_page, page_context, server_error};
use crate::state::SharedState;
use crate::views::PostView;

pub async fn show(State(state): State<SharedState>, Path(token): Path<String>) -> Response {
    // Links carry 32 random bytes as hex; the database knows only their SHA-256.
    let valid = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let found = if valid {
        let hash = crate::kit::session::token_hash(&token);
        state
            .db
            .post_by_preview_token(&hash, jiff::Timestamp::now())
            .await
    } else {
        Ok(None)
    };
    let mut post = match found {
        Ok(Some(desk)) => desk.post,
        Ok(None) => return not_found_page(&state, "/preview/").await,
        Err(error) => return server_error(&HttpError::Store(error)),
    };
    // A draft of another edition is shown as that edition shows it: its language,
    // its chrome, its links.
    let edition = match edition_of(&state, &post).await {
        Ok(edition) => edition,
        Err(error) => return server_error(&HttpError::Store(error)),
    };
    let rendered = crate::kit::edition::within(edition, async {
        let chrome = state.chrome().await?;
        chrome.section_names.tags(&mut post.summary.tags);
        let body =
            body_with_cards(&state, &chrome, &post.body_html, Some(&post.summary.slug)).await?;
        let template = match post.summary.kind {
            PostKind::Post => "article.html",
            PostKind::Page => "page.html",
        };
        let view = PostView::new(&post, body, &chrome.clock);
        let context = page_context(
            &chrome,
            &format!("/{}/", post.summary.slug),
            minijinja::context! {
                post => Value::from_serialize(&view),
                preview => true,
                status => post.summary.status.as_str(),
            },
        );
        let html = state.theme.render(template, context)?;
        Ok::<_, HttpError>(chrome.keep_links_within(html))
    })
    .await;
    match rendered {
        Ok(html) => {
            let mut response = (StatusCode::OK, Html(html)).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            headers.insert(
                "x-robots-tag",
                HeaderValue::from_static("noindex, nofollow"),
            );
            headers.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            );
            response
        }
        Err(error) => server_error(&error),
    }
}

/// The edition a previewed draft belongs to.
async fn edition_of(
    state: &SharedState,
    post: &byline_core::Post,
) -> Result<CurrentEdition, byline_store::StoreError> {
    let id = state.db.edition_of(post.summary.id).await?;
    let editions = state.editions().await?;
    Ok(editions
        .iter()
        .find(|edition| edition.id == id)
        .map(CurrentEdition::from)
        .unwrap_or_else(CurrentEdition::main))
}
