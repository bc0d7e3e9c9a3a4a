//! Account links sent by email: accepting an invitation and resetting a forgotten
//! password. Links are single-use and short-lived; only their hashes are stored.

use axum::Form;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse};
use byline_core::EmailAddress;
use byline_core::accounts::check_new_password;
use byline_store::{Job, NewJob, TokenPurpose, User, Work};
use jiff::{SignedDuration, Timestamp};

use super::signin::{check_signed_out_csrf, signed_out_form};
use super::words::{DeskLanguage, problems};
use super::{DeskResult, see_other, templates};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::{random_token, token_hash};
use crate::state::{AppState, SharedState};

pub const RESET_LINK_LIFETIME: SignedDuration = SignedDuration::from_mins(60);
pub const INVITATION_LIFETIME: SignedDuration = SignedDuration::from_hours(72);
/// Password-reset emails one client address may ask for within the window.
const MAX_RESET_REQUESTS: i64 = 5;
const RESET_REQUEST_WINDOW: SignedDuration = SignedDuration::from_mins(15);

/// Reset emails one account receives within [`RESET_MAIL_WINDOW`], whoever asks.
const MAX_RESET_MAILS: i64 = 3;
const RESET_MAIL_WINDOW: SignedDuration = SignedDuration::from_hours(1);

/// Runs a [`Work::ResetMail`] job, queued after the form has answered: an active
/// account gets a reset link, unless it already got [`MAX_RESET_MAILS`] within the
/// hour (so nobody can flood a colleague's inbox from many networks); an unknown
/// address gets nothing. Failing to send fails the job, which is retried.
pub(crate) async fn send_reset_mail(
    state: &AppState,
    job: &Job,
    email: &str,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email)?;
    let Some((user, _)) = state.db.user_for_sign_in(&email).await? else {
        return Ok(());
    };
    if !user.active {
        return Ok(());
    }
    let now = Timestamp::now();
    let key = format!("reset-account:{}", user.id);
    let (sent, _) = state
        .db
        .attempts_since(&key, now - RESET_MAIL_WINDOW)
        .await?;
    // A retry (the mail server failed last time) is not a new request.
    let first_try = job.attempts <= 1;
    if sent >= MAX_RESET_MAILS && first_try {
        tracing::info!(
            user.id = user.id,
            "password reset email not sent: the account's hourly limit is reached"
        );
        return Ok(());
    }
    if first_try {
        state.db.record_attempt(&[&key], now).await?;
    }
    let token = random_token();
    state
        .db
        .create_account_token(
            TokenPurpose::PasswordReset,
            user.id,
            &token_hash(&token),
            now + RESET_LINK_LIFETIME,
        )
        .await?;
    let chrome = state.chrome().await?;
    let message = state.mail_templates.render(
        "password_reset",
        user.email.as_str(),
        minijinja::context! {
            site_title => &chrome.site.title,
            name => &user.name,
            reset_url => format!("{}/admin/reset/{token}", chrome.site.url),
            expires_minutes => RESET_LINK_LIFETIME.as_mins(),
        },
    )?;
    state.mailer.send(&message).await?;
    tracing::info!(user.id = user.id, "password reset email sent");
    Ok(())
}

pub async fn forgot_form(State(state): State<SharedState>, headers: HeaderMap) -> DeskResult {
    render_forgot(
        &state,
        &headers,
        StatusCode::OK,
        "",
        false,
        &FieldErrors::default(),
    )
    .await
}

/// Always answers the same way whether or not the address has an account, so the
/// form cannot be used to find out who works at the newsroom.
pub async fn forgot_submit(
    State(state): State<SharedState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    check_signed_out_csrf(&headers, &form)?;
    let typed = form.get("email").trim().to_owned();
    let lang = DeskLanguage::from_headers(&headers);
    let Ok(email) = EmailAddress::parse(&typed) else {
        let mut errors = FieldErrors::default();
        errors.add("email", lang.t("forgot-bad-email"));
        return render_forgot(
            &state,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            &typed,
            false,
            &errors,
        )
        .await;
    };
    // Each request sends an email: a few per address per window, so the form cannot
    // be used to flood someone's inbox.
    let now = Timestamp::now();
    let key = format!("reset-request:{}", peer.ip());
    let (recent, _) = state
        .db
        .attempts_since(&key, now - RESET_REQUEST_WINDOW)
        .await?;
    if recent >= MAX_RESET_REQUESTS {
        let mut errors = FieldErrors::default();
        errors.add("form", lang.t("forgot-too-many"));
        return render_forgot(
            &state,
            &headers,
            StatusCode::TOO_MANY_REQUESTS,
            &typed,
            false,
            &errors,
        )
        .await;
    }
    state.db.record_attempt(&[&key], now).await?;
    // Whether or not the address has an account, the request does the same work: it
    // queues a job and answers. The worker looks the address up and sends the email
    // after the answer has gone, so neither the lookup nor the mail server's speed
    // shows in how long the answer takes.
    state
        .db
        .enqueue_job(&NewJob {
            work: Work::ResetMail {
                email: email.as_str().to_owned(),
            },
            key: &format!("reset:{}", random_token()),
            run_at: now,
        })
        .await?;
    state.wake_jobs();
    render_forgot(
        &state,
        &headers,
        StatusCode::OK,
        "",
        true,
        &FieldErrors::default(),
    )
    .await
}

