//! Tags and authors browsed as the Content API does, each with how many published
//! articles it has: drafts, scheduled articles and pages are not counted. Rows
//! without a description or bio sort first going up and last going down on both
//! engines; text in other alphabets is found as written on both.

use byline_core::public_ids::Resource;
use byline_store::{Browse, Db, Order, StoreError};

use crate::browse::{archive, cases, filtered, ordered};

crate::conformance!(
    tags_are_filtered_ordered_and_counted,
    authors_are_filtered_ordered_and_counted,
);

/// Each tag of the page as `slug:articles`, space-separated, and the total.
async fn tags(db: &Db, browse: &Browse) -> (String, i64) {
    let page = db.browse_tags(browse).await.unwrap();
    let tags: Vec<String> = page
        .items
        .iter()
        .map(|t| format!("{}:{}", t.tag.slug, t.posts))
        .collect();
    (tags.join(" "), page.total)
}

/// Each author of the page as `slug:articles`, space-separated, and the total.
async fn authors(db: &Db, browse: &Browse) -> (String, i64) {
    let page = db.browse_authors(browse).await.unwrap();
    let authors: Vec<String> = page
        .items
        .iter()
        .map(|a| format!("{}:{}", a.author.slug, a.posts))
        .collect();
    (authors.join(" "), page.total)
}

/// Every row, in `order` (empty: the resource's own order).
fn all_in(order: &str) -> Browse {
    Browse {
        order: ordered(order),
        limit: 100,
        ..Browse::default()
    }
}

/// Orders and filters that must be refused: a property the resource does not have,
/// or an id of another kind.
fn hostile(filter: &str, order: &str) -> [Browse; 2] {
    let order = vec![Order {
        property: order.into(),
        descending: true,
    }];
    [
        filtered(filter),
        Browse {
            order,
            ..all_in("")
        },
    ]
}

async fn tags_are_filtered_ordered_and_counted(db: &Db) {
    let a = archive(db).await;
    // City is also on the draft, the scheduled article and the page; Weather only on
    // the draft.
    let by_name = "city:4 politics:3 weather:0";
    assert_eq!(tags(db, &all_in("")).await, (by_name.to_owned(), 3));
    let orders = "
        count.posts desc => city:4 politics:3 weather:0
        count.posts asc, name desc => weather:0 politics:3 city:4
        slug desc => weather:0 politics:3 city:4
        description desc, slug asc => city:4 politics:3 weather:0
        description asc, slug asc => politics:3 weather:0 city:4
    ";
    for (order, expected) in cases(orders) {
        assert_eq!(tags(db, &all_in(order)).await.0, expected, "{order}");
    }

    let (city, politics) = (Resource::Tag.id(a.n.city), Resource::Tag.id(a.n.politics));
    let weather = Resource::Tag.id(a.weather);
    let filters = format!(
        r"
        slug:politics => politics:3
        slug:-city => politics:3 weather:0
        name:~'IT' => city:4 politics:3
        name:~^'w' => weather:0
        description:null => politics:3 weather:0
        description:~'bridges' => city:4
        id:{politics} => politics:3
        id:-{city} => politics:3 weather:0
        id:[{city},{weather}] => city:4 weather:0
        slug:'city\' OR \'1\'=\'1' =>
        "
    );
    for (text, expected) in cases(&filters) {
        let (found, total) = tags(db, &filtered(text)).await;
        assert_eq!(found, expected, "{text}");
        assert_eq!(total, expected.split_whitespace().count() as i64, "{text}");
    }

    let second = Browse {
        limit: 1,
        offset: 1,
        ..Browse::default()
    };
    assert_eq!(tags(db, &second).await, ("politics:3".to_owned(), 3));
    let past_the_end = Browse {
        offset: 3,
        ..second
    };
    assert_eq!(tags(db, &past_the_end).await, (String::new(), 3));

    let author = Resource::Author.id(a.n.reporter);
    for (filter, order) in [
        (format!("id:{author}"), "visibility"),
        ("posts:3".to_owned(), "posts"),
        ("count.posts:>1".to_owned(), "count.posts; DROP TABLE tags"),
        ("t.slug:city".to_owned(), "t.name"),
    ] {
        for browse in hostile(&filter, order) {
            let refused = db.browse_tags(&browse).await;
            let refused = matches!(refused, Err(StoreError::InvalidQuery(_)));
            assert!(refused, "{browse:?}");
        }
    }
}

async fn authors_are_filtered_ordered_and_counted(db: &Db) {
    let a = archive(db).await;
    // Olena also wrote the draft and the page; Ada only the scheduled article.
    let by_name = "ada-lin:0 sam-reyes:3 olena-koval:4";
    assert_eq!(authors(db, &all_in("")).await, (by_name.to_owned(), 3));
    let orders = "
        count.posts desc => olena-koval:4 sam-reyes:3 ada-lin:0
        slug desc => sam-reyes:3 olena-koval:4 ada-lin:0
        bio asc, slug asc => ada-lin:0 sam-reyes:3 olena-koval:4
        bio desc, slug asc => olena-koval:4 ada-lin:0 sam-reyes:3
    ";
    for (order, expected) in cases(orders) {
        assert_eq!(authors(db, &all_in(order)).await.0, expected, "{order}");
    }

    let (olena, sam) = (
        Resource::Author.id(a.n.reporter),
        Resource::Author.id(a.n.editor),
    );
    let ada = Resource::Author.id(a.ada);
    let filters = format!(
        r#"
        slug:sam-reyes => sam-reyes:3
        name:'Олена Коваль' => olena-koval:4
        name:~'REYES' => sam-reyes:3
        name:~'Олена' => olena-koval:4
        name:-~'Олена' => ada-lin:0 sam-reyes:3
        name:~$'lin' => ada-lin:0
        bio:-null => olena-koval:4
        bio:~'city hall' => olena-koval:4
        slug:[ada-lin,sam-reyes] => ada-lin:0 sam-reyes:3
        id:{olena} => olena-koval:4
        id:-[{sam},{ada}] => olena-koval:4
        id:{sam}+name:~sam => sam-reyes:3
        name:"'; DROP TABLE authors; --" =>
        "#
    );
    for (text, expected) in cases(&filters) {
        let (found, total) = authors(db, &filtered(text)).await;
        assert_eq!(found, expected, "{text}");
        assert_eq!(total, expected.split_whitespace().count() as i64, "{text}");
    }

    let tag = Resource::Tag.id(a.n.city);
    for (filter, order) in [
        (format!("id:{tag}"), "a.slug"),
        ("email:x".to_owned(), "email"),
        ("password_hash:null".to_owned(), "password_hash"),
        ("posts.title:x".to_owned(), "count.posts, (SELECT 1)"),
    ] {
        for browse in hostile(&filter, order) {
            let refused = db.browse_authors(&browse).await;
            let refused = matches!(refused, Err(StoreError::InvalidQuery(_)));
            assert!(refused, "{browse:?}");
        }
    }
    assert_eq!(authors(db, &all_in("")).await.1, 3, "nothing was dropped");
}
