//! Proves: for any `Range` value and file length, a partial answer lies inside the file
//! (start <= end < len) and reads back from its own `bytes=start-end`; `Last-Event-ID`
//! accepts exactly the whole numbers 0..=i64::MAX.
#![no_main]

use byline_core::headers::{RangeAnswer, byte_range, last_event_id};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u64, bool, &str)| {
    let (len, small, value) = input;
    // Half the runs use short files, where the edges (0, 1, len - 1) are near.
    let len = if small { len % 16 } else { len };

    match byte_range(value, len) {
        RangeAnswer::Part { start, end } => {
            assert!(
                start <= end && end < len,
                "{value:?} on {len}: {start}-{end}"
            );
            let again = byte_range(&format!("bytes={start}-{end}"), len);
            assert_eq!(again, RangeAnswer::Part { start, end });
        }
        RangeAnswer::Unsatisfiable => assert!(value.trim().starts_with("bytes=")),
        RangeAnswer::Whole => {}
    }
    if !value.trim().starts_with("bytes=") {
        assert_eq!(byte_range(value, len), RangeAnswer::Whole);
    }

    match last_event_id(value) {
        Ok(Some(id)) => {
            assert!(id >= 0, "{value:?}");
            assert_eq!(value.trim().parse::<i64>(), Ok(id));
        }
        Ok(None) => assert!(value.trim().is_empty(), "{value:?}"),
        Err(_) => {}
    }
    let id = (len & i64::MAX as u64) as i64;
    assert_eq!(last_event_id(&id.to_string()), Ok(Some(id)));
});
