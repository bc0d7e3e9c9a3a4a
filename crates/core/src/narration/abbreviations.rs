//! Written abbreviations said in full: "Dr." is "Doctor", "e.g." is "for example".
//! Engines say some of them and spell or mangle the rest ("Sgt." as "s g t").

use super::expand::{At, Spoken, trail_after_abbreviation};
use super::words::Word;

/// Where an abbreviation is used, which decides whether its dot can end a sentence.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Before a name ("Dr. Ruiz"): its dot never ends a sentence.
    Title,
    /// Anywhere ("etc.", "Jr."): its dot may also be the sentence's full stop.
    Anywhere,
    /// Leading into what follows ("Roe v. Wade", "e.g. Paris"): its dot never ends a
    /// sentence, and without its dot it is still the abbreviation.
    Between,
}

/// Whether the abbreviation is recognised without its dot ("Mr Ruiz", "vs").
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dot {
    Required,
    Optional,
}

use Dot::{Optional, Required};
use Place::{Anywhere, Between, Title};

/// Case matters: "Gen." is a general, "gen" is not.
const ABBREVIATIONS: [(&str, &str, Place, Dot); 37] = [
    ("Dr", "Doctor", Title, Optional),
    ("Mr", "Mister", Title, Optional),
    ("Mrs", "Missus", Title, Optional),
    ("Ms", "Miz", Title, Optional),
    ("Prof", "Professor", Title, Required),
    ("Gov", "Governor", Title, Required),
    ("Sen", "Senator", Title, Required),
    ("Rep", "Representative", Title, Required),
    ("Pres", "President", Title, Required),
    ("Gen", "General", Title, Required),
    ("Lt", "Lieutenant", Title, Required),
    ("Sgt", "Sergeant", Title, Required),
    ("Capt", "Captain", Title, Required),
    ("Col", "Colonel", Title, Required),
    ("Maj", "Major", Title, Required),
    ("Cpl", "Corporal", Title, Required),
    ("Adm", "Admiral", Title, Required),
    ("Cmdr", "Commander", Title, Required),
    ("Det", "Detective", Title, Required),
    ("Rev", "Reverend", Title, Required),
    ("Mt", "Mount", Title, Required),
    ("Ft", "Fort", Title, Required),
    ("Jr", "Junior", Anywhere, Required),
    ("Sr", "Senior", Anywhere, Required),
    ("Ave", "Avenue", Anywhere, Required),
    ("Blvd", "Boulevard", Anywhere, Required),
    ("Rd", "Road", Anywhere, Required),
    ("Corp", "Corporation", Anywhere, Required),
    ("Ltd", "Limited", Anywhere, Required),
    ("Dept", "Department", Anywhere, Required),
    ("approx", "approximately", Between, Required),
    ("etc", "et cetera", Anywhere, Optional),
    ("vs", "versus", Between, Optional),
    ("v", "versus", Between, Required),
    ("e.g", "for example", Between, Required),
    ("i.e", "that is", Between, Required),
    ("a.k.a", "also known as", Between, Required),
];

/// States as abbreviated in a dateline or after a city ("Duluth, Minn."). Several
/// are words too ("Mass.", "Miss."), so they are only read as states after a comma.
const STATES: [(&str, &str); 42] = [
    ("Ala", "Alabama"),
    ("Ariz", "Arizona"),
    ("Ark", "Arkansas"),
    ("Calif", "California"),
    ("Colo", "Colorado"),
    ("Conn", "Connecticut"),
    ("Del", "Delaware"),
    ("Fla", "Florida"),
    ("Ga", "Georgia"),
    ("Ill", "Illinois"),
    ("Ind", "Indiana"),
    ("Kan", "Kansas"),
    ("Ky", "Kentucky"),
    ("La", "Louisiana"),
    ("Md", "Maryland"),
    ("Mass", "Massachusetts"),
    ("Mich", "Michigan"),
    ("Minn", "Minnesota"),
    ("Miss", "Mississippi"),
    ("Mo", "Missouri"),
    ("Mont", "Montana"),
    ("Neb", "Nebraska"),
    ("Nev", "Nevada"),
    ("N.H", "New Hampshire"),
    ("N.J", "New Jersey"),
    ("N.M", "New Mexico"),
    ("N.Y", "New York"),
    ("N.C", "North Carolina"),
    ("N.D", "North Dakota"),
    ("Okla", "Oklahoma"),
    ("Ore", "Oregon"),
    ("Pa", "Pennsylvania"),
    ("R.I", "Rhode Island"),
    ("S.C", "South Carolina"),
    ("S.D", "South Dakota"),
    ("Tenn", "Tennessee"),
    ("Vt", "Vermont"),
    ("Va", "Virginia"),
    ("Wash", "Washington"),
    ("W.Va", "West Virginia"),
    ("Wis", "Wisconsin"),
    ("Wyo", "Wyoming"),
];

