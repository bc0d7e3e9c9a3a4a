//! Email templates. Each email is three files under `crates/mail/templates/`:
//! `{name}.subject.txt`, `{name}.txt` and `{name}.html`, the HTML extending
//! `base.html`. They are compiled into the binary so a fresh install has them.

use minijinja::{AutoEscape, Environment, Error, State, UndefinedBehavior, Value};

use crate::{MailError, Outgoing, mailer::one_line};

/// (file name, contents) of every built-in template.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    (
        "invitation.subject.txt",
        include_str!("../templates/invitation.subject.txt"),
    ),
    (
        "invitation.txt",
        include_str!("../templates/invitation.txt"),
    ),
    (
        "invitation.html",
        include_str!("../templates/invitation.html"),
    ),
    (
        "password_reset.subject.txt",
        include_str!("../templates/password_reset.subject.txt"),
    ),
    (
        "password_reset.txt",
        include_str!("../templates/password_reset.txt"),
    ),
    (
        "password_reset.html",
        include_str!("../templates/password_reset.html"),
    ),
    (
        "newsletter_confirm.subject.txt",
        include_str!("../templates/newsletter_confirm.subject.txt"),
    ),
    (
        "newsletter_confirm.txt",
        include_str!("../templates/newsletter_confirm.txt"),
    ),
    (
        "newsletter_confirm.html",
        include_str!("../templates/newsletter_confirm.html"),
    ),
    (
        "newsletter_already.subject.txt",
        include_str!("../templates/newsletter_already.subject.txt"),
    ),
    (
        "newsletter_already.txt",
        include_str!("../templates/newsletter_already.txt"),
    ),
    (
        "newsletter_already.html",
        include_str!("../templates/newsletter_already.html"),
    ),
    (
        "newsletter_issue.subject.txt",
        include_str!("../templates/newsletter_issue.subject.txt"),
    ),
    (
        "newsletter_issue.txt",
        include_str!("../templates/newsletter_issue.txt"),
    ),
    (
        "newsletter_issue.html",
        include_str!("../templates/newsletter_issue.html"),
    ),
];

/// Renders emails from the built-in templates. Build it once and share it.
#[derive(Debug)]
pub struct MailTemplates {
    env: Environment<'static>,
}

impl Default for MailTemplates {
    fn default() -> Self {
        MailTemplates::new()
    }
}

impl MailTemplates {
    pub fn new() -> MailTemplates {
        let mut env = Environment::new();
        // A missing variable is a bug in the caller; an email with an empty link in
        // it would be worse than an error.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(format_value);
        // Mail clients show text as written, so keep a template's final newline.
        env.set_keep_trailing_newline(true);
        for (name, source) in BUILT_IN {
            env.add_template(name, source)
                .expect("the built-in email templates are valid");
        }
        MailTemplates { env }
    }

    /// Renders the email `name` (`invitation`, `password_reset`) for recipient `to`.
    /// HTML is escaped, the text is not, and the subject is squeezed onto one line.
    pub fn render(&self, name: &str, to: &str, context: Value) -> Result<Outgoing, MailError> {
        let render = |part: &str| -> Result<String, MailError> {
            let template = self
                .env
                .get_template(&format!("{name}.{part}"))
                .map_err(|error| {
                    MailError::Template(format!("no email called {name:?}: {error}"))
                })?;
            template
                .render(&context)
                .map_err(|error| MailError::Template(format!("{name}.{part}: {error:#}")))
        };
        Ok(Outgoing {
            to: to.to_owned(),
            subject: one_line(&render("subject.txt")?),
            text: render("txt")?,
            html: Some(render("html")?),
            ..Outgoing::default()
        })
    }
}

/// Like minijinja's default output, except that HTML escaping leaves `/` alone: the
/// default writes `https:&#x2f;&#x2f;…`, valid but unreadable in the message source and
/// a needless oddity for spam filters that read links. `& < > " '` are still escaped,
/// which is all that text and quoted attributes need.
fn format_value(out: &mut minijinja::Output, state: &State, value: &Value) -> Result<(), Error> {
    if state.auto_escape() != AutoEscape::Html || value.is_safe() {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.to_string();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.write_str(&rest[..at])?;
        out.write_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[at + 1..];
    }
    Ok(out.write_str(rest)?)
}
