//! An article's text prepared for a speech engine (a Piper voice fed by espeak-ng
//! phonemes, or espeak-ng or Festival themselves).
//!
//! A listener cannot see the page. "Nov. 16", "$12bn", "3:30 p.m.", "U.S." or "21st"
//! are quick to read and easy for an engine to get wrong: it says "nov", "dollar
//! twelve b n", "three colon thirty", "us", or spells a Cyrillic name out letter by
//! letter and reads an emoji by its name. So words are written out the way a
//! newsreader says them before the engine sees them. Plain numbers ("1,200", "3.5")
//! stay digits: every engine reads those well by itself.
//!
//! Only the story is spoken: headline, subtitle, paragraphs, headings, list items and
//! quotes. Images and their captions, code, tables, footnotes, raw HTML (figures,
//! embeds), struck-through words, related-article cards and web addresses are left
//! out: they describe the page rather than tell the story, and read aloud they are
//! noise. Link text is kept, its address is not.
//!
//! The word rules belong to a language ([`SpokenText::prepare_in`]): English (`en`)
//! has the rules above and Ukrainian (`uk`) its own ([`ukrainian`]: amounts with the
//! noun agreeing, dates, times, percentages, abbreviations, initialisms). Any other
//! language gets only what holds for every language: the story is extracted, markup,
//! emoji and web addresses are dropped, dashes become pauses, and the text is left
//! in its own script for a voice of that language. Plain numbers stay digits in every
//! language: the voice of the language reads them.
//!
//! [`SpokenText::hash`] changes only when what a listener would hear changes, so an
//! article is narrated again only then (a new image or a fixed link costs nothing).

mod abbreviations;
mod chunks;
mod clean;
mod dates;
mod expand;
mod extract;
mod initialisms;
mod money;
mod numbers;
mod symbols;
mod times;
mod ukrainian;
mod units;
mod words;

use sha2::{Digest, Sha256};

use crate::language::LanguageTag;

pub use chunks::chunks;
pub use expand::speakable;

use extract::BlockKind;

/// The words a listener hears for one post, paragraph by paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpokenText {
    pub paragraphs: Vec<String>,
}

impl SpokenText {
    /// [`SpokenText::prepare_in`] English, for callers that do not know the post's
    /// language yet.
    pub fn prepare(title: &str, subtitle: Option<&str>, body_markdown: &str) -> SpokenText {
        SpokenText::prepare_in(&LanguageTag::english(), title, subtitle, body_markdown)
    }

    /// The headline, then the subtitle (if any, non-empty), then the body's
    /// paragraphs, each said by the word rules of `language`. Paragraphs with nothing
    /// to say (only symbols or emoji) are left out.
    pub fn prepare_in(
        language: &LanguageTag,
        title: &str,
        subtitle: Option<&str>,
        body_markdown: &str,
    ) -> SpokenText {
        let rules = Rules::of(language);
        let headline = [Some(title), subtitle]
            .into_iter()
            .flatten()
            .map(|line| with_pause(&rules.speakable(line)));
        let body = extract::blocks(body_markdown).into_iter().map(|block| {
            let spoken = rules.speakable(&block.text);
            match block.kind {
                BlockKind::Heading | BlockKind::ListItem => with_pause(&spoken),
                BlockKind::Paragraph => spoken,
            }
        });
        SpokenText {
            paragraphs: headline
                .chain(body)
                .filter(|paragraph| has_words(paragraph))
                .collect(),
        }
    }

    /// Lowercase hex SHA-256 of the paragraphs joined with "\n\n": narration is made
    /// again only when this changes.
    pub fn hash(&self) -> String {
        let digest = Sha256::digest(self.paragraphs.join("\n\n").as_bytes());
        digest.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Words as the listener hears them: "$12bn" counts as three.
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|paragraph| paragraph.split_whitespace().count())
            .sum()
    }

    /// True when there is nothing to say (no paragraph with a letter or digit).
    pub fn is_empty(&self) -> bool {
        !self.paragraphs.iter().any(|paragraph| has_words(paragraph))
    }
}

/// One run of plain text for listening in `language` ([`speakable`] for English).
pub fn speakable_in(language: &LanguageTag, text: &str) -> String {
    Rules::of(language).speakable(text)
}

/// Whose word rules say a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    English,
    Ukrainian,
    /// A language without rules of its own: only what holds for every language.
    Neutral,
}

impl Rules {
    fn of(language: &LanguageTag) -> Rules {
        match language.primary() {
            "en" => Rules::English,
            "uk" => Rules::Ukrainian,
            _ => Rules::Neutral,
        }
    }

