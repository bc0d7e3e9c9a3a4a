//! How a site is found: feeds (RSS 2.0 and Atom), sitemaps, robots.txt and the
//! structured data and previews on every page.

pub mod feeds;
pub mod seo;
pub mod sitemaps;

/// `path` as an absolute URL on the site (`/a/` -> `https://news.example/a/`);
/// absolute URLs are returned as they are.
pub fn absolute(site_url: &str, path: &str) -> String {
    if path.starts_with('/') {
        format!("{site_url}{path}")
    } else {
        path.to_owned()
    }
}

/// HTML with its site-relative links and images made absolute, for documents read
/// away from the site (feed readers, email).
pub fn absolutize_html(site_url: &str, html: &str) -> String {
    html.replace("href=\"/", &format!("href=\"{site_url}/"))
        .replace("src=\"/", &format!("src=\"{site_url}/"))
}

/// A timestamp as RFC 2822 (RSS dates).
pub fn rfc2822(at: jiff::Timestamp) -> String {
    at.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// A timestamp as RFC 3339 / W3C datetime (Atom, sitemaps), in UTC.
pub fn rfc3339(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_urls_are_in_feed_formats() {
        let at: jiff::Timestamp = "2024-11-16T17:06:05Z".parse().unwrap();
        assert_eq!(rfc2822(at), "Sat, 16 Nov 2024 17:06:05 +0000");
        assert_eq!(rfc3339(at), "2024-11-16T17:06:05Z");
        assert_eq!(absolute("https://n.example", "/a/"), "https://n.example/a/");
        assert_eq!(
            absolute("https://n.example", "https://cdn.example/x.jpg"),
            "https://cdn.example/x.jpg"
        );
        assert_eq!(
            absolutize_html(
                "https://n.example",
                "<a href=\"/b/\"><img src=\"/c.svg\"></a><a href=\"https://x/\">"
            ),
            "<a href=\"https://n.example/b/\"><img src=\"https://n.example/c.svg\"></a><a href=\"https://x/\">"
        );
    }
}
