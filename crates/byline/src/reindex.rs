//! `byline reindex`: rebuild the search index from the published posts.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Settings;

pub async fn reindex(settings: &Settings) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = crate::serve::open_database(settings).await?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar.set_message("indexing posts");
    let indexed = db
        .reindex(|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
    bar.finish_with_message("indexed posts");
    db.analyze().await?;
    db.close().await;
    println!(
        "Indexed {indexed} published posts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
