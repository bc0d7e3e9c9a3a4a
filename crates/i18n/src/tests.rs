use super::*;

const EN: &str = r#"
minutes =
    { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
greeting = Hello
only-english = Only in English
readers = { $count } readers
date-month = { $month ->
        [11] Nov
       *[12] Dec
    }
date = { date-month } { $day }, { $year }
time = { $hour12 }:{ $minute } { $period ->
        [am] AM
       *[pm] PM
    }
date-time = { date } { time }
"#;

const UK: &str = r#"
minutes =
    { $count ->
        [one] { $count } хвилина
        [few] { $count } хвилини
        [many] { $count } хвилин
       *[other] { $count } хвилини
    }
greeting = Вітаємо
readers = { $count } читачів
date-month = { $month ->
        [11] листопада
       *[12] грудня
    }
date = { $day } { date-month } { $year }
time = { $hour }:{ $minute }
date-time = { date }, { time }
"#;

fn tag(text: &str) -> LanguageTag {
    LanguageTag::parse(text).unwrap()
}

fn translations() -> Translations {
    Translations::load(vec![
        Source::new(tag("en"), "en.ftl", EN),
        Source::new(tag("uk"), "uk.ftl", UK),
    ])
    .unwrap()
}

fn minutes(translations: &Translations, language: &str, count: i64) -> String {
    translations.translate(
        &tag(language),
        "minutes",
        &Args::new().integer("count", count),
    )
}

#[test]
fn ukrainian_plurals_follow_the_cldr_rules() {
    let t = translations();
    let cases = [
        (1, "1 хвилина"),
        (2, "2 хвилини"),
        (4, "4 хвилини"),
        (5, "5 хвилин"),
        (11, "11 хвилин"),
        (12, "12 хвилин"),
        (14, "14 хвилин"),
        (21, "21 хвилина"),
        (22, "22 хвилини"),
        (25, "25 хвилин"),
        (101, "101 хвилина"),
        (111, "111 хвилин"),
        (0, "0 хвилин"),
    ];
    for (count, expected) in cases {
        assert_eq!(minutes(&t, "uk", count), expected, "{count}");
    }
}

#[test]
fn english_plurals_tell_one_from_many() {
    let t = translations();
    assert_eq!(minutes(&t, "en", 1), "1 minute");
    assert_eq!(minutes(&t, "en", 2), "2 minutes");
    assert_eq!(minutes(&t, "en", 21), "21 minutes");
}

#[test]
fn a_regional_tag_falls_back_to_its_language() {
    let t = translations();
    assert_eq!(minutes(&t, "uk-UA", 3), "3 хвилини");
    assert_eq!(
        t.translate(&tag("en-GB"), "greeting", &Args::new()),
        "Hello"
    );
}

#[test]
fn an_unknown_language_is_shown_in_english() {
    let t = translations();
    assert_eq!(t.translate(&tag("de"), "greeting", &Args::new()), "Hello");
    assert_eq!(minutes(&t, "de-AT", 1), "1 minute");
}

#[test]
fn a_message_missing_in_a_language_is_shown_in_english() {
    let t = translations();
    assert_eq!(
        t.translate(&tag("uk"), "only-english", &Args::new()),
        "Only in English"
    );
    assert!(t.has_message(&tag("uk"), "only-english"));
}

#[test]
fn a_message_missing_everywhere_shows_its_id() {
    let t = translations();
    assert_eq!(
        t.translate(&tag("uk"), "no-such-message", &Args::new()),
        "no-such-message"
    );
    assert!(!t.has_message(&tag("uk"), "no-such-message"));
}

#[test]
fn numbers_in_messages_are_written_in_the_language_s_style() {
    let t = translations();
    let args = Args::new().integer("count", 12345);
    assert_eq!(t.translate(&tag("en"), "readers", &args), "12,345 readers");
    assert_eq!(
        t.translate(&tag("uk"), "readers", &args),
        "12\u{a0}345 читачів"
    );
    let args = Args::new().number("count", 1.5);
    assert_eq!(t.translate(&tag("uk"), "readers", &args), "1,5 читачів");
    assert_eq!(t.translate(&tag("en"), "readers", &args), "1.5 readers");
}

#[test]
fn dates_follow_the_language_s_patterns() {
    let t = translations();
    let at: jiff::civil::DateTime = "2026-12-04T19:06:00".parse().unwrap();
    let uk = t.date_text(&tag("uk"), at);
    assert_eq!(uk.date, "4 грудня 2026");
    assert_eq!(uk.time, "19:06");
    assert_eq!(uk.date_time, "4 грудня 2026, 19:06");
    let en = t.date_text(&tag("en"), at);
    assert_eq!(en.date, "Dec 4, 2026");
    assert_eq!(en.time, "7:06 PM");
    assert_eq!(en.date_time, "Dec 4, 2026 7:06 PM");
    let morning: jiff::civil::DateTime = "2024-11-16T00:05:00".parse().unwrap();
    assert_eq!(t.date_text(&tag("en"), morning).time, "12:05 AM");
    assert_eq!(
        t.date_text(&tag("uk"), morning).date_time,
        "16 листопада 2024, 00:05"
    );
}

#[test]
fn a_later_source_overrides_and_adds_messages() {
    let t = Translations::load(vec![
        Source::new(tag("en"), "en.ftl", EN),
        Source::new(
            tag("en"),
            "theme/en.ftl",
            "greeting = Hi there\nextra = More",
        ),
    ])
    .unwrap();
    assert_eq!(
        t.translate(&tag("en"), "greeting", &Args::new()),
        "Hi there"
    );
    assert_eq!(t.translate(&tag("en"), "extra", &Args::new()), "More");
    assert_eq!(minutes(&t, "en", 2), "2 minutes");
    assert!(t.message_ids(&tag("en")).contains("extra"));
}

#[test]
fn a_broken_file_is_named_with_its_line() {
    let error = Translations::load(vec![Source::new(
        tag("uk"),
        "locales/uk.ftl",
        "greeting = Вітаємо\n\nbroken { $count }\nfine = Так\n",
    )])
    .unwrap_err()
    .to_string();
    assert!(error.starts_with("locales/uk.ftl, line 3"), "{error}");
}

#[test]
fn a_message_defined_twice_in_one_file_is_refused() {
    let error = Translations::load(vec![Source::new(tag("en"), "en.ftl", "a = 1\na = 2\n")])
        .unwrap_err()
        .to_string();
    assert!(error.contains("a is defined twice"), "{error}");
}

#[test]
fn translations_are_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Translations>();
}

#[test]
fn scripts_get_one_text_per_plural_form() {
    let t = translations();
    let uk = t.plural_forms(&tag("uk"), "minutes", "count");
    assert_eq!(uk.get("one").map(String::as_str), Some("{n} хвилина"));
    assert_eq!(uk.get("few").map(String::as_str), Some("{n} хвилини"));
    assert_eq!(uk.get("many").map(String::as_str), Some("{n} хвилин"));
    assert_eq!(uk.get("other").map(String::as_str), Some("{n} хвилини"));
    let en = t.plural_forms(&tag("en"), "minutes", "count");
    assert_eq!(en.len(), 2);
    assert_eq!(en["one"], "{n} minute");
    assert_eq!(en["other"], "{n} minutes");
}
