//! Structured data (schema.org JSON-LD) and the values of preview tags.
//!
//! Each edition is a publication of its own: its pages' addresses, `@id`s and
//! `inLanguage` are the edition's (`https://news.example/uk/…`, `uk`), and files
//! (pictures, audio, the logo) keep their one address on the site.

use byline_core::markdown::plain_text;
use byline_core::{FeedItem, LanguageTag, Post, PostKind};
use serde_json::{Value, json};

use super::{absolute, rfc3339};
use crate::state::Chrome;

/// The OpenGraph locale of a language, `language_TERRITORY` (`uk_UA`, `en_US`): its
/// own region if the tag has one, else the region its speakers are mostly in.
pub fn og_locale(language: &LanguageTag) -> String {
    const USUAL_REGION: &[(&str, &str)] = &[
        ("en", "US"),
        ("uk", "UA"),
        ("ar", "SA"),
        ("be", "BY"),
        ("cs", "CZ"),
        ("da", "DK"),
        ("el", "GR"),
        ("et", "EE"),
        ("fa", "IR"),
        ("he", "IL"),
        ("hi", "IN"),
        ("ja", "JP"),
        ("ka", "GE"),
        ("kk", "KZ"),
        ("ko", "KR"),
        ("nb", "NO"),
        ("sl", "SI"),
        ("sr", "RS"),
        ("sv", "SE"),
        ("vi", "VN"),
        ("zh", "CN"),
    ];
    let primary = language.primary();
    let region = language.region().map(str::to_owned).unwrap_or_else(|| {
        USUAL_REGION
            .iter()
            .find(|(code, _)| *code == primary)
            .map(|(_, region)| (*region).to_owned())
            .unwrap_or_else(|| primary.to_ascii_uppercase())
    });
    format!("{primary}_{region}")
}

/// JSON for a `<script type="application/ld+json">`: `<` is escaped so no text in it
/// can close the script element.
pub fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// The edition as a `NewsMediaOrganization`, as the news sitemap names it.
fn publisher(chrome: &Chrome) -> Value {
    let site = &chrome.site;
    let mut organization = json!({
        "@type": "NewsMediaOrganization",
        "@id": chrome.url("/#publisher"),
        "name": site.title,
        "url": chrome.url("/"),
    });
    if let Some(logo) = &chrome.settings.logo_url {
        organization["logo"] = json!({
            "@type": "ImageObject",
            "url": absolute(&site.url, logo),
        });
    }
    organization
}

/// The home page: the site as a `WebSite` with its search, and its publisher.
pub fn home(chrome: &Chrome) -> String {
    let site = &chrome.site;
    script_json(&json!({
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebSite",
                "@id": chrome.url("/#website"),
                "url": chrome.url("/"),
                "name": site.title,
                "description": site.description,
                "inLanguage": chrome.language().as_str(),
                "publisher": { "@id": chrome.url("/#publisher") },
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": chrome.url("/search/?q={search_term_string}"),
                    },
                    "query-input": "required name=search_term_string",
                },
            },
            publisher(chrome),
        ],
    }))
}

/// An article: `NewsArticle` (with its narration as an `AudioObject` when there is
/// one) and its `BreadcrumbList`; a standing page: `WebPage`.
pub fn article(
    chrome: &Chrome,
    post: &Post,
    narration: Option<&crate::narration::PlayerView>,
) -> String {
    let site = &chrome.site;
    let summary = &post.summary;
    let url = chrome.url(&format!("/{}/", summary.slug));
    let language = chrome.language().as_str();
    let published = summary.published_at.map(rfc3339);
    // dateModified is the public "Updated" time, never the last save.
    let modified = summary
        .updated_at
        .map(rfc3339)
        .or_else(|| published.clone());
    if summary.kind == PostKind::Page {
        return script_json(&json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": summary.title,
            "description": summary.excerpt,
            "inLanguage": language,
            "isPartOf": { "@type": "WebSite", "url": chrome.url("/"), "name": site.title },
        }));
    }
    let mut article = json!({
        "@type": "NewsArticle",
        "@id": format!("{url}#article"),
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "url": url,
        "headline": summary.title,
        "description": summary.excerpt,
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": language,
        "isAccessibleForFree": true,
        "author": summary.authors.iter().map(|author| json!({
            "@type": "Person",
            "name": author.name,
            "url": chrome.url(&format!("/author/{}/", author.slug)),
        })).collect::<Vec<_>>(),
        "publisher": publisher(chrome),
    });
    if let Some(image) = &summary.image {
        let mut picture = json!({
            "@type": "ImageObject",
            "url": absolute(&site.url, &image.url),
            "width": image.width,
            "height": image.height,
        });
        if let Some(caption) = &image.caption {
            picture["caption"] = json!(caption);
        }
        if let Some(credit) = &image.credit {
            picture["creditText"] = json!(credit);
        }
        article["image"] = json!([picture]);
    }
    if let Some(audio) = narration {
        article["audio"] = json!({
            "@type": "AudioObject",
            "contentUrl": absolute(&site.url, &audio.url),
            "encodingFormat": "audio/mpeg",
            "duration": audio.duration_iso,
            "description": audio.disclosure,
        });
    }
    let mut crumbs = vec![json!({
        "@type": "ListItem", "position": 1, "name": site.title, "item": chrome.url("/"),
    })];
    if let Some(section) = summary.section() {
        article["articleSection"] = json!(section.name);
        crumbs.push(json!({
            "@type": "ListItem", "position": 2, "name": section.name,
            "item": chrome.url(&format!("/tag/{}/", section.slug)),
        }));
    }
    crumbs.push(json!({
        "@type": "ListItem", "position": crumbs.len() + 1, "name": summary.title, "item": url,
    }));
    script_json(&json!({
        "@context": "https://schema.org",
        "@graph": [
            article,
            { "@type": "BreadcrumbList", "itemListElement": crumbs },
        ],
    }))
}

