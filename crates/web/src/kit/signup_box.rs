//! The newsletter signup box every theme page can show: the `newsletter_box` template
//! function that draws it, and the answer to a signup sent from it.
//!
//! The answer to a signup without JavaScript: a redirect back to the page with the
//! answer in a two-minute cookie, and, on that next view of the page, the answer
//! written into the box that was used. The page stays cached for everyone; only that
//! one response is rewritten, sent privately, and the cookie cleared.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use byline_core::LanguageTag;
use byline_core::html::escape;
use byline_i18n::{Args, Translations};
use minijinja::Value;

use super::serve::HTML;
use crate::kit::cache::CachedPage;

/// What a signup is answered with, in the page's language (the theme's `signup-*`
/// messages).
pub struct SignupWords {
    pub sent: String,
    pub busy: String,
    pub bad_email: String,
    pub no_newsletter: String,
    pub check_form: String,
}

impl SignupWords {
    pub fn new(translations: &Translations, language: &LanguageTag) -> SignupWords {
        let word = |id: &str| translations.translate(language, id, &Args::new());
        SignupWords {
            sent: word("signup-sent"),
            busy: word("signup-busy"),
            bad_email: word("signup-bad-email"),
            no_newsletter: word("signup-no-newsletter"),
            check_form: word("signup-check-form"),
        }
    }
}

/// Letters, digits and dashes only: box ids go into HTML ids and the cookie.
pub fn id_part(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(60)
        .collect()
}

/// `newsletter_box(slug, place)`: the theme's signup box for one newsletter, or
/// nothing when the newsletter does not exist or takes no signups.
pub fn newsletter_box(
    state: &minijinja::State,
    slug: String,
    place: Option<String>,
) -> Result<Value, minijinja::Error> {
    let place = place.unwrap_or_else(|| "inline".into());
    let newsletters = state.lookup("newsletter_list").unwrap_or_default();
    let Ok(list) = newsletters.try_iter() else {
        return Ok(Value::from_safe_string(String::new()));
    };
    let Some(newsletter) = list.into_iter().find(|n| {
        n.get_attr("slug")
            .ok()
            .and_then(|s| s.as_str().map(|s| s == slug))
            .unwrap_or(false)
    }) else {
        return Ok(Value::from_safe_string(String::new()));
    };
    let return_path = state
        .lookup("page_path")
        .and_then(|path| path.as_str().map(str::to_owned))
        .unwrap_or_else(|| "/".into());
    let html = state
        .env()
        .get_template("partials/newsletter_box.html")?
        .render(Value::from_iter([
            ("lang", state.lookup("lang").unwrap_or_default()),
            ("site", state.lookup("site").unwrap_or_default()),
            (
                "box",
                minijinja::context! {
                    id => format!("signup-{}-{}", id_part(&place), id_part(&slug)),
                    place => place,
                    return_path => return_path,
                    newsletter => newsletter,
                },
            ),
        ]))?;
    Ok(Value::from_safe_string(html))
}

const FLASH_COOKIE: &str = "byline_signup";

/// Back to `return_path#box`, with the answer in a cookie for the next page view.
pub fn redirect(flash: &Flash, return_path: &str) -> Response {
    let value = [
        flash.box_id.clone(),
        flash.outcome.clone(),
        URL_SAFE_NO_PAD.encode(&flash.email),
        URL_SAFE_NO_PAD.encode(&flash.name),
        URL_SAFE_NO_PAD.encode(flash.slugs.join(",")),
    ]
    .join(".");
    let cookie = format!("{FLASH_COOKIE}={value}; Path=/; Max-Age=120; HttpOnly; SameSite=Lax");
    let location = format!("{return_path}#{}", flash.box_id);
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(location), Ok(cookie)) = (
        HeaderValue::from_str(&location),
        HeaderValue::from_str(&cookie),
    ) {
        headers.insert(header::LOCATION, location);
        headers.insert(header::SET_COOKIE, cookie);
    } else {
        headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A signup answer on its way back to the page, or read back from the cookie.
pub struct Flash {
    pub box_id: String,
    /// `sent`, `busy`, or the fields in error: `e` (email), `n` (newsletter), `en`.
    pub outcome: String,
    /// What was typed, kept only when there is something to correct.
    pub email: String,
    pub name: String,
    pub slugs: Vec<String>,
}

/// The signup answer a request carries back from a form sent without JavaScript.
pub fn read_flash(headers: &HeaderMap) -> Option<Flash> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    let value = cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == FLASH_COOKIE)?
        .1;
    let parts: Vec<&str> = value.split('.').collect();
    let [box_id, outcome, email, name, slugs] = parts[..] else {
        return None;
    };
    let text = |raw: &str| {
        URL_SAFE_NO_PAD
            .decode(raw)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
    };
    Some(Flash {
        box_id: id_part(box_id),
        outcome: outcome.chars().take(8).collect(),
        email: text(email)?.chars().take(400).collect(),
        name: text(name)?,
        slugs: text(slugs)?
            .split(',')
            .map(id_part)
            .filter(|s| !s.is_empty())
            .collect(),
    })
}

/// The cached page with the pending signup answer `flash` written into its box, in
/// `words`: sent once, privately, and the cookie cleared. `None` for a page that is
/// not HTML.
pub fn flash_view(flash: &Flash, page: &CachedPage, words: &SignupWords) -> Option<Response> {
    if !page.content_type.starts_with("text/html") {
        return None;
    }
    Some(private_page(fill_box(
        &String::from_utf8_lossy(page.body()),
        flash,
        words,
    )))
}

fn private_page(html: String) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(HTML)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (header::VARY, HeaderValue::from_static("Cookie")),
            (
                header::SET_COOKIE,
                HeaderValue::from_str(&format!(
                    "{FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                ))
                .expect("a valid header"),
            ),
        ],
        html,
    )
        .into_response()
}

/// Writes the answer into the box `flash.box_id` of `html`.
fn fill_box(html: &str, flash: &Flash, words: &SignupWords) -> String {
    let id = &flash.box_id;
    let mut html = html.to_owned();
    let mut put = |marker: String, text: &str| {
        html = html.replacen(&marker, &escape(text), 1);
    };
    match flash.outcome.as_str() {
        "sent" => put(format!("<!--byline:signup-status:{id}-->"), &words.sent),
        "busy" => put(format!("<!--byline:signup-status:{id}-->"), &words.busy),
        outcome => {
            if outcome.contains('e') {
                put(format!("<!--byline:signup-error:{id}-->"), &words.bad_email);
            }
            if outcome.contains('n') {
                put(
                    format!("<!--byline:signup-newsletter-error:{id}-->"),
                    &words.no_newsletter,
                );
            }
        }
    }
    if flash.outcome != "sent" {
        let invalid = if flash.outcome.contains('e') {
            " aria-invalid=\"true\""
        } else {
            ""
        };
        let email_id = format!("id=\"{id}-email\"");
        html = html.replacen(
            &email_id,
            &format!("{email_id} value=\"{}\"{invalid}", escape(&flash.email)),
            1,
        );
        let name_id = format!("id=\"{id}-name\"");
        html = html.replacen(
            &name_id,
            &format!("{name_id} value=\"{}\"", escape(&flash.name)),
            1,
        );
        for slug in &flash.slugs {
            let checkbox = format!("id=\"{id}-newsletter-{slug}\"");
            html = html.replacen(&checkbox, &format!("{checkbox} checked"), 1);
        }
    }
    html
}
