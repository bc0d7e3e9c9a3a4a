//! The desk's side of narration: each post's status, the editor's buttons, the
//! posts list, the server's engine problem, and the disclosure setting.

use byline_core::{PostId, Role};
use byline_store::{NarrationAudio, NarrationStatus};
use byline_voice::child::Limits;
use byline_voice::{EngineChoice, VoiceSettings};
use reqwest::StatusCode;

use super::support::narrating;
use crate::helpers::TestApp;

/// A published demo article's id and slug.
async fn an_article(app: &TestApp) -> (PostId, String) {
    app.db.narratable_posts().await.unwrap().remove(0)
}

/// Records audio for a post as the job would (the file itself is not needed here).
async fn give_audio(app: &TestApp, id: PostId) -> NarrationAudio {
    let wanted = app
        .db
        .narration(id)
        .await
        .unwrap()
        .unwrap()
        .wanted_hash
        .unwrap();
    let audio = NarrationAudio {
        text_hash: wanted,
        file: "0123456789abcdef0123.mp3".into(),
        bytes: 734_000,
        duration_ms: 122_400,
        engine: "Piper en_US-joe-medium".into(),
        narrated_at: jiff::Timestamp::now(),
    };
    app.db.record_narration(id, &audio).await.unwrap();
    audio
}