/// The News Feed's first page: a `LiveBlogPosting` whose updates are the items shown
/// (`items` as listed, the pinned one first).
pub fn news_feed(chrome: &Chrome, items: &[FeedItem]) -> String {
    let site = &chrome.site;
    let url = chrome.url("/news-feed/");
    let mut live = json!({
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": format!("{url}#live"),
        "url": url,
        "mainEntityOfPage": { "@type": "WebPage", "@id": url },
        "headline": format!("{} News Feed", site.title),
        "description": format!("Short updates from {}, newest first.", site.title),
        "inLanguage": chrome.language().as_str(),
        "isAccessibleForFree": true,
        "publisher": publisher(chrome),
        "liveBlogUpdate": items.iter().map(|item| feed_update(chrome, item)).collect::<Vec<_>>(),
    });
    if let Some(start) = items.iter().map(|item| item.published_at).min() {
        live["coverageStartTime"] = json!(rfc3339(start));
        live["datePublished"] = json!(rfc3339(start));
    }
    if let Some(newest) = items.iter().map(last_change).max() {
        live["dateModified"] = json!(rfc3339(newest));
    }
    script_json(&live)
}

/// One item's own page: the item as a `BlogPosting`, part of the live coverage.
pub fn feed_item(chrome: &Chrome, item: &FeedItem) -> String {
    let mut posting = feed_update(chrome, item);
    posting["@context"] = json!("https://schema.org");
    posting["mainEntityOfPage"] = json!({ "@type": "WebPage", "@id": posting["url"] });
    posting["inLanguage"] = json!(chrome.language().as_str());
    posting["publisher"] = publisher(chrome);
    let live = chrome.url("/news-feed/");
    posting["isPartOf"] = json!({
        "@type": "LiveBlogPosting",
        "@id": format!("{live}#live"),
        "url": live,
    });
    script_json(&posting)
}

/// An item as a `BlogPosting`; `dateModified` only when it carries an "Updated" mark.
fn feed_update(chrome: &Chrome, item: &FeedItem) -> Value {
    let mut posting = json!({
        "@type": "BlogPosting",
        "headline": item.headline,
        "url": chrome.url(&format!("/news-feed/{}/", item.id)),
        "datePublished": rfc3339(item.published_at),
        "articleBody": plain_text(&item.text),
    });
    if let Some(updated) = item.updated_at {
        posting["dateModified"] = json!(rfc3339(updated));
    }
    if let Some(slug) = &item.post_slug {
        posting["sharedContent"] = json!({
            "@type": "NewsArticle",
            "url": chrome.url(&format!("/{slug}/")),
        });
    }
    posting
}

fn last_change(item: &FeedItem) -> jiff::Timestamp {
    item.updated_at
        .map_or(item.published_at, |updated| updated.max(item.published_at))
}

#[cfg(test)]
mod tests {
    use super::{LanguageTag, og_locale, script_json};

    #[test]
    fn og_locales_name_a_territory() {
        let cases = [
            ("uk", "uk_UA"),
            ("en", "en_US"),
            ("en-GB", "en_GB"),
            ("de", "de_DE"),
            ("pt-BR", "pt_BR"),
            ("ja", "ja_JP"),
        ];
        for (tag, expected) in cases {
            assert_eq!(og_locale(&LanguageTag::parse(tag).unwrap()), expected);
        }
    }

    #[test]
    fn script_json_cannot_close_its_script_element() {
        let value = serde_json::json!({ "headline": "</script><script>alert(1)</script>" });
        let text = script_json(&value);
        assert!(!text.contains("</script"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
