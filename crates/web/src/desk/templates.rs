//! The desk's own templates. They belong to Byline, not to the site's theme: a theme
//! restyles what readers see, never the newsroom's tools.

use std::sync::OnceLock;

use minijinja::{Environment, Value};

macro_rules! desk_templates {
    ($($name:literal),* $(,)?) => {
        &[$((concat!("desk/", $name), include_str!(concat!("../../templates/desk/", $name)))),*]
    };
}

pub(crate) const TEMPLATES: &[(&str, &str)] = desk_templates!(
    "layout.html",
    "macros.html",
    "error.html",
    "account.html",
    "signin.html",
    "password.html",
    "forgot.html",
    "posts.html",
    "editor.html",
    "revisions.html",
    "diff.html",
    "media.html",
    "people.html",
    "person.html",
    "section_names.html",
    "collections.html",
    "news_feed_macros.html",
    "news_feed.html",
    "news_feed_item.html",
    "newsletters_macros.html",
    "newsletters.html",
    "newsletter.html",
    "issues.html",
    "issue.html",
    "issue_send.html",
    "issue_text.html",
    "subscribers.html",
    "subscriber.html",
    "subscribers_import.html",
    "settings.html",
    "staff.html",
    "imports.html",
    "import.html",
    "redirects.html",
    "integrations.html",
    "editions.html",
    "edition.html",
);

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        // The desk's own words, in the `lang` every desk page's context carries.
        let mut env = crate::kit::theme::new_environment(super::words::translations());
        env.add_filter("tojson", to_json);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("the desk template {name} is broken: {e}"));
        }
        env
    })
}

/// `value|tojson`: JSON safe to place inside a `<script>` element (the characters
/// HTML gives a meaning there are written as `\u` escapes).
fn to_json(value: Value) -> Result<Value, minijinja::Error> {
    let json = serde_json::to_string(&value).map_err(|e| {
        minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, "cannot write JSON")
            .with_source(e)
    })?;
    let safe = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\'', "\\u0027");
    Ok(Value::from_safe_string(safe))
}

pub fn render(name: &str, context: Value) -> Result<String, minijinja::Error> {
    environment().get_template(name)?.render(context)
}
