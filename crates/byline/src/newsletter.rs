//! `byline newsletter send ID`: start sending an issue (or join a send already under
//! way, after a crash for instance) and deliver it from this process, with a progress
//! bar, until every recipient has been tried.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use byline_core::IssueId;
use byline_mail::MailTemplates;
use byline_mail::newsletter::{Deliverer, DeliveryConfig, LinkSigner};
use byline_store::{StartOutcome, StoreError};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;

use crate::cli::MailArgs;
use crate::config::Settings;

pub async fn send(settings: &Settings, issue_id: IssueId, mail: &MailArgs) -> anyhow::Result<()> {
    let db = crate::serve::open_database(settings).await?;
    let mailer = mail.mailer(settings)?;
    tracing::info!(mail = %mailer.describe(), "newsletter email goes to");
    match db.start_issue_send(issue_id, None, Timestamp::now()).await {
        Ok(StartOutcome::Started { recipients }) => {
            println!("Sending issue {issue_id} to {recipients} confirmed subscribers");
        }
        Ok(StartOutcome::AlreadyStarted) => {
            println!("Issue {issue_id} was already started; delivering what is left");
        }
        Ok(StartOutcome::NotSendable) => bail!("issue {issue_id} was cancelled; it cannot be sent"),
        Err(StoreError::NotFound { .. }) => bail!("there is no newsletter issue {issue_id}"),
        Err(error) => return Err(error.into()),
    }
    let signer = LinkSigner::load(&db)
        .await
        .context("cannot read the site's link secret")?;
    let deliverer = Arc::new(Deliverer::new(
        db.clone(),
        mailer,
        Arc::new(MailTemplates::new()),
        signer,
        mail.delivery_config(),
    ));
    let started = Instant::now();
    let progress = db.delivery_progress(issue_id).await?;
    let bar = ProgressBar::new(progress.total as u64).with_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar.set_message("delivering");
    loop {
        let round = deliverer.round().await?;
        let progress = db.delivery_progress(issue_id).await?;
        bar.set_position((progress.sent + progress.failed) as u64);
        if progress.queued == 0 {
            break;
        }
        if round.claimed == 0 || round.released > 0 {
            // Waiting for a retry time, a paused server, or rows another node holds.
            let message = if progress.retrying > 0 {
                format!("delivering ({} waiting to retry)", progress.retrying)
            } else {
                "delivering".to_owned()
            };
            bar.set_message(message);
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    db.finish_sends(Timestamp::now()).await?;
    bar.finish_with_message("delivered");
    let progress = db.delivery_progress(issue_id).await?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "Issue {issue_id}: {} sent, {} failed, in {seconds:.1} s ({:.0} messages/s)",
        progress.sent,
        progress.failed,
        (progress.sent + progress.failed) as f64 / seconds.max(0.001)
    );
    if progress.failed > 0 {
        for problem in db.delivery_problems(issue_id, 20).await? {
            println!("  failed: {}: {}", problem.email, problem.last_error);
        }
    }
    db.close().await;
    Ok(())
}

impl MailArgs {
    /// The SMTP server named on the command line, or `.eml` files in DATA/mail.
    pub fn mailer(&self, settings: &Settings) -> anyhow::Result<byline_mail::Mailer> {
        Ok(match &self.smtp_url {
            Some(url) => byline_mail::Mailer::smtp(url, &self.mail_from)?,
            None => byline_mail::Mailer::to_files(settings.data_dir.join("mail"), &self.mail_from)?,
        })
    }

    pub fn delivery_config(&self) -> DeliveryConfig {
        DeliveryConfig {
            rate: self.mail_rate.filter(|rate| *rate > 0),
            concurrency: self.mail_connections.clamp(1, 64),
            ..DeliveryConfig::default()
        }
    }
}
