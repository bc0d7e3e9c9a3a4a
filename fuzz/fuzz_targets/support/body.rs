//! The promises every converted body keeps, whichever converter made it.

use std::collections::HashSet;

use byline_core::markdown::{check, render};
use byline_import::Body;

/// Asserts that `body` is within Byline's Markdown limits or says why not (the
/// converters stay within them or report a problem), lists each image once, and
/// renders to HTML with no script, event handler or script URL.
pub fn assert_keeps_promises(body: &Body) {
    let markdown = &body.markdown;
    if let Err(limit) = check(markdown) {
        assert!(
            !body.problems.is_empty(),
            "over the limits ({limit}) with no problem reported: {markdown:?}"
        );
    }
    let mut seen = HashSet::new();
    for image in &body.images {
        assert!(!image.is_empty(), "an empty image address in {body:?}");
        assert!(seen.insert(image), "{image:?} listed twice in {body:?}");
    }
    crate::html::assert_safe(&render(markdown).html);
}
