//! Ukrainian written abbreviations said in full: "т. зв." is "так званий", "вул." is
//! "вулиця", "і т. д." is "і так далі". A voice reads them as the letters they are.
//!
//! Several are ambiguous, and are read by where they stand:
//! - "м." is "місто" before a capitalised name ("м. Київ"), in the case the
//!   preposition before it asks ("у м. Києві" is "у місті Києві"), and so are the
//!   other places before their names ("на вул. Хрещатик" is "на вулиці Хрещатик");
//!   after a number "м" is a metre (see `units`).
//! - "р." after a year is "року" (see `dates`); before a name it is "річка" ("р.
//!   Дніпро"); elsewhere it stays.
//! - "ст." after a century is "століття" (see `dates`); before a number it is
//!   "стаття" ("ст. 15 Конституції").
//! - "с." is "село" before a name and "сторінка" before a number.
//! - "т. зв." agrees with the word after it ("так звана зона", "так званого
//!   референдуму"), guessed from that word's ending.
//! - "обл." takes the case of the adjective before it ("у Київській обл." is "у
//!   Київській області").
//! - Other cases than those a preposition right before tells are not worked out:
//!   "вздовж вул. Хрещатик" is said "вздовж вулиця Хрещатик".

use super::dates::previous_word;
use crate::narration::expand::{At, Spoken, trail_after_abbreviation};
use crate::narration::words::Word;

/// Where an abbreviation is read as one, which also says whether its dot can end a
/// sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Anywhere ("і т. д."): its dot may also be the sentence's full stop.
    Anywhere,
    /// Leading into what follows ("див.", "напр."): its dot never ends a sentence.
    Before,
    /// Only before a capitalised name ("вул. Хрещатик").
    BeforeName,
    /// Only before a number ("ст. 15").
    BeforeNumber,
}

use Place::{Anywhere, Before, BeforeName, BeforeNumber};

/// The written pieces (each with its dot), what is said, and where.
const ABBREVIATIONS: [(&[&str], &str, Place); 32] = [
    (&["т", "д"], "так далі", Anywhere),
    (&["т.д"], "так далі", Anywhere),
    (&["т", "ін"], "таке інше", Anywhere),
    (&["т.ін"], "таке інше", Anywhere),
    (&["ін"], "інші", Anywhere),
    (&["н", "е"], "нашої ери", Anywhere),
    (&["н.е"], "нашої ери", Anywhere),
    (&["прим", "ред"], "примітка редакції", Before),
    (&["тис"], "тисяч", Anywhere),
    (&["млн"], "мільйонів", Anywhere),
    (&["млрд"], "мільярдів", Anywhere),
    (&["грн"], "гривень", Anywhere),
    (&["коп"], "копійок", Anywhere),
    (&["дол"], "доларів", Anywhere),
    (&["див"], "дивіться", Before),
    (&["напр"], "наприклад", Before),
    (&["зокр"], "зокрема", Before),
    (&["англ"], "англійською", Before),
    (&["укр"], "українською", Before),
    (&["рос"], "російською", Before),
    (&["тел"], "телефон", Before),
    (&["ген"], "генерал", Before),
    (&["зам"], "заступник", Before),
    (&["ім"], "імені", BeforeName),
    (&["проф"], "професор", BeforeName),
    (&["акад"], "академік", BeforeName),
    (&["ст"], "стаття", BeforeNumber),
    (&["ч"], "частина", BeforeNumber),
    (&["п"], "пункт", BeforeNumber),
    (&["с"], "сторінка", BeforeNumber),
    (&["буд"], "будинок", BeforeNumber),
    (&["кв"], "квартира", BeforeNumber),
];

/// Places before their name: the nominative, the locative (after "у", "в", "на")
/// and the genitive (after "з", "до", "від", "біля").
const PLACES: [(&str, &str, &str, &str); 9] = [
    ("м", "місто", "місті", "міста"),
    ("с", "село", "селі", "села"),
    ("р", "річка", "річці", "річки"),
    ("о", "острів", "острові", "острова"),
    ("вул", "вулиця", "вулиці", "вулиці"),
    ("пл", "площа", "площі", "площі"),
    ("просп", "проспект", "проспекті", "проспекту"),
    ("пров", "провулок", "провулку", "провулка"),
    ("бульв", "бульвар", "бульварі", "бульвару"),
];

