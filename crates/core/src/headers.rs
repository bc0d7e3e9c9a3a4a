//! Request headers whose values come from anyone: `Range` on media and
//! `Last-Event-ID` on the News Feed stream. Parsed here, without I/O, so the rules are
//! fuzzed and tested on their own.

/// What to answer a `Range` header with, for a file of a known length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// No range, or one we do not serve partially (several ranges, another unit, a
    /// malformed value): the whole file, 200, as RFC 9110 allows.
    Whole,
    /// 206 with the bytes `start..=end`, both inside the file.
    Part { start: u64, end: u64 },
    /// 416: the range starts at or past the end of the file.
    Unsatisfiable,
}

/// Reads a `Range` value for a file of `len` bytes. A last position past the end is
/// cut to the end (`bytes=0-99999999999` on a 10-byte file is bytes 0 to 9), as
/// RFC 9110 §14.1.2 says, instead of being refused.
pub fn byte_range(value: &str, len: u64) -> RangeAnswer {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return RangeAnswer::Whole;
    };
    if spec.contains(',') {
        return RangeAnswer::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeAnswer::Whole;
    };
    let number = |s: &str| -> Option<u64> {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().unwrap_or(u64::MAX))
    };
    match (number(first), number(last)) {
        // `bytes=-N`: the last N bytes.
        (None, Some(suffix)) if first.trim().is_empty() => {
            if suffix == 0 || len == 0 {
                RangeAnswer::Unsatisfiable
            } else {
                RangeAnswer::Part {
                    start: len.saturating_sub(suffix),
                    end: len - 1,
                }
            }
        }
        (Some(start), None) if last.trim().is_empty() => part_from(start, len - len.min(1), len),
        (Some(start), Some(end)) if end >= start => part_from(start, end, len),
        _ => RangeAnswer::Whole,
    }
}

fn part_from(start: u64, end: u64, len: u64) -> RangeAnswer {
    if start >= len {
        RangeAnswer::Unsatisfiable
    } else {
        RangeAnswer::Part {
            start,
            end: end.min(len - 1),
        }
    }
}

/// Where a News Feed stream resumes: `Last-Event-ID` (or `?after=`), a whole number.
/// Empty means "from now"; anything else but digits is refused with this error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "Last-Event-ID (or ?after=) must be a whole number of 0 or more: the id of the last news-feed event this page has"
)]
pub struct BadEventId;

pub fn last_event_id(raw: &str) -> Result<Option<i64>, BadEventId> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if raw.len() > 19 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadEventId);
    }
    raw.parse::<i64>().map(Some).map_err(|_| BadEventId)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RangeAnswer::*;

    #[test]
    fn ranges_past_the_end_are_cut_to_the_end() {
        assert_eq!(
            byte_range("bytes=0-99999999999999999999", 10),
            Part { start: 0, end: 9 }
        );
        assert_eq!(byte_range("bytes=2-5", 10), Part { start: 2, end: 5 });
        assert_eq!(byte_range("bytes=4-", 10), Part { start: 4, end: 9 });
        assert_eq!(byte_range("bytes=-3", 10), Part { start: 7, end: 9 });
        assert_eq!(byte_range("bytes=-30", 10), Part { start: 0, end: 9 });
    }

    #[test]
    fn ranges_outside_the_file_are_unsatisfiable() {
        assert_eq!(byte_range("bytes=10-20", 10), Unsatisfiable);
        assert_eq!(byte_range("bytes=-0", 10), Unsatisfiable);
        assert_eq!(byte_range("bytes=0-", 0), Unsatisfiable);
    }

    #[test]
    fn other_ranges_get_the_whole_file() {
        for value in [
            "",
            "bytes=5-2",
            "bytes=0-1,3-4",
            "items=0-1",
            "bytes=a-b",
            "bytes=-",
            "bytes=1",
        ] {
            assert_eq!(byte_range(value, 10), Whole, "{value:?}");
        }
    }

    #[test]
    fn event_ids_are_whole_numbers() {
        assert_eq!(last_event_id(" 42 "), Ok(Some(42)));
        assert_eq!(last_event_id(""), Ok(None));
        for bad in [
            "-1",
            "1e3",
            "99999999999999999999",
            "9223372036854775808",
            "4 2",
        ] {
            assert_eq!(last_event_id(bad), Err(BadEventId), "{bad}");
        }
    }
}