    fn speakable(self, text: &str) -> String {
        match self {
            Rules::English => speakable(text),
            Rules::Ukrainian => ukrainian::speakable(text),
            Rules::Neutral => expand::speak(
                &words::plain_words(&clean::clean_keeping_letters(text)),
                &[],
            ),
        }
    }
}

fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// A headline, heading or list item ends with a full stop so the voice pauses after
/// it, as it would after a sentence. A closing quote or bracket may follow the stop.
fn with_pause(text: &str) -> String {
    let body = text.trim_end_matches(['"', '\'', ')', ']']);
    match body.chars().last() {
        None => String::new(),
        Some('.' | '?' | '!') => text.to_owned(),
        Some(',' | ';' | ':') if body.len() == text.len() => {
            format!("{}.", &text[..text.len() - 1])
        }
        Some(_) => format!("{text}."),
    }
}

/// Table tests of the word rules: each text read aloud as expected.
#[cfg(test)]
fn check(cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        assert_eq!(speakable(text), *expected, "{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn headline_subtitle_and_body_are_spoken_in_order() {
        let spoken = SpokenText::prepare(
            "Council Approves $12bn Sea Wall",
            Some("Work starts Nov. 16"),
            "## What happens next\n\nDr. Amari said the 1st phase costs 5%.\n\n- dredging\n- new gates!\n\n![the harbour](/h.png)",
        );
        assert_eq!(
            spoken.paragraphs,
            [
                "Council Approves 12 billion dollars Sea Wall.",
                "Work starts November 16.",
                "What happens next.",
                "Doctor Amari said the first phase costs 5 percent.",
                "dredging.",
                "new gates!",
            ]
        );
        assert_eq!(spoken.word_count(), 26);
        assert!(!spoken.is_empty());
    }

    #[test]
    fn an_empty_subtitle_and_empty_blocks_are_left_out() {
        let spoken = SpokenText::prepare("Title", Some("  "), "🎉🎉\n\n* * *\n\nText");
        assert_eq!(spoken.paragraphs, ["Title.", "Text"]);
    }

    #[test]
    fn nothing_to_say_is_empty() {
        let spoken = SpokenText::prepare("", None, "![only a picture](/a.png)\n\n```\ncode\n```");
        assert!(spoken.is_empty());
        assert_eq!(spoken.word_count(), 0);
        let by_hand = SpokenText {
            paragraphs: vec!["…".to_owned(), "🎉".to_owned()],
        };
        assert!(by_hand.is_empty());
    }

    #[test]
    fn the_hash_is_sha256_of_the_paragraphs() {
        let empty = SpokenText { paragraphs: vec![] };
        assert_eq!(
            empty.hash(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let two = SpokenText {
            paragraphs: vec!["a".to_owned(), "b".to_owned()],
        };
        let joined = SpokenText {
            paragraphs: vec!["a\n\nb".to_owned()],
        };
        assert_eq!(two.hash(), joined.hash());
        assert_eq!(two.hash().len(), 64);
    }

    #[test]
    fn the_hash_ignores_what_a_listener_cannot_hear() {
        let before = SpokenText::prepare("Title", None, "Text.\n\n![old alt](/a.png)");
        let after = SpokenText::prepare("Title", None, "Text.\n\n![new alt](/b.png)");
        assert_eq!(before.hash(), after.hash());
        let changed = SpokenText::prepare("Title", None, "Text changed.");
        assert_ne!(before.hash(), changed.hash());
    }

    #[test]
    fn ukrainian_posts_are_said_by_ukrainian_rules() {
        let ukrainian = LanguageTag::parse("uk-UA").unwrap();
        let spoken = SpokenText::prepare_in(
            &ukrainian,
            "Рада ухвалила бюджет",
            Some("Дефіцит — 12%"),
            "## Що далі\n\nЗСУ отримають 500 млн грн.\n\n- ООН\n\n![фото](/a.png)",
        );
        assert_eq!(
            spoken.paragraphs,
            [
                "Рада ухвалила бюджет.",
                "Дефіцит, дванадцять відсотків.",
                "Що далі.",
                "зе-ес-у отримають п'ятсот мільйонів гривень.",
                "оон.",
            ]
        );
    }

    #[test]
    fn other_languages_get_only_what_holds_for_every_language() {
        let german = LanguageTag::parse("de").unwrap();
        let spoken = SpokenText::prepare_in(
            &german,
            "Straße: 5% mehr 🎉",
            None,
            "Dr. Müller — heute & morgen, $12bn, ЗСУ (https://example.org).\n\n🎉🎉",
        );
        assert_eq!(
            spoken.paragraphs,
            [
                "Straße: 5% mehr.",
                "Dr. Müller, heute & morgen, $12bn, ЗСУ."
            ]
        );
        assert_eq!(speakable_in(&german, "Ærø—Øst"), "Ærø, Øst");
    }

    #[test]
    fn english_rules_are_chosen_by_the_primary_language() {
        let body = "Dr. Amari paid $12bn.";
        let english = SpokenText::prepare("Title", None, body);
        for tag in ["en", "en-GB", "EN_us"] {
            let language = LanguageTag::parse(tag).unwrap();
            assert_eq!(
                SpokenText::prepare_in(&language, "Title", None, body),
                english
            );
        }
        let ukrainian = LanguageTag::parse("uk").unwrap();
        let other = SpokenText::prepare_in(&ukrainian, "Title", None, body);
        assert_ne!(other.hash(), english.hash());
    }

    #[test]
    fn headings_and_items_get_a_pause() {
        let cases = [
            ("Next", "Next."),
            ("Next.", "Next."),
            ("Why?", "Why?"),
            ("Items:", "Items."),
            ("He said \"go.\"", "He said \"go.\""),
            ("He said \"go\"", "He said \"go\"."),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(with_pause(text), expected, "{text}");
        }
    }

    proptest! {
        #[test]
        fn speakable_never_panics_and_folds_whitespace(text in "\\PC{0,200}") {
            let spoken = speakable(&text);
            prop_assert_eq!(spoken.trim(), spoken.as_str());
            prop_assert!(!spoken.contains("  "), "{spoken:?}");
        }

        #[test]
        fn speakable_survives_any_characters_at_all(text in any::<String>()) {
            let _ = speakable(&text);
        }

        #[test]
        fn chunks_fit_are_never_empty_and_lose_nothing(text in "\\PC{0,300}", max in 0usize..80) {
            let pieces = chunks(&text, max);
            for piece in &pieces {
                prop_assert!(!piece.is_empty());
                prop_assert_eq!(piece.trim(), piece.as_str());
                prop_assert!(piece.chars().count() <= max.max(1), "{piece:?} over {max}");
            }
            let letters = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(letters(&pieces.concat()), letters(&text));
        }

        #[test]
        fn any_article_can_be_prepared(
            title in "\\PC{0,80}",
            subtitle in proptest::option::of("\\PC{0,80}"),
            body in "\\PC{0,400}",
        ) {
            let spoken = SpokenText::prepare(&title, subtitle.as_deref(), &body);
            prop_assert_eq!(spoken.is_empty(), spoken.paragraphs.is_empty());
            prop_assert_eq!(spoken.hash().len(), 64);
        }

        #[test]
        fn text_full_of_rule_triggers_is_said_tidily(
            text in "([$£€%:.,;'\"()#&+×½°/-]|[0-9]{1,4}|St|No|U\\.S\\.|p\\.m\\.|am|km|Nov|[A-Z]{1,5}| ){0,40}",
        ) {
            let spoken = speakable(&text);
            prop_assert_eq!(spoken.trim(), spoken.as_str());
            prop_assert!(!spoken.contains("  "), "{spoken:?}");
        }

        #[test]
        fn any_article_can_be_prepared_in_any_language(
            tag in "(en|uk|de|zh-Hant)",
            title in "\\PC{0,80}",
            body in "\\PC{0,400}",
        ) {
            let language = LanguageTag::parse(&tag).unwrap();
            let spoken = SpokenText::prepare_in(&language, &title, None, &body);
            prop_assert_eq!(spoken.is_empty(), spoken.paragraphs.is_empty());
            for paragraph in &spoken.paragraphs {
                prop_assert_eq!(paragraph.trim(), paragraph.as_str());
                prop_assert!(!paragraph.contains("  "));
            }
        }

        #[test]
        fn ukrainian_text_full_of_rule_triggers_is_said_tidily(
            text in "([$€₴%:.,;'\"()№§°-]|[0-9]{1,4}|000|XXI|ст|р|м|т|зв|тис|млн|грн|км|року|листопада|[А-ЯІЇЄ]{1,4}|о|у|до| ){0,40}",
        ) {
            let spoken = speakable_in(&LanguageTag::parse("uk").unwrap(), &text);
            prop_assert_eq!(spoken.trim(), spoken.as_str());
            prop_assert!(!spoken.contains("  "), "{spoken:?}");
        }

        #[test]
        fn markdown_like_articles_can_be_prepared(
            body in "([-#>*`!\\[\\]()<>|~_$£€%:.0-9A-Za-z ]|\n){0,300}",
        ) {
            let spoken = SpokenText::prepare("T", None, &body);
            for paragraph in &spoken.paragraphs {
                prop_assert!(!paragraph.contains("  "));
            }
        }
    }
}
