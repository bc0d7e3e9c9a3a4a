//! The compiler: a filter tree to a SQL condition with `$n` placeholders and the
//! values to bind, the same text for SQLite and PostgreSQL.
//!
//! Property names are looked up in the caller's [`Schema`] and never copied into the
//! SQL; every value is bound. A `-` test (not equal, not in, does not contain) holds
//! for rows where the property is empty too, and on a property of related rows (a
//! post's tags) it means "no related row matches", as Ghost answers `tag:-news`.

use jiff::{Span, Timestamp, tz::TimeZone};

use crate::NqlError;
use crate::ast::{Comparison, Filter, Op, RelativeDate, Unit, Value};

/// The filterable properties of one resource, by NQL name (aliases included).
pub trait Schema {
    fn field(&self, property: &str) -> Option<Field>;
    /// The names to suggest when a filter asks for one that does not exist.
    fn names(&self) -> Vec<&'static str>;
    /// The stored number behind a public id, for [`Kind::Id`] properties (an API
    /// shows ids in its own form, such as Ghost's 24 hex digits). `None` when the
    /// text is not an id of this resource.
    fn id_of(&self, _property: &str, _public: &str) -> Option<i64> {
        None
    }
}

/// Where a property lives and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub kind: Kind,
    /// The column or expression the condition is on, e.g. `p.featured` or `t.slug`.
    pub column: &'static str,
    /// For a property of related rows: a subquery over the rows related to the outer
    /// row, ending in `AND` so a condition on `column` can follow, e.g.
    /// `SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id AND`.
    pub related: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Bool,
    /// Stored as whole seconds since 1970 (UTC).
    Time,
    /// A whole number.
    Number,
    /// A row's id, written in its public form and turned into the stored number by
    /// [`Schema::id_of`].
    Id,
}

/// A value to bind, in placeholder order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bind {
    Text(String),
    Int(i64),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// A condition to put after `WHERE` or `AND` (bracketed, so it stands alone).
    pub sql: String,
    pub binds: Vec<Bind>,
}

/// Compiles `filter` against `schema`, numbering placeholders from `$first`.
/// Relative dates count from `now`.
pub fn compile(
    filter: &Filter,
    schema: &dyn Schema,
    first: usize,
    now: Timestamp,
) -> Result<Compiled, NqlError> {
    let mut compiler = Compiler {
        schema,
        first,
        now,
        binds: Vec::new(),
    };
    let sql = compiler.filter(filter)?;
    Ok(Compiled {
        sql,
        binds: compiler.binds,
    })
}

struct Compiler<'a> {
    schema: &'a dyn Schema,
    first: usize,
    now: Timestamp,
    binds: Vec<Bind>,
}

