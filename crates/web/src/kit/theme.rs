//! Templates, translations and assets of the site's theme: the default theme embedded
//! in the binary, or a complete theme folder given with `--theme DIR`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use byline_i18n::Translations;
use minijinja::{AutoEscape, Environment, Value};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../../themes/default/templates/", $name)))),*]
    };
}

/// Every template a theme must provide, with the default theme's text.
pub(crate) const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "home.html",
    "article.html",
    "page.html",
    "list.html",
    "feed.html",
    "feed_item_page.html",
    "404.html",
    "partials/card.html",
    "partials/feed.html",
    "partials/feed_item.html",
    "partials/related.html",
    "partials/pagination.html",
    "search.html",
    "corrections.html",
    "newsletters.html",
    "newsletter_page.html",
    "partials/newsletter_box.html",
    "partials/feed_script.html",
    "partials/sidebar_feed.html",
    "partials/sidebar_picks.html",
    "partials/home_feed.html",
);

/// Machine-read documents (feeds, sitemaps, robots.txt): their formats are fixed by
/// standards, so they belong to Byline, not to the theme, and are never overridden.
const SYSTEM_TEMPLATES: &[(&str, &str)] = &[
    ("system/rss.xml", include_str!("../../templates/rss.xml")),
    ("system/atom.xml", include_str!("../../templates/atom.xml")),
    (
        "system/news-feed-rss.xml",
        include_str!("../../templates/news-feed-rss.xml"),
    ),
    (
        "system/sitemap-index.xml",
        include_str!("../../templates/sitemap-index.xml"),
    ),
    (
        "system/sitemap.xml",
        include_str!("../../templates/sitemap.xml"),
    ),
    (
        "system/news-sitemap.xml",
        include_str!("../../templates/news-sitemap.xml"),
    ),
    (
        "system/robots.txt",
        include_str!("../../templates/robots.txt"),
    ),
    (
        "system/podcast-rss.xml",
        include_str!("../../templates/podcast-rss.xml"),
    ),
];

const DEFAULT_ASSETS: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../../../themes/default/assets/style.css"),
    ),
    (
        "search.js",
        include_str!("../../../../themes/default/assets/search.js"),
    ),
    (
        "feed.js",
        include_str!("../../../../themes/default/assets/feed.js"),
    ),
    (
        "signup.js",
        include_str!("../../../../themes/default/assets/signup.js"),
    ),
    ("icon.svg", DEFAULT_ICON),
];

/// The site icon browsers show until the newsroom uploads its own.
pub const DEFAULT_ICON: &str = include_str!("../../../../themes/default/assets/icon.svg");

/// A loaded theme: its compiled templates, its translations and where its assets
/// come from.
#[derive(Debug)]
pub struct Theme {
    env: Environment<'static>,
    translations: Arc<Translations>,
    assets_dir: Option<PathBuf>,
}

