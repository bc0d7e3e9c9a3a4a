//! A post's body and lead photo as Ghost keeps them: the Markdown in a Lexical card,
//! the HTML with Ghost's own-site links and bookmark cards, one caption with the
//! credit in it.

use std::collections::HashMap;

use byline_core::html::escape;
use byline_core::markdown::{BodyPart, parse_marker, split_related};
use byline_store::RelatedTarget;

/// What Ghost writes for its own address in stored content.
pub(crate) const GHOST_URL: &str = "__GHOST_URL__";

/// What the export needs to know about the site.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// The public address without a trailing slash.
    pub url: String,
    pub title: String,
}

/// The path of `url` on this site (`/content/images/…`) if it is site-relative or
/// starts with the site's own address; `None` for other sites and other forms.
fn own_path<'a>(url: &'a str, site_url: &str) -> Option<&'a str> {
    if url.starts_with('/') && !url.starts_with("//") {
        return Some(url);
    }
    if site_url.is_empty() {
        return None;
    }
    let rest = url.strip_prefix(site_url)?;
    if rest.is_empty() {
        Some("/")
    } else if rest.starts_with('/') {
        Some(rest)
    } else {
        None
    }
}

/// An address as Ghost stores it: this site's own become `__GHOST_URL__/…`, others
/// stay as they are.
pub(crate) fn ghost_address(url: &str, site_url: &str) -> String {
    match own_path(url, site_url) {
        Some(path) => format!("{GHOST_URL}{path}"),
        None => url.to_owned(),
    }
}

/// The Lexical document Ghost edits: Markdown cards holding Byline's text verbatim,
/// with each related-article marker (`[[related: slug]]`) as a bookmark card to that
/// article between them. Ghost renders pages from this document, not from `html`, so
/// a marker left in a Markdown card would show as raw text there; Byline's importer
/// reads a bookmark to the site's own article back as the marker.
pub(crate) fn lexical(
    markdown: &str,
    related: &HashMap<String, RelatedTarget>,
    site: &Site,
) -> String {
    let mut children = Vec::new();
    let mut pending = String::new();
    let mut in_fence = false;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        match (!in_fence).then(|| parse_marker(trimmed)).flatten() {
            Some(slug) => {
                markdown_card(&mut pending, &mut children);
                children.push(bookmark_card(
                    slug.as_str(),
                    related.get(slug.as_str()),
                    site,
                ));
            }
            None => pending.push_str(line),
        }
    }
    markdown_card(&mut pending, &mut children);
    serde_json::json!({
        "root": {
            "children": children,
            "direction": null,
            "format": "",
            "indent": 0,
            "type": "root",
            "version": 1
        }
    })
    .to_string()
}

/// Moves the Markdown gathered so far into a card (none for blank text).
fn markdown_card(pending: &mut String, children: &mut Vec<serde_json::Value>) {
    let text = pending.trim_matches('\n');
    if !text.trim().is_empty() {
        children.push(serde_json::json!({"type": "markdown", "version": 1, "markdown": text}));
    }
    pending.clear();
}

/// Ghost's bookmark card for a related article: its title, standfirst and picture
/// when it is published; only its address when it is not (a draft, exported too,
/// that may be published later).
fn bookmark_card(slug: &str, target: Option<&RelatedTarget>, site: &Site) -> serde_json::Value {
    let (title, description, thumbnail) = match target {
        Some(target) => (
            target.title.as_str(),
            target
                .subtitle
                .as_deref()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or(&target.excerpt),
            target
                .image_url
                .as_deref()
                .map(|image| ghost_address(image, &site.url)),
        ),
        None => (slug, "", None),
    };
    serde_json::json!({
        "type": "bookmark",
        "version": 1,
        "url": format!("{GHOST_URL}/{slug}/"),
        "metadata": {
            "icon": "",
            "title": title,
            "description": description,
            "author": "",
            "publisher": site.title,
            "thumbnail": thumbnail.unwrap_or_default(),
        },
        "caption": "",
    })
}

