//! One error type at the HTTP edge, [`HttpError`], and one policy for what each cause
//! means to the person asking: a status, a title, and a sentence that says what
//! happened and what to do. Causes of 500s are logged once, never shown.
//!
//! A handler returns `Result<_, HttpError>` and never chooses how the answer looks;
//! where it is shown does:
//! - on a desk page, the desk's error page (`desk::error_page::desk_pages`, a layer on
//!   the desk's routes), which words the answer's [`Cause`] in the language of the
//!   person asking (a handler that knows it can word its own sentence:
//!   [`HttpError::Worded`]);
//! - from a JSON endpoint, a JSON body ([`json_answers`], a layer on that route);
//! - on the public site, the theme's 404 page or a plain 500/503 page
//!   ([`super::serve::server_error`] and [`super::serve::not_found_page`], called by
//!   the serving functions, which know the address the reader asked for).
//!
//! Without a layer the answer is plain text, so a route that forgets one still says
//! what happened.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// Signed out, on a page: go to the sign-in form and come back.
    #[error("sign in first")]
    SignInFirst { next: String },
    /// A form sent with a session that has ended.
    #[error("the session expired")]
    SessionExpired,
    #[error("the form's security token is missing or wrong")]
    BadCsrf,
    /// The signed-in person's role does not allow the action.
    #[error("forbidden by the role")]
    RoleForbids,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Nothing at this address (a theme page shows the theme's 404 for it).
    #[error("not found")]
    NotFound,
    /// A request the desk's own forms never send (a hand-made or stale one).
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("the form was too large or cut off")]
    FormTooLarge,
    /// A multipart body that is not multipart (a broken or hand-made request).
    #[error("the form could not be read")]
    MalformedForm,
    /// A text over the Markdown limits: refused before it is rendered.
    #[error("the text cannot be rendered: {0}")]
    Unrenderable(byline_core::markdown::MarkdownLimit),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template error: {0:#}")]
    Template(#[from] minijinja::Error),
    /// The media storage did not take or give a file: the message says which and
    /// why, for the person who was uploading.
    #[error("{0}")]
    MediaUnavailable(String),
    /// An answer of the kind `cause` in words its handler chose: a desk handler's,
    /// in its person's language.
    #[error("{message}")]
    Worded { cause: Cause, message: String },
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<byline_media::MediaError> for HttpError {
    fn from(error: byline_media::MediaError) -> Self {
        HttpError::MediaUnavailable(format!(
            "{error}. Nothing was saved, and the site's pages keep serving: try again in a moment."
        ))
    }
}

impl HttpError {
    /// What kind of answer this is, whatever words it carries.
    pub fn cause(&self) -> Cause {
        match self {
            HttpError::SignInFirst { .. } => Cause::SignInFirst,
            HttpError::SessionExpired => Cause::SessionExpired,
            HttpError::BadCsrf => Cause::BadCsrf,
            HttpError::RoleForbids => Cause::RoleForbids,
            HttpError::Forbidden(_) => Cause::Forbidden,
            HttpError::NotFound => Cause::NotFound,
            HttpError::BadRequest(_) => Cause::BadRequest,
            HttpError::Conflict(_) => Cause::Conflict,
            HttpError::FormTooLarge => Cause::FormTooLarge,
            HttpError::MalformedForm => Cause::MalformedForm,
            HttpError::Unrenderable(_) | HttpError::Store(StoreError::InvalidPost(_)) => {
                Cause::Unrenderable
            }
            HttpError::Store(error) if error.is_unavailable() => Cause::DatabaseUnavailable,
            HttpError::MediaUnavailable(_) => Cause::MediaUnavailable,
            HttpError::Store(StoreError::NotEditable(_)) => Cause::NotEditable,
            HttpError::Store(StoreError::NotFound { .. }) => Cause::Gone,
            HttpError::Worded { cause, .. } => *cause,
            HttpError::Store(_) | HttpError::Template(_) | HttpError::Other(_) => Cause::Internal,
        }
    }

    /// The sentence this error brought with it, when it names its own reason rather
    /// than its kind's.
    fn own_message(&self) -> Option<&str> {
        match self {
            HttpError::Forbidden(message) | HttpError::Conflict(message) => Some(message),
            HttpError::BadRequest(message)
            | HttpError::MediaUnavailable(message)
            | HttpError::Store(StoreError::NotEditable(message))
            | HttpError::Worded { message, .. } => Some(message),
            _ => None,
        }
    }

    /// What this cause means to the person asking, wherever it is shown. A 500 or a
    /// 503 is logged here, once.
    pub fn answer(&self) -> Answer {
        let cause = self.cause();
        match cause {
            Cause::DatabaseUnavailable => {
                tracing::error!(error = %self, "request failed: database unavailable");
                metrics::counter!("byline_database_unavailable_total").increment(1);
            }
            Cause::MediaUnavailable => {
                tracing::error!(error = %self, "request failed: media storage unavailable");
                metrics::counter!("byline_media_unavailable_total").increment(1);
            }
            Cause::Internal => tracing::error!(error = %self, "request failed"),
            _ => {}
        }
        let status = cause.status();
        Answer {
            status,
            title: cause.title(),
            message: self.own_message().unwrap_or(cause.message()).to_owned(),
            kind: kind(status),
            signed_out: cause == Cause::SessionExpired,
            cause,
            own_message: self.own_message().is_some(),
        }
    }
}

/// The kinds of answer an [`HttpError`] can be, each with its status and its words in
/// English. A face that speaks another language (the desk, in its person's) words
/// the kind itself, and shows an error's own sentence as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    SignInFirst,
    SessionExpired,
    BadCsrf,
    /// The person's role does not allow the action.
    RoleForbids,
    /// Not allowed, for a reason the error says.
    Forbidden,
    /// Nothing at this address.
    NotFound,
    /// What the address named has been removed (the store has no such row).
    Gone,
    BadRequest,
    Conflict,
    /// The thing exists but its state no longer allows the change.
    NotEditable,
    FormTooLarge,
    MalformedForm,
    Unrenderable,
    DatabaseUnavailable,
    MediaUnavailable,
    Internal,
}

impl Cause {
    pub fn status(self) -> StatusCode {
        match self {
            Cause::SignInFirst => StatusCode::UNAUTHORIZED,
            Cause::SessionExpired | Cause::BadCsrf | Cause::RoleForbids | Cause::Forbidden => {
                StatusCode::FORBIDDEN
            }
            Cause::NotFound | Cause::Gone => StatusCode::NOT_FOUND,
            Cause::BadRequest | Cause::MalformedForm => StatusCode::BAD_REQUEST,
            Cause::Conflict | Cause::NotEditable => StatusCode::CONFLICT,
            Cause::FormTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Cause::Unrenderable => StatusCode::UNPROCESSABLE_ENTITY,
            Cause::DatabaseUnavailable | Cause::MediaUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Cause::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Cause::SignInFirst => "Sign in first",
            Cause::SessionExpired => "Your session has ended",
            Cause::BadCsrf => "This form has expired",
            Cause::RoleForbids | Cause::Forbidden => "You cannot do this",
            Cause::NotFound | Cause::Gone => "Not found",
            Cause::BadRequest => "This cannot be done",
            Cause::Conflict => "Someone else changed this first",
            Cause::NotEditable => "This can no longer be changed",
            Cause::FormTooLarge | Cause::MalformedForm => "This form could not be read",
            Cause::Unrenderable => "This text cannot be saved",
            Cause::DatabaseUnavailable => "The database cannot be reached",
            Cause::MediaUnavailable => "The file could not be stored",
            Cause::Internal => "Something went wrong on our side",
        }
    }

    /// What the kind says when the error brings no sentence of its own.
    fn message(self) -> &'static str {
        match self {
            Cause::SignInFirst => "This needs a signed-in member of staff.",
            Cause::SessionExpired => {
                "You were signed out (sessions end after two weeks, or when you sign out \
                 elsewhere). Sign in again, then repeat what you were doing."
            }
            Cause::BadCsrf => {
                "The form was missing its security token or came from another site, so nothing \
                 was changed. Go back, reload the page and try again."
            }
            Cause::RoleForbids | Cause::Forbidden => {
                "Your role does not allow this. Ask an editor or an administrator."
            }
            Cause::NotFound => {
                "There is nothing at this address in the desk. It may have been removed."
            }
            Cause::Gone => "What you asked for no longer exists.",
            Cause::BadRequest | Cause::MalformedForm => {
                "What was sent is not a form this page sends, so nothing was saved. \
                 Go back, reload the page and try again."
            }
            Cause::Conflict | Cause::NotEditable => {
                "Someone changed this meanwhile, so nothing was saved. Reload the page and try \
                 again."
            }
            Cause::FormTooLarge => {
                "What was sent is larger than 48 MB or arrived incomplete, so nothing was saved. \
                 Go back and try again with a smaller file."
            }
            Cause::Unrenderable => {
                "The body is over 512 KB or nests quotes, lists or tags more than 40 levels \
                 deep, so nothing was saved. Go back, shorten or flatten it, and save again."
            }
            Cause::DatabaseUnavailable | Cause::MediaUnavailable => {
                "Nothing was saved. Try again in a moment."
            }
            Cause::Internal => {
                "The error has been logged. Nothing was half-saved: try again, and if it keeps \
                 happening tell your administrator."
            }
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        if let HttpError::SignInFirst { next } = &self {
            let target = format!("/admin/signin?next={}", encode_query(next));
            return Redirect::to(&target).into_response();
        }
        self.answer().into_response()
    }
}

/// What an [`HttpError`] means to the person asking, before it is given a face.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub title: &'static str,
    pub message: String,
    /// The kind of error by name, as JSON clients of Ghost-style APIs expect it
    /// (`NotFoundError`, `ValidationError`, ...).
    pub kind: &'static str,
    /// The session has ended: the page offers to sign in again.
    pub signed_out: bool,
    pub cause: Cause,
    /// Whether `message` is the error's own sentence, not its kind's.
    pub own_message: bool,
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CACHE_CONTROL, "no-store")],
            format!("{}\n\n{}\n", self.title, self.message),
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response.extensions_mut().insert(self);
        response
    }
}

