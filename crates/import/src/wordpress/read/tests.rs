use super::*;
use crate::wordpress::xml::Term;

fn category(slug: &str) -> SourceTag {
    SourceTag {
        source_id: format!("category:{slug}"),
        slug: slug.to_owned(),
        name: slug.to_owned(),
        description: None,
        internal: false,
    }
}

fn redirected_to(catalog: &Catalog, from: &str) -> Option<RedirectTarget> {
    catalog
        .redirects
        .iter()
        .find(|r| r.from == from)
        .map(|r| r.to.clone())
}

#[test]
fn a_child_category_is_also_found_under_its_first_parent() {
    let mut catalog = Catalog {
        tags: vec![category("news"), category("harbour")],
        ..Catalog::default()
    };
    let parents = [
        ("harbour".to_owned(), "news".to_owned()),
        ("harbour".to_owned(), "other".to_owned()),
    ];
    add_redirects(&mut catalog, &parents);
    assert_eq!(
        redirected_to(&catalog, "/category/news/harbour/"),
        Some(RedirectTarget::Tag("category:harbour".into()))
    );
    assert_eq!(redirected_to(&catalog, "/category/other/harbour/"), None);
    assert_eq!(redirected_to(&catalog, "/category/news/news/"), None);
}

#[test]
fn many_child_categories_are_matched_to_parents_without_a_search_each() {
    // 200,000 categories, each the child of the next: searching the parent list for
    // each category took minutes.
    let count = 200_000;
    let mut catalog = Catalog {
        tags: (0..count).map(|i| category(&format!("c{i}"))).collect(),
        ..Catalog::default()
    };
    let parents: Vec<(String, String)> = (0..count)
        .map(|i| (format!("c{i}"), format!("c{}", i + 1)))
        .collect();
    add_redirects(&mut catalog, &parents);
    assert_eq!(
        redirected_to(&catalog, "/category/c200000/c199999/"),
        Some(RedirectTarget::Tag("category:c199999".into()))
    );
}

fn term(domain: &str, nicename: &str) -> Term {
    Term {
        domain: domain.to_owned(),
        nicename: nicename.to_owned(),
        name: nicename.to_owned(),
    }
}

#[test]
fn a_post_lists_categories_first_each_once_then_tags() {
    let terms: HashMap<String, String> = ["category:news", "category:harbour", "post_tag:ferries"]
        .into_iter()
        .map(|id| (id.to_owned(), id.to_owned()))
        .collect();
    let record = Record {
        categories: vec![
            term("post_tag", "ferries"),
            term("category", "news"),
            term("category", "unknown"),
            term("category", "news"),
            term("post_tag", "ferries"),
            term("category", "harbour"),
            term("author", "mara"),
        ],
        ..Record::default()
    };
    assert_eq!(
        section_first(&record, &terms),
        ["category:news", "category:harbour", "post_tag:ferries"]
    );
}

#[test]
fn a_post_in_many_categories_lists_each_without_comparing_it_with_every_other() {
    // 100,000 categories on one item, each twice: checking each against every one
    // kept took minutes.
    let count = 100_000;
    let terms: HashMap<String, String> = (0..count)
        .map(|i| (format!("category:c{i}"), format!("category:c{i}")))
        .collect();
    let record = Record {
        categories: (0..2 * count)
            .map(|i| term("category", &format!("c{}", i % count)))
            .collect(),
        ..Record::default()
    };
    let sections = section_first(&record, &terms);
    assert_eq!(sections.len(), count);
    assert_eq!(sections[0], "category:c0");
}
