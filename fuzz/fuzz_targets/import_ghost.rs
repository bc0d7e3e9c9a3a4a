//! Proves: any file handed to the Ghost importer is read or refused without
//! panicking, hanging or overflowing the stack (serde_json's nesting limit, the
//! Lexical and Mobiledoc converters' own), and every post it yields has a body
//! within Byline's limits or a reported problem, rendering without script.
#![no_main]

use byline_import::{Archive, GhostArchive};
use libfuzzer_sys::fuzz_target;

#[path = "support/body.rs"]
mod body;
#[path = "support/html.rs"]
mod html;
#[path = "support/input_file.rs"]
mod input_file;

fuzz_target!(|bytes: &[u8]| {
    let path = input_file::holding(bytes);
    let Ok(mut archive) = GhostArchive::open(path, None) else {
        return;
    };
    // The importer stops when the catalog fails; the second pass runs anyway here, as
    // it would on an export with no tags, authors or post metadata.
    let _ = archive.catalog();
    let _ = archive.posts(&mut |post| {
        body::assert_keeps_promises(&post.body);
        true
    });
});
