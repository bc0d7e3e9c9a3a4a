//! Signing in and out. Failed attempts are counted per account and per client
//! address; past the limit, sign-in is refused for a while with a clear message.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse};
use byline_core::EmailAddress;
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

use super::words::DeskLanguage;
use super::{DeskResult, see_other, templates};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::{
    SESSION_COOKIE, SESSION_LENGTH, SIGN_IN_COOKIE, Staff, cookie, current_staff, is_https,
    random_token, same_secret, set_cookie, token_hash, verify_password,
};
use crate::state::SharedState;

/// Failed sign-ins allowed per account within [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins allowed per client address within [`THROTTLE_WINDOW`].
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(15);

#[derive(Debug, Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

pub async fn form(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Query(query): Query<SignInQuery>,
) -> DeskResult {
    let next = safe_next(query.next.as_deref());
    if current_staff(&headers, &state).await?.is_some() {
        return Ok(see_other(&next));
    }
    let lang = DeskLanguage::from_headers(&headers);
    let notice = match query.notice.as_deref() {
        Some("signed-out") => Some(lang.t("signin-signed-out")),
        Some("password-set") => Some(lang.t("signin-password-set")),
        _ => None,
    };
    render_form(
        &state,
        &headers,
        StatusCode::OK,
        "",
        &next,
        notice.as_deref(),
        &FieldErrors::default(),
    )
    .await
}

pub async fn submit(
    State(state): State<SharedState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    let next = safe_next(form.text("next").as_deref());
    let typed_email = form.get("email").trim().to_owned();
    check_signed_out_csrf(&headers, &form)?;
    let lang = DeskLanguage::from_headers(&headers);
    let mut errors = FieldErrors::default();
    let Ok(email) = EmailAddress::parse(&typed_email) else {
        errors.add("email", lang.t("signin-bad-email"));
        return render_form(
            &state,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &typed_email,
            &next,
            None,
            &errors,
        )
        .await;
    };
    let now = Timestamp::now();
    let account_key = format!("account:{email}");
    let address_key = format!("address:{}", peer.ip());
    if let Some(wait) = throttled(&state, &account_key, &address_key, now).await? {
        errors.add(
            "form",
            lang.t_with(
                "signin-throttled",
                &byline_i18n::Args::new().integer("minutes", wait),
            ),
        );
        return render_form(
            &state,
            &headers,
            StatusCode::TOO_MANY_REQUESTS,
            &typed_email,
            &next,
            None,
            &errors,
        )
        .await;
    }
    let found = state.db.user_for_sign_in(&email).await?;
    let (user, hash) = match found {
        Some((user, hash)) if user.active => (Some(user), hash),
        _ => (None, None),
    };
    let password = form.get("password").to_owned();
    if !verify_password(password, hash).await || user.is_none() {
        state
            .db
            .record_attempt(&[&account_key, &address_key], now)
            .await?;
        tracing::info!(client.address = %peer.ip(), "failed sign-in");
        errors.add("form", lang.t("signin-no-match"));
        return render_form(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            &typed_email,
            &next,
            None,
            &errors,
        )
        .await;
    }
    let user = user.expect("checked above");
    state.db.clear_attempts(&account_key).await?;
    let token = random_token();
    state
        .db
        .create_session(
            &token_hash(&token),
            user.id,
            &random_token(),
            now + SESSION_LENGTH,
        )
        .await?;
    tracing::info!(user.id = user.id, "signed in");
    let secure = secure(&state, &headers).await;
    let mut response = see_other(&next);
    let cookies = response.headers_mut();
    cookies.append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, &token, Some(SESSION_LENGTH), secure),
    );
    cookies.append(
        header::SET_COOKIE,
        set_cookie(SIGN_IN_COOKIE, "", None, secure),
    );
    Ok(response)
}

pub async fn sign_out(
    State(state): State<SharedState>,
    headers: HeaderMap,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.check_csrf(FormData::from_pairs(pairs).csrf())?;
    state.db.delete_session(&staff.session_hash).await?;
    let secure = secure(&state, &headers).await;
    let mut response = see_other("/admin/signin?notice=signed-out");
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", None, secure),
    );
    Ok(response)
}

