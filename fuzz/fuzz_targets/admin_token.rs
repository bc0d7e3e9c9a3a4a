//! Proves: no `Authorization` value, however made, panics the Admin API's token
//! reader, and none passes without the secret; a token signed with the secret by
//! Ghost's rules passes, and changing any byte of it makes it fail.
#![no_main]

use byline_core::admin_token::{key_id, sign, verify};
use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;

const KID: &str = "65a1b2c3d4e5f60718293a4b";
const SECRET: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";

fuzz_target!(|input: (&str, u16, u8)| {
    let (text, at, flip) = input;
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    let _ = key_id(text);
    assert!(verify(text, SECRET, now).is_err(), "{text:?} passed unsigned");

    let token = sign(KID, SECRET, "/admin/", now);
    assert!(verify(&token, SECRET, now).is_ok());
    let mut bytes = token.into_bytes();
    let at = usize::from(at) % bytes.len();
    let changed = bytes[at] ^ flip.max(1);
    bytes[at] = changed;
    if let Ok(altered) = String::from_utf8(bytes) {
        // The signature covers the header and claims as written, and a signature
        // decodes only one way: any change at all must fail.
        assert!(verify(&altered, SECRET, now).is_err(), "{altered} passed");
    }
});
