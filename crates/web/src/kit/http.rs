//! Answering with a cached page: conditional requests (304), content encoding, and
//! the caching headers a CDN in front of Byline needs.

use std::io::Write as _;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;

use crate::kit::cache::CachedPage;

/// Pages may be kept by browsers and CDNs for a minute, then revalidated.
const PAGE_CACHE_CONTROL: &str = "public, max-age=60";

/// Bodies smaller than this are sent as they are: compressing them saves nothing.
const MIN_COMPRESS_BYTES: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

/// The best encoding the client accepts among brotli, gzip and none.
pub fn negotiate(headers: &HeaderMap) -> Encoding {
    let mut best = Encoding::Identity;
    for name in accepted(headers) {
        match name {
            "br" => best = Encoding::Brotli,
            "gzip" if best != Encoding::Brotli => best = Encoding::Gzip,
            _ => {}
        }
    }
    best
}

/// Whether the client takes the content coding `coding`.
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    accepted(headers).any(|name| name == coding)
}

/// The content codings `Accept-Encoding` offers and does not refuse (`q=0`).
fn accepted(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept.split(',').filter_map(|offer| {
        let mut parts = offer.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
        });
        (!refused && !name.is_empty()).then_some(name)
    })
}

/// True when the client's copy (named by `If-None-Match` or `If-Modified-Since`) is
/// still current.
pub fn not_modified(headers: &HeaderMap, etag: &HeaderValue, last_modified_secs: i64) -> bool {
    if let Some(candidates) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let ours = strip_weak(etag.to_str().unwrap_or_default());
        return candidates
            .split(',')
            .map(|c| strip_weak(c.trim()))
            .any(|c| c == "*" || c == ours);
    }
    if let Some(since) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    {
        let since = since
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        return last_modified_secs <= since;
    }
    false
}

fn strip_weak(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

pub fn http_date(unix_seconds: i64) -> HeaderValue {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix_seconds.max(0) as u64);
    HeaderValue::from_str(&httpdate::fmt_http_date(time)).expect("an HTTP date is a valid header")
}

/// The response for a cached page: 304 when the client's copy is current, else the
/// body in the best encoding the client accepts.
pub fn respond(page: &CachedPage, request: &HeaderMap, last_modified_secs: i64) -> Response {
    let mut response = Response::new(Body::empty());
    let headers = response.headers_mut();
    headers.insert(header::ETAG, page.etag.clone());
    headers.insert(header::LAST_MODIFIED, http_date(last_modified_secs));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if not_modified(request, &page.etag, last_modified_secs) {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(page.content_type),
    );
    let body = if page.len() < MIN_COMPRESS_BYTES {
        page.body().clone()
    } else {
        let encoding = match negotiate(request) {
            // A page laid together as gzip is sent as gzip when the client takes it:
            // brotli would cost a compression per request.
            Encoding::Brotli if page.prefers_gzip() && accepts(request, "gzip") => Encoding::Gzip,
            encoding => encoding,
        };
        match encoding {
            Encoding::Identity => page.body().clone(),
            Encoding::Gzip => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                page.gzip().clone()
            }
            Encoding::Brotli => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                page.brotli().clone()
            }
        }
    };
    *response.body_mut() = Body::from(body);
    response
}

pub fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::new(6),
    );
    encoder
        .write_all(body)
        .expect("writing to memory cannot fail");
    Bytes::from(encoder.finish().expect("writing to memory cannot fail"))
}

pub fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() / 3);
    {
        // Quality 5 compresses news HTML about as well as gzip -9 at a fraction of
        // brotli's maximum cost; it runs once per page per cache fill.
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        writer
            .write_all(body)
            .expect("writing to memory cannot fail");
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn brotli_is_preferred_and_refusals_are_honoured() {
        assert_eq!(
            negotiate(&headers(&[("accept-encoding", "gzip, deflate, br")])),
            Encoding::Brotli
        );
        assert_eq!(
            negotiate(&headers(&[("accept-encoding", "gzip, br;q=0")])),
            Encoding::Gzip
        );
        assert_eq!(negotiate(&headers(&[])), Encoding::Identity);
    }

    #[test]
    fn matching_etags_and_old_dates_are_not_modified() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        assert!(not_modified(
            &headers(&[("if-none-match", "\"abc\"")]),
            &etag,
            100
        ));
        assert!(!not_modified(
            &headers(&[("if-none-match", "W/\"zzz\"")]),
            &etag,
            100
        ));
        let date =
            httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(200));
        assert!(not_modified(
            &headers(&[("if-modified-since", &date)]),
            &etag,
            150
        ));
        assert!(!not_modified(
            &headers(&[("if-modified-since", &date)]),
            &etag,
            250
        ));
        assert!(!not_modified(
            &headers(&[("if-modified-since", "garbage")]),
            &etag,
            250
        ));
    }

    #[test]
    fn compressed_bodies_decompress_to_the_original() {
        use std::io::Read;
        let body = "news ".repeat(1000);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&gzip(body.as_bytes())[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, body);
        let mut out = Vec::new();
        brotli::Decompressor::new(&brotli(body.as_bytes())[..], 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, body.as_bytes());
    }
}
