//! The Piper neural voice narrating a demo article, checked by decoding the MP3; then
//! the player, seeking with range requests, the podcast feed and the skip rule.

use byline_voice::EngineChoice;
use byline_voice::child::Limits;
use byline_web::narration::{NarrateOutcome, narrate_post};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_RANGES, CONTENT_RANGE, CONTENT_TYPE, RANGE};

use super::support::{decode_mp3, engine, worker};
use crate::helpers::TestApp;

#[tokio::test]
async fn a_demo_article_is_narrated_by_the_neural_voice_and_served_for_seeking() {
    let app = TestApp::sqlite().await;
    let piper = engine(EngineChoice::Piper);
    // The shortest English demo article (the neural voice is English) keeps the test
    // quick on two cores.
    let mut articles = Vec::new();
    for (id, slug) in app.db.narratable_posts().await.unwrap() {
        let source = app.db.narration_source(id).await.unwrap().unwrap();
        if source.language.primary() != "en" {
            continue;
        }
        articles.push((source.spoken().word_count(), id, slug));
    }
    articles.sort();
    let (words, id, slug) = articles.first().cloned().expect("the demo has articles");
    assert!(words > 60, "a real article, not a stub ({words} words)");

    let content = byline_media::MediaStore::folder(&app.content_dir()).unwrap();
    let narrate = async || {
        narrate_post(
            &app.db,
            &content,
            &piper,
            &worker(),
            Limits::default(),
            id,
            false,
            |_, _| {},
        )
        .await
        .unwrap()
    };
    let outcome = narrate().await;
    let NarrateOutcome::Narrated {
        duration_ms,
        bytes,
        engine,
    } = outcome
    else {
        panic!("expected a narration, got {outcome:?}");
    };
    assert!(engine.starts_with("Piper en_US-joe-medium"), "{engine}");

    let stored = app.db.narration(id).await.unwrap().unwrap();
    let audio = stored.audio.expect("the audio is recorded");
    let file = app.content_dir().join("audio").join(&audio.file);
    let mp3 = std::fs::read(&file).unwrap();
    assert_eq!(mp3.len() as u64, bytes);
    assert_eq!(audio.duration_ms as u64, duration_ms);

    let decoded = decode_mp3(&mp3);
    assert_eq!(
        (decoded.sample_rate, decoded.channels),
        (22_050, 1),
        "{decoded:?}"
    );
    // Newsreaders speak 130–200 words a minute; allow for pauses and a quick voice.
    let minutes = decoded.seconds / 60.0;
    let rate = words as f64 / minutes;
    assert!(
        (100.0..240.0).contains(&rate),
        "{words} words in {:.1} s is {rate:.0} words a minute",
        decoded.seconds
    );
    assert!(
        (decoded.seconds - duration_ms as f64 / 1000.0).abs() < 1.0,
        "the recorded duration matches the file: {decoded:?} vs {duration_ms} ms"
    );
    assert!(decoded.rms > 0.02, "not silence: {decoded:?}");
    assert!(
        decoded.voiced_share > 0.5,
        "mostly speech, with pauses: {decoded:?}"
    );
    let kilobits = bytes as f64 * 8.0 / decoded.seconds / 1000.0;
    assert!(
        (43.0..53.0).contains(&kilobits),
        "about 48 kb/s: {kilobits:.1}"
    );

    // The same text again: nothing to do.
    let again = narrate().await;
    assert_eq!(again, NarrateOutcome::Unchanged);

    check_player_and_ranges(&app, &slug, &audio.file, &mp3).await;
    app.stop().await;
}

async fn check_player_and_ranges(app: &TestApp, slug: &str, file: &str, mp3: &[u8]) {
    let url = format!("/content/audio/{file}");
    let page = app
        .eventually_shows(&format!("/{slug}/"), "class=\"listen\"")
        .await;
    assert_eq!(
        page.attrs(".listen audio[controls]", "src"),
        vec![url.clone()]
    );
    assert_eq!(
        page.attrs(".listen audio", "aria-labelledby"),
        vec!["listen-label".to_owned()]
    );
    let label = page.texts("#listen-label");
    assert!(
        label[0].starts_with("Listen to this article ("),
        "{label:?}"
    );
    assert!(
        label[0].contains("min") || label[0].contains("sec"),
        "{label:?}"
    );
    assert_eq!(
        page.texts(".listen-disclosure"),
        vec!["This audio is created with AI assistance".to_owned()]
    );

    // Search engines hear of the audio through the article's structured data.
    let json_ld = page.texts("script[type=\"application/ld+json\"]").join(" ");
    assert!(json_ld.contains("AudioObject"), "{json_ld}");
    assert!(json_ld.contains(&url), "{json_ld}");

    let whole = app.raw.get(app.url(&url)).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()[ACCEPT_RANGES], "bytes");
    assert_eq!(whole.headers()[CONTENT_TYPE], "audio/mpeg");
    assert_eq!(whole.bytes().await.unwrap().as_ref(), mp3);

    let part = app
        .raw
        .get(app.url(&url))
        .header(RANGE, "bytes=1000-1999")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()[CONTENT_RANGE],
        format!("bytes 1000-1999/{}", mp3.len()).as_str()
    );
    assert_eq!(part.bytes().await.unwrap().as_ref(), &mp3[1000..2000]);

    let beyond = app
        .raw
        .get(app.url(&url))
        .header(RANGE, format!("bytes={}-", mp3.len() + 10))
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    let feed = app
        .client
        .get(app.url("/podcast/rss/"))
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/rss+xml")
    );
    let xml = feed.text().await.unwrap();
    let enclosure = format!("{url}\" length=\"{}\" type=\"audio/mpeg\"/>", mp3.len());
    assert!(xml.contains(&enclosure), "{enclosure} in {xml}");
    assert!(xml.contains("<itunes:duration>"), "{xml}");
    assert!(xml.contains("xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\""));
}
