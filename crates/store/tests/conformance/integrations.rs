//! Integrations keep their keys so that a copy of the database does not hand out the
//! content key, each key finds its own integration only, and regenerating or deleting
//! stops the old keys at once.

use byline_store::{ContentKey, Entity, StoreError};

use super::*;

crate::conformance!(
    keys_find_their_integration_and_only_the_admin_secret_is_kept,
    regenerating_and_deleting_stop_the_old_keys,
);

async fn keys_find_their_integration_and_only_the_admin_secret_is_kept(db: &Db) {
    let (app, app_keys) = db.create_integration("Mobile app").await.unwrap();
    let (wire, wire_keys) = db.create_integration("Wire importer").await.unwrap();
    assert_ne!(app_keys.content, wire_keys.content);
    assert_ne!(app_keys.admin.id, wire_keys.admin.id);
    assert_eq!(app.name, "Mobile app");
    assert_eq!(app.admin_key_id, app_keys.admin.id);
    let listed: Vec<String> = db
        .integrations()
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(listed, ["Wire importer", "Mobile app"]);

    let found = db
        .integration_by_content_key(&app_keys.content)
        .await
        .unwrap();
    assert_eq!(found.map(|i| i.id), Some(app.id));
    let (by_admin, secret) = db
        .integration_by_admin_key(&wire_keys.admin.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_admin.id, wire.id);
    assert_eq!(secret, wire_keys.admin.secret);
    let stranger = ContentKey::parse("00000000000000000000000000").unwrap();
    assert!(
        db.integration_by_content_key(&stranger)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db.integration_by_admin_key("nobody")
            .await
            .unwrap()
            .is_none()
    );

    // What the table holds: the content key only as its digest.
    let stored: Vec<String> = sqlx::query_scalar("SELECT content_key_digest FROM integrations")
        .fetch_all(db.pool())
        .await
        .unwrap();
    for key in [&app_keys.content, &wire_keys.content] {
        assert!(!stored.iter().any(|s| s.contains(key.as_str())));
        assert!(stored.contains(&key.digest()));
    }
}

async fn regenerating_and_deleting_stop_the_old_keys(db: &Db) {
    let (integration, old) = db.create_integration("Newsletter tool").await.unwrap();
    let (_, new) = db
        .regenerate_integration_keys(integration.id)
        .await
        .unwrap();
    assert!(
        db.integration_by_content_key(&old.content)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db.integration_by_admin_key(&old.admin.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        db.integration_by_content_key(&new.content)
            .await
            .unwrap()
            .map(|i| i.id),
        Some(integration.id)
    );
    let again = db.integration(integration.id).await.unwrap();
    assert_eq!(again.admin_key_id, new.admin.id);
    assert!(again.keys_made_at >= integration.keys_made_at);

    db.delete_integration(integration.id).await.unwrap();
    assert!(
        db.integration_by_content_key(&new.content)
            .await
            .unwrap()
            .is_none()
    );
    for missing in [
        db.delete_integration(integration.id).await.map(|_| ()),
        db.regenerate_integration_keys(integration.id)
            .await
            .map(|_| ()),
        db.integration(integration.id).await.map(|_| ()),
    ] {
        assert!(matches!(
            missing,
            Err(StoreError::NotFound {
                entity: Entity::Integration,
                ..
            })
        ));
    }
}
