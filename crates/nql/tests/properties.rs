//! Properties that hold for every filter, not only the ones written down: any text
//! parses or is refused without a panic; a tree prints as NQL that parses back to the
//! same tree; and whatever compiles binds every value and puts none in the SQL.

use byline_nql::{
    Comparison, Field, Filter, Kind, Op, RelativeDate, Schema, Unit, Value, compile, parse,
};
use proptest::prelude::*;

const PROPERTIES: [&str; 6] = [
    "slug",
    "title",
    "tag",
    "featured",
    "published_at",
    "tags.slug",
];

const RELATED: &str =
    "SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id AND";

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
            "slug" => direct(Kind::Text, "p.slug"),
            "title" => direct(Kind::Text, "p.title"),
            "featured" => direct(Kind::Bool, "p.featured"),
            "published_at" => direct(Kind::Time, "p.published_at"),
            "tag" | "tags.slug" => Some(Field {
                kind: Kind::Text,
                column: "t.slug",
                related: Some(RELATED),
            }),
            _ => None,
        }
    }

    fn names(&self) -> Vec<&'static str> {
        PROPERTIES.to_vec()
    }
}

/// An unquoted word that reads back as text (not a keyword, not a date).
fn bare_word() -> impl Strategy<Value = Value> {
    "[a-z0-9][a-z0-9_.-]{0,10}"
        .prop_filter("keywords and dates read as themselves", |w| {
            !matches!(w.as_str(), "null" | "true" | "false") && !w.starts_with("now")
        })
        .prop_map(|text| Value::Text {
            text,
            quoted: false,
        })
}

fn text() -> impl Strategy<Value = Value> {
    prop_oneof![
        bare_word(),
        any::<String>().prop_map(|text| Value::Text { text, quoted: true }),
    ]
}

fn relative() -> impl Strategy<Value = Value> {
    let unit = prop_oneof![
        Just(Unit::Seconds),
        Just(Unit::Minutes),
        Just(Unit::Hours),
        Just(Unit::Days),
        Just(Unit::Weeks),
        Just(Unit::Months),
        Just(Unit::Years),
    ];
    prop_oneof![
        Just(RelativeDate {
            amount: 0,
            unit: Unit::Seconds
        }),
        ((1i64..1000), any::<bool>(), unit).prop_map(|(n, ahead, unit)| RelativeDate {
            amount: if ahead { n } else { -n },
            unit,
        }),
    ]
    .prop_map(Value::Relative)
}

fn comparison() -> impl Strategy<Value = Filter> {
    let property = proptest::sample::select(PROPERTIES.to_vec()).prop_map(str::to_owned);
    let equality = (
        prop_oneof![Just(Op::Eq), Just(Op::Ne)],
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            text(),
            relative()
        ],
    )
        .prop_map(|(op, value)| (op, vec![value]));
    let order = (
        prop_oneof![Just(Op::Gt), Just(Op::Gte), Just(Op::Lt), Just(Op::Lte)],
        prop_oneof![text(), relative()],
    )
        .prop_map(|(op, value)| (op, vec![value]));
    let search = (
        prop_oneof![
            Just(Op::Contains),
            Just(Op::NotContains),
            Just(Op::StartsWith),
            Just(Op::NotStartsWith),
            Just(Op::EndsWith),
            Just(Op::NotEndsWith),
        ],
        text(),
    )
        .prop_map(|(op, value)| (op, vec![value]));
    let list = (
        prop_oneof![Just(Op::In), Just(Op::NotIn)],
        proptest::collection::vec(
            prop_oneof![text(), any::<bool>().prop_map(Value::Bool)],
            1..5,
        ),
    );
    (property, prop_oneof![equality, order, search, list]).prop_map(|(property, (op, values))| {
        Filter::Compare(Comparison {
            property,
            op,
            values,
        })
    })
}

/// Trees as the parser builds them: groups of two or more, nested a few deep.
fn filter() -> impl Strategy<Value = Filter> {
    comparison().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Filter::And),
            proptest::collection::vec(inner, 2..4).prop_map(Filter::Or),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_parses_or_is_refused(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn text_made_of_nql_marks_parses_or_is_refused(text in "[a-z:+,()\\[\\]'\"~^$<>=\\- ]{0,60}") {
        if let Ok(filter) = parse(&text) {
            let _ = compile(&filter, &Posts, 1, jiff::Timestamp::UNIX_EPOCH);
        }
    }

    #[test]
    fn a_tree_prints_as_nql_that_parses_back_to_it(tree in filter()) {
        let printed = tree.to_string();
        prop_assert_eq!(parse(&printed), Ok(tree), "printed as {}", printed);
    }

    #[test]
    fn compiled_sql_binds_every_value_and_holds_none(tree in filter()) {
        let Ok(compiled) = compile(&tree, &Posts, 1, jiff::Timestamp::now()) else {
            // Refused (a word where a date belongs, say): refusing is an answer.
            return Ok(());
        };
        let sql = compiled.sql.replace("ESCAPE '\\'", "");
        prop_assert!(!sql.contains('\''), "a quote in {}", sql);
        prop_assert!(!sql.contains(';'), "a semicolon in {}", sql);
        let placeholders = (1..=compiled.binds.len())
            .filter(|n| sql.contains(&format!("${n}")))
            .count();
        prop_assert_eq!(placeholders, compiled.binds.len());
        prop_assert_eq!(sql.matches('$').count(), compiled.binds.len());
        // Take away what the schema wrote: what is left is SQL's own words and marks.
        let mut rest = sql;
        for written in [RELATED, "p.slug", "p.title", "p.featured", "p.published_at", "t.slug"] {
            rest = rest.replace(written, "");
        }
        prop_assert!(
            rest.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "$()=<>, ".contains(c)),
            "something not from the schema in {}", rest
        );
    }
}
