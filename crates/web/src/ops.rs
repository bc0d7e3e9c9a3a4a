//! For operators and browsers: health, metrics, theme assets and media files.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::Json;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::kit::cache::{CacheEntry, CachedPage, Deps, Lookup};
use crate::kit::http::respond;
use crate::kit::serve::not_found_page;
use crate::state::SharedState;

const LATENCY_BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

/// The process-wide Prometheus recorder (metrics are process-global by nature; several
/// servers in one test process simply share counters).
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("byline_http_request_duration_seconds".into()),
                LATENCY_BUCKETS,
            )
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics may be empty");
        }
        handle
    })
}

/// Counts every request and times it, by route pattern (never by raw path, which
/// would let anyone create unbounded label values).
pub async fn track(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = matched.map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    let status = match response.status().as_u16() {
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    metrics::counter!("byline_http_requests_total", "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("byline_http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// `/metrics`: for a scraper on this machine, or one that sends `--metrics-token` as
/// `Authorization: Bearer …`. A request relayed by a proxy (it carries
/// `X-Forwarded-For` or `Forwarded`) is not "on this machine", even though the proxy
/// connects from 127.0.0.1.
pub async fn metrics_text(
    State(state): State<SharedState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let relayed = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    let local = peer.ip().to_canonical().is_loopback() && !relayed;
    let offered = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let token_ok = match (&state.metrics_token, offered) {
        (Some(token), Some(offered)) => crate::kit::session::same_secret(token, offered.trim()),
        _ => false,
    };
    if !(local || token_ok) {
        let (status, message) = if state.metrics_token.is_some() {
            (
                StatusCode::UNAUTHORIZED,
                "Send the metrics token as Authorization: Bearer TOKEN to read /metrics.\n",
            )
        } else {
            (
                StatusCode::FORBIDDEN,
                "/metrics answers only on this machine. Start Byline with --metrics-token \
                 to let a scraper elsewhere read it.\n",
            )
        };
        let mut response = (status, message).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return response;
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        prometheus().render(),
    )
        .into_response()
}

/// Healthy when the database answers.
pub async fn healthz(State(state): State<SharedState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "database": "ok" })),
        )
            .into_response(),
        Err(error) => {
            tracing::warn!(error = %error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" })),
            )
                .into_response()
        }
    }
}

/// `/favicon.ico`, which browsers and feed readers ask for when a page names no icon:
/// the newsroom's icon (a redirect to the upload) or the theme's, never a 404.
pub async fn favicon(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    if let Ok(chrome) = state.chrome().await
        && let Some(url) = &chrome.settings.icon_url
    {
        return (StatusCode::FOUND, [(header::LOCATION, url.as_str())]).into_response();
    }
    let icon = state
        .theme
        .asset("icon.svg")
        .unwrap_or_else(|| crate::kit::theme::DEFAULT_ICON.as_bytes().to_vec());
    let page = CachedPage::new(icon, "image/svg+xml");
    respond(&page, &headers, state.cache.changed_at())
}

/// `/assets/…`: the theme's stylesheets, scripts and pictures, cached like pages.
pub async fn asset(
    State(state): State<SharedState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    let key = format!("/assets/{path}");
    let miss = match state.cache.lookup(&key).await {
        Lookup::Hit(entry) => {
            let page = crate::kit::serve::joined(&state, &entry).await;
            return respond(&page, &headers, state.cache.changed_at());
        }
        Lookup::Miss(miss) => miss,
    };
    match state.theme.asset(&path) {
        Some(bytes) => {
            let page = Arc::new(CachedPage::new(bytes, content_type(&path)));
            // The theme is fixed while the server runs: only a site change drops it.
            let entry = CacheEntry::whole(page.clone(), Deps::site());
            state.cache.fill(miss, Arc::new(entry));
            respond(&page, &headers, state.cache.changed_at())
        }
        None => {
            drop(miss);
            not_found_page(&state, &key).await
        }
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}
