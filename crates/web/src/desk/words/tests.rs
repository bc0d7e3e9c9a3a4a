use std::collections::BTreeSet;

use super::*;
use crate::desk::templates::TEMPLATES;
use crate::kit::translate::scan::{called_ids, ids_defined};

/// The ids one desk file defines, read on its own (no fallback).
fn ids_of(language: &str) -> BTreeSet<String> {
    ids_defined(language, text_of(language))
}

fn text_of(language: &str) -> &'static str {
    LOCALES
        .iter()
        .find(|(tag, _)| *tag == language)
        .map(|(_, text)| *text)
        .unwrap()
}

/// The ids a template puts together from a prefix and a value (`t("role-" ~ me.role)`):
/// the prefix and every value it can take.
const COMPOSED: &[(&str, &[&str])] = &[
    ("role-", &["admin", "editor", "author", "contributor"]),
    ("post-status-", &["draft", "scheduled", "published"]),
    ("posts-filter-", &["draft", "scheduled", "published"]),
    ("note-kind-", &["update", "correction", "clarification"]),
    ("import-status-", &["queued", "running", "done", "failed"]),
    ("sub-status-", &["pending", "active", "left"]),
    (
        "issue-status-",
        &["draft", "scheduled", "sending", "sent", "cancelled"],
    ),
    (
        "import-kind-",
        &[
            "posts",
            "pages",
            "authors",
            "tags",
            "images",
            "newsletters",
            "members",
            "redirects",
        ],
    ),
];

/// The desk's Rust code, where it asks for messages with `t("…")`, `t_with("…")`
/// or names them in a table (such as the editor's notices).
const RUST_SOURCES: &[(&str, &str)] = &[
    ("account.rs", include_str!("../account.rs")),
    ("signin.rs", include_str!("../signin.rs")),
    ("profile.rs", include_str!("../profile.rs")),
    ("words.rs", include_str!("../words.rs")),
    ("settings.rs", include_str!("../settings.rs")),
    ("editions.rs", include_str!("../editions.rs")),
    ("section_names.rs", include_str!("../section_names.rs")),
    ("staff.rs", include_str!("../staff.rs")),
    ("error_page.rs", include_str!("../error_page.rs")),
    ("words/problems.rs", include_str!("problems.rs")),
    ("people.rs", include_str!("../people.rs")),
    ("media.rs", include_str!("../media.rs")),
    ("collections.rs", include_str!("../collections.rs")),
    ("redirects.rs", include_str!("../redirects.rs")),
    ("integrations.rs", include_str!("../integrations.rs")),
    ("imports/upload.rs", include_str!("../imports/upload.rs")),
    (
        "imports/downloads.rs",
        include_str!("../imports/downloads.rs"),
    ),
    ("newsletters/mod.rs", include_str!("../newsletters/mod.rs")),
    (
        "newsletters/lists.rs",
        include_str!("../newsletters/lists.rs"),
    ),
    (
        "newsletters/compose.rs",
        include_str!("../newsletters/compose.rs"),
    ),
    (
        "newsletters/sending.rs",
        include_str!("../newsletters/sending.rs"),
    ),
    (
        "newsletters/issue_page.rs",
        include_str!("../newsletters/issue_page.rs"),
    ),
    (
        "newsletters/import.rs",
        include_str!("../newsletters/import.rs"),
    ),
    (
        "newsletters/import_file.rs",
        include_str!("../newsletters/import_file.rs"),
    ),
    (
        "newsletters/subscribers.rs",
        include_str!("../newsletters/subscribers.rs"),
    ),
    ("posts/revisions.rs", include_str!("../posts/revisions.rs")),
    ("posts/list.rs", include_str!("../posts/list.rs")),
    ("posts/edit.rs", include_str!("../posts/edit.rs")),
    ("posts/edition.rs", include_str!("../posts/edition.rs")),
    ("posts/editor.rs", include_str!("../posts/editor.rs")),
    ("posts/autosave.rs", include_str!("../posts/autosave.rs")),
    ("posts/narration.rs", include_str!("../posts/narration.rs")),
    ("news_feed/mod.rs", include_str!("../news_feed/mod.rs")),
    ("news_feed/list.rs", include_str!("../news_feed/list.rs")),
    ("news_feed/edit.rs", include_str!("../news_feed/edit.rs")),
];

/// Every quoted string in `text` that looks like a message id some file defines.
fn quoted_ids(text: &str, defined: &BTreeSet<String>) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|quoted| defined.contains(*quoted))
        .map(str::to_owned)
        .collect()
}

fn asked_for(english: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut asked = Vec::new();
    for (name, text) in TEMPLATES {
        for id in called_ids(text, "t")
            .into_iter()
            .chain(called_ids(text, "plural_forms"))
        {
            if let Some((prefix, values)) = COMPOSED.iter().find(|(prefix, _)| *prefix == id) {
                asked.extend(
                    values
                        .iter()
                        .map(|v| (name.to_string(), format!("{prefix}{v}"))),
                );
            } else {
                asked.push((name.to_string(), id));
            }
        }
    }
    for (name, text) in RUST_SOURCES {
        for id in called_ids(text, "t")
            .into_iter()
            .chain(called_ids(text, "t_with"))
        {
            asked.push((name.to_string(), id));
        }
        for id in quoted_ids(text, english) {
            asked.push((name.to_string(), id));
        }
    }
    asked
}