/// Written without a dot, with a hyphen or as letters.
const UNDOTTED: [(&str, &str); 7] = [
    ("д-р", "доктор"),
    ("р-н", "район"),
    ("смт", "селище міського типу"),
    ("млн", "мільйонів"),
    ("млрд", "мільярдів"),
    ("трлн", "трильйонів"),
    ("грн", "гривень"),
];

pub(super) fn abbreviation(at: &At) -> Option<Spoken> {
    let word = at.word();
    if let Some((_, said)) = UNDOTTED.iter().find(|(written, _)| *written == word.core) {
        return Some(Spoken::one(said, word));
    }
    if !word.is_dotted() {
        return None;
    }
    so_called(at)
        .or_else(|| place(at))
        .or_else(|| region(at))
        .or_else(|| from_table(at))
}

fn from_table(at: &At) -> Option<Spoken> {
    let capitalised = starts_sentence(at);
    ABBREVIATIONS.iter().find_map(|(pieces, said, place)| {
        let (consumed, capital) = matches(at, pieces, capitalised)?;
        let next = at.ahead(consumed);
        let fits = match place {
            Anywhere | Before => true,
            BeforeName => next.is_some_and(Word::is_capitalised),
            BeforeNumber => next.is_some_and(Word::starts_with_digit),
        };
        if !fits {
            return None;
        }
        let last = at.ahead(consumed - 1)?;
        let ends_sentence = *place == Anywhere && at.sentence_follows(consumed);
        let said = if capital {
            capitalise(said)
        } else {
            (*said).to_owned()
        };
        Some(Spoken::many(
            consumed,
            &said,
            &trail_after_abbreviation(last, ends_sentence),
        ))
    })
}

/// How many words `pieces` take at `at`, each dotted, and whether the first was
/// capitalised (allowed at a sentence's start only).
fn matches(at: &At, pieces: &[&str], capitalised: bool) -> Option<(usize, bool)> {
    let mut capital = false;
    for (i, piece) in pieces.iter().enumerate() {
        let word = at.ahead(i)?;
        let same = word.core == *piece;
        let as_capital =
            i == 0 && capitalised && piece.chars().count() > 1 && word.core == capitalise(piece);
        if !(same || as_capital) || !word.is_dotted() || (i > 0 && !word.lead.is_empty()) {
            return None;
        }
        capital |= as_capital;
    }
    Some((pieces.len(), capital))
}

/// "т. зв." agrees with the word it names: "так звана зона", "так званого
/// референдуму", "так звані вибори".
fn so_called(at: &At) -> Option<Spoken> {
    let (consumed, capital) = matches(at, &["т", "зв"], starts_sentence(at))
        .or_else(|| matches(at, &["т.зв"], starts_sentence(at)))?;
    let next = at
        .ahead(consumed)
        .map(|next| next.core.to_lowercase())
        .unwrap_or_default();
    const ENDINGS: [(&str, &str); 13] = [
        ("ого", "так званого"),
        ("ому", "так званому"),
        ("у", "так звану"),
        ("ю", "так звану"),
        ("ої", "так званої"),
        ("их", "так званих"),
        ("іх", "так званих"),
        ("а", "так звана"),
        ("я", "так звана"),
        ("е", "так зване"),
        ("є", "так зване"),
        ("і", "так звані"),
        ("и", "так звані"),
    ];
    let said = ENDINGS
        .iter()
        .find(|(ending, _)| next.ends_with(ending))
        .map_or("так званий", |(_, said)| *said);
    let said = if capital {
        capitalise(said)
    } else {
        said.to_owned()
    };
    let last = at.ahead(consumed - 1)?;
    Some(Spoken::many(
        consumed,
        &said,
        &trail_after_abbreviation(last, false),
    ))
}