impl Compiler<'_> {
    fn filter(&mut self, filter: &Filter) -> Result<String, NqlError> {
        let join = |this: &mut Self, parts: &[Filter], word: &str| {
            let parts = parts
                .iter()
                .map(|part| this.filter(part))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(format!("({})", parts.join(word)))
        };
        match filter {
            Filter::And(parts) => join(self, parts, " AND "),
            Filter::Or(parts) => join(self, parts, " OR "),
            Filter::Compare(comparison) => self.comparison(comparison),
        }
    }

    fn placeholder(&mut self, bind: Bind) -> String {
        self.binds.push(bind);
        format!("${}", self.first + self.binds.len() - 1)
    }

    fn comparison(&mut self, c: &Comparison) -> Result<String, NqlError> {
        let Some(field) = self.schema.field(&c.property) else {
            let mut names = self.schema.names();
            names.sort_unstable();
            return Err(NqlError::new(format!(
                "cannot filter by '{}'; the properties here are {}",
                c.property,
                names.join(", ")
            )));
        };
        let column = field.column;
        let null_test = matches!(c.values.as_slice(), [Value::Null]);
        // A null test asks whether the property has a value at all.
        if null_test {
            let is_null = c.op == Op::Eq;
            return Ok(match (field.related, is_null) {
                (None, true) => format!("({column} IS NULL)"),
                (None, false) => format!("({column} IS NOT NULL)"),
                (Some(rows), true) => format!("(NOT EXISTS ({rows} {column} IS NOT NULL))"),
                (Some(rows), false) => format!("(EXISTS ({rows} {column} IS NOT NULL))"),
            });
        }
        let negative = c.op.is_negative();
        let op = if negative { c.op.negated() } else { c.op };
        let test = self.test(&c.property, field, op, &c.values)?;
        Ok(match (field.related, negative) {
            (None, false) => format!("({test})"),
            (None, true) => format!("({column} IS NULL OR NOT ({test}))"),
            (Some(rows), false) => format!("(EXISTS ({rows} {test}))"),
            (Some(rows), true) => format!("(NOT EXISTS ({rows} {test}))"),
        })
    }

    /// The positive test (`=`, `IN`, `LIKE`, a comparison) on the field's column.
    fn test(
        &mut self,
        property: &str,
        field: Field,
        op: Op,
        values: &[Value],
    ) -> Result<String, NqlError> {
        let column = field.column;
        let like = match op {
            Op::Contains => Some(("%", "%")),
            Op::StartsWith => Some(("", "%")),
            Op::EndsWith => Some(("%", "")),
            _ => None,
        };
        if let Some((before, after)) = like {
            if field.kind != Kind::Text {
                return Err(NqlError::new(format!(
                    "'{property}' is not text, so '~' cannot search it"
                )));
            }
            let text = self.text(property, &values[0])?;
            let lower = text.to_lowercase();
            let pattern = format!("{before}{}{after}", escape_like(&lower));
            let placeholder = self.placeholder(Bind::Text(pattern));
            // Case-insensitive on both engines: LOWER on the column, the pattern
            // lowercased here. SQLite's LOWER folds only ASCII letters, so a text
            // with other letters is also matched as written ('Олена' finds "Олена").
            let folded = format!("LOWER({column}) LIKE {placeholder} ESCAPE '\\'");
            if lower == text || text.is_ascii() {
                return Ok(folded);
            }
            let pattern = format!("{before}{}{after}", escape_like(&text));
            let placeholder = self.placeholder(Bind::Text(pattern));
            return Ok(format!(
                "({folded} OR {column} LIKE {placeholder} ESCAPE '\\')"
            ));
        }
        if op == Op::In {
            let mut placeholders = Vec::with_capacity(values.len());
            for value in values {
                let bind = self.bind(property, field.kind, value)?;
                placeholders.push(self.placeholder(bind));
            }
            return Ok(format!("{column} IN ({})", placeholders.join(", ")));
        }
        let symbol = match op {
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Gte => ">=",
            Op::Lt => "<",
            Op::Lte => "<=",
            _ => unreachable!("negative and LIKE operators are handled above"),
        };
        if field.kind == Kind::Bool && op != Op::Eq {
            return Err(NqlError::new(format!(
                "'{property}' is true or false, so it cannot be compared with '>' or '<'"
            )));
        }
        let bind = self.bind(property, field.kind, &values[0])?;
        let placeholder = self.placeholder(bind);
        Ok(format!("{column} {symbol} {placeholder}"))
    }

    fn text(&self, property: &str, value: &Value) -> Result<String, NqlError> {
        match value {
            Value::Text { text, .. } => Ok(text.clone()),
            // A word that reads as a date or a keyword is still a word to a text
            // property (a tag may be called `now-1d` or `true`).
            Value::Bool(_) | Value::Relative(_) => Ok(value.to_string()),
            other => Err(NqlError::new(format!(
                "'{property}' takes text, not {other}"
            ))),
        }
    }

    fn bind(&self, property: &str, kind: Kind, value: &Value) -> Result<Bind, NqlError> {
        match (kind, value) {
            (_, Value::Null) => Err(NqlError::new(format!(
                "null cannot be in a list or a comparison ('{property}:null' tests for no value)"
            ))),
            (Kind::Text, value) => self.text(property, value).map(Bind::Text),
            (Kind::Bool, Value::Bool(b)) => Ok(Bind::Bool(*b)),
            (Kind::Bool, other) => Err(NqlError::new(format!(
                "'{property}' is true or false, not {other}"
            ))),
            (Kind::Number, Value::Text { text, .. }) => text
                .parse::<i64>()
                .map(Bind::Int)
                .map_err(|_| NqlError::new(format!("'{property}' takes a whole number, not {text}"))),
            (Kind::Number, other) => Err(NqlError::new(format!(
                "'{property}' takes a whole number, not {other}"
            ))),
            (Kind::Id, Value::Text { text, .. }) => {
                self.schema.id_of(property, text).map(Bind::Int).ok_or_else(|| {
                    NqlError::new(format!("'{property}' takes an id of this kind, not {text}"))
                })
            }
            (Kind::Id, other) => Err(NqlError::new(format!(
                "'{property}' takes an id, not {other}"
            ))),
            (Kind::Time, Value::Relative(relative)) => {
                self.relative(relative).map(|t| Bind::Int(t.as_second()))
            }
            // `+` joins comparisons, so a date ahead of now is written quoted.
            (Kind::Time, Value::Text { text, .. }) if crate::parse::relative(text).is_some() => {
                let relative = crate::parse::relative(text).expect("checked above");
                self.relative(&relative).map(|t| Bind::Int(t.as_second()))
            }
            (Kind::Time, Value::Text { text, .. }) => time(text)
                .map(|t| Bind::Int(t.as_second()))
                .ok_or_else(|| {
                    NqlError::new(format!(
                        "'{property}' takes a date such as '2024-05-21', '2024-05-21 09:30:00' or now-7d, not {text}"
                    ))
                }),
            (Kind::Time, other) => Err(NqlError::new(format!(
                "'{property}' takes a date, not {other}"
            ))),
        }
    }

    fn relative(&self, relative: &RelativeDate) -> Result<Timestamp, NqlError> {
        let n = relative.amount;
        let span = match relative.unit {
            Unit::Seconds => Span::new().try_seconds(n),
            Unit::Minutes => Span::new().try_minutes(n),
            Unit::Hours => Span::new().try_hours(n),
            Unit::Days => Span::new().try_days(n),
            Unit::Weeks => Span::new().try_weeks(n),
            Unit::Months => Span::new().try_months(n),
            Unit::Years => Span::new().try_years(n),
        };
        span.and_then(|span| self.now.to_zoned(TimeZone::UTC).checked_add(span))
            .map(|zoned| zoned.timestamp())
            .map_err(|_| {
                NqlError::new(format!(
                    "{} is further off than dates go",
                    Value::Relative(*relative)
                ))
            })
    }
}

