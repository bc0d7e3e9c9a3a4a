//! The editing desk's posts: revisions, conflicts, autosaves and the desk list.

use byline_core::content::NewPost;
use byline_core::revisions::Snapshot;
use byline_core::{NoteKind, PostId, PostKind, PostStatus, Role, Slug};
use byline_store::{Db, DeskFilter, Entity, SaveReason, StoreError};
use jiff::{SignedDuration, Timestamp};

use crate::{Newsroom, article, hours_ago, newsroom, restatus, staff};

crate::conformance!(
    a_new_desk_post_starts_at_revision_one_with_its_starter_and_a_preview_link,
    a_save_based_on_the_current_revision_moves_it_on,
    a_save_based_on_an_old_revision_is_refused,
    a_desk_save_to_a_taken_slug_changes_nothing,
    autosaves_by_one_person_within_ten_minutes_share_a_revision,
    restoring_a_revision_saves_a_new_one,
    the_desk_lists_every_status_filtered_by_status_and_starter,
    unpublishing_ends_the_preview_link_and_saving_a_draft_keeps_it,
);

fn draft(slug: &str, n: &Newsroom) -> NewPost {
    NewPost {
        status: PostStatus::Draft,
        published_at: None,
        ..article(slug, 0, vec![n.reporter], vec![n.city])
    }
}

fn retitled(post: &NewPost, title: &str) -> NewPost {
    NewPost {
        title: title.into(),
        body_markdown: format!("{title}, in a body."),
        ..post.clone()
    }
}

