//! The filter tree. It prints back as NQL, so a parsed filter can be shown, logged
//! and parsed again to the same tree.

use std::fmt;

/// A whole filter: comparisons joined by `+` (and) and `,` (or), grouped by brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Every part holds (`a+b`). Never empty.
    And(Vec<Filter>),
    /// Any part holds (`a,b`). Never empty.
    Or(Vec<Filter>),
    Compare(Comparison),
}

impl Filter {
    /// Every property the filter tests, in order, repeats included.
    pub fn properties(&self) -> Vec<&str> {
        match self {
            Filter::And(parts) | Filter::Or(parts) => {
                parts.iter().flat_map(Filter::properties).collect()
            }
            Filter::Compare(comparison) => vec![comparison.property.as_str()],
        }
    }
}

/// One `property:value` test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub property: String,
    pub op: Op,
    /// One value, or several for [`Op::In`] and [`Op::NotIn`].
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,
    Contains,
    NotContains,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
}

impl Op {
    /// The operator that holds exactly when this one does not.
    pub fn negated(self) -> Op {
        match self {
            Op::Eq => Op::Ne,
            Op::Ne => Op::Eq,
            Op::Gt => Op::Lte,
            Op::Gte => Op::Lt,
            Op::Lt => Op::Gte,
            Op::Lte => Op::Gt,
            Op::In => Op::NotIn,
            Op::NotIn => Op::In,
            Op::Contains => Op::NotContains,
            Op::NotContains => Op::Contains,
            Op::StartsWith => Op::NotStartsWith,
            Op::NotStartsWith => Op::StartsWith,
            Op::EndsWith => Op::NotEndsWith,
            Op::NotEndsWith => Op::EndsWith,
        }
    }

    /// Whether the operator is a `-` form (the ones a to-many property answers with
    /// "no related row matches").
    pub fn is_negative(self) -> bool {
        matches!(
            self,
            Op::Ne | Op::NotIn | Op::NotContains | Op::NotStartsWith | Op::NotEndsWith
        )
    }

    /// How NQL writes it after the colon.
    fn symbol(self) -> &'static str {
        match self {
            Op::Eq | Op::In => "",
            Op::Ne | Op::NotIn => "-",
            Op::Gt => ">",
            Op::Gte => ">=",
            Op::Lt => "<",
            Op::Lte => "<=",
            Op::Contains => "~",
            Op::NotContains => "-~",
            Op::StartsWith => "~^",
            Op::NotStartsWith => "-~^",
            Op::EndsWith => "~$",
            Op::NotEndsWith => "-~$",
        }
    }
}

/// A value as written. Unquoted words stay text (with `quoted: false`) until the
/// compiler knows the property's kind: `2024` is a number for a count and a slug for
/// a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    Text {
        text: String,
        quoted: bool,
    },
    /// `now`, `now-30d`, `now+1w`.
    Relative(RelativeDate),
}

/// A time counted from the moment the filter is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelativeDate {
    /// Signed: `now-30d` is -30 days.
    pub amount: i64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    pub(crate) fn from_letter(letter: char) -> Option<Unit> {
        Some(match letter {
            's' => Unit::Seconds,
            'm' => Unit::Minutes,
            'h' => Unit::Hours,
            'd' => Unit::Days,
            'w' => Unit::Weeks,
            'M' => Unit::Months,
            'y' => Unit::Years,
            _ => return None,
        })
    }

    fn letter(self) -> char {
        match self {
            Unit::Seconds => 's',
            Unit::Minutes => 'm',
            Unit::Hours => 'h',
            Unit::Days => 'd',
            Unit::Weeks => 'w',
            Unit::Months => 'M',
            Unit::Years => 'y',
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, parts: &[Filter], sep: &str| {
            for (n, part) in parts.iter().enumerate() {
                if n > 0 {
                    f.write_str(sep)?;
                }
                // Brackets wherever a part is itself a group, so the printed filter
                // reads back as the same tree.
                match part {
                    Filter::Compare(c) => write!(f, "{c}")?,
                    group => write!(f, "({group})")?,
                }
            }
            Ok(())
        };
        match self {
            Filter::And(parts) => join(f, parts, "+"),
            Filter::Or(parts) => join(f, parts, ","),
            Filter::Compare(c) => write!(f, "{c}"),
        }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.property, self.op.symbol())?;
        if matches!(self.op, Op::In | Op::NotIn) {
            f.write_str("[")?;
            for (n, value) in self.values.iter().enumerate() {
                if n > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{value}")?;
            }
            return f.write_str("]");
        }
        match self.values.first() {
            Some(value) => write!(f, "{value}"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text {
                text,
                quoted: false,
            } => f.write_str(text),
            Value::Text { text, quoted: true } => {
                f.write_str("'")?;
                for c in text.chars() {
                    if c == '\'' || c == '\\' {
                        f.write_str("\\")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("'")
            }
            Value::Relative(RelativeDate {
                amount: 0,
                unit: Unit::Seconds,
            }) => f.write_str("now"),
            Value::Relative(RelativeDate { amount, unit }) => {
                let sign = if *amount < 0 { '-' } else { '+' };
                write!(f, "now{sign}{}{}", amount.unsigned_abs(), unit.letter())
            }
        }
    }
}