async fn render_forgot(
    state: &SharedState,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    sent: bool,
    errors: &FieldErrors,
) -> DeskResult {
    let context =
        minijinja::context! { email, sent, errors => minijinja::Value::from_serialize(errors) };
    signed_out_form(state, headers, status, "desk/forgot.html", context).await
}

pub async fn reset_form(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> DeskResult {
    link_form(&state, &headers, TokenPurpose::PasswordReset, &token).await
}

pub async fn reset_submit(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    link_submit(
        &state,
        &headers,
        TokenPurpose::PasswordReset,
        &token,
        FormData::from_pairs(pairs),
    )
    .await
}

pub async fn invite_form(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> DeskResult {
    link_form(&state, &headers, TokenPurpose::Invitation, &token).await
}

pub async fn invite_submit(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    link_submit(
        &state,
        &headers,
        TokenPurpose::Invitation,
        &token,
        FormData::from_pairs(pairs),
    )
    .await
}

async fn link_user(
    state: &SharedState,
    purpose: TokenPurpose,
    token: &str,
) -> Result<Option<User>, HttpError> {
    Ok(state
        .db
        .account_token_user(purpose, &token_hash(token), Timestamp::now())
        .await?)
}

async fn link_form(
    state: &SharedState,
    headers: &HeaderMap,
    purpose: TokenPurpose,
    token: &str,
) -> DeskResult {
    let Some(user) = link_user(state, purpose, token).await? else {
        return dead_link(headers);
    };
    render_password(
        state,
        headers,
        StatusCode::OK,
        purpose,
        &user,
        &user.name,
        &FieldErrors::default(),
    )
    .await
}

async fn link_submit(
    state: &SharedState,
    headers: &HeaderMap,
    purpose: TokenPurpose,
    token: &str,
    form: FormData,
) -> DeskResult {
    check_signed_out_csrf(headers, &form)?;
    let Some(user) = link_user(state, purpose, token).await? else {
        return dead_link(headers);
    };
    let lang = DeskLanguage::from_headers(headers);
    let mut errors = FieldErrors::default();
    let name = form.text("name");
    if purpose == TokenPurpose::Invitation && name.is_none() {
        errors.add("name", lang.t("join-no-name"));
    }
    let password = form.get("password").to_owned();
    if let Err(problem) = check_new_password(&password) {
        errors.add("password", problems::password(&lang, &problem));
    } else if password != form.get("confirm") {
        errors.add("confirm", lang.t("password-mismatch"));
    }
    if !errors.is_empty() {
        let typed_name = name.unwrap_or_default();
        return render_password(
            state,
            headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            purpose,
            &user,
            &typed_name,
            &errors,
        )
        .await;
    }
    let hash = crate::kit::session::hash_password(password).await?;
    let redeemed = state
        .db
        .redeem_account_token(
            purpose,
            &token_hash(token),
            &hash,
            name.as_deref(),
            Timestamp::now(),
        )
        .await?;
    if redeemed.is_none() {
        return dead_link(headers);
    }
    tracing::info!(user.id = user.id, "password set from an account link");
    Ok(see_other("/admin/signin?notice=password-set"))
}

async fn render_password(
    state: &SharedState,
    headers: &HeaderMap,
    status: StatusCode,
    purpose: TokenPurpose,
    user: &User,
    name: &str,
    errors: &FieldErrors,
) -> DeskResult {
    let context = minijinja::context! {
        invitation => purpose == TokenPurpose::Invitation,
        email => &user.email,
        name,
        errors => minijinja::Value::from_serialize(errors),
    };
    signed_out_form(state, headers, status, "desk/password.html", context).await
}

fn dead_link(headers: &HeaderMap) -> DeskResult {
    let lang = DeskLanguage::from_headers(headers);
    let html = templates::render(
        "desk/error.html",
        minijinja::context! {
            title => lang.t("link-dead-title"),
            message => lang.t("link-dead-text"),
            status => 410,
            signed_out => true,
            lang => lang.as_str(),
        },
    )?;
    Ok((StatusCode::GONE, Html(html)).into_response())
}
