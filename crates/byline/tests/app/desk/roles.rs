//! Every role against every action, by direct requests that skip the desk's pages:
//! the server enforces the rules, not the buttons it shows.

use byline_core::{PostId, Role};
use reqwest::StatusCode;

use crate::desk_client::Desk;
use crate::helpers::TestApp;
use crate::on_both_engines;

const OK: StatusCode = StatusCode::SEE_OTHER;
const NO: StatusCode = StatusCode::FORBIDDEN;

fn expect(role: Role, allowed_from: Role) -> StatusCode {
    if role >= allowed_from { OK } else { NO }
}

async fn new_draft(desk: &Desk<'_>, title: &str) -> PostId {
    desk.create_post(&[("title", title), ("body", "Text."), ("kind", "post")])
        .await
}

async fn save(desk: &Desk<'_>, id: PostId, title: &str, action: &str) -> StatusCode {
    let revision = desk.revision_of(id).await;
    desk.post_multipart(
        &format!("/admin/posts/{id}"),
        &[
            ("title", title),
            ("body", "Text."),
            ("kind", "post"),
            ("revision", &revision),
            ("action", action),
        ],
        None,
    )
    .await
    .status
}

async fn each_role_may_do_exactly_what_it_should(app: &TestApp) {
    let editor = app.desk(Role::Editor).await;
    let others = new_draft(&editor, "Someone else's story").await;
    assert_eq!(
        save(&editor, others, "Someone else's story", "publish").await,
        OK
    );

    for role in Role::ALL {
        let desk = app.desk(role).await;
        let label = role.as_str();
        let own = new_draft(&desk, &format!("A draft by the {label}")).await;
        assert_eq!(
            save(&desk, own, &format!("Changed by the {label}"), "save").await,
            OK,
            "{label} saves own draft"
        );
        assert_eq!(
            save(&desk, own, &format!("Now public by the {label}"), "publish").await,
            expect(role, Role::Author),
            "{label} publishes own"
        );
        assert_eq!(
            save(&desk, others, "Rewritten", "save").await,
            expect(role, Role::Editor),
            "{label} edits others'"
        );
        assert_eq!(
            desk.get(&format!("/admin/posts/{others}")).await.status == StatusCode::OK,
            role >= Role::Editor,
            "{label} opens others' editor"
        );
        assert_eq!(
            desk.get(&format!("/admin/posts/{others}/revisions"))
                .await
                .status
                == StatusCode::OK,
            role >= Role::Editor,
            "{label} sees others' revisions"
        );
        let note = desk
            .post(
                &format!("/admin/posts/{others}/notes"),
                &[
                    ("note_kind", "correction"),
                    ("note_text", "A date was wrong."),
                ],
            )
            .await;
        assert_eq!(
            note.status,
            expect(role, Role::Editor),
            "{label} adds an editor's note"
        );
        let pick = desk
            .post(
                "/admin/collections/editors-picks",
                &[("op", "add"), ("post_id", &others.to_string())],
            )
            .await;
        let pick_expected = match role {
            Role::Editor => OK,
            // The editor added it just before: the admin gets in, and is told so.
            Role::Admin => StatusCode::UNPROCESSABLE_ENTITY,
            _ => NO,
        };
        assert_eq!(pick.status, pick_expected, "{label} curates collections");
        let tag = desk
            .post_multipart(
                "/admin/tags",
                &[("name", &format!("Section of {label}"))],
                None,
            )
            .await;
        assert_eq!(
            tag.status,
            expect(role, Role::Editor),
            "{label} creates sections"
        );
        let author = desk
            .post_multipart(
                "/admin/authors",
                &[("name", &format!("Writer {label}"))],
                None,
            )
            .await;
        assert_eq!(
            author.status,
            expect(role, Role::Editor),
            "{label} creates authors"
        );
        assert_eq!(
            desk.get("/admin/settings").await.status == StatusCode::OK,
            role == Role::Admin,
            "{label} opens settings"
        );
        let settings = desk
            .post_multipart(
                "/admin/settings",
                &[
                    ("title", "Taken over"),
                    ("timezone", "UTC"),
                    ("language", "en"),
                    ("url", "https://x.example"),
                    ("audio_disclosure", "Made with a synthetic voice"),
                ],
                None,
            )
            .await;
        assert_eq!(
            settings.status,
            expect(role, Role::Admin),
            "{label} changes settings"
        );
        let invite = desk
            .post(
                "/admin/staff/invite",
                &[
                    ("email", &format!("new-{label}@ledger.example")),
                    ("name", "New"),
                    ("role", "admin"),
                ],
            )
            .await;
        assert_eq!(
            invite.status,
            expect(role, Role::Admin),
            "{label} invites staff"
        );
        assert_eq!(
            desk.get("/admin/staff").await.status == StatusCode::OK,
            role == Role::Admin,
            "{label} lists staff"
        );
        let upload_page = desk.get("/admin/media").await;
        assert_eq!(
            upload_page.status,
            StatusCode::OK,
            "{label} uses the media library"
        );
    }
}

async fn contributors_lose_their_post_once_it_is_published(app: &TestApp) {
    let contributor = app.desk(Role::Contributor).await;
    let editor = app.desk(Role::Editor).await;
    let id = new_draft(&contributor, "Pitch: the river ferry").await;
    assert_eq!(
        save(&editor, id, "The river ferry returns", "publish").await,
        OK
    );
    assert_eq!(save(&contributor, id, "Sneaky change", "save").await, NO);
    assert_eq!(
        contributor.get(&format!("/admin/posts/{id}")).await.status,
        NO
    );
    let title = app
        .db
        .desk_post(id)
        .await
        .unwrap()
        .unwrap()
        .post
        .summary
        .title;
    assert_eq!(title, "The river ferry returns");
}

async fn authors_cannot_publish_someone_elses_draft(app: &TestApp) {
    let contributor = app.desk(Role::Contributor).await;
    let author = app.desk(Role::Author).await;
    let id = new_draft(&contributor, "Draft by a contributor").await;
    assert_eq!(
        save(&author, id, "Draft by a contributor", "publish").await,
        NO
    );
    let forbidden = author.get(&format!("/admin/posts/{id}")).await;
    assert_eq!(forbidden.status, NO);
    assert!(
        forbidden.html.contains("only the posts you started"),
        "{}",
        forbidden.html
    );
}

on_both_engines!(
    each_role_may_do_exactly_what_it_should,
    contributors_lose_their_post_once_it_is_published,
    authors_cannot_publish_someone_elses_draft,
);
