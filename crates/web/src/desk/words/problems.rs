//! The desk's words for mistakes found outside it: each kind of error that
//! `byline_core`'s checks, the image pipeline or the importer return becomes a
//! message in the staff member's language. Those errors keep their English
//! `Display` for logs and the command line; only the desk words them, here.

use byline_core::accounts::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordError};
use byline_core::editions::PrefixError;
use byline_core::integrations::{IntegrationNameError, MAX_INTEGRATION_NAME};
use byline_core::links::AddressError;
use byline_core::markdown::MarkdownLimit;
use byline_core::newsletters::{
    DESCRIPTION_MAX, IssueProblem, NEWSLETTER_LINE_MAX, NewsletterProblem, PREHEADER_MAX,
    SUBJECT_MAX,
};
use byline_core::{EmailError, SlugError};
use byline_i18n::Args;
use byline_images::ImageError;
use byline_import::source::ReadError;

use super::DeskLanguage;

fn count(id: &str, most: usize) -> (&str, Args) {
    (id, Args::new().integer("count", most as i64))
}

/// A refused new password, as the sentence beside the field.
pub fn password(lang: &DeskLanguage, problem: &PasswordError) -> String {
    let (id, args) = match problem {
        PasswordError::TooShort => count("password-too-short", MIN_PASSWORD_CHARS),
        PasswordError::TooLong => count("password-too-long", MAX_PASSWORD_CHARS),
    };
    lang.t_with(
        "password-weak",
        &Args::new().text("problem", lang.t_with(id, &args)),
    )
}

/// Why a text cannot be rendered, as a clause ("it is longer than 512 KB; …").
pub fn markdown(lang: &DeskLanguage, limit: MarkdownLimit) -> String {
    lang.t(match limit {
        MarkdownLimit::TooLong => "markdown-too-long",
        MarkdownLimit::TooDeep => "markdown-too-deep",
        MarkdownLimit::TooSlow => "markdown-too-slow",
    })
}

/// Why a web address cannot be used, as a clause.
pub fn address(lang: &DeskLanguage, problem: &AddressError) -> String {
    match problem {
        AddressError::NotWeb => lang.t("address-not-web"),
        AddressError::TooLong => lang.t_with(
            "address-too-long",
            &Args::new().integer("count", byline_core::links::MAX_ADDRESS_CHARS as i64),
        ),
        AddressError::HostNotAllowed(host) => lang.t_with(
            "address-host-not-allowed",
            &Args::new().text("host", host.clone()),
        ),
    }
}

/// Why a slug cannot be used, as a clause.
pub fn slug(lang: &DeskLanguage, problem: &SlugError) -> String {
    match problem {
        SlugError::Empty => lang.t("slug-empty"),
        SlugError::TooLong => lang.t_with(
            "slug-too-long",
            &Args::new().integer("count", byline_core::slug::MAX_SLUG_LEN as i64),
        ),
        SlugError::InvalidCharacters => lang.t("slug-characters"),
    }
}

/// Why an email address cannot be used, as a clause.
pub fn email(lang: &DeskLanguage, problem: &EmailError) -> String {
    lang.t(match problem {
        EmailError::Empty => "email-empty",
        EmailError::TooLong => "email-too-long",
        EmailError::Space => "email-space",
        EmailError::Control => "email-control",
        EmailError::NotAscii => "email-not-ascii",
        EmailError::At => "email-at",
        EmailError::Local => "email-local",
        EmailError::Domain => "email-domain",
    })
}

/// Why an upload is not an image the site can publish, as a sentence.
pub fn image(lang: &DeskLanguage, problem: &ImageError) -> String {
    match problem {
        ImageError::TooLarge { bytes, limit } => lang.t_with(
            "image-too-large",
            &Args::new()
                .number("size", megabytes(*bytes, f64::ceil))
                .number("limit", megabytes(*limit, f64::floor)),
        ),
        ImageError::Empty => lang.t("image-empty"),
        ImageError::NotAnImage => lang.t("image-not-an-image"),
        ImageError::UnsupportedFormat(format) => lang.t_with(
            "image-unsupported",
            &Args::new().text("format", format.clone()),
        ),
        ImageError::TooManyPixels { width, height } => lang.t_with(
            "image-too-many-pixels",
            &Args::new()
                .integer("width", i64::from(*width))
                .integer("height", i64::from(*height)),
        ),
        ImageError::Corrupt(_) => lang.t("image-corrupt"),
    }
}

