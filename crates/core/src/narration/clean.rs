//! Character clean-up before the word rules: whatever an English voice cannot say is
//! removed or rewritten in letters it can say.

/// Symbols kept as they are: a later rule says them in words ("½", "£", "×"), or they
/// mark a pause ("—").
const KEPT_SYMBOLS: &[char] = &[
    '£', '€', '°', '½', '¼', '¾', '⅓', '⅔', '⅛', '—', '–', '²', '³', '±', '×',
];

/// Text with control characters, emoji and other pictographs removed, letters of
/// other scripts transliterated, quotes straightened, dashes and ellipses made uniform.
pub(super) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_clean(&mut out, c);
    }
    collapse_dot_runs(&out)
}

/// [`clean`] for a voice of the text's own language: letters of every script are
/// kept as written (a Ukrainian voice reads Cyrillic), letters typed as a base and a
/// combining mark ("й" as "и" and a breve) are put together, and the apostrophes
/// Ukrainian writes ("пʼять", "п`ять") become one.
pub(super) fn clean_keeping_letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ʼ' | '`' => out.push('\''),
            '₴' | '№' | '§' => out.push(c),
            '\u{306}' | '\u{308}' => compose(&mut out, c),
            c if c.is_alphanumeric() && !c.is_ascii() => out.push(c),
            c => push_clean(&mut out, c),
        }
    }
    collapse_dot_runs(&out)
}

/// "и" and a combining breve are "й"; "і" and a diaeresis "ї". Other marks go, as
/// in [`clean`].
fn compose(out: &mut String, mark: char) {
    let composed = match (out.chars().last(), mark) {
        (Some('и'), '\u{306}') => 'й',
        (Some('И'), '\u{306}') => 'Й',
        (Some('і'), '\u{308}') => 'ї',
        (Some('І'), '\u{308}') => 'Ї',
        _ => return,
    };
    out.pop();
    out.push(composed);
}

fn push_clean(out: &mut String, c: char) {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' => out.push('\''),
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => out.push('"'),
        '‐' | '‑' | '−' | '﹣' | '－' => out.push('-'),
        '‒' | '–' => out.push('–'),
        '—' | '―' => out.push('—'),
        // Often typed for a degree sign.
        'º' => out.push('°'),
        '…' => out.push_str(". "),
        // Invisible: soft hyphen, zero-width spaces and joiners, byte-order mark.
        '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => {}
        c if c.is_whitespace() => out.push(' '),
        c if c.is_control() => {}
        c if c.is_ascii() => push_ascii(out, c),
        c if KEPT_SYMBOLS.contains(&c) || is_western_letter(c) => out.push(c),
        c if c.is_alphanumeric() => push_transliterated(out, c),
        c if is_combining(c) => {}
        // Emoji, pictographs, arrows: deunicode would spell them out by name. A space
        // keeps the words on either side apart ("up🚀today").
        _ => out.push(' '),
    }
}

/// Accents written as separate marks, and the selectors and joiners inside emoji:
/// part of the character before them, so they leave no gap.
fn is_combining(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{36F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Markup leftovers a voice would read by name ("asterisk", "underscore").
fn push_ascii(out: &mut String, c: char) {
    match c {
        '*' | '~' | '^' | '`' | '\\' | '{' | '}' | '<' | '>' => {}
        '_' | '|' => out.push(' '),
        c => out.push(c),
    }
}

/// Accented letters common in English text (café, Zürich, señor) are kept: voices say
/// them. Letters beyond Latin-1 (Łódź, Erdoğan) and other scripts are transliterated.
fn is_western_letter(c: char) -> bool {
    matches!(c, 'À'..='ÿ') && c != '×' && c != '÷'
}

fn push_transliterated(out: &mut String, c: char) {
    let latin = deunicode::deunicode_char(c).unwrap_or("");
    out.extend(
        latin
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == ' '),
    );
}

/// "..." and "…" are a pause, said like a full stop.
fn collapse_dot_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '.' && chars.peek() == Some(&'.') {
            while chars.next_if_eq(&'.').is_some() {}
            out.push_str(". ");
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_the_language_are_kept_for_its_own_voice() {
        let cases = [
            ("Зеленський і Львів", "Зеленський і Львів"),
            ("пʼять п`ять п’ять", "п'ять п'ять п'ять"),
            ("и\u{306}ого ı\u{308} \u{456}\u{308}", "його ı ї"),
            ("₴500 № 5 §2", "₴500 № 5 §2"),
            ("up 🚀 today", "up   today"),
            ("“так” «ні»", "\"так\" \"ні\""),
        ];
        for (text, expected) in cases {
            assert_eq!(clean_keeping_letters(text), expected, "{text}");
        }
    }

    #[test]
    fn odd_characters_become_something_a_voice_can_say() {
        let cases = [
            ("Зеленский", "Zelenskii"),
            ("Αθήνα", "Athena"),
            ("Łódź Erdoğan", "Lódz Erdogan"),
            ("café Zürich", "café Zürich"),
            ("up 🚀🚀 today 🇺🇦", "up    today   "),
            ("up🚀today", "up today"),
            ("cafe\u{301} e\u{301}", "cafe e"),
            ("a→b", "a b"),
            ("a\u{0}b\u{7}c", "abc"),
            ("line\nbreak\ttab", "line break tab"),
            ("“quoted” ‘single’", "\"quoted\" 'single'"),
            ("wait… what...", "wait.  what. "),
            ("snake_case *bold*", "snake case bold"),
            ("soft\u{AD}hyphen zero\u{200B}width", "softhyphen zerowidth"),
            ("−5 º", "-5 °"),
        ];
        for (text, expected) in cases {
            assert_eq!(clean(text), expected, "{text}");
        }
    }
}
