//! One-time account links: invitations and password resets.

use byline_core::Role;
use byline_store::{Db, TokenPurpose};
use jiff::Timestamp;

use crate::accounts::{email, invited, later};
use crate::staff;

crate::conformance!(
    an_account_link_works_once,
    an_expired_account_link_does_nothing,
    a_new_account_link_replaces_the_unused_one,
    two_requests_racing_for_one_link_only_one_wins,
    a_link_of_a_deactivated_account_does_not_work,
);

async fn an_account_link_works_once(db: &Db) {
    let id = invited(db, "new@example.org").await;
    let purpose = TokenPurpose::Invitation;
    db.create_account_token(purpose, id, "link-hash", later(60))
        .await
        .unwrap();
    let now = Timestamp::now();
    let user = db
        .account_token_user(purpose, "link-hash", now)
        .await
        .unwrap();
    assert_eq!(user.map(|u| u.id), Some(id));
    assert!(
        db.account_token_user(TokenPurpose::PasswordReset, "link-hash", now)
            .await
            .unwrap()
            .is_none(),
        "a link is only good for its purpose"
    );
    assert_eq!(
        db.redeem_account_token(TokenPurpose::PasswordReset, "link-hash", "x", None, now)
            .await
            .unwrap(),
        None
    );

    let redeemed = db
        .redeem_account_token(purpose, "link-hash", "pw-hash", Some("Nadia Kim"), now)
        .await
        .unwrap();
    assert_eq!(redeemed, Some(id));
    let (user, hash) = db
        .user_for_sign_in(&email("new@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert!(user.has_password);
    assert_eq!(user.name, "Nadia Kim");
    assert_eq!(hash.as_deref(), Some("pw-hash"));

    assert!(
        db.account_token_user(purpose, "link-hash", now)
            .await
            .unwrap()
            .is_none()
    );
    let again = db
        .redeem_account_token(purpose, "link-hash", "other-hash", None, now)
        .await
        .unwrap();
    assert_eq!(again, None);
    let (_, hash) = db
        .user_for_sign_in(&email("new@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        hash.as_deref(),
        Some("pw-hash"),
        "a used link changes nothing"
    );
}

async fn an_expired_account_link_does_nothing(db: &Db) {
    let id = invited(db, "new@example.org").await;
    let purpose = TokenPurpose::PasswordReset;
    db.create_account_token(purpose, id, "link-hash", later(60))
        .await
        .unwrap();
    assert!(
        db.account_token_user(purpose, "link-hash", later(61))
            .await
            .unwrap()
            .is_none()
    );
    let redeemed = db
        .redeem_account_token(purpose, "link-hash", "pw-hash", None, later(61))
        .await
        .unwrap();
    assert_eq!(redeemed, None);
    assert!(!db.user_by_id(id).await.unwrap().unwrap().has_password);
    assert!(
        db.account_token_user(purpose, "link-hash", Timestamp::now())
            .await
            .unwrap()
            .is_some(),
        "a refused late use does not spend the link"
    );
}

async fn a_new_account_link_replaces_the_unused_one(db: &Db) {
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let now = Timestamp::now();
    db.create_account_token(TokenPurpose::Invitation, ana.id, "invite", later(60))
        .await
        .unwrap();
    db.create_account_token(TokenPurpose::PasswordReset, ana.id, "first", later(60))
        .await
        .unwrap();
    db.create_account_token(TokenPurpose::PasswordReset, ana.id, "second", later(60))
        .await
        .unwrap();
    let reset = TokenPurpose::PasswordReset;
    assert!(
        db.account_token_user(reset, "first", now)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        db.redeem_account_token(reset, "first", "h1", None, now)
            .await
            .unwrap(),
        None
    );
    assert!(
        db.account_token_user(TokenPurpose::Invitation, "invite", now)
            .await
            .unwrap()
            .is_some(),
        "a link for another purpose stays"
    );

    db.create_session("cookie", ana.id, "csrf", later(60))
        .await
        .unwrap();
    assert_eq!(
        db.redeem_account_token(reset, "second", "h2", None, now)
            .await
            .unwrap(),
        Some(ana.id)
    );
    assert!(
        db.session("cookie", now).await.unwrap().is_none(),
        "a reset signs the account out everywhere"
    );
}

async fn two_requests_racing_for_one_link_only_one_wins(db: &Db) {
    let id = invited(db, "new@example.org").await;
    let purpose = TokenPurpose::PasswordReset;
    db.create_account_token(purpose, id, "link-hash", later(60))
        .await
        .unwrap();
    let mut racers = tokio::task::JoinSet::new();
    for n in 0..8 {
        let db = db.clone();
        racers.spawn(async move {
            let hash = format!("hash-{n}");
            let won = db
                .redeem_account_token(purpose, "link-hash", &hash, None, Timestamp::now())
                .await
                .unwrap();
            won.map(|_| hash)
        });
    }
    let winners: Vec<String> = racers.join_all().await.into_iter().flatten().collect();
    assert_eq!(winners.len(), 1, "{winners:?}");
    let (_, hash) = db
        .user_for_sign_in(&email("new@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hash, Some(winners[0].clone()));
}

async fn a_link_of_a_deactivated_account_does_not_work(db: &Db) {
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let purpose = TokenPurpose::PasswordReset;
    db.create_account_token(purpose, ana.id, "link-hash", later(60))
        .await
        .unwrap();
    db.set_user_access(ana.id, Role::Author, false)
        .await
        .unwrap();
    let now = Timestamp::now();
    assert!(
        db.account_token_user(purpose, "link-hash", now)
            .await
            .unwrap()
            .is_none()
    );
    let redeemed = db
        .redeem_account_token(purpose, "link-hash", "new-hash", None, now)
        .await
        .unwrap();
    assert_eq!(redeemed, None);
    let (_, hash) = db
        .user_for_sign_in(&email("ana@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(hash.as_deref(), Some("argon2-hash-of-Ana"));
}
