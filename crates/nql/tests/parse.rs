//! The parser on every form NQL has, and on the mistakes people make.

use byline_nql::{Comparison, Filter, Limits, Op, RelativeDate, Unit, Value, parse, parse_with};

fn word(text: &str) -> Value {
    Value::Text {
        text: text.into(),
        quoted: false,
    }
}

fn quoted(text: &str) -> Value {
    Value::Text {
        text: text.into(),
        quoted: true,
    }
}

fn cmp(property: &str, op: Op, values: Vec<Value>) -> Filter {
    Filter::Compare(Comparison {
        property: property.into(),
        op,
        values,
    })
}

fn error(filter: &str) -> String {
    parse(filter).unwrap_err().message
}

#[test]
fn every_operator() {
    let cases = [
        ("tag:news", Op::Eq, vec![word("news")]),
        ("tag:-news", Op::Ne, vec![word("news")]),
        ("count.posts:>5", Op::Gt, vec![word("5")]),
        ("count.posts:>=5", Op::Gte, vec![word("5")]),
        ("count.posts:<5", Op::Lt, vec![word("5")]),
        ("count.posts:<=5", Op::Lte, vec![word("5")]),
        (
            "slug:[a,b-c, 'd e']",
            Op::In,
            vec![word("a"), word("b-c"), quoted("d e")],
        ),
        ("slug:-[a]", Op::NotIn, vec![word("a")]),
        ("title:~'river'", Op::Contains, vec![quoted("river")]),
        ("title:-~river", Op::NotContains, vec![word("river")]),
        ("title:~^'The'", Op::StartsWith, vec![quoted("The")]),
        ("title:-~^The", Op::NotStartsWith, vec![word("The")]),
        ("title:~$'.'", Op::EndsWith, vec![quoted(".")]),
        ("title:-~$x", Op::NotEndsWith, vec![word("x")]),
    ];
    for (text, op, values) in cases {
        let property = text.split(':').next().unwrap();
        assert_eq!(parse(text).unwrap(), cmp(property, op, values), "{text}");
    }
}