/// Bytes as megabytes to a tenth, rounded by `round` (up for an upload's size, down
/// for a limit, so a file just over the limit never reads as the limit).
fn megabytes(bytes: usize, round: fn(f64) -> f64) -> f64 {
    round(bytes as f64 * 10.0 / (1024.0 * 1024.0)) / 10.0
}

/// Why an edition's prefix cannot be used, as a sentence.
pub fn edition_prefix(lang: &DeskLanguage, problem: &PrefixError) -> String {
    match problem {
        PrefixError::Shape => lang.t("editions-error-prefix-shape"),
        PrefixError::Taken(prefix) => lang.t_with(
            "editions-error-prefix-reserved",
            &Args::new().text("prefix", prefix.clone()),
        ),
    }
}

/// Why an integration's name cannot be used, as a sentence.
pub fn integration_name(lang: &DeskLanguage, problem: IntegrationNameError) -> String {
    match problem {
        IntegrationNameError::Empty => lang.t("integrations-error-no-name"),
        IntegrationNameError::TooLong => {
            let (id, args) = count("integrations-error-long-name", MAX_INTEGRATION_NAME);
            lang.t_with(id, &args)
        }
    }
}

/// A mistake in the newsletter form, as the sentence beside its field.
pub fn newsletter(lang: &DeskLanguage, problem: &NewsletterProblem) -> String {
    match problem {
        NewsletterProblem::NoName => lang.t("nl-error-no-name"),
        NewsletterProblem::LongName => {
            let (id, args) = count("nl-error-long-name", NEWSLETTER_LINE_MAX);
            lang.t_with(id, &args)
        }
        NewsletterProblem::BadSlug(problem) => lang.t_with(
            "nl-error-slug",
            &Args::new().text("problem", slug(lang, problem)),
        ),
        NewsletterProblem::LongDescription => {
            let (id, args) = count("nl-error-long-description", DESCRIPTION_MAX);
            lang.t_with(id, &args)
        }
        NewsletterProblem::LongCadence => {
            let (id, args) = count("nl-error-long-cadence", NEWSLETTER_LINE_MAX);
            lang.t_with(id, &args)
        }
        NewsletterProblem::NoSenderName => lang.t("nl-error-no-sender-name"),
        NewsletterProblem::BadSenderName => {
            let (id, args) = count("nl-error-sender-name", NEWSLETTER_LINE_MAX);
            lang.t_with(id, &args)
        }
        NewsletterProblem::BadSenderEmail => lang.t("nl-error-sender-email"),
        NewsletterProblem::BadReplyTo => lang.t("nl-error-reply-to"),
    }
}

/// A mistake in an issue, as the sentence beside its field.
pub fn issue(lang: &DeskLanguage, problem: &IssueProblem) -> String {
    match problem {
        IssueProblem::NoSubject => lang.t("issue-error-no-subject"),
        IssueProblem::LongSubject => {
            let (id, args) = count("issue-error-long-subject", SUBJECT_MAX);
            lang.t_with(id, &args)
        }
        IssueProblem::LongPreheader => {
            let (id, args) = count("issue-error-long-preheader", PREHEADER_MAX);
            lang.t_with(id, &args)
        }
        IssueProblem::LongBody => lang.t("issue-error-long-body"),
        IssueProblem::Unrenderable(limit) => lang.t_with(
            "issue-error-unrenderable",
            &Args::new().text("problem", markdown(lang, *limit)),
        ),
    }
}

/// Why an export file was refused before anything was imported, as a sentence. The
/// reader's own details (a parser's message) stay as the reader wrote them.
pub fn import_file(lang: &DeskLanguage, problem: &ReadError) -> String {
    match problem {
        ReadError::Io { .. } => lang.t("imports-error-unreadable"),
        ReadError::TooLarge { size, limit } => lang.t_with(
            "imports-error-too-large",
            &Args::new()
                .integer("size", *size as i64)
                .integer("limit", *limit as i64),
        ),
        ReadError::WrongShape { platform, reason } => lang.t_with(
            "imports-error-wrong-shape",
            &Args::new()
                .text("platform", *platform)
                .text("reason", reason.clone()),
        ),
        ReadError::NotWellFormed { format, detail } => lang.t_with(
            "imports-error-not-well-formed",
            &Args::new()
                .text("format", *format)
                .text("detail", detail.clone()),
        ),
        ReadError::Entities => lang.t("imports-error-entities"),
        ReadError::Stopped => lang.t("imports-error-stopped"),
    }
}
