use std::collections::BTreeSet;

use super::scan::{called_ids, ids_defined};
use super::*;
use crate::kit::theme::{TEMPLATES, Theme};

fn tag(text: &str) -> LanguageTag {
    LanguageTag::parse(text).unwrap()
}

/// The ids one embedded file defines, read on its own (no fallback).
fn ids_of(language: &str) -> BTreeSet<String> {
    let text = LOCALES
        .iter()
        .find(|(tag, _)| *tag == language)
        .map(|(_, text)| *text)
        .unwrap();
    ids_defined(language, text)
}

/// The messages Rust code asks for by id (the rest are asked for by templates).
const RUST_IDS: &[&str] = &[
    "date",
    "time",
    "date-time",
    "note-kind",
    "listen-disclosure",
    "language-name",
    "search-unreadable",
    "search-empty",
    "search-no-match",
    "news-feed-rss-title",
    "news-feed-rss-description",
    "signup-sent",
    "signup-busy",
    "signup-bad-email",
    "signup-no-newsletter",
    "signup-check-form",
    "np-confirm-invalid-title",
    "np-confirm-invalid-text",
    "np-confirmed-title",
    "np-confirmed-text",
    "np-already-title",
    "np-already-text",
    "np-expired-title",
    "np-expired-text",
    "np-unknown-title",
    "np-unknown-text",
    "np-unsubscribe-title",
    "np-unsubscribe-text",
    "np-unsubscribe-invalid-title",
    "np-unsubscribe-invalid-text",
    "np-this-newsletter",
    "np-left-title",
    "np-left",
    "np-left-already",
    "np-your-newsletters",
    "np-preferences-text",
    "np-preferences-invalid-title",
    "np-preferences-invalid-text",
    "np-saved-none",
    "np-saved",
];

#[test]
fn english_and_ukrainian_have_the_same_messages() {
    let english = ids_of("en");
    let ukrainian = ids_of("uk");
    let only_english: Vec<_> = english.difference(&ukrainian).collect();
    let only_ukrainian: Vec<_> = ukrainian.difference(&english).collect();
    assert!(
        only_english.is_empty(),
        "missing in uk.ftl: {only_english:?}"
    );
    assert!(
        only_ukrainian.is_empty(),
        "missing in en.ftl: {only_ukrainian:?}"
    );
}

#[test]
fn every_message_the_theme_and_the_code_ask_for_exists() {
    let english = ids_of("en");
    let mut asked: Vec<String> = RUST_IDS.iter().map(|id| id.to_string()).collect();
    for (name, text) in TEMPLATES {
        let ids: Vec<String> = called_ids(text, "t")
            .into_iter()
            .chain(called_ids(text, "plural_forms"))
            .collect();
        for id in &ids {
            assert!(
                english.contains(id),
                "{name} asks for {id}, which en.ftl lacks"
            );
        }
        asked.extend(ids);
    }
    for id in &asked {
        assert!(
            english.contains(id),
            "the code asks for {id}, which en.ftl lacks"
        );
    }
    // And nothing is translated for nobody: every message is asked for somewhere
    // (date-month is referenced by the date patterns themselves).
    let unused: Vec<_> = english
        .iter()
        .filter(|id| *id != "date-month" && !asked.contains(id))
        .collect();
    assert!(unused.is_empty(), "messages nothing asks for: {unused:?}");
}

#[test]
fn the_scripts_carry_no_words_of_their_own() {
    let scripts = [
        include_str!("../../../../../themes/default/assets/feed.js"),
        include_str!("../../../../../themes/default/assets/search.js"),
        include_str!("../../../../../themes/default/assets/signup.js"),
    ];
    for script in scripts {
        for line in script.lines() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            // A quoted sentence: a capital, a lowercase letter, then a space.
            for quoted in code.split('\'').skip(1).step_by(2) {
                let mut chars = quoted.chars();
                let sentence = chars.next().is_some_and(char::is_uppercase)
                    && quoted.contains(' ')
                    && chars.next().is_some_and(char::is_lowercase);
                assert!(!sentence, "a script says {quoted:?} in English: {line}");
            }
        }
    }
}

fn render(source: &str, lang: &str, context: Value) -> String {
    let theme = Theme::embedded();
    let mut env = crate::kit::theme::new_environment(theme.translations().clone());
    env.add_template_owned("t.html".to_owned(), source.to_owned())
        .unwrap();
    let context = minijinja::context! { lang => lang, ..context };
    env.get_template("t.html").unwrap().render(context).unwrap()
}