/// Byline's rendered HTML as Ghost keeps it: `href` and `src` addresses on this site
/// made `__GHOST_URL__/…`, and each related-article marker replaced by a bookmark
/// card for that article, or dropped when `related` does not have it (missing or
/// unpublished: Byline's pages show nothing for those either).
pub(crate) fn html(
    body_html: &str,
    related: &HashMap<String, RelatedTarget>,
    site: &Site,
) -> String {
    let mut out = String::with_capacity(body_html.len() + body_html.len() / 16);
    for part in split_related(body_html) {
        match part {
            BodyPart::Html(html) => rewrite_links(html, &site.url, &mut out),
            BodyPart::Related(slug) => {
                if let Some(target) = related.get(slug.as_str()) {
                    bookmark(target, site, &mut out);
                }
            }
        }
    }
    out
}

/// Copies `html` to `out` with this site's `href="…"` and `src="…"` addresses made
/// Ghost's. The HTML is the sanitizer's output: every attribute is double-quoted and
/// a quote inside text is escaped, so `="` only ever opens an attribute value.
fn rewrite_links(html: &str, site_url: &str, out: &mut String) {
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = html[search..].find("=\"") {
        let value_start = search + found + 2;
        let value_end = html[value_start..]
            .find('"')
            .map_or(html.len(), |end| value_start + end);
        let name = &html[..search + found];
        let link = name.ends_with(" href") || name.ends_with(" src");
        if let Some(path) = own_path(&html[value_start..value_end], site_url).filter(|_| link) {
            out.push_str(&html[copied..value_start]);
            out.push_str(GHOST_URL);
            out.push_str(path);
            copied = value_end;
        }
        search = value_end;
    }
    out.push_str(&html[copied..]);
}

/// A card in the shape of Ghost's bookmark card, linking to the related article.
fn bookmark(target: &RelatedTarget, site: &Site, out: &mut String) {
    let description = target
        .subtitle
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(&target.excerpt);
    out.push_str(&format!(
        "<figure class=\"kg-card kg-bookmark-card\"><a class=\"kg-bookmark-container\" \
         href=\"{GHOST_URL}/{}/\"><div class=\"kg-bookmark-content\">\
         <div class=\"kg-bookmark-title\">{}</div>\
         <div class=\"kg-bookmark-description\">{}</div>\
         <div class=\"kg-bookmark-metadata\"><span class=\"kg-bookmark-publisher\">{}</span></div></div>",
        escape(&target.slug),
        escape(&target.title),
        escape(description),
        escape(&site.title),
    ));
    if let Some(image) = &target.image_url {
        out.push_str(&format!(
            "<div class=\"kg-bookmark-thumbnail\"><img src=\"{}\" alt=\"\"></div>",
            escape(&ghost_address(image, &site.url))
        ));
    }
    out.push_str("</a></figure>");
}