/// "м. Київ" -> "місто Київ", "у м. Києві" -> "у місті Києві", "до м. Києва" -> "до
/// міста Києва", "на вул. Хрещатик" -> "на вулиці Хрещатик".
fn place(at: &At) -> Option<Spoken> {
    let word = at.word();
    let before_name = at.ahead(1).is_some_and(Word::is_capitalised);
    let (_, nominative, locative, genitive) = PLACES
        .iter()
        .find(|(short, ..)| *short == word.core)
        .filter(|_| before_name)?;
    let said = match previous_word(at).as_str() {
        "у" | "в" | "на" => locative,
        "з" | "із" | "до" | "від" | "біля" | "поблизу" => genitive,
        _ => nominative,
    };
    Some(Spoken::many(
        1,
        said,
        &trail_after_abbreviation(word, false),
    ))
}

/// "Київська обл." -> "Київська область", "у Київській обл." -> "у Київській
/// області".
fn region(at: &At) -> Option<Spoken> {
    let word = at.word();
    if word.core != "обл" {
        return None;
    }
    let adjective = previous_word(at);
    let said = if adjective.ends_with("ій") || adjective.ends_with("ої") {
        "області"
    } else {
        "область"
    };
    let trail = trail_after_abbreviation(word, at.sentence_follows(1));
    Some(Spoken::many(1, said, &trail))
}

/// True when the word opens a sentence, so its capital says nothing about it.
fn starts_sentence(at: &At) -> bool {
    at.previous()
        .is_none_or(|previous| previous.trail.contains(['.', '!', '?']))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn abbreviations_are_said_in_full() {
        check(&[
            ("т. зв. зона", "так звана зона"),
            ("т. зв. референдум", "так званий референдум"),
            ("т.зв. вибори", "так звані вибори"),
            ("т. зв. «сірої зони»", "так званої \"сірої зони\""),
            ("5 тис. осіб", "п'ять тисяч осіб"),
            ("тис. осіб", "тисяч осіб"),
            ("див. нижче", "дивіться нижче"),
            ("Див. також", "Дивіться також"),
            ("овочі, напр. морква", "овочі, наприклад морква"),
            ("Петренко та ін.", "Петренко та інші."),
            ("хліб, сіль і т. д. Потім", "хліб, сіль і так далі. Потім"),
            ("хліб, сіль і т. д., а", "хліб, сіль і так далі, а"),
            ("хліб і т. ін.", "хліб і таке інше."),
            ("у V ст. до н. е.", "у п'ятому столітті до нашої ери."),
            ("(прим. ред.)", "(примітка редакції)"),
            ("д-р Іваненко", "доктор Іваненко"),
            ("смт Козин", "селище міського типу Козин"),
        ]);
    }

    #[test]
    fn places_are_said_by_where_they_stand() {
        check(&[
            ("університет ім. Шевченка", "університет імені Шевченка"),
            ("на вул. Хрещатик", "на вулиці Хрещатик"),
            ("вул. Хрещатик, 22", "вулиця Хрещатик, 22"),
            ("з пл. Ринок", "з площі Ринок"),
            ("просп. Перемоги", "проспект Перемоги"),
            ("м. Київ", "місто Київ"),
            ("у м. Києві", "у місті Києві"),
            ("до м. Львова", "до міста Львова"),
            ("Київська обл.", "Київська область."),
            ("у Київській обл. тривога", "у Київській області тривога"),
            ("Львівської обл., де", "Львівської області, де"),
            ("р. Дніпро", "річка Дніпро"),
            ("с. Гута", "село Гута"),
            ("с. 5", "сторінка 5"),
            ("ст. 15 Конституції", "стаття 15 Конституції"),
            ("о. Зміїний", "острів Зміїний"),
        ]);
    }

    #[test]
    fn look_alikes_are_left_alone() {
        check(&[
            ("ст. лейтенант", "ст. лейтенант"),
            ("М. Грушевський", "М. Грушевський"),
            ("о 5", "о 5"),
            ("див", "див"),
            ("ім'я", "ім'я"),
            ("кінець р.", "кінець р."),
        ]);
    }
}