#[test]
fn templates_get_messages_in_the_page_s_language() {
    let source = r#"{{ t("reading-time", minutes=minutes) }}|{{ t("updated") }}"#;
    let uk = render(source, "uk", minijinja::context! { minutes => 5 });
    assert_eq!(uk, "5 хв читання|Оновлено");
    let en = render(source, "en", minijinja::context! { minutes => 1 });
    assert_eq!(en, "1 min read|Updated");
    let regional = render(source, "uk-UA", minijinja::context! { minutes => 3 });
    assert_eq!(regional, "3 хв читання|Оновлено");
}

#[test]
fn ukrainian_counts_take_their_plural_forms() {
    let source = r#"{{ t("corrections-count", total=n) }}"#;
    let cases = [
        (1, "Усього 1 примітка."),
        (3, "Усього 3 примітки."),
        (5, "Усього 5 приміток."),
        (11, "Усього 11 приміток."),
        (21, "Усього 21 примітка."),
        (1234, "Усього 1\u{a0}234 примітки."),
    ];
    for (n, expected) in cases {
        assert_eq!(
            render(source, "uk", minijinja::context! { n => n }),
            expected
        );
    }
    let decimal = r#"{{ t("listen-download", megabytes=1.5) }}"#;
    assert_eq!(
        render(decimal, "uk", minijinja::context! {}),
        "Завантажити аудіо (MP3, 1,5 МБ)"
    );
    assert_eq!(
        render(decimal, "en", minijinja::context! {}),
        "Download the audio (MP3, 1.5 MB)"
    );
}

#[test]
fn values_are_escaped_once_in_html_messages() {
    let source =
        r#"{{ t("not-found-text-html", path=path) }}|{{ t("search-title-query", query=path) }}"#;
    let html = render(source, "en", minijinja::context! { path => "/<b>&" });
    assert_eq!(
        html,
        "There is nothing at <code class=\"path\">/&lt;b&gt;&amp;</code>. The link may be \
         mistyped, or the story may have moved.|Search: /&lt;b&gt;&amp;"
    );
}

#[test]
fn a_page_without_a_language_is_in_english() {
    let theme = Theme::embedded();
    let mut env = crate::kit::theme::new_environment(theme.translations().clone());
    env.add_template("t.html", r#"{{ t("updated") }}"#).unwrap();
    let text = env
        .get_template("t.html")
        .unwrap()
        .render(minijinja::context! {})
        .unwrap();
    assert_eq!(text, "Updated");
}

#[test]
fn scripts_get_every_plural_form() {
    let source = r#"{% for form, text in plural_forms("news-feed-announce-more", "count")|items %}{{ form }}={{ text }};{% endfor %}"#;
    assert_eq!(
        render(source, "uk", minijinja::context! {}),
        "few=Показано ще {n} повідомлення.;many=Показано ще {n} повідомлень.;\
         one=Показано ще {n} повідомлення.;other=Показано ще {n} повідомлення.;"
    );
    assert_eq!(
        render(source, "en", minijinja::context! {}),
        "one=One more item shown.;other={n} more items shown.;"
    );
}

/// A theme folder with the default theme's templates and the given locale files.
fn theme_folder(locales: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in TEMPLATES {
        let path = dir.path().join("templates").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir(dir.path().join("locales")).unwrap();
    for (name, text) in locales {
        std::fs::write(dir.path().join("locales").join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_theme_folder_adds_languages_and_changes_words() {
    let dir = theme_folder(&[
        ("de.ftl", "updated = Aktualisiert\n"),
        ("uk.ftl", "updated = Оновлено о\n"),
    ]);
    let theme = Theme::from_dir(dir.path()).unwrap();
    let words = theme.translations();
    let none = Args::new();
    assert_eq!(
        words.translate(&tag("de"), "updated", &none),
        "Aktualisiert"
    );
    // What German lacks comes in English; what the folder leaves alone stays.
    assert_eq!(words.translate(&tag("de"), "topics", &none), "Topics");
    assert_eq!(words.translate(&tag("uk"), "updated", &none), "Оновлено о");
    assert_eq!(words.translate(&tag("uk"), "topics", &none), "Теми");
}

#[test]
fn a_broken_translation_file_in_a_theme_folder_is_named() {
    let dir = theme_folder(&[("uk.ftl", "updated = Оновлено\nbroken {\n")]);
    let error = format!("{:#}", Theme::from_dir(dir.path()).unwrap_err());
    assert!(error.contains("uk.ftl, line 2"), "{error}");
    let dir = theme_folder(&[("ukrainian.ftl", "updated = Оновлено\n")]);
    let error = format!("{:#}", Theme::from_dir(dir.path()).unwrap_err());
    assert!(error.contains("not named after a language tag"), "{error}");
}
