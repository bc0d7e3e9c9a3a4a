//! The parser: a recursive descent straight over the characters (NQL is small
//! enough that a separate lexer would only repeat the grammar).
//!
//! ```text
//! filter     = and ("," and)*
//! and        = part ("+" part)*
//! part       = "(" filter ")" | comparison
//! comparison = property ":" ["-"] ( "[" value ("," value)* "]"
//!                                 | ("~" | "~^" | "~$") value
//!                                 | (">" | ">=" | "<" | "<=") value   (no "-")
//!                                 | value )
//! value      = 'quoted' | "quoted" | null | true | false | now[+-]N(s|m|h|d|w|M|y) | word
//! ```
//!
//! `+` binds tighter than `,`; spaces between the parts are ignored.

use crate::NqlError;
use crate::ast::{Comparison, Filter, Op, RelativeDate, Unit, Value};

/// How much one filter may ask for. A filter past any of them is refused before it
/// reaches the database.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of filter text.
    pub length: usize,
    /// Brackets inside brackets.
    pub depth: usize,
    /// `property:value` tests in all.
    pub comparisons: usize,
    /// Values in all, lists included (each becomes a bound parameter).
    pub values: usize,
}

impl Default for Limits {
    /// Room for what clients send (a list of a few hundred slugs or ids, a dozen
    /// grouped conditions), far below what either database allows in one statement.
    fn default() -> Self {
        Limits {
            length: 16 * 1024,
            depth: 16,
            comparisons: 100,
            values: 1000,
        }
    }
}

/// Parses a filter within the default [`Limits`].
pub fn parse(text: &str) -> Result<Filter, NqlError> {
    parse_with(text, Limits::default())
}