/// Words that open a place name in a title-case headline ("Flights To St. Louis").
const HEADLINE_SMALL_WORDS: [&str; 9] =
    ["In", "To", "At", "Of", "From", "Near", "On", "For", "The"];

pub(super) fn abbreviation(at: &At) -> Option<Spoken> {
    let word = at.word();
    match word.core.as_str() {
        "St" => saint_or_street(at),
        "No" => number_sign(at, "number"),
        "Nos" => number_sign(at, "numbers"),
        "aka" => Some(Spoken::one("also known as", word)),
        core => state(at).or_else(|| {
            let (_, said, place, dot) = ABBREVIATIONS
                .iter()
                .find(|(written, ..)| *written == core)?;
            from_table(at, said, *place, *dot)
        }),
    }
}

fn from_table(at: &At, said: &str, place: Place, dot: Dot) -> Option<Spoken> {
    let word = at.word();
    if word.is_dotted() {
        let ends_sentence = place == Anywhere && at.sentence_follows(1);
        return Some(Spoken::many(
            1,
            said,
            &trail_after_abbreviation(word, ends_sentence),
        ));
    }
    // Without its dot a title is only a title before a name: "Dr Ruiz", not "Dr".
    let undotted = match (dot, place) {
        (Required, _) => false,
        (Optional, Anywhere | Between) => true,
        (Optional, Title) => at.ahead(1).is_some_and(Word::is_capitalised),
    };
    undotted.then(|| Spoken::one(said, word))
}

/// "St." is "Saint" before a name ("St. Louis") and "Street" after one ("Main St.").
fn saint_or_street(at: &At) -> Option<Spoken> {
    let word = at.word();
    let before_name = at.ahead(1).is_some_and(Word::is_capitalised);
    if before_name && !follows_street_name(at) {
        return Some(Spoken::many(
            1,
            "Saint",
            &trail_after_abbreviation(word, false),
        ));
    }
    if word.is_dotted() {
        let trail = trail_after_abbreviation(word, at.sentence_follows(1));
        return Some(Spoken::many(1, "Street", &trail));
    }
    follows_street_name(at).then(|| Spoken::one("Street", word))
}

/// "Main St.", "42nd St.": a name or a number that is not just the first word of a
/// sentence or a small word of a headline.
fn follows_street_name(at: &At) -> bool {
    let Some(previous) = at.previous().filter(|previous| previous.trail.is_empty()) else {
        return false;
    };
    if previous.starts_with_digit() {
        return true;
    }
    previous.is_capitalised()
        && !at.previous_starts_sentence()
        && !HEADLINE_SMALL_WORDS.contains(&previous.core.as_str())
}

/// "No. 10" -> "number 10". Only capitalised: "said no. 5 times" is the word "no".
fn number_sign(at: &At, said: &str) -> Option<Spoken> {
    let word = at.word();
    let before_number = at.ahead(1).is_some_and(Word::starts_with_digit);
    (word.is_dotted() && before_number)
        .then(|| Spoken::many(1, said, &trail_after_abbreviation(word, false)))
}