/// How many minutes until sign-in is allowed again, if either key is over its limit.
async fn throttled(
    state: &SharedState,
    account_key: &str,
    address_key: &str,
    now: Timestamp,
) -> Result<Option<i64>, HttpError> {
    let since = now - THROTTLE_WINDOW;
    for (key, limit) in [
        (account_key, MAX_FAILURES_PER_ACCOUNT),
        (address_key, MAX_FAILURES_PER_ADDRESS),
    ] {
        let (count, oldest) = state.db.attempts_since(key, since).await?;
        if count >= limit {
            let free_at = oldest.unwrap_or(now) + THROTTLE_WINDOW;
            let minutes = ((free_at.as_second() - now.as_second() + 59) / 60).max(1);
            return Ok(Some(minutes));
        }
    }
    Ok(None)
}

/// Where to go after signing in: only desk addresses, never another site.
/// Where to go after signing in: a desk page named by `next`, checked by the one
/// return-path rule every form uses, or the desk's first page.
fn safe_next(next: Option<&str>) -> String {
    next.and_then(byline_core::links::return_path)
        .filter(|path| path.starts_with("/admin"))
        .unwrap_or("/admin/")
        .to_owned()
}

pub async fn secure(state: &SharedState, headers: &HeaderMap) -> bool {
    let site_url = match state.chrome().await {
        Ok(chrome) => chrome.site.url.clone(),
        Err(_) => String::new(),
    };
    is_https(headers, &site_url)
}

async fn render_form(
    state: &SharedState,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    next: &str,
    notice: Option<&str>,
    errors: &FieldErrors,
) -> DeskResult {
    let site_title = state
        .chrome()
        .await
        .map(|c| c.site.title.clone())
        .unwrap_or_default();
    signed_out_form(
        state,
        headers,
        status,
        "desk/signin.html",
        minijinja::context! {
            email, next, notice, errors => minijinja::Value::from_serialize(errors), site_title,
        },
    )
    .await
}

/// Renders a form for someone not signed in yet (sign-in, password reset, accepting
/// an invitation). There is no session to tie its CSRF token to, so the token lives
/// in a cookie and in the form, and both must come back (double submit).
pub async fn signed_out_form(
    state: &SharedState,
    headers: &HeaderMap,
    status: StatusCode,
    template: &str,
    context: minijinja::Value,
) -> DeskResult {
    let token = cookie(headers, SIGN_IN_COOKIE)
        .filter(|t| t.len() == 64)
        .map(str::to_owned)
        .unwrap_or_else(random_token);
    let lang = DeskLanguage::from_headers(headers);
    let html = templates::render(
        template,
        minijinja::context! { csrf => &token, lang => lang.as_str(), ..context },
    )?;
    let secure = secure(state, headers).await;
    let cookie = set_cookie(
        SIGN_IN_COOKIE,
        &token,
        Some(SignedDuration::from_hours(12)),
        secure,
    );
    Ok((status, [(header::SET_COOKIE, cookie)], Html(html)).into_response())
}

/// Checks the token of a form rendered by [`signed_out_form`].
pub fn check_signed_out_csrf(headers: &HeaderMap, form: &FormData) -> Result<(), HttpError> {
    let sent = form.csrf().unwrap_or("");
    if cookie(headers, SIGN_IN_COOKIE).is_some_and(|expected| same_secret(sent, expected)) {
        Ok(())
    } else {
        Err(HttpError::BadCsrf)
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_desk_addresses_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/admin/posts/3")), "/admin/posts/3");
        assert_eq!(safe_next(Some("https://evil.example/")), "/admin/");
        assert_eq!(safe_next(Some("//evil.example/admin")), "/admin/");
        assert_eq!(safe_next(Some("/admin\t/evil.example/")), "/admin/");
        assert_eq!(safe_next(Some("/\t/evil.example/admin")), "/admin/");
        assert_eq!(safe_next(None), "/admin/");
    }
}