impl Theme {
    /// The default theme, embedded in the binary.
    pub fn embedded() -> Theme {
        let translations = Arc::new(
            Translations::load(super::translate::embedded_locales())
                .unwrap_or_else(|e| panic!("the embedded translations are broken: {e}")),
        );
        let mut env = new_environment(translations.clone());
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("the embedded template {name} is broken: {e}"));
        }
        Theme {
            env,
            translations,
            assets_dir: None,
        }
    }

    /// A theme folder with `templates/` (every template the default theme has) and
    /// optionally `assets/` and `locales/`. Its `locales/<tag>.ftl` files add
    /// languages or change the default theme's wording, message by message. What is
    /// missing or broken is named in the error.
    pub fn from_dir(dir: &Path) -> anyhow::Result<Theme> {
        let templates = dir.join("templates");
        if !templates.is_dir() {
            bail!(
                "the theme folder {} has no templates/ folder; copy themes/default/ and change it",
                dir.display()
            );
        }
        let mut sources = super::translate::embedded_locales();
        sources.extend(super::translate::folder_locales(&dir.join("locales"))?);
        let translations = Arc::new(Translations::load(sources)?);
        let mut env = new_environment(translations.clone());
        for (name, _) in TEMPLATES {
            let path = templates.join(name);
            let source = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "the theme folder {} is missing the template {name} (copy it from themes/default/templates/)",
                    dir.display()
                )
            })?;
            env.add_template_owned(name.to_string(), source)
                .with_context(|| format!("the theme template {} cannot be read", path.display()))?;
        }
        let assets = dir.join("assets");
        Ok(Theme {
            env,
            translations,
            assets_dir: assets.is_dir().then_some(assets),
        })
    }

    /// Every language's interface messages.
    pub fn translations(&self) -> &Arc<Translations> {
        &self.translations
    }

    pub fn render(&self, template: &str, context: Value) -> Result<String, minijinja::Error> {
        self.env.get_template(template)?.render(context)
    }

    /// An asset of the theme by its path under `assets/`, or `None`.
    pub fn asset(&self, path: &str) -> Option<Vec<u8>> {
        if path
            .split('/')
            .any(|part| part.is_empty() || part.starts_with('.'))
        {
            return None;
        }
        match &self.assets_dir {
            Some(dir) => std::fs::read(dir.join(path)).ok(),
            None => DEFAULT_ASSETS
                .iter()
                .find(|(name, _)| *name == path)
                .map(|(_, text)| text.as_bytes().to_vec()),
        }
    }
}

pub(crate) fn new_environment(translations: Arc<Translations>) -> Environment<'static> {
    let mut env = Environment::new();
    env.add_function("newsletter_box", super::signup_box::newsletter_box);
    super::translate::register(&mut env, translations);
    for (name, source) in SYSTEM_TEMPLATES {
        env.add_template(name, source)
            .unwrap_or_else(|e| panic!("the built-in template {name} is broken: {e}"));
    }
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    // minijinja's HTML escaping also escapes '/', which turns every URL in an
    // attribute into `&#x2f;…`; valid, but unreadable. Escape only what HTML needs.
    // Every string a template writes, escaped or marked safe, loses its control
    // characters here: one NUL in a headline would make a whole feed invalid XML.
    env.set_formatter(|out, state, value| {
        if let Some(text) = value.as_str() {
            let clean = byline_core::text::strip_controls(text);
            match state.auto_escape() {
                AutoEscape::Html if !value.is_safe() => return write_escaped(out, &clean),
                AutoEscape::Html | AutoEscape::None => {
                    out.write_str(&clean)?;
                    return Ok(());
                }
                _ => {}
            }
        }
        minijinja::escape_formatter(out, state, value)
    });
    env
}

fn write_escaped(out: &mut minijinja::Output<'_>, text: &str) -> Result<(), minijinja::Error> {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[last..i])?;
        out.write_str(entity)?;
        last = i + 1;
    }
    out.write_str(&text[last..])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_but_slashes_are_not() {
        let mut env = new_environment(Theme::embedded().translations);
        env.add_template("t.html", "<a href=\"{{ url }}\">{{ text }}</a>")
            .unwrap();
        let html = env
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { url => "/tag/city/", text => "<b>\"A&B\"</b>" })
            .unwrap();
        assert_eq!(
            html,
            "<a href=\"/tag/city/\">&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</a>"
        );
    }

    #[test]
    fn control_characters_are_never_written() {
        let mut env = new_environment(Theme::embedded().translations);
        env.add_template("t.xml", "<t>{{ text }}{{ html|safe }}</t>")
            .unwrap();
        let xml = env
            .get_template("t.xml")
            .unwrap()
            .render(minijinja::context! { text => "A\u{0}B\u{b}<", html => "<b>\u{1b}C</b>" })
            .unwrap();
        assert_eq!(xml, "<t>AB&lt;<b>C</b></t>");
    }

    #[test]
    fn a_theme_folder_missing_a_template_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/base.html"), "x").unwrap();
        let err = Theme::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("missing the template home.html"), "{err}");
    }

    #[test]
    fn asset_paths_cannot_leave_the_folder() {
        let theme = Theme::embedded();
        assert!(theme.asset("style.css").is_some());
        assert!(theme.asset("../Cargo.toml").is_none());
        assert!(theme.asset("").is_none());
    }
}
