//! `byline import ghost|wordpress FILE`: bring another platform's archive in, with a
//! progress bar on stderr and a summary at the end.

use std::time::Instant;

use byline_import::source::MAX_FILE_BYTES;
use byline_import::wordpress::WordPressArchive;
use byline_import::{Archive, GhostArchive, Options, Progress, Report};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{ImportCommand, ImportRunArgs};
use crate::config::Settings;

/// Problems printed in the summary; the rest go to `--report FILE`.
const PROBLEMS_SHOWN: usize = 200;

pub async fn run(settings: &Settings, command: ImportCommand) -> anyhow::Result<()> {
    let started = Instant::now();
    let run_args: &ImportRunArgs = match &command {
        ImportCommand::Ghost(args) => &args.run,
        ImportCommand::Wordpress(args) => &args.run,
    };
    let limit = run_args
        .max_file_mb
        .map_or(MAX_FILE_BYTES, |mb| mb.saturating_mul(1024 * 1024));
    let (archive, media_root, run): (Box<dyn Archive>, _, &ImportRunArgs) = match &command {
        ImportCommand::Ghost(args) => (
            Box::new(GhostArchive::open_with_limit(
                &args.file,
                args.content.as_deref(),
                limit,
            )?),
            args.content.clone(),
            run_args,
        ),
        ImportCommand::Wordpress(args) => (
            Box::new(WordPressArchive::open_with_limit(&args.file, limit)?),
            args.uploads.clone(),
            run_args,
        ),
    };
    let db = crate::serve::open_database(settings).await?;
    let options = Options {
        dry_run: run.dry_run,
        media_root,
        media: settings.media()?,
    };
    let bar = Bar::new();
    let outcome = byline_import::import(&db, archive, &options, &bar).await;
    bar.0.finish_and_clear();
    let report = outcome?;
    if !run.dry_run {
        db.analyze().await?;
    }
    db.close().await;
    if let Some(path) = &run.report {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)?;
    }
    print!("{}", summary(&report, started.elapsed().as_secs_f64()));
    Ok(())
}

struct Bar(ProgressBar);

impl Bar {
    fn new() -> Self {
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{msg:24} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
                .expect("the progress template is valid")
                .progress_chars("=> "),
        );
        Bar(bar)
    }
}

impl Progress for Bar {
    fn stage(&self, stage: &str, total: u64) {
        self.0.set_message(stage.to_owned());
        self.0.set_length(total);
        self.0.set_position(0);
    }

    fn advance(&self, done: u64) {
        self.0.set_position(done);
    }
}

/// The summary people read: counts per kind, what was left out, every problem.
fn summary(report: &Report, seconds: f64) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let verb = if report.dry_run {
        "Checked (dry run, nothing changed)"
    } else {
        "Imported"
    };
    let _ = writeln!(out, "{verb}: {} export in {seconds:.1} s", report.platform);
    let _ = writeln!(
        out,
        "{:<22} {:>9} {:>9} {:>9} {:>9}",
        "", "new", "updated", "unchanged", "skipped"
    );
    for (kind, counts) in &report.counts {
        let _ = writeln!(
            out,
            "{kind:<22} {:>9} {:>9} {:>9} {:>9}",
            counts.imported, counts.updated, counts.unchanged, counts.skipped
        );
    }
    if !report.left_out.is_empty() {
        let _ = writeln!(out, "\nLeft out (Byline has no place for them):");
        for (what, n) in &report.left_out {
            let _ = writeln!(out, "  {n} {what}");
        }
    }
    if !report.problems.is_empty() {
        let _ = writeln!(out, "\n{} problem(s):", report.problems.len());
        for problem in report.problems.iter().take(PROBLEMS_SHOWN) {
            let _ = writeln!(out, "  {}: {}", problem.location, problem.message);
        }
        if report.problems.len() > PROBLEMS_SHOWN {
            let _ = writeln!(
                out,
                "  … and {} more (--report FILE writes them all)",
                report.problems.len() - PROBLEMS_SHOWN
            );
        }
    }
    out
}