pub fn parse_with(text: &str, limits: Limits) -> Result<Filter, NqlError> {
    if text.len() > limits.length {
        return Err(NqlError::new(format!(
            "the filter is {} characters long; the most this site takes is {}",
            text.len(),
            limits.length
        )));
    }
    let mut parser = Parser {
        text,
        at: 0,
        limits,
        depth: 0,
        comparisons: 0,
        values: 0,
    };
    parser.skip_spaces();
    if parser.at == text.len() {
        return Err(NqlError::new("the filter is empty"));
    }
    let filter = parser.filter()?;
    parser.skip_spaces();
    match parser.peek() {
        None => Ok(filter),
        Some(')') => Err(NqlError::at(parser.at, "a ')' that closes nothing")),
        Some(c) => Err(NqlError::at(
            parser.at,
            format!("expected '+' or ',' before '{c}'"),
        )),
    }
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
    limits: Limits,
    depth: usize,
    comparisons: usize,
    values: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.at += expected.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn filter(&mut self) -> Result<Filter, NqlError> {
        let mut parts = vec![self.and()?];
        loop {
            self.skip_spaces();
            if !self.eat(',') {
                break;
            }
            parts.push(self.and()?);
        }
        Ok(single_or(parts, Filter::Or))
    }

    fn and(&mut self) -> Result<Filter, NqlError> {
        let mut parts = vec![self.part()?];
        loop {
            self.skip_spaces();
            if !self.eat('+') {
                break;
            }
            parts.push(self.part()?);
        }
        Ok(single_or(parts, Filter::And))
    }

    fn part(&mut self) -> Result<Filter, NqlError> {
        self.skip_spaces();
        let start = self.at;
        if !self.eat('(') {
            return self.comparison().map(Filter::Compare);
        }
        self.depth += 1;
        if self.depth > self.limits.depth {
            return Err(NqlError::at(
                start,
                format!("brackets are nested more than {} deep", self.limits.depth),
            ));
        }
        let inner = self.filter()?;
        self.skip_spaces();
        if !self.eat(')') {
            return Err(NqlError::at(start, "a '(' that is never closed"));
        }
        self.depth -= 1;
        Ok(inner)
    }

    fn comparison(&mut self) -> Result<Comparison, NqlError> {
        let property = self.property()?;
        self.comparisons += 1;
        if self.comparisons > self.limits.comparisons {
            return Err(NqlError::new(format!(
                "the filter has more than {} comparisons",
                self.limits.comparisons
            )));
        }
        self.skip_spaces();
        if !self.eat(':') {
            return Err(NqlError::at(
                self.at,
                format!("expected ':' after '{property}' (a filter reads property:value)"),
            ));
        }
        self.skip_spaces();
        let negated = self.eat('-');
        let op_at = self.at;
        if self.eat('[') {
            let values = self.list(op_at)?;
            let op = if negated { Op::NotIn } else { Op::In };
            return Ok(Comparison {
                property,
                op,
                values,
            });
        }
        let op = if self.eat('~') {
            let op = if self.eat('^') {
                Op::StartsWith
            } else if self.eat('$') {
                Op::EndsWith
            } else {
                Op::Contains
            };
            if negated { op.negated() } else { op }
        } else if self.peek().is_some_and(|c| c == '>' || c == '<') {
            if negated {
                return Err(NqlError::at(
                    op_at,
                    "'-' cannot go before '>' or '<' (use the opposite comparison)",
                ));
            }
            let greater = self.bump() == Some('>');
            match (greater, self.eat('=')) {
                (true, false) => Op::Gt,
                (true, true) => Op::Gte,
                (false, false) => Op::Lt,
                (false, true) => Op::Lte,
            }
        } else if negated {
            Op::Ne
        } else {
            Op::Eq
        };
        let value = self.value()?;
        if matches!(value, Value::Null | Value::Bool(_)) && !matches!(op, Op::Eq | Op::Ne) {
            return Err(NqlError::at(
                op_at,
                format!("'{property}' can only be compared to {value} with ':' or ':-'"),
            ));
        }
        Ok(Comparison {
            property,
            op,
            values: vec![value],
        })
    }

    fn property(&mut self) -> Result<String, NqlError> {
        let start = self.at;
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
            Some(c) => {
                return Err(NqlError::at(
                    start,
                    format!("expected a property name such as tag or published_at, not '{c}'"),
                ));
            }
            None => {
                return Err(NqlError::at(
                    start,
                    "the filter ends where a property name should be",
                ));
            }
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            self.bump();
        }
        Ok(self.text[start..self.at].to_owned())
    }

    fn list(&mut self, open: usize) -> Result<Vec<Value>, NqlError> {
        let mut values = Vec::new();
        loop {
            self.skip_spaces();
            if self.peek() == Some(']') && values.is_empty() {
                return Err(NqlError::at(open, "an empty list '[]'"));
            }
            values.push(self.value()?);
            self.skip_spaces();
            if self.eat(']') {
                return Ok(values);
            }
            if !self.eat(',') {
                return Err(match self.peek() {
                    None => NqlError::at(open, "a '[' that is never closed"),
                    Some(c) => {
                        NqlError::at(self.at, format!("expected ',' or ']' in a list, not '{c}'"))
                    }
                });
            }
        }
    }

    fn value(&mut self) -> Result<Value, NqlError> {
        self.skip_spaces();
        self.values += 1;
        if self.values > self.limits.values {
            return Err(NqlError::new(format!(
                "the filter has more than {} values",
                self.limits.values
            )));
        }
        let start = self.at;
        match self.peek() {
            Some(quote @ ('\'' | '"')) => {
                self.bump();
                self.quoted(quote, start)
            }
            Some(c) if is_word_char(c) && c != '-' => {
                while self.peek().is_some_and(is_word_char) {
                    self.bump();
                }
                self.date_ahead(start);
                Ok(word(&self.text[start..self.at]))
            }
            Some(c) => Err(NqlError::at(start, format!("expected a value, not '{c}'"))),
            None => Err(NqlError::at(
                start,
                "the filter ends where a value should be",
            )),
        }
    }

    /// `now+2d` reads as one date although `+` joins comparisons: after the word
    /// `now`, a `+` followed by a count and a unit (and then not a word) belongs to it.
    fn date_ahead(&mut self, start: usize) {
        if &self.text[start..self.at] != "now" {
            return;
        }
        let rest = &self.text[self.at..];
        let Some(after) = rest.strip_prefix('+') else {
            return;
        };
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let mut tail = after[digits..].chars();
        let unit = tail.next();
        let then = tail.next();
        if (1..=9).contains(&digits)
            && unit.is_some_and(|u| Unit::from_letter(u).is_some())
            && !then.is_some_and(is_word_char)
        {
            self.at += 1 + digits + 1;
        }
    }

    fn quoted(&mut self, quote: char, start: usize) -> Result<Value, NqlError> {
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(NqlError::at(start, "a quote that is never closed")),
                Some('\\') => match self.bump() {
                    Some(escaped) => text.push(escaped),
                    None => return Err(NqlError::at(start, "a quote that is never closed")),
                },
                Some(c) if c == quote => {
                    return Ok(Value::Text { text, quoted: true });
                }
                Some(c) => text.push(c),
            }
        }
    }
}

/// One part stands for itself; more make a group.
fn single_or(mut parts: Vec<Filter>, group: fn(Vec<Filter>) -> Filter) -> Filter {
    if parts.len() == 1 {
        parts.pop().expect("one part")
    } else {
        group(parts)
    }
}

/// Characters an unquoted value may hold: anything but spaces and NQL's own marks.
/// (`-` is allowed inside, as slugs have it, but not first, where it negates.)
fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !"'\"+,()[]:<>~".contains(c)
}

/// An unquoted word: a keyword, a relative date, or text.
fn word(word: &str) -> Value {
    match word {
        "null" => return Value::Null,
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        "now" => {
            return Value::Relative(RelativeDate {
                amount: 0,
                unit: Unit::Seconds,
            });
        }
        _ => {}
    }
    relative(word).map_or_else(
        || Value::Text {
            text: word.to_owned(),
            quoted: false,
        },
        Value::Relative,
    )
}

/// `now-30d`, `now+2w`: at most nine digits, so the arithmetic cannot overflow.
pub(crate) fn relative(word: &str) -> Option<RelativeDate> {
    let mut chars = word.strip_prefix("now")?.chars();
    let sign = match chars.next()? {
        '-' => -1,
        '+' => 1,
        _ => return None,
    };
    let unit = Unit::from_letter(chars.next_back()?)?;
    let digits = chars.as_str();
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(RelativeDate {
        amount: sign * digits.parse::<i64>().ok()?,
        unit,
    })
}
