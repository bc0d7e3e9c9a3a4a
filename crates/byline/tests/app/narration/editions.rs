//! An article of a Ukrainian edition is read by espeak-ng's Ukrainian voice (no neural
//! voice for Ukrainian is installed), and its player says in Ukrainian that the audio
//! is made with AI; the edition's podcast lists it and the main edition's does not.

use std::time::Duration;

use byline_store::{Db, NarrationStatus};
use byline_voice::child::Limits;

use super::support::{decode_mp3, espeak, narrating, publish, wait_for};
use crate::helpers::TestApp;

#[tokio::test]
async fn a_ukrainian_article_is_read_in_ukrainian_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    ukrainian_narration(Db::open_sqlite_in(dir.path()).await.unwrap()).await;
}

#[tokio::test]
async fn a_ukrainian_article_is_read_in_ukrainian_on_postgres() {
    let url = byline_store::testing::create_postgres_database()
        .await
        .unwrap();
    ukrainian_narration(Db::connect(&url).await.unwrap()).await;
}

async fn ukrainian_narration(db: Db) {
    let uk = db
        .add_edition(&byline_store::testing::ukrainian_edition("uk"))
        .await
        .unwrap();
    let id = publish(
        &db,
        "shtorm-zakryv-port",
        "Шторм закрив порт",
        "Порт закрили о 18:00 16 листопада, коли прийшов шторм.\n\n\
         Рятувальники перевели 40 човнів, а ремонт може коштувати 2,5 млн доларів.",
    )
    .await;
    db.move_post_to_edition(id, uk).await.unwrap();
    let app = TestApp::on_with(db, |config| {
        config.narration = narrating(espeak(), Limits::default());
    })
    .await;
    let ready = wait_for(&app.db, id, Duration::from_secs(60), |n| {
        n.status == NarrationStatus::Ready
    })
    .await;
    let audio = ready.audio.unwrap();
    assert_eq!(audio.engine, "espeak-ng (uk)");
    let decoded =
        decode_mp3(&std::fs::read(app.content_dir().join("audio").join(&audio.file)).unwrap());
    assert!(decoded.seconds > 4.0 && decoded.rms > 0.01, "{decoded:?}");

    let page = app
        .eventually_shows("/uk/shtorm-zakryv-port/", "class=\"listen\"")
        .await;
    assert!(
        page.html
            .contains("Це аудіо створено за допомогою штучного інтелекту"),
        "{}",
        page.html
    );
    let podcast = app.get("/uk/podcast/rss/").await;
    assert!(
        podcast.html.contains("Шторм закрив порт"),
        "{}",
        podcast.html
    );
    assert!(podcast.html.contains("/uk/shtorm-zakryv-port/"));
    assert!(!app.get("/podcast/rss/").await.html.contains("Шторм"));
    app.stop().await;
}