#[tokio::test]
async fn editors_see_the_status_and_switch_narration_off_and_on() {
    let app = TestApp::sqlite().await;
    let (id, slug) = an_article(&app).await;
    let desk = app.desk(Role::Editor).await;

    let editor = desk.get(&format!("/admin/posts/{id}")).await.page();
    assert_eq!(
        editor.texts(".narration .narration-status strong"),
        vec!["Waiting to be narrated.".to_owned()]
    );
    assert!(
        editor
            .html
            .contains("Narration is switched off (--narration off)."),
        "the server's own state is shown"
    );
    let list = desk.get("/admin/").await.page();
    assert!(list.texts(".cell-audio").contains(&"Queued".to_owned()));

    give_audio(&app, id).await;
    let editor = desk.get(&format!("/admin/posts/{id}")).await.page();
    let status = editor.texts(".narration-status")[0].clone();
    assert!(
        status.starts_with("Narrated. 2 min 2 sec, made by Piper en_US-joe-medium on"),
        "{status}"
    );
    assert_eq!(
        editor.attrs(".narration audio", "src"),
        vec!["/content/audio/0123456789abcdef0123.mp3".to_owned()]
    );
    app.eventually_shows(&format!("/{slug}/"), "class=\"listen\"")
        .await;
    let list = desk.get("/admin/").await.page();
    assert!(list.texts(".cell-audio").contains(&"Ready 2:02".to_owned()));

    let off = desk
        .post(
            &format!("/admin/posts/{id}/narration"),
            &[("action", "off")],
        )
        .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert_eq!(
        off.location.as_deref(),
        Some(format!("/admin/posts/{id}?notice=narration-off").as_str())
    );
    let narration = app.db.narration(id).await.unwrap().unwrap();
    assert_eq!(
        (narration.enabled, narration.status),
        (false, NarrationStatus::Off)
    );
    for _ in 0..100 {
        if !app
            .get(&format!("/{slug}/"))
            .await
            .html
            .contains("class=\"listen\"")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let article = app.get(&format!("/{slug}/")).await;
    assert_eq!(
        article.count(".listen"),
        0,
        "no player while narration is off"
    );
    assert!(!app.get("/podcast/rss/").await.html.contains(&slug));

    let on = desk
        .post(&format!("/admin/posts/{id}/narration"), &[("action", "on")])
        .await;
    assert_eq!(on.status, StatusCode::SEE_OTHER);
    let narration = app.db.narration(id).await.unwrap().unwrap();
    assert_eq!(
        (narration.enabled, narration.status),
        (true, NarrationStatus::Queued)
    );

    let again = desk
        .post(
            &format!("/admin/posts/{id}/narration"),
            &[("action", "narrate")],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let jobs = app.db.narration_jobs(id).await.unwrap();
    assert!(
        jobs.len() >= 3,
        "publish, switch on, narrate again: {jobs:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn mistaken_narration_requests_get_clear_answers() {
    let app = TestApp::sqlite().await;
    let (id, _) = an_article(&app).await;
    let editor = app.desk(Role::Editor).await;
    let bogus = editor
        .post(
            &format!("/admin/posts/{id}/narration"),
            &[("action", "sing")],
        )
        .await;
    assert_eq!(bogus.status, StatusCode::BAD_REQUEST);
    assert!(
        bogus.html.contains("is not something narration can do"),
        "{}",
        bogus.html
    );

    let draft = editor
        .create_post(&[("title", "A draft about tides"), ("body", "Tides rise.")])
        .await;
    let unpublished = editor
        .post(
            &format!("/admin/posts/{draft}/narration"),
            &[("action", "narrate")],
        )
        .await;
    assert_eq!(unpublished.status, StatusCode::BAD_REQUEST);
    assert!(unpublished.html.contains("Publish this one first"));
    let panel = editor.get(&format!("/admin/posts/{draft}")).await.page();
    assert!(
        panel
            .html
            .contains("The article is narrated when it is published.")
    );

    let no_token = editor
        .post_raw(
            &format!("/admin/posts/{id}/narration"),
            &[("action", "off")],
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);

    let contributor = app.desk(Role::Contributor).await;
    let denied = contributor
        .post(
            &format!("/admin/posts/{id}/narration"),
            &[("action", "off")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert!(
        app.db.narration(id).await.unwrap().unwrap().enabled,
        "nothing changed"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_server_without_its_voice_says_what_is_missing() {
    let app = TestApp::sqlite_with(|config| {
        config.narration = narrating(
            VoiceSettings {
                engine: EngineChoice::Piper,
                model: Some("/nowhere/en_US-joe-medium.onnx".into()),
                ..VoiceSettings::default()
            },
            Limits::default(),
        );
    })
    .await;
    let (id, _) = an_article(&app).await;
    let desk = app.desk(Role::Admin).await;
    let editor = desk.get(&format!("/admin/posts/{id}")).await.page();
    assert!(
        editor
            .html
            .contains("Narration unavailable: no Piper voice at /nowhere/en_US-joe-medium.onnx"),
        "{}",
        editor.html
    );
    let settings = desk.get("/admin/settings").await.page();
    assert!(
        settings
            .html
            .contains("Narration unavailable: no Piper voice at /nowhere")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_disclosure_line_is_a_site_setting() {
    let app = TestApp::sqlite().await;
    let (id, slug) = an_article(&app).await;
    give_audio(&app, id).await;
    app.eventually_shows(
        &format!("/{slug}/"),
        "This audio is created with AI assistance",
    )
    .await;
    let desk = app.desk(Role::Admin).await;
    let fields = |line: &'static str| {
        vec![
            ("title", "The Calder Ledger"),
            ("description", "News"),
            ("timezone", "UTC"),
            ("language", "en"),
            ("url", "https://ledger.example"),
            ("navigation", ""),
            ("audio_disclosure", line),
        ]
    };
    let empty = desk
        .post_multipart("/admin/settings", &fields(""), None)
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.html.contains("Write the line listeners see"),
        "{}",
        empty.html
    );
    let saved = desk
        .post_multipart(
            "/admin/settings",
            &fields("Read aloud by a synthetic voice, made on our own server"),
            None,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let page = app
        .eventually_shows(&format!("/{slug}/"), "Read aloud by a synthetic voice")
        .await;
    assert_eq!(
        page.texts(".listen-disclosure"),
        vec!["Read aloud by a synthetic voice, made on our own server".to_owned()]
    );
    assert!(
        app.get("/podcast/rss/")
            .await
            .html
            .contains("Read aloud by a synthetic voice")
    );
    app.stop().await;
}
