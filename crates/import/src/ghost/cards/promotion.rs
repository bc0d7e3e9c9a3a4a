//! Cards that promote rather than tell: headers, sign-up forms, products and calls to
//! action. Their words, pictures and links are kept as ordinary blocks; their layout,
//! colours and forms are not, and each is reported.

use serde_json::Value;

use super::html::html_text;
use super::inline::Format;
use super::markdown::{Blocks, image, link};
use super::{enabled, field, html_to_markdown, text_heading, text_paragraph};
use crate::Body;

/// A heading, its subheading and its button, under the background picture.
pub(super) fn header(card: &Value, out: &mut Blocks, body: &mut Body) {
    let picture = field(card, "backgroundImageSrc");
    let heading = html_text(field(card, "header"));
    let subheading = html_text(field(card, "subheader"));
    let before = out.len();
    if !picture.is_empty() {
        body.saw_image(picture);
        out.paragraph(image("", picture));
    }
    out.heading(2, text_heading(&heading));
    out.paragraph(text_paragraph(&subheading, Format::default()));
    if enabled(card, "buttonEnabled") {
        button(field(card, "buttonText"), field(card, "buttonUrl"), out);
    }
    if out.len() > before {
        body.problem(
            "a 'header' card was carried as a heading, text and link; its layout and colours \
             were dropped",
        );
    } else {
        body.problem("an empty 'header' card was dropped");
    }
}

/// The form's words, without the form.
pub(super) fn signup(card: &Value, out: &mut Blocks, body: &mut Body) {
    let before = out.len();
    out.paragraph(text_paragraph(
        &html_text(field(card, "header")),
        Format::BOLD,
    ));
    for name in ["subheader", "disclaimer"] {
        out.paragraph(text_paragraph(
            &html_text(field(card, name)),
            Format::default(),
        ));
    }
    body.problem(if out.len() > before {
        "a newsletter sign-up form ('signup' card) has no equivalent: its text was kept, the \
         form was dropped"
    } else {
        "a newsletter sign-up form ('signup' card) has no equivalent and was dropped"
    });
}

/// The product's picture, name, rating, description and button.
pub(super) fn product(card: &Value, out: &mut Blocks, body: &mut Body) {
    let before = out.len();
    let picture = field(card, "productImageSrc");
    if !picture.is_empty() {
        body.saw_image(picture);
        out.paragraph(image("", picture));
    }
    out.paragraph(text_paragraph(
        &html_text(field(card, "productTitle")),
        Format::BOLD,
    ));
    if card.get("productRatingEnabled").and_then(Value::as_bool) == Some(true) {
        let stars = card
            .get("productStarRating")
            .and_then(Value::as_u64)
            .unwrap_or(5)
            .min(5) as usize;
        out.paragraph(format!(
            "{}{} ({stars} out of 5)",
            "★".repeat(stars),
            "☆".repeat(5 - stars)
        ));
    }
    out.raw(html_to_markdown(field(card, "productDescription"), body));
    if card.get("productButtonEnabled").and_then(Value::as_bool) == Some(true) {
        button(field(card, "productButton"), field(card, "productUrl"), out);
    }
    if out.len() > before {
        body.problem(
            "a 'product' card was carried as a picture, text and link; its box layout was \
             dropped",
        );
    } else {
        body.problem("an empty 'product' card was dropped");
    }
}

/// A sponsor's or the newsroom's message: label, picture, text and button.
pub(super) fn call_to_action(card: &Value, out: &mut Blocks, body: &mut Body) {
    let before = out.len();
    if enabled(card, "hasSponsorLabel") {
        out.paragraph(text_paragraph(
            &html_text(field(card, "sponsorLabel")),
            Format::BOLD,
        ));
    }
    let picture = field(card, "imageUrl");
    if !picture.is_empty() {
        body.saw_image(picture);
        out.paragraph(image("", picture));
    }
    out.raw(html_to_markdown(field(card, "textValue"), body));
    if enabled(card, "showButton") {
        button(field(card, "buttonText"), field(card, "buttonUrl"), out);
    }
    if out.len() > before {
        body.problem(
            "a 'call-to-action' card was carried as text and a link; its styling was dropped",
        );
    } else {
        body.problem("an empty 'call-to-action' card was dropped");
    }
}

fn button(label: &str, url: &str, out: &mut Blocks) {
    if !url.is_empty() {
        out.paragraph(link(if label.is_empty() { url } else { label }, url));
    }
}
