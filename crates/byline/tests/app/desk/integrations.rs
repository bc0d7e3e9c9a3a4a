//! Settings → Integrations: an administrator adds one and sees its keys once, the keys
//! find it, regenerating stops the old keys, deleting stops the new; editors cannot
//! see the page, and a nameless or forged request changes nothing.

use byline_core::Role;
use byline_store::ContentKey;
use reqwest::StatusCode;

use crate::desk_client::Answer;
use crate::helpers::TestApp;
use crate::on_both_engines;

/// The keys a page shows once: (content key, admin key id, admin secret).
fn keys_shown(answer: &Answer) -> (String, String, String) {
    let page = answer.page();
    let content = page.texts("#content-key").concat();
    let admin = page.texts("#admin-key").concat();
    let (id, secret) = admin.split_once(':').expect("the admin key is id:secret");
    (content, id.to_owned(), secret.to_owned())
}

async fn integration_of(app: &TestApp, content_key: &str) -> Option<String> {
    let key = ContentKey::parse(content_key)?;
    app.db
        .integration_by_content_key(&key)
        .await
        .unwrap()
        .map(|i| i.name)
}

async fn administrators_add_regenerate_and_delete_integrations(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let empty = admin.get("/admin/integrations").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.html.contains("No integrations yet"));

    let added = admin
        .post("/admin/integrations", &[("name", "  Mobile app ")])
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.html);
    let (content, admin_id, secret) = keys_shown(&added);
    assert_eq!((content.len(), admin_id.len(), secret.len()), (26, 24, 64));
    assert_eq!(
        integration_of(app, &content).await.as_deref(),
        Some("Mobile app")
    );
    let (_, stored) = app
        .db
        .integration_by_admin_key(&admin_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, secret);

    // Shown once: the list afterwards names it but holds no key.
    let list = admin.get("/admin/integrations").await;
    assert_eq!(
        list.page().texts(".integrations-table tbody th"),
        ["Mobile app"]
    );
    assert!(!list.html.contains(&content) && !list.html.contains(&secret));
    assert!(
        list.html.contains(&admin_id),
        "the admin key's public id is listed"
    );

    let id = app.db.integrations().await.unwrap()[0].id;
    let regenerated = admin
        .post(&format!("/admin/integrations/{id}/regenerate"), &[])
        .await;
    assert_eq!(regenerated.status, StatusCode::OK, "{}", regenerated.html);
    let (new_content, new_id, _) = keys_shown(&regenerated);
    assert_ne!(new_content, content);
    assert_eq!(integration_of(app, &content).await, None);
    assert!(
        app.db
            .integration_by_admin_key(&admin_id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        integration_of(app, &new_content).await.as_deref(),
        Some("Mobile app")
    );

    let deleted = admin
        .post(&format!("/admin/integrations/{id}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        deleted.location.as_deref(),
        Some("/admin/integrations?notice=deleted")
    );
    assert_eq!(integration_of(app, &new_content).await, None);
    assert!(
        app.db
            .integration_by_admin_key(&new_id)
            .await
            .unwrap()
            .is_none()
    );
    let gone = admin
        .post(&format!("/admin/integrations/{id}/delete"), &[])
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

async fn mistakes_and_other_roles_change_nothing(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let nameless = admin.post("/admin/integrations", &[("name", "   ")]).await;
    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nameless.html.contains("needs a name"), "{}", nameless.html);
    let forged = admin
        .post_raw("/admin/integrations", &[("name", "Forged")])
        .await;
    assert!(forged.status.is_client_error(), "{}", forged.status);
    let editor = app.desk(Role::Editor).await;
    assert_eq!(
        editor.get("/admin/integrations").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = editor
        .post("/admin/integrations", &[("name", "Sneaky")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(app.db.integrations().await.unwrap().is_empty());
    let anonymous = app
        .raw
        .get(app.url("/admin/integrations"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        anonymous.status(),
        StatusCode::SEE_OTHER,
        "to the sign-in page"
    );
}

on_both_engines!(
    administrators_add_regenerate_and_delete_integrations,
    mistakes_and_other_roles_change_nothing,
);
