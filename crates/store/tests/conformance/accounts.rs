//! Staff accounts, their sessions and sign-in throttling.

use byline_core::{EmailAddress, LanguageTag, Role};
use byline_store::{Db, Entity, NewUser, StoreError};
use jiff::{SignedDuration, Timestamp};

use crate::{staff, whole_seconds};

crate::conformance!(
    an_account_is_found_by_id_and_by_its_normalised_email,
    an_email_address_belongs_to_one_account,
    staff_are_listed_active_first_and_only_active_admins_count,
    sessions_of_a_deactivated_account_stop_working,
    a_session_ends_when_it_expires_or_is_deleted,
    a_new_password_ends_every_session,
    failed_sign_ins_are_counted_per_key_until_cleared,
    each_account_keeps_its_own_desk_language,
);

pub fn email(address: &str) -> EmailAddress {
    EmailAddress::parse(address).unwrap()
}

pub fn later(minutes: i64) -> Timestamp {
    Timestamp::now() + SignedDuration::from_mins(minutes)
}

pub async fn invited(db: &Db, address: &str) -> i64 {
    db.create_user(&NewUser {
        email: email(address),
        name: "Invited Person".into(),
        role: Role::Author,
        password_hash: None,
    })
    .await
    .unwrap()
    .id
}

async fn an_account_is_found_by_id_and_by_its_normalised_email(db: &Db) {
    let created = db
        .create_user(&NewUser {
            email: email("  Ana.Ruiz@Example.ORG "),
            name: "  Ana Ruiz ".into(),
            role: Role::Editor,
            password_hash: Some("hash-1".into()),
        })
        .await
        .unwrap();
    assert_eq!(created.email, "ana.ruiz@example.org");
    assert_eq!(created.name, "Ana Ruiz");
    assert_eq!(created.role, Role::Editor);
    assert!(created.active && created.has_password);
    assert_eq!(
        db.user_by_id(created.id).await.unwrap(),
        Some(created.clone())
    );

    let (found, hash) = db
        .user_for_sign_in(&email("ANA.RUIZ@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, created);
    assert_eq!(hash.as_deref(), Some("hash-1"));

    let invited = invited(db, "new@example.org").await;
    let (user, hash) = db
        .user_for_sign_in(&email("new@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.id, invited);
    assert!(!user.has_password, "an invitation sets no password");
    assert_eq!(hash, None);

    assert!(db.user_by_id(424242).await.unwrap().is_none());
    assert!(
        db.user_for_sign_in(&email("nobody@example.org"))
            .await
            .unwrap()
            .is_none()
    );
}

async fn an_email_address_belongs_to_one_account(db: &Db) {
    staff(db, "ana@example.org", "Ana", Role::Author).await;
    let err = db
        .create_user(&NewUser {
            email: email("ANA@Example.org"),
            name: "Another Ana".into(),
            role: Role::Admin,
            password_hash: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::EmailTaken), "{err:?}");
    let users = db.list_users().await.unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].name, "Ana");
}

async fn staff_are_listed_active_first_and_only_active_admins_count(db: &Db) {
    let zed = staff(db, "zed@example.org", "Zed", Role::Admin).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Editor).await;
    let bo = staff(db, "bo@example.org", "Bo", Role::Admin).await;
    assert_eq!(db.count_admins().await.unwrap(), 2);

    db.set_user_access(bo.id, Role::Admin, false).await.unwrap();
    assert_eq!(
        db.count_admins().await.unwrap(),
        1,
        "inactive admins do not count"
    );
    let names: Vec<String> = db
        .list_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["Ana", "Zed", "Bo"]);

    db.set_user_access(ana.id, Role::Admin, true).await.unwrap();
    assert_eq!(db.count_admins().await.unwrap(), 2);
    let ana = db.user_by_id(ana.id).await.unwrap().unwrap();
    assert_eq!(ana.role, Role::Admin);
    assert!(!db.user_by_id(bo.id).await.unwrap().unwrap().active);
    assert!(db.user_by_id(zed.id).await.unwrap().unwrap().active);

    let err = db
        .set_user_access(424242, Role::Editor, true)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: Entity::User,
                ..
            }
        ),
        "{err:?}"
    );
}

async fn sessions_of_a_deactivated_account_stop_working(db: &Db) {
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let bo = staff(db, "bo@example.org", "Bo", Role::Editor).await;
    db.create_session("ana-cookie", ana.id, "ana-csrf", later(60))
        .await
        .unwrap();
    db.create_session("bo-cookie", bo.id, "bo-csrf", later(60))
        .await
        .unwrap();
    let session = db
        .session("ana-cookie", Timestamp::now())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(session.user, ana);
    assert_eq!(session.csrf_token, "ana-csrf");

    db.set_user_access(ana.id, Role::Author, false)
        .await
        .unwrap();
    assert!(
        db.session("ana-cookie", Timestamp::now())
            .await
            .unwrap()
            .is_none()
    );
    db.set_user_access(ana.id, Role::Author, true)
        .await
        .unwrap();
    assert!(
        db.session("ana-cookie", Timestamp::now())
            .await
            .unwrap()
            .is_none(),
        "reactivating does not bring old sessions back"
    );
    let other = db.session("bo-cookie", Timestamp::now()).await.unwrap();
    assert_eq!(other.unwrap().user.id, bo.id, "nobody else is signed out");
}