#[test]
fn every_message_the_desk_asks_for_exists_and_every_message_is_asked_for() {
    let english = ids_of("en");
    let asked = asked_for(&english);
    let missing: Vec<_> = asked
        .iter()
        .filter(|(_, id)| !english.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "asked for but missing in en.ftl: {missing:?}"
    );
    let asked: BTreeSet<&String> = asked.iter().map(|(_, id)| id).collect();
    let unused: Vec<_> = english.iter().filter(|id| !asked.contains(id)).collect();
    assert!(unused.is_empty(), "messages nothing asks for: {unused:?}");
}

#[test]
fn ukrainian_has_every_english_message_and_no_other() {
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
        "not in en.ftl: {only_ukrainian:?}"
    );
}

/// Each message of a file with how many variants it has of each plural form, for
/// the messages that choose by a count (those with a `[one]` variant).
fn plural_messages(language: &str) -> Vec<(String, [usize; 4])> {
    let mut messages: Vec<(String, String)> = Vec::new();
    for line in text_of(language).lines() {
        let starts_message =
            line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && line.contains(" =");
        if starts_message {
            let id = line
                .split(" =")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
            messages.push((id, line.to_owned()));
        } else if let Some((_, body)) = messages.last_mut() {
            body.push('\n');
            body.push_str(line);
        }
    }
    messages
        .into_iter()
        .filter(|(_, body)| body.contains("[one]"))
        .map(|(id, body)| {
            let count = |form: &str| body.matches(&format!("[{form}]")).count();
            let forms = [count("one"), count("few"), count("many"), count("other")];
            (id, forms)
        })
        .collect()
}

#[test]
fn every_count_has_each_language_s_plural_forms() {
    let english = plural_messages("en");
    let ukrainian = plural_messages("uk");
    for (id, [one, _, _, other]) in &english {
        assert_eq!(
            one, other,
            "en.ftl: {id} needs an [other] beside each [one]"
        );
    }
    for (id, [one, few, many, other]) in &ukrainian {
        assert!(
            one == few && few == many && many == other,
            "uk.ftl: {id} needs [one], [few], [many] and [other] in each choice"
        );
    }
    for (id, _) in &english {
        assert!(
            ukrainian.iter().any(|(uk, _)| uk == id),
            "uk.ftl: {id} counts in English but has no plural forms in Ukrainian"
        );
    }
}

#[test]
fn counts_take_ukrainian_plural_forms() {
    let uk = DeskLanguage::parse("uk").unwrap();
    let count = |n: i64| {
        uk.t_with(
            "posts-count",
            &Args::new().integer("count", n).text("status", "all"),
        )
    };
    assert_eq!(count(1), "1 допис, спершу останні змінені.");
    assert_eq!(count(3), "3 дописи, спершу останні змінені.");
    assert_eq!(count(5), "5 дописів, спершу останні змінені.");
    assert_eq!(count(21), "21 допис, спершу останні змінені.");
    let en = DeskLanguage::english();
    assert_eq!(
        en.t_with(
            "posts-count",
            &Args::new().integer("count", 1).text("status", "draft")
        ),
        "1 post (drafts), last edited first."
    );
}

#[test]
fn only_languages_with_files_can_be_chosen() {
    assert_eq!(DeskLanguage::parse("uk").unwrap().as_str(), "uk");
    assert_eq!(DeskLanguage::parse("en").unwrap().as_str(), "en");
    assert!(DeskLanguage::parse("de").is_none());
    assert!(DeskLanguage::parse("uk-UA").is_none());
    assert!(DeskLanguage::parse("").is_none());
    assert!(DeskLanguage::parse("<script>").is_none());
    let names: Vec<String> = DeskLanguage::all().iter().map(DeskLanguage::name).collect();
    assert_eq!(names, ["English", "Українська"]);
}

fn accepting(value: &str) -> String {
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_LANGUAGE, value.parse().unwrap());
    DeskLanguage::from_headers(&headers).as_str().to_owned()
}

#[test]
fn pages_before_sign_in_follow_the_browser_s_languages() {
    assert_eq!(accepting("uk-UA,uk;q=0.9,en;q=0.8"), "uk");
    assert_eq!(accepting("uk"), "uk");
    assert_eq!(accepting("de-DE,uk;q=0.5,en;q=0.7"), "en");
    assert_eq!(accepting("de-DE,uk;q=0.5"), "uk");
    assert_eq!(accepting("fr, de"), "en");
    assert_eq!(accepting("uk;q=0, en"), "en");
    assert_eq!(accepting("garbage;;;"), "en");
    assert_eq!(DeskLanguage::from_headers(&HeaderMap::new()).as_str(), "en");
}

/// The words the desk's script reads from a page, as the page carries them.
fn script_words(lang: &str) -> serde_json::Value {
    let errors = std::collections::BTreeMap::<String, String>::new();
    let html = crate::desk::templates::render(
        "desk/signin.html",
        minijinja::context! {
            lang, csrf => "token", next => "/admin/",
            errors => minijinja::Value::from_serialize(&errors),
        },
    )
    .unwrap();
    let start = html
        .find("<script type=\"application/json\" id=\"desk-words\">")
        .unwrap();
    let json = &html[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    serde_json::from_str(json).unwrap()
}

#[test]
fn the_script_gets_its_words_in_the_page_s_language() {
    let uk = script_words("uk");
    assert_eq!(uk["draft_saved_at"], "Чернетку збережено о {time}");
    let forms = uk["over_limit"].as_object().unwrap();
    let mut names: Vec<&str> = forms.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["few", "many", "one", "other"]);
    assert_eq!(forms["many"], "Перевищено ліміт у {n} символів.");
    let en = script_words("en");
    assert_eq!(en["copy_link"], "Copy link");
    assert_eq!(
        en["over_limit"]["other"],
        "Over the limit of {n} characters."
    );
}
