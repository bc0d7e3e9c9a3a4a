//! `byline narrate SLUG | --all`: narrate articles from the command line, one at a
//! time, with a progress bar, using the same engine search and child process as the
//! server's background worker.

use anyhow::{Context, bail};
use byline_core::PostId;
use byline_voice::Availability;
use byline_web::narration::{NarrateOutcome, narrate_post};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::NarrateArgs;
use crate::config::Settings;

pub async fn narrate(settings: &Settings, args: &NarrateArgs) -> anyhow::Result<()> {
    let voice = args.voice.settings();
    let availability = tokio::task::spawn_blocking(move || byline_voice::discover(&voice)).await?;
    let engine = match &availability {
        Availability::Ready { engine, .. } => engine.clone(),
        other => bail!("{}", other.describe()),
    };
    eprintln!("{}", availability.describe());
    let worker = std::env::current_exe().context("cannot find the byline program itself")?;
    if let Some(file) = &args.file {
        return narrate_file(&engine, &worker, file, args.out.as_deref());
    }
    let db = crate::serve::open_database(settings).await?;
    let posts: Vec<(PostId, String)> = match &args.slug {
        Some(slug) => {
            let found = db
                .narratable_posts()
                .await?
                .into_iter()
                .find(|(_, s)| s == slug);
            match found {
                Some(post) => vec![post],
                None => bail!(
                    "there is no published article '{slug}' to narrate (pages, drafts and articles with narration switched off are not narrated)"
                ),
            }
        }
        None => db.narratable_posts().await?,
    };
    let media = settings.media()?;
    let (mut narrated, mut unchanged, mut failed) = (0, 0, 0);
    for (index, (id, slug)) in posts.iter().enumerate() {
        let bar = ProgressBar::new(1).with_style(
            ProgressStyle::with_template(
                "{prefix} {wide_msg} [{bar:30}] {pos}/{len} paragraphs ({elapsed})",
            )
            .expect("the progress template is valid")
            .progress_chars("=> "),
        );
        bar.set_prefix(format!("[{}/{}]", index + 1, posts.len()));
        bar.set_message(slug.clone());
        let progress = bar.clone();
        let outcome = narrate_post(
            &db,
            &media,
            &engine,
            &worker,
            Default::default(),
            *id,
            args.force,
            move |done, total| {
                progress.set_length(total as u64);
                progress.set_position(done as u64);
            },
        )
        .await;
        bar.finish_and_clear();
        match outcome {
            Ok(NarrateOutcome::Narrated {
                duration_ms, bytes, ..
            }) => {
                narrated += 1;
                println!(
                    "{slug}: narrated, {:.0} s of audio, {:.1} MB, in {:.1} s",
                    duration_ms as f64 / 1000.0,
                    bytes as f64 / 1_000_000.0,
                    bar.elapsed().as_secs_f64()
                );
            }
            Ok(NarrateOutcome::Unchanged) => {
                unchanged += 1;
                println!("{slug}: already narrated (its text has not changed)");
            }
            Ok(NarrateOutcome::Skipped(reason)) => println!("{slug}: skipped: {reason}"),
            Ok(NarrateOutcome::NotNarratable) => {
                println!("{slug}: not narrated (not a published article)")
            }
            Err(error) => {
                failed += 1;
                println!("{slug}: failed: {error:#}");
            }
        }
    }
    println!("{narrated} narrated, {unchanged} already up to date, {failed} failed");
    db.close().await;
    if failed > 0 {
        bail!("{failed} article(s) could not be narrated");
    }
    Ok(())
}

/// `--file`: narrates a Markdown file and reports the real-time factor (the time
/// taken over the audio's length), which bench/narration.sh records.
fn narrate_file(
    engine: &byline_voice::EngineSpec,
    worker: &std::path::Path,
    file: &std::path::Path,
    out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let markdown =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (title, body) = match markdown.split_once('\n') {
        Some((first, rest)) if first.starts_with("# ") => (first[2..].trim(), rest),
        _ => ("", markdown.as_str()),
    };
    let spoken = byline_core::narration::SpokenText::prepare(title, None, body);
    if spoken.is_empty() {
        bail!("{} has nothing to read aloud", file.display());
    }
    let output = out.map_or_else(|| file.with_extension("mp3"), std::path::Path::to_owned);
    let request = byline_voice::child::ChildRequest {
        engine: engine.clone(),
        // A Markdown file says nothing of its language: it is read and spoken as
        // English, like its text above.
        language: byline_core::language::LanguageTag::english(),
        paragraphs: spoken.paragraphs.clone(),
        output: output.clone(),
    };
    let bar = ProgressBar::new(request.paragraphs.len() as u64).with_style(
        ProgressStyle::with_template("{wide_msg} [{bar:30}] {pos}/{len} paragraphs ({elapsed})")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar.set_message(file.display().to_string());
    let started = std::time::Instant::now();
    let result = byline_voice::child::run(worker, &request, Default::default(), |done| {
        bar.set_position(done as u64)
    })
    .map_err(anyhow::Error::msg)?;
    let wall = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let audio = result.duration_ms as f64 / 1000.0;
    let bytes = std::fs::metadata(&output)?.len();
    println!(
        "{}: {} words, {audio:.1} s of audio in {wall:.1} s (real-time factor {:.3}), {bytes} bytes, {} -> {}",
        file.display(),
        spoken.word_count(),
        wall / audio.max(0.001),
        result.engine,
        output.display()
    );
    Ok(())
}