/// The error type's name for JSON clients, by status.
fn kind(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "BadRequestError",
        StatusCode::UNAUTHORIZED => "UnauthorizedError",
        StatusCode::FORBIDDEN => "NoPermissionError",
        StatusCode::NOT_FOUND => "NotFoundError",
        StatusCode::CONFLICT => "UpdateCollisionError",
        StatusCode::PAYLOAD_TOO_LARGE => "RequestEntityTooLargeError",
        StatusCode::UNPROCESSABLE_ENTITY => "ValidationError",
        StatusCode::SERVICE_UNAVAILABLE => "ServiceUnavailableError",
        _ => "InternalServerError",
    }
}

/// Layer for JSON endpoints: an error answer becomes
/// `{"error": "...", "errors": [{"message", "context", "type"}]}`: `error` is one
/// sentence for a script to show, `errors` the shape Ghost's API clients read.
pub async fn json_answers(mut response: Response) -> Response {
    let Some(answer) = response.extensions_mut().remove::<Answer>() else {
        return response;
    };
    let body = serde_json::json!({
        "error": format!("{}. {}", answer.title, answer.message),
        "errors": [{
            "message": answer.title,
            "context": answer.message,
            "type": answer.kind,
        }],
    });
    with_body(response, axum::Json(body).into_response())
}

/// `answered`'s status and headers (no-store, Retry-After) with `shown`'s body and
/// content type.
pub fn with_body(answered: Response, shown: Response) -> Response {
    let (mut parts, _) = answered.into_parts();
    let (shown_parts, body) = shown.into_parts();
    if let Some(content_type) = shown_parts.headers.get(header::CONTENT_TYPE) {
        parts
            .headers
            .insert(header::CONTENT_TYPE, content_type.clone());
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

/// Percent-encodes a value for a query string.
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