async fn a_new_desk_post_starts_at_revision_one_with_its_starter_and_a_preview_link(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Contributor).await;
    let post = draft("budget-vote", &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    let other = db
        .create_desk_post(draft("other-story", &n), ana.id)
        .await
        .unwrap();

    let desk = db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(desk.revision, 1);
    assert_eq!(desk.created_by, Some(ana.id));
    assert_eq!(desk.post.summary.status, PostStatus::Draft);
    assert_eq!(desk.post.summary.authors[0].id, n.reporter);
    assert!(db.desk_post(other).await.unwrap().is_some());

    let revisions = db.revisions(id).await.unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].number, 1);
    assert_eq!(revisions[0].author.as_deref(), Some("Ana"));
    assert_eq!(revisions[0].reason, "Created");
    assert_eq!(db.revision(id, 1).await.unwrap(), Some(Snapshot::of(&post)));
    assert_eq!(db.revision(id, 2).await.unwrap(), None);

    let now = jiff::Timestamp::now();
    let week = jiff::SignedDuration::from_hours(7 * 24);
    assert_eq!(
        db.preview_link(id, now).await.unwrap(),
        None,
        "no link until asked"
    );
    db.replace_preview_link(id, "hash-one", ana.id, now, now + week)
        .await
        .unwrap();
    let previewed = db
        .post_by_preview_token("hash-one", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(previewed.post.summary.id, id);
    let link = db.preview_link(id, now).await.unwrap().unwrap();
    assert_eq!(link.created_by.as_deref(), Some("Ana"));
    assert!(
        db.post_by_preview_token("hash-one", now + week)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    db.replace_preview_link(id, "hash-two", ana.id, now, now + week)
        .await
        .unwrap();
    assert!(
        db.post_by_preview_token("hash-one", now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db.post_by_preview_token("guess", now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(db.revoke_preview_link(id).await.unwrap());
    assert!(
        db.post_by_preview_token("hash-two", now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(!db.revoke_preview_link(id).await.unwrap());
    assert!(
        db.published_post(&crate::slug("budget-vote"))
            .await
            .unwrap()
            .is_none(),
        "a draft stays private"
    );

    assert_eq!(
        db.post_owner(&crate::slug("budget-vote")).await.unwrap(),
        Some((id, Some(ana.id), PostStatus::Draft))
    );
    assert_eq!(
        db.post_owner(&crate::slug("no-such-post")).await.unwrap(),
        None
    );
    assert!(db.desk_post(PostId(424242)).await.unwrap().is_none());
}

async fn a_save_based_on_the_current_revision_moves_it_on(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let post = draft("budget-vote", &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    let before = db.content_version().await.unwrap();

    let mut edit = retitled(&post, "Council passes the budget");
    edit.status = PostStatus::Published;
    edit.published_at = Some(hours_ago(1));
    edit.author_ids = vec![n.editor, n.reporter];
    let revision = db
        .save_desk_post(id, edit.clone(), 1, ana.id, SaveReason::Saved)
        .await
        .unwrap();
    assert_eq!(revision, 2);
    assert!(db.content_version().await.unwrap().version > before.version);

    let desk = db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(desk.revision, 2);
    assert_eq!(desk.created_by, Some(ana.id), "saving keeps the starter");
    let public = db
        .published_post(&crate::slug("budget-vote"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(public.summary.title, "Council passes the budget");
    assert_eq!(public.summary.authors.len(), 2);
    assert_eq!(crate::found(db, "council").await, ["budget-vote"]);

    let reasons: Vec<(i64, String)> = db
        .revisions(id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.number, r.reason))
        .collect();
    assert_eq!(reasons, [(2, "Saved".into()), (1, "Created".into())]);
    assert_eq!(db.revision(id, 2).await.unwrap(), Some(Snapshot::of(&edit)));
    assert_eq!(db.revision(id, 1).await.unwrap(), Some(Snapshot::of(&post)));

    let mut unpublish = edit.clone();
    unpublish.status = PostStatus::Draft;
    db.save_desk_post(id, unpublish, 2, ana.id, SaveReason::Saved)
        .await
        .unwrap();
    assert!(
        db.published_post(&crate::slug("budget-vote"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        crate::found(db, "council").await.is_empty(),
        "unpublished posts leave search"
    );
}

async fn a_save_based_on_an_old_revision_is_refused(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let bo = staff(db, "bo@example.org", "Bo", Role::Editor).await;
    let post = draft("budget-vote", &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    db.save_desk_post(
        id,
        retitled(&post, "Bo's version"),
        1,
        bo.id,
        SaveReason::Saved,
    )
    .await
    .unwrap();

    let err = db
        .save_desk_post(
            id,
            retitled(&post, "Ana's version"),
            1,
            ana.id,
            SaveReason::Saved,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { current: 2 }),
        "{err:?}"
    );
    let desk = db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(
        desk.post.summary.title, "Bo's version",
        "nothing overwritten"
    );
    assert_eq!(desk.revision, 2);
    assert_eq!(db.revisions(id).await.unwrap().len(), 2);

    let err = db
        .save_desk_post(PostId(424242), post, 1, ana.id, SaveReason::Saved)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: Entity::Post,
                ..
            }
        ),
        "{err:?}"
    );
}

async fn a_desk_save_to_a_taken_slug_changes_nothing(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    db.create_post(article("taken", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let post = draft("budget-vote", &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    let err = db
        .create_desk_post(draft("taken", &n), ana.id)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::SlugTaken(ref s) if s == "taken"),
        "{err:?}"
    );

    let mut clash = retitled(&post, "Should not be saved");
    clash.slug = Slug::parse("taken").unwrap();
    let err = db
        .save_desk_post(id, clash, 1, ana.id, SaveReason::Saved)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::SlugTaken(ref s) if s == "taken"),
        "{err:?}"
    );
    let desk = db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(desk.revision, 1);
    assert_eq!(desk.post.summary.slug.as_str(), "budget-vote");
    assert_eq!(desk.post.summary.title, post.title);
    assert_eq!(db.revisions(id).await.unwrap().len(), 1);
}

async fn autosaves_by_one_person_within_ten_minutes_share_a_revision(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let bo = staff(db, "bo@example.org", "Bo", Role::Editor).await;
    let post = draft("budget-vote", &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    let autosave = |text: &str, base: i64, user: i64| {
        db.save_desk_post(id, retitled(&post, text), base, user, SaveReason::Autosaved)
    };
    let numbers = async || -> Vec<(i64, String, String)> {
        db.revisions(id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.number, r.author.unwrap(), r.reason))
            .collect()
    };

    assert_eq!(autosave("Typing", 1, ana.id).await.unwrap(), 2);
    assert_eq!(autosave("Typing more", 2, ana.id).await.unwrap(), 3);
    assert_eq!(
        numbers().await,
        [
            (3, "Ana".into(), "Autosaved".into()),
            (1, "Ana".into(), "Created".into())
        ]
    );
    assert_eq!(
        db.revision(id, 3).await.unwrap().unwrap().title,
        "Typing more"
    );
    assert_eq!(db.revision(id, 2).await.unwrap(), None, "folded into 3");

    assert_eq!(autosave("Bo edits", 3, bo.id).await.unwrap(), 4);
    assert_eq!(
        numbers().await.len(),
        3,
        "another person's autosave is kept apart"
    );
    db.save_desk_post(id, retitled(&post, "Bo saves"), 4, bo.id, SaveReason::Saved)
        .await
        .unwrap();
    assert_eq!(autosave("Bo again", 5, bo.id).await.unwrap(), 6);
    assert_eq!(
        numbers().await.len(),
        5,
        "an autosave never folds into a save"
    );

    // Ten minutes pass: the next autosave starts a revision of its own.
    sqlx::query("UPDATE post_revisions SET created_at = created_at - 660 WHERE post_id = $1")
        .bind(id)
        .execute(db.pool())
        .await
        .unwrap();
    assert_eq!(autosave("Bo later", 6, bo.id).await.unwrap(), 7);
    let list = numbers().await;
    assert_eq!(list.len(), 6);
    assert_eq!(list[0].0, 7);
    assert_eq!(list[1].0, 6);
}

async fn restoring_a_revision_saves_a_new_one(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let post = draft("budget-vote", &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    let edit = NewPost {
        featured: true,
        tag_ids: vec![n.politics],
        ..retitled(&post, "Rewritten")
    };
    db.save_desk_post(id, edit.clone(), 1, ana.id, SaveReason::Saved)
        .await
        .unwrap();

    let first = db.revision(id, 1).await.unwrap().unwrap();
    let restored = first.to_new_post(PostKind::Post, &edit);
    let revision = db
        .save_desk_post(id, restored, 2, ana.id, SaveReason::Restored(1))
        .await
        .unwrap();
    assert_eq!(revision, 3);
    let desk = db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(desk.post.summary.title, post.title);
    assert!(!desk.post.summary.featured);
    assert_eq!(desk.post.summary.tags[0].id, n.city);
    assert_eq!(
        db.revisions(id).await.unwrap()[0].reason,
        "Restored revision 1"
    );
    assert_eq!(db.revision(id, 3).await.unwrap(), Some(first));
}

async fn the_desk_lists_every_status_filtered_by_status_and_starter(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let bo = staff(db, "bo@example.org", "Bo", Role::Editor).await;
    let oldest = db
        .create_desk_post(draft("ana-draft", &n), ana.id)
        .await
        .unwrap();
    let mut scheduled = draft("ana-scheduled", &n);
    scheduled.status = PostStatus::Scheduled;
    scheduled.published_at = Some(Timestamp::now() + SignedDuration::from_hours(5));
    db.create_desk_post(scheduled, ana.id).await.unwrap();
    db.create_desk_post(draft("bo-draft", &n), bo.id)
        .await
        .unwrap();
    let mut page = article("imported-page", 3, vec![], vec![]);
    page.kind = PostKind::Page;
    db.create_post(page).await.unwrap();

    let list = |status: Option<PostStatus>, created_by: Option<i64>, limit: i64, offset: i64| {
        db.desk_posts(
            DeskFilter {
                status,
                created_by,
                edition: None,
            },
            limit,
            offset,
        )
    };
    let slugs = |rows: &[byline_store::DeskRow]| -> Vec<String> {
        rows.iter().map(|r| r.summary.slug.to_string()).collect()
    };

    let all = list(None, None, 10, 0).await.unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(
        slugs(&all.items),
        ["imported-page", "bo-draft", "ana-scheduled", "ana-draft"]
    );
    assert_eq!(all.items[0].created_by, None);
    assert_eq!(all.items[1].created_by, Some(bo.id));

    let drafts = list(Some(PostStatus::Draft), None, 10, 0).await.unwrap();
    assert_eq!(
        (drafts.total, slugs(&drafts.items)),
        (2, vec!["bo-draft".into(), "ana-draft".into()])
    );
    let anas = list(None, Some(ana.id), 10, 0).await.unwrap();
    assert_eq!(anas.total, 2);
    assert!(anas.items.iter().all(|r| r.created_by == Some(ana.id)));
    let anas_drafts = list(Some(PostStatus::Draft), Some(ana.id), 10, 0)
        .await
        .unwrap();
    assert_eq!(
        (anas_drafts.total, slugs(&anas_drafts.items)),
        (1, vec!["ana-draft".into()])
    );
    let published = list(Some(PostStatus::Published), Some(bo.id), 10, 0)
        .await
        .unwrap();
    assert_eq!(published.total, 0);
    assert!(published.items.is_empty());

    let second_page = list(None, None, 2, 2).await.unwrap();
    assert_eq!(second_page.total, 4);
    assert_eq!(slugs(&second_page.items), ["ana-scheduled", "ana-draft"]);

    // Touching the oldest post brings it to the top.
    db.add_note(
        oldest,
        NoteKind::Update,
        "Touched.",
        Timestamp::now() + SignedDuration::from_mins(1),
    )
    .await
    .unwrap();
    let all = list(None, None, 1, 0).await.unwrap();
    assert_eq!(slugs(&all.items), ["ana-draft"]);
}

async fn unpublishing_ends_the_preview_link_and_saving_a_draft_keeps_it(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Editor).await;
    let now = Timestamp::now();
    let week = SignedDuration::from_hours(7 * 24);
    let post = draft("ferry-plan", &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    db.replace_preview_link(id, "draft-link", ana.id, now, now + week)
        .await
        .unwrap();
    db.save_desk_post(
        id,
        retitled(&post, "Ferry plan, second draft"),
        1,
        ana.id,
        SaveReason::Saved,
    )
    .await
    .unwrap();
    assert!(
        db.post_by_preview_token("draft-link", now)
            .await
            .unwrap()
            .is_some(),
        "a draft saved as a draft keeps its link"
    );

    let mut published = retitled(&post, "Ferry plan approved");
    published.status = PostStatus::Published;
    published.published_at = Some(hours_ago(1));
    db.save_desk_post(id, published, 2, ana.id, SaveReason::Saved)
        .await
        .unwrap();
    db.replace_preview_link(id, "published-link", ana.id, now, now + week)
        .await
        .unwrap();
    // Unpublished through the desk's save: the link ends in the same transaction.
    db.save_desk_post(
        id,
        retitled(&post, "Ferry plan on hold"),
        3,
        ana.id,
        SaveReason::Saved,
    )
    .await
    .unwrap();
    assert!(
        db.post_by_preview_token("published-link", now)
            .await
            .unwrap()
            .is_none()
    );

    // And when only the status changes, back to draft.
    restatus(db, id, PostStatus::Published, Some(hours_ago(1))).await;
    db.replace_preview_link(id, "again", ana.id, now, now + week)
        .await
        .unwrap();
    restatus(db, id, PostStatus::Draft, None).await;
    assert!(
        db.post_by_preview_token("again", now)
            .await
            .unwrap()
            .is_none()
    );
}