async fn a_session_ends_when_it_expires_or_is_deleted(db: &Db) {
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let expires = later(60);
    db.create_session("cookie", ana.id, "csrf", expires)
        .await
        .unwrap();
    db.create_session("stale", ana.id, "csrf-2", later(-5))
        .await
        .unwrap();
    let session = db.session("cookie", later(59)).await.unwrap().unwrap();
    assert_eq!(session.expires_at, whole_seconds(expires));
    assert!(db.session("cookie", later(61)).await.unwrap().is_none());
    assert!(
        db.session("stale", Timestamp::now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db.session("unknown", Timestamp::now())
            .await
            .unwrap()
            .is_none()
    );

    db.delete_session("cookie").await.unwrap();
    assert!(
        db.session("cookie", Timestamp::now())
            .await
            .unwrap()
            .is_none()
    );
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(left, 0, "signing out also sweeps expired sessions");
}

async fn a_new_password_ends_every_session(db: &Db) {
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    for cookie in ["laptop", "phone"] {
        db.create_session(cookie, ana.id, "csrf", later(60))
            .await
            .unwrap();
    }
    db.set_password(ana.id, "new-hash", Some("Ana Ruiz"))
        .await
        .unwrap();
    for cookie in ["laptop", "phone"] {
        assert!(
            db.session(cookie, Timestamp::now())
                .await
                .unwrap()
                .is_none()
        );
    }
    let (user, hash) = db
        .user_for_sign_in(&email("ana@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hash.as_deref(), Some("new-hash"));
    assert_eq!(user.name, "Ana Ruiz");

    db.set_password(ana.id, "newer-hash", None).await.unwrap();
    let (user, hash) = db
        .user_for_sign_in(&email("ana@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hash.as_deref(), Some("newer-hash"));
    assert_eq!(user.name, "Ana Ruiz", "no name keeps the name");
}

async fn failed_sign_ins_are_counted_per_key_until_cleared(db: &Db) {
    let start = whole_seconds(later(-30));
    let first = whole_seconds(later(-20));
    let second = whole_seconds(later(-10));
    let long_ago = whole_seconds(later(-3 * 24 * 60));
    db.record_attempt(&["account:old"], long_ago).await.unwrap();
    db.record_attempt(&["account:ana", "address:10.0.0.1"], first)
        .await
        .unwrap();
    db.record_attempt(&["address:10.0.0.1"], second)
        .await
        .unwrap();

    assert_eq!(
        db.attempts_since("address:10.0.0.1", start).await.unwrap(),
        (2, Some(first))
    );
    assert_eq!(
        db.attempts_since("address:10.0.0.1", later(-15))
            .await
            .unwrap(),
        (1, Some(second)),
        "only failures inside the window count"
    );
    assert_eq!(
        db.attempts_since("account:ana", start).await.unwrap(),
        (1, Some(first))
    );
    assert_eq!(
        db.attempts_since("account:old", long_ago).await.unwrap(),
        (0, None),
        "failures older than a day are swept"
    );

    db.clear_attempts("address:10.0.0.1").await.unwrap();
    assert_eq!(
        db.attempts_since("address:10.0.0.1", start).await.unwrap(),
        (0, None)
    );
    assert_eq!(db.attempts_since("account:ana", start).await.unwrap().0, 1);
}

async fn each_account_keeps_its_own_desk_language(db: &Db) {
    let ana = staff(db, "ana@example.org", "Ana", Role::Editor).await;
    let ben = staff(db, "ben@example.org", "Ben", Role::Author).await;
    assert_eq!(ana.desk_language.as_str(), "en");

    let ukrainian = LanguageTag::parse("uk").unwrap();
    db.set_desk_language(ana.id, &ukrainian).await.unwrap();
    let ana = db.user_by_id(ana.id).await.unwrap().unwrap();
    assert_eq!(ana.desk_language, ukrainian);
    let (signing_in, _) = db
        .user_for_sign_in(&email("ana@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signing_in.desk_language, ukrainian);
    let ben = db.user_by_id(ben.id).await.unwrap().unwrap();
    assert_eq!(ben.desk_language.as_str(), "en");

    assert!(matches!(
        db.set_desk_language(9_999_999, &ukrainian).await,
        Err(StoreError::NotFound {
            entity: Entity::User,
            ..
        })
    ));
}
