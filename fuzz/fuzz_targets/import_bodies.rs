//! Proves: every body converter (Ghost's Lexical and Mobiledoc, HTML, WordPress post
//! content) turns any text into Markdown without panicking, within Byline's limits or
//! with a reported problem, listing each image once and rendering to HTML with no
//! script, event handler or script URL.
//!
//! The first byte picks the converter: `l` Lexical, `m` Mobiledoc, `h` HTML, `w`
//! WordPress content (any other byte by its value modulo 4, in that order); the rest,
//! as UTF-8, is the document.
#![no_main]

use byline_import::html::to_markdown;
use byline_import::wordpress::content::AttachmentRef;
use byline_import::{Body, ghost, wordpress};
use libfuzzer_sys::fuzz_target;

#[path = "support/body.rs"]
mod body;
#[path = "support/html.rs"]
mod html;

fuzz_target!(|bytes: &[u8]| {
    let Some((&which, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let converted = match which {
        b'l' => ghost::lexical::to_body(text),
        b'm' => ghost::mobiledoc::to_body(text),
        b'h' => Ok(from_html(text)),
        b'w' => Ok(wordpress::content::to_body(text, &attachment)),
        other => match other % 4 {
            0 => ghost::lexical::to_body(text),
            1 => ghost::mobiledoc::to_body(text),
            2 => Ok(from_html(text)),
            _ => Ok(wordpress::content::to_body(text, &attachment)),
        },
    };
    if let Ok(converted) = converted {
        body::assert_keeps_promises(&converted);
    }
});

fn from_html(text: &str) -> Body {
    let mut body = Body::default();
    to_markdown(text, &mut body);
    body
}

/// Odd ids are attachments in the export (with markup-like text where an editor's
/// could have it), even ids are missing: galleries and captions meet both.
fn attachment(id: u64) -> Option<AttachmentRef> {
    (id % 2 == 1).then(|| AttachmentRef {
        url: format!("https://old.example/wp-content/uploads/2024/05/photo-{id}.jpg"),
        alt: format!("Photo \"{id}\" <b>& co</b>"),
        caption: Some(format!("Caption {id} <i>with</i> & markup")),
    })
}