/// Ghost's one caption (HTML) from Byline's caption and credit, joined by
/// [`byline_core::credits::join`] (the credit keeps its own label, else gets
/// "Photo: "), then escaped. Byline's importer splits it back the same way.
pub(crate) fn caption(caption: Option<&str>, credit: Option<&str>) -> Option<String> {
    byline_core::credits::join(caption, credit).map(|joined| escape(&joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            url: "https://news.example".into(),
            title: "The Example".into(),
        }
    }

    #[test]
    fn own_links_become_ghost_urls_and_others_stay() {
        let mut out = String::new();
        rewrite_links(
            "<p><img src=\"/content/images/u/ab/800.jpg\" alt=\"x\"> <a href=\"https://news.example/flood/\">a</a> \
             <a href=\"https://elsewhere.example/\">b</a> <a href=\"//cdn.example/x\">c</a> \
             <a href=\"#note\">d</a> src=&quot;/not-an-attribute&quot;</p>",
            "https://news.example",
            &mut out,
        );
        assert_eq!(
            out,
            "<p><img src=\"__GHOST_URL__/content/images/u/ab/800.jpg\" alt=\"x\"> \
             <a href=\"__GHOST_URL__/flood/\">a</a> <a href=\"https://elsewhere.example/\">b</a> \
             <a href=\"//cdn.example/x\">c</a> <a href=\"#note\">d</a> src=&quot;/not-an-attribute&quot;</p>"
        );
    }

    #[test]
    fn related_markers_become_bookmark_cards_or_nothing() {
        let related = HashMap::from([(
            "bridge".to_owned(),
            RelatedTarget {
                slug: "bridge".into(),
                title: "Bridge <closes>".into(),
                subtitle: None,
                excerpt: "Traffic moves.".into(),
                image_url: Some("/content/images/u/cd/800.jpg".into()),
            },
        )]);
        let out = html(
            "<p>Before.</p>\n<p>[[related: bridge]]</p>\n<p>[[related: gone]]</p>\n<p>After.</p>",
            &related,
            &site(),
        );
        assert!(out.starts_with("<p>Before.</p>\n<figure class=\"kg-card kg-bookmark-card\">"));
        assert!(out.contains("href=\"__GHOST_URL__/bridge/\""));
        assert!(out.contains("Bridge &lt;closes&gt;"));
        assert!(out.contains("<img src=\"__GHOST_URL__/content/images/u/cd/800.jpg\""));
        assert!(!out.contains("gone"));
        assert!(out.ends_with("<p>After.</p>"));
    }

    #[test]
    fn captions_carry_credits() {
        let both = caption(Some("Crowds at the pier."), Some("Ana Lee/Wire")).unwrap();
        assert_eq!(both, "Crowds at the pier. Photo: Ana Lee/Wire");
        let labelled = caption(Some("A map."), Some("Illustration: Desk")).unwrap();
        assert_eq!(labelled, "A map. Illustration: Desk");
        assert_eq!(caption(None, Some("Staff")).unwrap(), "Photo: Staff");
        assert_eq!(caption(Some("A & B"), None).unwrap(), "A &amp; B");
    }

    #[test]
    fn the_lexical_document_holds_the_markdown_verbatim() {
        let markdown = "# Hi\n\n\"quoted\" \\ text";
        let doc: serde_json::Value =
            serde_json::from_str(&lexical(markdown, &HashMap::new(), &site())).unwrap();
        let card = &doc["root"]["children"][0];
        assert_eq!(card["type"], "markdown");
        assert_eq!(card["markdown"], markdown);
    }

    #[test]
    fn related_markers_become_bookmark_cards_between_markdown_cards() {
        let related = HashMap::from([(
            "bridge".to_owned(),
            RelatedTarget {
                slug: "bridge".into(),
                title: "Bridge closes".into(),
                subtitle: None,
                excerpt: "For a year.".into(),
                image_url: Some("/content/images/u/ab/800.jpg".into()),
            },
        )]);
        let markdown = "Before.\n\n[[related: bridge]]\n\nAfter.\n\n[[related: draft-story]]\n\n```\n[[related: in-code]]\n```";
        let doc: serde_json::Value =
            serde_json::from_str(&lexical(markdown, &related, &site())).unwrap();
        let cards = doc["root"]["children"].as_array().unwrap();
        let kinds: Vec<&str> = cards.iter().map(|c| c["type"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            ["markdown", "bookmark", "markdown", "bookmark", "markdown"]
        );
        assert_eq!(cards[0]["markdown"], "Before.");
        assert_eq!(cards[1]["url"], "__GHOST_URL__/bridge/");
        assert_eq!(cards[1]["metadata"]["title"], "Bridge closes");
        assert_eq!(
            cards[1]["metadata"]["thumbnail"],
            "__GHOST_URL__/content/images/u/ab/800.jpg"
        );
        assert_eq!(cards[3]["url"], "__GHOST_URL__/draft-story/");
        assert_eq!(cards[4]["markdown"], "```\n[[related: in-code]]\n```");
    }
}
