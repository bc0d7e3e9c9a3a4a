//! Symbols said as words: "#1" is "number 1", "2½" is "2 and a half", "-5" is
//! "minus 5". ("&" and "+" become words when text is cut into words.)

use super::expand::{At, Spoken};
use super::numbers::is_number;

/// The fraction alone, and after a whole number ("2½" is "2 and a half").
const FRACTIONS: [(char, &str, &str); 6] = [
    ('½', "one half", "a half"),
    ('¼', "one quarter", "a quarter"),
    ('¾', "three quarters", "three quarters"),
    ('⅓', "one third", "a third"),
    ('⅔', "two thirds", "two thirds"),
    ('⅛', "one eighth", "an eighth"),
];

pub(super) fn symbol(at: &At) -> Option<Spoken> {
    let word = at.word();
    let said = match word.core.as_str() {
        "@" => "at".to_owned(),
        "=" => "equals".to_owned(),
        core => hash_sign(core)
            .or_else(|| fraction(core))
            .or_else(|| minus(core))?,
    };
    Some(Spoken::one(&said, word))
}

/// "#1" -> "number 1"; a hashtag is said as its word, a lone "#" not at all.
fn hash_sign(core: &str) -> Option<String> {
    let rest = core.strip_prefix('#')?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!("number {rest}"));
    }
    Some(rest.to_owned())
}

fn fraction(core: &str) -> Option<String> {
    let last = core.chars().last()?;
    let (_, alone, after_whole) = FRACTIONS.iter().find(|(c, ..)| *c == last)?;
    let whole = &core[..core.len() - last.len_utf8()];
    match whole {
        "" => Some((*alone).to_owned()),
        whole if is_number(whole) => Some(format!("{whole} and {after_whole}")),
        _ => None,
    }
}

/// "-5" -> "minus 5". A hyphen before a word stays: it is a dash or a typo.
fn minus(core: &str) -> Option<String> {
    let number = core.strip_prefix('-')?;
    is_number(number).then(|| format!("minus {number}"))
}

#[cfg(test)]
mod tests {
    use super::super::speakable;

    #[test]
    fn symbols_are_said_as_words() {
        let cases = [
            ("salt & pepper", "salt and pepper"),
            ("R&D", "R and D"),
            ("AT&T", "A T and T"),
            ("2 + 2", "2 plus 2"),
            ("Disney+", "Disney plus"),
            ("C++", "C plus plus"),
            ("the #1 seed", "the number 1 seed"),
            ("#MeToo", "MeToo"),
            ("a # sign", "a sign"),
            ("½ cup", "one half cup"),
            ("2½ hours", "2 and a half hours"),
            ("¼, ¾", "one quarter, three quarters"),
            ("1⅓", "1 and a third"),
            ("-5 degrees", "minus 5 degrees"),
            ("x = 3", "x equals 3"),
            ("meet @ noon", "meet at noon"),
            ("a +/- 3% margin", "a plus or minus 3 percent margin"),
            ("±2", "plus or minus 2"),
            ("a 2×4 board", "a 2 by 4 board"),
            ("3× faster", "3 times faster"),
        ];
        for (text, expected) in cases {
            assert_eq!(speakable(text), expected, "{text}");
        }
    }

    #[test]
    fn dashes_are_pauses_between_words_and_ranges_between_numbers() {
        let cases = [
            ("calm — then rain", "calm, then rain"),
            ("calm—then rain", "calm, then rain"),
            ("Paris–Berlin", "Paris, Berlin"),
            ("10–12", "10 to 12"),
            ("pages 10-12", "pages 10 to 12"),
            ("2019-2021", "2019 to 2021"),
            ("won 3-2", "won 3 to 2"),
            ("well-known", "well-known"),
            ("and then… nothing", "and then. nothing"),
            ("a -- b", "a, b"),
        ];
        for (text, expected) in cases {
            assert_eq!(speakable(text), expected, "{text}");
        }
    }
}
