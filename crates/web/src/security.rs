//! Response headers that tell browsers what a page may do, on every answer: a
//! Content-Security-Policy (scripts only from this site, never inline; the few inline
//! blocks are JSON-LD data, which browsers do not run), `nosniff`, framing, referrer
//! and permissions policies. The desk's policy is stricter than the site's.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Readers' pages: images may come from any https host (author photos, featured
/// images from hosts the site allows); everything else from this site.
pub const SITE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' https: data:; media-src 'self'; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

/// The desk: the same, never framed, no `<base>`.
pub const DESK_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' https: data:; media-src 'self'; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), \
     usb=(), browsing-topics=()";

/// Adds the headers a handler did not set itself (the newsletter preview sets a
/// stricter policy of its own; the desk sets its referrer policy).
pub async fn headers(request: Request, next: Next) -> Response {
    let desk = request.uri().path().starts_with("/admin");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let policy = if desk { DESK_POLICY } else { SITE_POLICY };
    let set = [
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    for (name, value) in set {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}
