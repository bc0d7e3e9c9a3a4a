//! The kept lists (every article, each section, each author) read page by page must
//! show exactly what the straightforward query shows, at every page boundary, after
//! publishing, unpublishing, re-dating, re-tagging, re-authoring, a slug change and a
//! delete: nothing missing, nothing twice, nothing stale.

use byline_core::PostId;
use byline_core::content::NewPost;
use byline_store::{PostQuery, PreparedPost};

use super::*;

crate::conformance!(kept_lists_match_the_straightforward_query_through_every_change);

const POSTS: i64 = 2_000;

/// The list as one plain query, newest first.
async fn straightforward(db: &Db, query: &PostQuery) -> Vec<PostId> {
    let (join, arg) = match (query.tag_id, query.author_id) {
        (Some(tag), _) => (
            "JOIN post_tags l ON l.post_id = p.id AND l.tag_id = $1",
            tag,
        ),
        (_, Some(author)) => (
            "JOIN post_authors l ON l.post_id = p.id AND l.author_id = $1",
            author,
        ),
        _ => ("", 0),
    };
    let sql = format!(
        "SELECT p.id FROM posts p {join} WHERE p.kind = 'post' AND p.status = 'published' \
         AND ($1 = $1) ORDER BY p.published_at DESC, p.id DESC"
    );
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(arg)
        .fetch_all(db.pool())
        .await
        .unwrap()
}

/// The list read the way readers read it: page after page until an empty one.
async fn paged(db: &Db, query: &PostQuery, per_page: i64) -> Vec<PostId> {
    let mut ids = Vec::new();
    for page in 0.. {
        let found = db
            .list_published(query, per_page, page * per_page)
            .await
            .unwrap();
        if found.items.is_empty() {
            assert_eq!(
                found.total,
                ids.len() as i64,
                "the total counts every entry"
            );
            break;
        }
        assert!(found.items.len() as i64 <= per_page);
        ids.extend(found.items.iter().map(|p| p.id));
    }
    ids
}

async fn lists_agree(db: &Db, queries: &[PostQuery], step: &str) {
    for (n, query) in queries.iter().enumerate() {
        let expected = straightforward(db, query).await;
        let sizes: &[i64] = if n == 0 { &[12, 31] } else { &[12] };
        for &per_page in sizes {
            assert_eq!(
                paged(db, query, per_page).await,
                expected,
                "{step}: {query:?}, {per_page} a page"
            );
        }
        let newest: Vec<PostId> = db
            .newest_published(query, 5, 0)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(newest, expected[..expected.len().min(5)], "{step}: newest");
        if n == 0 {
            // Sitemaps read the list of every article too.
            assert_eq!(
                db.count_published(PostKind::Post).await.unwrap(),
                expected.len() as i64,
                "{step}: count"
            );
            let sitemap: Vec<String> = db
                .sitemap_posts(PostKind::Post, 50, 100)
                .await
                .unwrap()
                .into_iter()
                .map(|entry| entry.slug)
                .collect();
            let mut slugs = Vec::new();
            for id in expected.iter().skip(100).take(50) {
                slugs.push(
                    sqlx::query_scalar::<_, String>("SELECT slug FROM posts WHERE id = $1")
                        .bind(*id)
                        .fetch_one(db.pool())
                        .await
                        .unwrap(),
                );
            }
            assert_eq!(sitemap, slugs, "{step}: a sitemap page");
        }
        let past_end = db
            .list_published(query, 12, expected.len() as i64 + 12)
            .await
            .unwrap();
        assert!(past_end.items.is_empty(), "{step}: past the end");
    }
}

async fn kept_lists_match_the_straightforward_query_through_every_change(db: &Db) {
    let n = newsroom(db).await;
    let extra_tag = db
        .create_tag(&NewTag {
            slug: Slug::parse("weather").unwrap(),
            name: "Weather".into(),
            description: None,
        })
        .await
        .unwrap()
        .id;
    let tags = [n.city, n.politics, extra_tag];
    let authors = [n.reporter, n.editor];
    // Two years of articles with many sharing a second (ties are broken by id), a
    // few from before 1970, drafts, scheduled articles and pages among them.
    let now = Timestamp::now().as_second();
    let mut prepared = Vec::new();
    for i in 0..POSTS {
        let at = if i % 97 == 0 {
            -86_400 * (i % 40) - 3_600
        } else {
            now - (i * 7_919 % 700) * 86_400 - (i % 3) * 3_600
        };
        let status = match i % 23 {
            0 => PostStatus::Draft,
            1 => PostStatus::Scheduled,
            _ => PostStatus::Published,
        };
        let post = NewPost {
            kind: if i % 50 == 7 {
                PostKind::Page
            } else {
                PostKind::Post
            },
            status,
            published_at: Some(Timestamp::from_second(at).unwrap()),
            author_ids: if i % 5 == 0 {
                authors.to_vec()
            } else {
                vec![authors[(i % 2) as usize]]
            },
            tag_ids: match i % 4 {
                0 => vec![],
                1 => vec![tags[0]],
                2 => vec![tags[1], tags[2]],
                _ => vec![tags[(i % 3) as usize]],
            },
            ..article(&format!("story-{i}"), 1, vec![], vec![])
        };
        prepared.push(PreparedPost::without_spoken_text(post).unwrap());
    }
    for chunk in prepared.chunks(500) {
        db.create_posts(chunk).await.unwrap();
    }
    let mut queries = vec![PostQuery::default()];
    queries.extend(tags.iter().map(|&tag| PostQuery {
        tag_id: Some(tag),
        ..PostQuery::default()
    }));
    queries.extend(authors.iter().map(|&author| PostQuery {
        author_id: Some(author),
        ..PostQuery::default()
    }));
    lists_agree(db, &queries, "generated").await;

    let id_of = async |slug: &str| {
        db.post_by_slug(&crate::slug(slug))
            .await
            .unwrap()
            .unwrap()
            .summary
            .id
    };
    let (a, b, c) = (
        id_of("story-40").await,
        id_of("story-41").await,
        id_of("story-42").await,
    );
    restatus(db, a, PostStatus::Draft, None).await;
    lists_agree(db, &queries, "unpublished").await;

    let draft = id_of("story-23").await;
    let middle = Timestamp::from_second(now - 300 * 86_400).unwrap();
    restatus(db, draft, PostStatus::Published, Some(middle)).await;
    restatus(db, a, PostStatus::Published, Some(middle)).await;
    lists_agree(db, &queries, "published back-dated").await;

    restatus(db, b, PostStatus::Published, Some(Timestamp::now())).await;
    lists_agree(db, &queries, "re-dated to now").await;

    resave(
        db,
        c,
        NewPost {
            published_at: Some(middle),
            author_ids: vec![n.editor],
            tag_ids: vec![extra_tag, n.city],
            ..article("story-42-renamed", 1, vec![], vec![])
        },
    )
    .await
    .unwrap();
    lists_agree(db, &queries, "re-tagged, re-authored and renamed").await;

    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(b)
        .execute(db.pool())
        .await
        .unwrap();
    lists_agree(db, &queries, "deleted").await;
}