#[test]
fn keywords_dates_and_quotes() {
    assert_eq!(
        parse("custom_excerpt:null").unwrap(),
        cmp("custom_excerpt", Op::Eq, vec![Value::Null])
    );
    assert_eq!(
        parse("custom_excerpt:-null").unwrap(),
        cmp("custom_excerpt", Op::Ne, vec![Value::Null])
    );
    assert_eq!(
        parse("featured:true").unwrap(),
        cmp("featured", Op::Eq, vec![Value::Bool(true)])
    );
    assert_eq!(
        parse("featured:false").unwrap(),
        cmp("featured", Op::Eq, vec![Value::Bool(false)])
    );
    assert_eq!(
        parse("featured:'true'").unwrap(),
        cmp("featured", Op::Eq, vec![quoted("true")])
    );
    let days = |amount| {
        Value::Relative(RelativeDate {
            amount,
            unit: Unit::Days,
        })
    };
    assert_eq!(
        parse("published_at:>now-30d").unwrap(),
        cmp("published_at", Op::Gt, vec![days(-30)])
    );
    assert_eq!(
        parse("published_at:<now+2d").unwrap(),
        cmp("published_at", Op::Lt, vec![days(2)])
    );
    // `now+` that is not a date leaves the `+` to join.
    assert_eq!(
        parse("slug:now+tag:x").unwrap(),
        Filter::And(vec![
            cmp(
                "slug",
                Op::Eq,
                vec![Value::Relative(RelativeDate {
                    amount: 0,
                    unit: Unit::Seconds
                })]
            ),
            cmp("tag", Op::Eq, vec![word("x")]),
        ])
    );
    let months = parse("published_at:>now-6M").unwrap();
    assert_eq!(
        months,
        cmp(
            "published_at",
            Op::Gt,
            vec![Value::Relative(RelativeDate {
                amount: -6,
                unit: Unit::Months
            })]
        )
    );
    assert_eq!(
        parse(r"title:'it\'s \\ here'").unwrap(),
        cmp("title", Op::Eq, vec![quoted(r"it's \ here")])
    );
    assert_eq!(
        parse(r#"title:"say 'hi'""#).unwrap(),
        cmp("title", Op::Eq, vec![quoted("say 'hi'")])
    );
    assert_eq!(
        parse("title:'café, naïve (1+1)'").unwrap(),
        cmp("title", Op::Eq, vec![quoted("café, naïve (1+1)")])
    );
    assert_eq!(
        parse("slug:now-30x").unwrap(),
        cmp("slug", Op::Eq, vec![word("now-30x")])
    );
}

#[test]
fn and_binds_tighter_than_or_and_brackets_group() {
    let a = || cmp("a", Op::Eq, vec![word("1")]);
    let b = || cmp("b", Op::Eq, vec![word("2")]);
    let c = || cmp("c", Op::Eq, vec![word("3")]);
    assert_eq!(
        parse("a:1+b:2,c:3").unwrap(),
        Filter::Or(vec![Filter::And(vec![a(), b()]), c()])
    );
    assert_eq!(
        parse("a:1,b:2+c:3").unwrap(),
        Filter::Or(vec![a(), Filter::And(vec![b(), c()])])
    );
    assert_eq!(
        parse("a:1+(b:2,c:3)").unwrap(),
        Filter::And(vec![a(), Filter::Or(vec![b(), c()])])
    );
    assert_eq!(
        parse(" ( a:1 ) + b : 2 ").unwrap(),
        Filter::And(vec![a(), b()])
    );
    assert_eq!(parse("((a:1))").unwrap(), a());
}

#[test]
fn mistakes_are_explained() {
    assert_eq!(error(""), "the filter is empty");
    assert_eq!(error("   "), "the filter is empty");
    assert!(error("tag:'news").contains("never closed"));
    assert!(error("(tag:news").contains("'(' that is never closed"));
    assert!(error("tag:news)").contains("closes nothing"));
    assert!(error("slug:[a,b").contains("'[' that is never closed"));
    assert!(error("slug:[]").contains("empty list"));
    assert!(error("slug:[a b]").contains("expected ',' or ']'"));
    assert!(error("tag").contains("expected ':' after 'tag'"));
    assert!(error("tag:").contains("ends where a value should be"));
    assert!(error("tag:news+").contains("ends where a property name should be"));
    assert!(error("tag:news,,tag:x").contains("expected a property name"));
    assert!(error(":news").contains("expected a property name"));
    assert!(error("1tag:news").contains("expected a property name"));
    assert!(error("published_at:->5").contains("'-' cannot go before"));
    assert!(error("featured:>true").contains("can only be compared"));
    assert!(error("tag:news tag:x").contains("expected '+' or ','"));
    assert!(error("tag:news tag:x").contains("at character 10"));
}

#[test]
fn limits_refuse_what_is_too_big() {
    let limits = Limits::default();
    let deep = format!(
        "{}a:1{}",
        "(".repeat(limits.depth),
        ")".repeat(limits.depth)
    );
    assert!(parse(&deep).is_ok());
    let deeper = format!("({deep})");
    assert!(error(&deeper).contains("nested more than 16 deep"));
    let many = vec!["a:1"; limits.comparisons + 1].join("+");
    assert!(error(&many).contains("more than 100 comparisons"));
    let list = format!("id:[{}]", vec!["x"; limits.values + 1].join(","));
    assert!(error(&list).contains("more than 1000 values"));
    let long = format!("title:'{}'", "x".repeat(limits.length));
    assert!(error(&long).contains("characters long"));
    // A tighter limit is the caller's to set.
    let tight = Limits {
        comparisons: 1,
        ..limits
    };
    assert!(parse_with("a:1+b:2", tight).is_err());
    // A very deep filter fails fast without exhausting the stack.
    let hostile = "(".repeat(100_000);
    assert!(
        parse_with(
            &hostile,
            Limits {
                length: usize::MAX,
                ..limits
            }
        )
        .is_err()
    );
}

#[test]
fn a_filter_names_its_properties_in_order() {
    let filter = parse("tag:city+(featured:true,published_at:>now-1d),tag:-x").unwrap();
    assert_eq!(
        filter.properties(),
        ["tag", "featured", "published_at", "tag"]
    );
}