/// A date or time as clients write them: RFC 3339 (`2024-05-21T09:30:00Z`,
/// `…+02:00`), or a date and time without a zone (`2024-05-21 09:30:00`,
/// `2024-05-21`), read as UTC like Ghost does.
fn time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    if let Ok(civil) = text.parse::<jiff::civil::DateTime>() {
        return civil.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp());
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|date| date.to_zoned(TimeZone::UTC).ok())
        .map(|z| z.timestamp())
}

/// `%`, `_` and the escape itself match only themselves.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    /// A post's properties as the API will map them, enough to see every shape.
    struct Posts;

    impl Schema for Posts {
        fn field(&self, property: &str) -> Option<Field> {
            let direct = |kind, column| {
                Some(Field {
                    kind,
                    column,
                    related: None,
                })
            };
            match property {
                "id" => direct(Kind::Id, "p.id"),
                "slug" => direct(Kind::Text, "p.slug"),
                "featured" => direct(Kind::Bool, "p.featured"),
                "published_at" => direct(Kind::Time, "p.published_at"),
                "reading_time" => direct(Kind::Number, "p.reading_time"),
                "tag" | "tags.slug" => Some(Field {
                    kind: Kind::Text,
                    column: "t.slug",
                    related: Some(
                        "SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id AND",
                    ),
                }),
                _ => None,
            }
        }

        fn names(&self) -> Vec<&'static str> {
            vec![
                "slug",
                "featured",
                "published_at",
                "reading_time",
                "tag",
                "tags.slug",
            ]
        }

        fn id_of(&self, _property: &str, public: &str) -> Option<i64> {
            public.strip_prefix("post-")?.parse().ok()
        }
    }

    fn now() -> Timestamp {
        "2026-12-05T12:00:00Z".parse().unwrap()
    }

    fn sql(filter: &str) -> Compiled {
        compile(&parse(filter).unwrap(), &Posts, 1, now()).unwrap()
    }

    fn refused(filter: &str) -> String {
        compile(&parse(filter).unwrap(), &Posts, 1, now())
            .unwrap_err()
            .message
    }

    #[test]
    fn equality_and_groups_bind_every_value() {
        let c = sql("featured:true+(slug:a,slug:'b c')");
        assert_eq!(
            c.sql,
            "((p.featured = $1) AND ((p.slug = $2) OR (p.slug = $3)))"
        );
        assert_eq!(
            c.binds,
            vec![
                Bind::Bool(true),
                Bind::Text("a".into()),
                Bind::Text("b c".into())
            ]
        );
    }

    #[test]
    fn public_ids_are_bound_as_the_stored_number_or_refused() {
        let c = sql("id:-[post-7,post-9]");
        assert_eq!(c.sql, "(p.id IS NULL OR NOT (p.id IN ($1, $2)))");
        assert_eq!(c.binds, vec![Bind::Int(7), Bind::Int(9)]);
        assert!(refused("id:tag-7").contains("takes an id"));
        assert!(refused("id:true").contains("takes an id"));
    }

    #[test]
    fn placeholders_start_where_the_caller_says() {
        let c = compile(&parse("slug:[a,b]").unwrap(), &Posts, 4, now()).unwrap();
        assert_eq!(c.sql, "(p.slug IN ($4, $5))");
    }

    #[test]
    fn negation_keeps_rows_without_a_value_and_related_rows_use_not_exists() {
        assert_eq!(sql("slug:-a").sql, "(p.slug IS NULL OR NOT (p.slug = $1))");
        assert_eq!(
            sql("tag:-news").sql,
            "(NOT EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id AND t.slug = $1))"
        );
        assert_eq!(
            sql("tag:[a,b]").sql,
            "(EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id AND t.slug IN ($1, $2)))"
        );
        assert!(sql("tag:null").sql.starts_with("(NOT EXISTS"));
        assert_eq!(sql("slug:-null").sql, "(p.slug IS NOT NULL)");
    }

    #[test]
    fn contains_starts_and_ends_escape_the_pattern() {
        let c = sql("slug:~'50%_off'");
        assert_eq!(c.sql, "(LOWER(p.slug) LIKE $1 ESCAPE '\\')");
        assert_eq!(c.binds, vec![Bind::Text("%50\\%\\_off%".into())]);
        assert_eq!(sql("slug:~^Ab").binds, vec![Bind::Text("ab%".into())]);
        assert_eq!(
            sql("slug:-~$x").sql,
            "(p.slug IS NULL OR NOT (LOWER(p.slug) LIKE $1 ESCAPE '\\'))"
        );
        let c = sql("slug:~'Олена'");
        assert_eq!(
            c.sql,
            "((LOWER(p.slug) LIKE $1 ESCAPE '\\' OR p.slug LIKE $2 ESCAPE '\\'))"
        );
        assert_eq!(
            c.binds,
            vec![Bind::Text("%олена%".into()), Bind::Text("%Олена%".into())]
        );
    }

    #[test]
    fn dates_absolute_and_relative_become_seconds() {
        let day = 86_400;
        let c = sql("published_at:>now-30d");
        assert_eq!(c.binds, vec![Bind::Int(now().as_second() - 30 * day)]);
        let c = sql("published_at:<='2024-05-21 09:30:00'");
        assert_eq!(c.sql, "(p.published_at <= $1)");
        assert_eq!(c.binds, vec![Bind::Int(1_716_283_800)]);
        assert_eq!(
            sql("published_at:>2024-05-21").binds,
            vec![Bind::Int(1_716_249_600)]
        );
        assert_eq!(
            sql("published_at:<'2024-05-21T11:30:00+02:00'").binds,
            vec![Bind::Int(1_716_283_800)]
        );
        assert_eq!(
            sql("published_at:<'now+2h'").binds,
            vec![Bind::Int(now().as_second() + 7200)]
        );
        let month = sql("published_at:>now-1M").binds;
        assert_eq!(
            month,
            vec![Bind::Int(
                "2026-11-05T12:00:00Z"
                    .parse::<Timestamp>()
                    .unwrap()
                    .as_second()
            )]
        );
    }

    #[test]
    fn numbers_are_numbers() {
        assert_eq!(sql("reading_time:>=5").binds, vec![Bind::Int(5)]);
        assert!(refused("reading_time:>five").contains("whole number"));
    }

    #[test]
    fn wrong_kinds_and_unknown_properties_are_explained() {
        assert!(refused("author_email:x").contains("cannot filter by 'author_email'"));
        assert!(refused("author_email:x").contains("published_at"));
        assert!(refused("featured:yes").contains("true or false"));
        assert!(refused("published_at:>yesterday").contains("takes a date"));
        assert!(refused("published_at:~2024").contains("not text"));
        assert_eq!(sql("slug:now-1d").binds, vec![Bind::Text("now-1d".into())]);
        assert!(refused("reading_time:now").contains("whole number"));
        assert!(refused("published_at:>'now+999999999y'").contains("further off"));
        assert!(refused("slug:[a,null]").contains("null cannot"));
    }

    #[test]
    fn hostile_names_and_values_never_reach_the_sql() {
        let c = sql("slug:'x\\' OR 1=1; DROP TABLE posts; --'");
        assert_eq!(c.sql, "(p.slug = $1)");
        assert_eq!(
            c.binds,
            vec![Bind::Text("x' OR 1=1; DROP TABLE posts; --".into())]
        );
        assert!(parse("p.slug;DROP:x").is_err());
        assert!(refused("posts.id:1").contains("cannot filter"));
    }
}
