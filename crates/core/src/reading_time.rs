//! How long an article takes to read, stored with the post and shown as "N min read".

/// Adult silent reading speed for news prose.
pub const WORDS_PER_MINUTE: usize = 275;

/// Seconds a reader spends on the n-th image (0-based): 12 s for the first, one
/// second less for each next one, never less than 3 s.
fn image_seconds(index: usize) -> usize {
    12usize.saturating_sub(index).max(3)
}

/// Whole minutes to read `words` words and look at `images` images, rounded to the
/// nearest minute and never less than one: a page never says "0 min read".
pub fn reading_minutes(words: usize, images: usize) -> u32 {
    let word_seconds = words * 60 / WORDS_PER_MINUTE;
    let picture_seconds: usize = (0..images).map(image_seconds).sum();
    let minutes = (word_seconds + picture_seconds + 30) / 60;
    u32::try_from(minutes.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_empty_article_still_reads_one_minute() {
        assert_eq!(reading_minutes(0, 0), 1);
    }

    #[test]
    fn words_are_read_at_275_a_minute() {
        assert_eq!(reading_minutes(275, 0), 1);
        assert_eq!(reading_minutes(825, 0), 3);
        assert_eq!(reading_minutes(2750, 0), 10);
    }

    #[test]
    fn images_add_twelve_seconds_down_to_three() {
        let seconds: Vec<usize> = (0..12).map(image_seconds).collect();
        assert_eq!(seconds, vec![12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 3, 3]);
        // 550 words (2 min) and ten images (75 s) round to three minutes.
        assert_eq!(reading_minutes(550, 10), 3);
    }

    proptest! {
        #[test]
        fn more_words_never_read_faster(words in 0usize..100_000, extra in 0usize..5_000, images in 0usize..50) {
            prop_assert!(reading_minutes(words + extra, images) >= reading_minutes(words, images));
            prop_assert!(reading_minutes(words, images + 1) >= reading_minutes(words, images));
            prop_assert!(reading_minutes(words, images) >= 1);
        }
    }
}
