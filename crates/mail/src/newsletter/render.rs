//! An issue as an email: the Markdown body becomes HTML that mail clients show the
//! same way (every style inline, images and links absolute), beside a plain-text part.
//!
//! An issue is rendered once per send; what differs per reader (their unsubscribe and
//! preferences links) is left as a placeholder and filled in with a string replace,
//! which is what makes thousands of messages a second cheap.

use byline_store::{Issue, Newsletter};
use minijinja::context;
use serde::Serialize;

use crate::{MailError, MailTemplates};

/// Stand-ins for each reader's own links; plain ASCII that no escaping changes.
pub const UNSUBSCRIBE_SLOT: &str = "BYLINE-UNSUBSCRIBE-URL";
pub const PREFERENCES_SLOT: &str = "BYLINE-PREFERENCES-URL";

/// An article shown as a card under the body.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ArticleCard {
    pub title: String,
    /// Absolute.
    pub url: String,
    pub excerpt: String,
    /// Absolute, when the article has a picture.
    pub image_url: Option<String>,
    pub image_alt: String,
    pub byline: String,
    pub section: String,
}

/// What an issue email is made from.
#[derive(Debug, Clone)]
pub struct IssueContent<'a> {
    pub site_title: &'a str,
    /// Without a trailing slash.
    pub site_url: &'a str,
    pub newsletter: &'a Newsletter,
    pub issue: &'a Issue,
    pub articles: Vec<ArticleCard>,
}

/// The rendered issue, with the per-reader link placeholders still in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedIssue {
    pub subject: String,
    pub html: String,
    pub text: String,
}

impl RenderedIssue {
    /// This reader's copy of the bodies.
    pub fn personalise(&self, unsubscribe_url: &str, preferences_url: &str) -> (String, String) {
        let fill = |body: &str| {
            body.replace(UNSUBSCRIBE_SLOT, unsubscribe_url)
                .replace(PREFERENCES_SLOT, preferences_url)
        };
        (fill(&self.html), fill(&self.text))
    }
}

/// Renders an issue with the `newsletter_issue` templates.
pub fn render_issue(
    templates: &MailTemplates,
    content: &IssueContent<'_>,
) -> Result<RenderedIssue, MailError> {
    let body = byline_core::markdown::render(&content.issue.body);
    let body_html = inline_styles(&absolute_urls(&body.html, content.site_url));
    let body_text = absolute_urls(content.issue.body.trim(), content.site_url);
    let context = context! {
        site_title => content.site_title,
        site_url => content.site_url,
        newsletter => context! {
            name => &content.newsletter.name,
            cadence => &content.newsletter.cadence,
        },
        issue => context! {
            subject => &content.issue.subject,
            preheader => &content.issue.preheader,
        },
        body_html => minijinja::Value::from_safe_string(body_html),
        body_text => body_text,
        articles => &content.articles,
        unsubscribe_url => UNSUBSCRIBE_SLOT,
        preferences_url => PREFERENCES_SLOT,
        web_url => minijinja::Value::from(()),
    };
    let rendered = templates.render("newsletter_issue", "", context)?;
    Ok(RenderedIssue {
        subject: rendered.subject,
        html: rendered.html.unwrap_or_default(),
        text: rendered.text,
    })
}

/// Site-relative links and images (`/city/…`, `/content/images/…`) made absolute:
/// an email has no page address to resolve them against.
fn absolute_urls(html: &str, site_url: &str) -> String {
    html.replace("href=\"/", &format!("href=\"{site_url}/"))
        .replace("src=\"/", &format!("src=\"{site_url}/"))
        .replace("](/", &format!("]({site_url}/"))
}

/// Styles for the tags the Markdown renderer writes, put on each tag: many mail
/// clients drop `<style>` blocks, none drop `style` attributes.
const TAG_STYLES: &[(&str, &str)] = &[
    (
        "p",
        "margin:0 0 16px;font-size:17px;line-height:1.6;color:#1b1b1b;",
    ),
    (
        "h2",
        "margin:28px 0 12px;font-family:Georgia,'Times New Roman',serif;font-size:22px;line-height:1.3;color:#111111;",
    ),
    (
        "h3",
        "margin:24px 0 8px;font-family:Georgia,'Times New Roman',serif;font-size:19px;line-height:1.3;color:#111111;",
    ),
    (
        "h4",
        "margin:20px 0 8px;font-size:17px;line-height:1.3;color:#111111;",
    ),
    ("a", "color:#1d4ed8;text-decoration:underline;"),
    ("ul", "margin:0 0 16px;padding-left:24px;"),
    ("ol", "margin:0 0 16px;padding-left:24px;"),
    ("li", "margin:0 0 6px;font-size:17px;line-height:1.6;"),
    (
        "blockquote",
        "margin:0 0 16px;padding:4px 0 4px 16px;border-left:4px solid #d4d4d4;color:#444444;",
    ),
    (
        "img",
        "display:block;max-width:100%;height:auto;border:0;margin:0 0 8px;",
    ),
    ("figure", "margin:0 0 16px;"),
    (
        "figcaption",
        "font-size:14px;line-height:1.4;color:#555555;",
    ),
    ("hr", "border:0;border-top:1px solid #e5e5e5;margin:24px 0;"),
    (
        "pre",
        "margin:0 0 16px;padding:12px;background-color:#f5f5f4;font-size:14px;white-space:pre-wrap;",
    ),
    (
        "code",
        "font-family:Menlo,Consolas,monospace;font-size:15px;",
    ),
    ("table", "border-collapse:collapse;margin:0 0 16px;"),
    (
        "th",
        "border:1px solid #d4d4d4;padding:6px 8px;text-align:left;",
    ),
    ("td", "border:1px solid #d4d4d4;padding:6px 8px;"),
];

/// Adds `style="…"` to every opening tag listed in [`TAG_STYLES`]. The input is our
/// own sanitized Markdown output, which never carries a style attribute, so adding
/// one is enough.
fn inline_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let name_end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(rest.len(), |end| end + 1);
        let name = &rest[1..name_end];
        match TAG_STYLES.iter().find(|(tag, _)| *tag == name) {
            Some((_, style)) => {
                out.push('<');
                out.push_str(name);
                out.push_str(" style=\"");
                out.push_str(style);
                out.push('"');
                rest = &rest[name_end..];
            }
            None => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_tags_get_inline_styles_and_others_are_left_alone() {
        let html = "<h2>Title</h2><p>See <a href=\"https://x.org\">this</a> and <strong>that</strong>.</p><pre><code>x</code></pre>";
        let styled = inline_styles(html);
        assert!(styled.starts_with("<h2 style=\"margin:28px"), "{styled}");
        assert!(styled.contains(
            "<a style=\"color:#1d4ed8;text-decoration:underline;\" href=\"https://x.org\">"
        ));
        assert!(styled.contains("<strong>that</strong>"));
        assert!(styled.contains("</p>"), "closing tags untouched: {styled}");
        assert!(styled.contains("<pre style="));
        assert!(styled.contains("<code style="));
    }

    #[test]
    fn site_relative_addresses_become_absolute() {
        let html = "<a href=\"/city/\">x</a><img src=\"/content/images/a.jpg\"><a href=\"https://o.org/\">y</a>";
        assert_eq!(
            absolute_urls(html, "https://news.example"),
            "<a href=\"https://news.example/city/\">x</a><img src=\"https://news.example/content/images/a.jpg\"><a href=\"https://o.org/\">y</a>"
        );
        assert_eq!(
            absolute_urls("[read](/city/)", "https://n.example"),
            "[read](https://n.example/city/)"
        );
    }
}