/// "Duluth, Minn." -> "Duluth, Minnesota".
fn state(at: &At) -> Option<Spoken> {
    let word = at.word();
    let (_, said) = STATES.iter().find(|(written, _)| *written == word.core)?;
    let after_city = at
        .previous()
        .is_some_and(|previous| previous.is_capitalised() && previous.trail == ",");
    let trail = trail_after_abbreviation(word, at.sentence_follows(1));
    (word.is_dotted() && after_city).then(|| Spoken::many(1, said, &trail))
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn titles_before_names_are_said_in_full() {
        check(&[
            ("Dr. Ruiz", "Doctor Ruiz"),
            ("Mr. and Mrs. Okafor", "Mister and Missus Okafor"),
            ("Ms. Lindqvist", "Miz Lindqvist"),
            ("Prof. Adeyemi", "Professor Adeyemi"),
            (
                "Gov. Hale and Sen. Ortiz",
                "Governor Hale and Senator Ortiz",
            ),
            ("Rep. Cho", "Representative Cho"),
            ("Lt. Gen. Marsh", "Lieutenant General Marsh"),
            (
                "Sgt. Bell, Capt. Yoon, Col. Amari",
                "Sergeant Bell, Captain Yoon, Colonel Amari",
            ),
            ("Mt. Hood", "Mount Hood"),
            ("Mr Okafor", "Mister Okafor"),
        ]);
    }

    #[test]
    fn abbreviations_keep_a_full_stop_only_where_the_sentence_ends() {
        check(&[
            ("Tom Reyes Jr. said", "Tom Reyes Junior said"),
            ("Tom Reyes Jr.", "Tom Reyes Junior."),
            ("Park Ave. and 5th", "Park Avenue and fifth"),
            ("pens, paper, etc. The", "pens, paper, et cetera. The"),
            ("pens, etc., and", "pens, et cetera, and"),
            ("Roe v. Wade", "Roe versus Wade"),
            ("City vs United", "City versus United"),
            ("cats vs. dogs", "cats versus dogs"),
            ("approx. 40", "approximately 40"),
            ("fruit, e.g. apples", "fruit, for example apples"),
            ("cities, e.g. Paris", "cities, for example Paris"),
            ("fruit (i.e., apples)", "fruit (that is, apples)"),
            ("Lee, a.k.a. Sparrow", "Lee, also known as Sparrow"),
            ("Lee, aka Sparrow", "Lee, also known as Sparrow"),
        ]);
    }

    #[test]
    fn saint_and_street_are_told_apart() {
        check(&[
            ("in St. Louis", "in Saint Louis"),
            ("St. Paul's Cathedral", "Saint Paul's Cathedral"),
            ("Visit St. Ives", "Visit Saint Ives"),
            ("Flights To St. Louis", "Flights To Saint Louis"),
            ("on Main St.", "on Main Street."),
            ("on Main St. Police said", "on Main Street. Police said"),
            ("at 42nd St. and", "at forty-second Street and"),
            ("shops on High St today", "shops on High Street today"),
        ]);
    }

    #[test]
    fn number_sign_only_before_a_number() {
        check(&[
            ("No. 10 Downing Street", "number 10 Downing Street"),
            ("ranked No. 3", "ranked number 3"),
            ("said no. 5 times", "said no. 5 times"),
            ("Nos. 3 and 4", "numbers 3 and 4"),
            ("No. They said", "No. They said"),
            ("No 5", "No 5"),
        ]);
    }

    #[test]
    fn states_after_a_city_are_said_in_full() {
        check(&[
            ("St. Paul, Minn., said", "Saint Paul, Minnesota, said"),
            ("in Duluth, Minn.", "in Duluth, Minnesota."),
            ("Albany, N.Y., today", "Albany, New York, today"),
            ("Miami, Fla. Police said", "Miami, Florida. Police said"),
            (
                "PORT ELLIS, Ore. (AP) — The",
                "PORT ELLIS, Oregon (A P), The",
            ),
            ("attended Mass. Then", "attended Mass. Then"),
            ("Miss. Lee", "Miss. Lee"),
        ]);
    }

    #[test]
    fn look_alikes_are_left_alone() {
        check(&[
            ("Dr", "Dr"),
            ("the gen. pop", "the gen. pop"),
            ("Gen Z", "Gen Z"),
            ("Mr. Big", "Mister Big"),
            ("Rd", "Rd"),
        ]);
    }
}
