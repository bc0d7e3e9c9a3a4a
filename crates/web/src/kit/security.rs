//! Response headers that tell browsers what a page may do, on every answer: a
//! Content-Security-Policy (scripts only from this site, never inline; the few inline
//! blocks are JSON-LD data, which browsers do not run), `nosniff`, framing, referrer
//! and permissions policies. The desk's policy is stricter than the site's.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// Readers' pages. What a directive leaves out falls back to `default-src 'self'`
/// (styles, media, fonts, connections); images may come from any https host (author
/// photos, featured images from hosts the site allows). Kept short: it travels with
/// every answer.
pub const SITE_POLICY: &str = "default-src 'self'; script-src 'self'; img-src 'self' https: data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

/// The desk: the same, never framed, no `<base>`.
pub const DESK_POLICY: &str = "default-src 'self'; script-src 'self'; img-src 'self' https: data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=()";

/// The headers every answer carries unless its handler set its own (the newsletter
/// preview's stricter policy, the desk's referrer policy). Static values in
/// `SetResponseHeaderLayer`s cost no allocation on the page-cache hot path; the desk
/// adds [`desk_policy`] inside, which these then leave alone.
pub fn layer<S>(router: axum::Router<S>) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SITE_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ))
}

/// The desk's own policy, set on its routes before [`layer`] sees the answer.
pub fn desk_policy() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DESK_POLICY),
    )
}
