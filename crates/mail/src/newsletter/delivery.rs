//! The delivery worker: takes batches from the outbox, sends each message over the
//! pooled SMTP connection (or into `.eml` files), and records the outcome.
//!
//! **Exactly once.** A row is claimed with a lease before its message is sent, and
//! marked sent right after the server accepts it. The marks go through one recorder
//! task that commits whatever has arrived as a single UPDATE (group commit), so
//! recording keeps up with sending without one transaction per message. The only way
//! to get a second copy is a crash between the server's "250 OK" and that commit: the
//! row's lease runs out and it is sent again. That window is one commit long (well
//! under a millisecond on an idle SQLite, a few on a busy PostgreSQL), and each copy
//! carries the same Message-ID, so mail systems that de-duplicate will.
//!
//! **Faults.** A 4xx answer retries that recipient with backoff; a 5xx fails that
//! recipient with the server's reason; a server that cannot be reached at all gives
//! the whole batch back untried and pauses every sender on this node, doubling the
//! pause up to a minute, so an SMTP outage costs nothing but time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use byline_core::{IssueId, NewsletterId};
use byline_store::{Db, Delivery};
use futures_util::StreamExt;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::{Notify, mpsc};

use super::links::LinkSigner;
use super::render::{ArticleCard, IssueContent, RenderedIssue, render_issue};
use crate::{MailError, MailTemplates, Mailer, Outgoing};

/// How a node delivers newsletters.
#[derive(Debug, Clone)]
pub struct DeliveryConfig {
    /// Rows claimed at a time, at most: a round claims fewer while the server is slow
    /// (see [`Deliverer`]'s batch sizing), so a batch always ends well within its lease.
    pub batch: i64,
    /// How long a claim holds; a node that dies mid-batch delays those rows this long.
    pub lease: Duration,
    /// Messages in flight at once (one pooled SMTP connection each).
    pub concurrency: usize,
    /// At most this many messages a second from this node; `None` is as fast as the
    /// server accepts.
    pub rate: Option<u32>,
    /// The first wait after a 4xx answer; it doubles with every further attempt.
    pub retry_base: Duration,
    /// A recipient still refused with 4xx after this many attempts is failed.
    pub max_attempts: i64,
}

impl Default for DeliveryConfig {
    fn default() -> Self {
        DeliveryConfig {
            batch: 1000,
            lease: Duration::from_secs(30),
            concurrency: 8,
            rate: None,
            retry_base: Duration::from_secs(60),
            max_attempts: 8,
        }
    }
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub claimed: usize,
    pub sent: usize,
    pub failed: usize,
    pub retrying: usize,
    /// Given back because the server could not be reached.
    pub released: usize,
}

/// Everything that is the same for every recipient of one issue.
struct PreparedIssue {
    rendered: RenderedIssue,
    from: String,
    reply_to: Option<String>,
    /// Where `mailto:` unsubscribe requests go.
    mailbox: String,
    list_id: String,
    domain: String,
    site_url: String,
    newsletter_id: NewsletterId,
}

/// Delivers newsletters from the outbox; share one per process.
pub struct Deliverer {
    db: Db,
    mailer: Mailer,
    templates: Arc<MailTemplates>,
    signer: LinkSigner,
    config: DeliveryConfig,
    prepared: Mutex<HashMap<IssueId, Arc<PreparedIssue>>>,
    pacer: Pacer,
    outage: Mutex<Outage>,
    /// Messages a second the last full round managed, once one has.
    speed: Mutex<Option<f64>>,
}

/// The first batch, before this node knows how fast the server takes mail.
const FIRST_BATCH: i64 = 200;

#[derive(Default)]
struct Outage {
    until: Option<Instant>,
    pause: Duration,
}

impl Deliverer {
    pub fn new(
        db: Db,
        mailer: Mailer,
        templates: Arc<MailTemplates>,
        signer: LinkSigner,
        config: DeliveryConfig,
    ) -> Deliverer {
        Deliverer {
            pacer: Pacer::new(config.rate),
            db,
            mailer,
            templates,
            signer,
            config,
            prepared: Mutex::new(HashMap::new()),
            outage: Mutex::new(Outage::default()),
            speed: Mutex::new(None),
        }
    }

    /// Runs rounds for ever: straight on while there is work, otherwise when woken
    /// (a send started on this node) or every second (one started elsewhere).
    pub async fn run(self: Arc<Self>, wake: Arc<Notify>) {
        loop {
            match self.round().await {
                Ok(round) if round.claimed > 0 && round.released == 0 => continue,
                Ok(_) => {}
                Err(error) => {
                    tracing::warn!(error = %format!("{error:#}"), "newsletter delivery round failed");
                }
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }

    /// Claims one batch and delivers it.
    pub async fn round(&self) -> anyhow::Result<Round> {
        if self.in_outage() {
            return Ok(Round::default());
        }
        let started = Instant::now();
        let now = Timestamp::now();
        let lease = self.config.lease.as_secs().max(1) as i64;
        let claimed = self
            .db
            .claim_deliveries(now, lease, self.batch_size(lease))
            .await?;
        if claimed.is_empty() {
            for issue in self.db.finish_sends(now).await? {
                tracing::info!(
                    issue.id = issue.get(),
                    "newsletter issue sent to every recipient"
                );
                self.prepared.lock().expect("not poisoned").remove(&issue);
            }
            return Ok(Round::default());
        }
        let mut round = Round {
            claimed: claimed.len(),
            ..Round::default()
        };

        let (sent_tx, sent_rx) = mpsc::unbounded_channel();
        let recorder = tokio::spawn(record_sent(self.db.clone(), sent_rx));
        let server_down = AtomicBool::new(false);
        // Past this moment the claim may run out while a message is in flight, and
        // another worker could send the same row: such rows go back untried.
        let send_by = started + self.config.lease.mul_f64(0.8);
        let outcomes: Vec<(i64, Outcome)> = futures_util::stream::iter(claimed)
            .map(|delivery| {
                let sent_tx = sent_tx.clone();
                let server_down = &server_down;
                async move {
                    let outcome = self.deliver(&delivery, server_down, send_by).await;
                    if matches!(outcome, Outcome::Sent) {
                        // The recorder commits it as soon as it can.
                        let _ = sent_tx.send(delivery.id);
                    }
                    (delivery.id, outcome)
                }
            })
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        drop(sent_tx);
        recorder.await??;

        let mut released = Vec::new();
        let mut late = Vec::new();
        let mut reason = String::new();
        for (id, outcome) in outcomes {
            match outcome {
                Outcome::Late => late.push(id),
                Outcome::Sent => round.sent += 1,
                Outcome::Failed => round.failed += 1,
                Outcome::Retrying => round.retrying += 1,
                Outcome::Released(why) => {
                    released.push(id);
                    if reason.is_empty() {
                        reason = why;
                    }
                }
            }
        }
        if !late.is_empty() {
            tracing::info!(
                messages = late.len(),
                "the batch outlasted its claim; the rest goes back to the queue"
            );
            self.db
                .release_deliveries(
                    &late,
                    "not tried before its claim ran out; queued again",
                    Timestamp::now(),
                )
                .await?;
        }
        round.released = released.len();
        if released.is_empty() {
            self.outage.lock().expect("not poisoned").pause = Duration::ZERO;
            let done = (round.sent + round.failed + round.retrying) as f64;
            *self.speed.lock().expect("not poisoned") =
                Some(done / started.elapsed().as_secs_f64().max(0.001));
        } else {
            let pause = self.start_outage();
            tracing::warn!(error = %reason, messages = released.len(), retry.in_seconds = pause.as_secs(),
                "the mail server cannot be reached; newsletter delivery paused");
            let retry_at = Timestamp::now() + SignedDuration::try_from(pause)?;
            self.db
                .release_deliveries(&released, &reason, retry_at)
                .await?;
        }
        Ok(round)
    }

    fn batch_size(&self, lease_seconds: i64) -> i64 {
        // A batch must be done well within its lease: when a lease runs out another
        // worker claims the rows again, and a message still in flight here would go
        // out twice. So plan a batch to take a third of the lease at the speed the
        // last round managed (a small first batch before that), never faster than
        // the configured rate, and at least one message per connection. A fast
        // server gets large batches, so per-round costs (the claim, the drain at the
        // end of the round, the progress query of `byline newsletter send`) fade.
        let mut limit = self.config.batch.max(1);
        if let Some(rate) = self.config.rate {
            limit = limit.min((i64::from(rate) * lease_seconds / 3).max(1));
        }
        let planned = match *self.speed.lock().expect("not poisoned") {
            Some(per_second) => (per_second * lease_seconds as f64 / 3.0) as i64,
            None => FIRST_BATCH,
        };
        planned
            .max(self.config.concurrency.max(1) as i64)
            .min(limit)
    }

    fn in_outage(&self) -> bool {
        let outage = self.outage.lock().expect("not poisoned");
        outage.until.is_some_and(|until| Instant::now() < until)
    }

    fn start_outage(&self) -> Duration {
        let mut outage = self.outage.lock().expect("not poisoned");
        outage.pause = (outage.pause * 2).clamp(Duration::from_secs(1), Duration::from_secs(60));
        outage.until = Some(Instant::now() + outage.pause);
        outage.pause
    }

    async fn deliver(
        &self,
        delivery: &Delivery,
        server_down: &AtomicBool,
        send_by: Instant,
    ) -> Outcome {
        if server_down.load(Ordering::Relaxed) {
            return Outcome::Released("the mail server could not be reached".into());
        }
        let prepared = match self.prepare(delivery.issue_id).await {
            Ok(prepared) => prepared,
            Err(error) => {
                // The issue cannot be rendered (a broken template, a database
                // error): keep the row and try again later rather than drop it.
                return self
                    .retry_or_fail(delivery, &format!("cannot prepare the issue: {error:#}"))
                    .await;
            }
        };
        self.pacer.wait().await;
        if Instant::now() > send_by {
            return Outcome::Late;
        }
        let message = self.message(&prepared, delivery);
        match self.mailer.send(&message).await {
            Ok(()) => Outcome::Sent,
            Err(MailError::Transient(reason)) => self.retry_or_fail(delivery, &reason).await,
            Err(error @ (MailError::Permanent(_) | MailError::Address(_))) => {
                self.record(self.db.fail_delivery(delivery.id, &error.to_string()))
                    .await;
                Outcome::Failed
            }
            Err(error) => {
                server_down.store(true, Ordering::Relaxed);
                Outcome::Released(error.to_string())
            }
        }
    }

    async fn retry_or_fail(&self, delivery: &Delivery, reason: &str) -> Outcome {
        if delivery.attempts >= self.config.max_attempts {
            let reason = format!("gave up after {} attempts: {reason}", delivery.attempts);
            self.record(self.db.fail_delivery(delivery.id, &reason))
                .await;
            return Outcome::Failed;
        }
        let wait = self
            .config
            .retry_base
            .saturating_mul(1 << (delivery.attempts - 1).clamp(0, 10))
            .min(Duration::from_secs(6 * 3600));
        let retry_at =
            Timestamp::now() + SignedDuration::try_from(wait).unwrap_or(SignedDuration::ZERO);
        self.record(self.db.retry_delivery(delivery.id, reason, retry_at))
            .await;
        Outcome::Retrying
    }

    async fn record(&self, write: impl Future<Output = byline_store::Result<()>>) {
        if let Err(error) = write.await {
            // The lease runs out and the row is tried again; nothing is lost.
            tracing::warn!(error = %error, "cannot record a newsletter delivery outcome");
        }
    }

    fn message(&self, prepared: &PreparedIssue, delivery: &Delivery) -> Outgoing {
        let unsubscribe_token = self
            .signer
            .unsubscribe_token(delivery.subscriber_id, prepared.newsletter_id);
        let unsubscribe_url = format!(
            "{}/newsletters/unsubscribe/{unsubscribe_token}",
            prepared.site_url
        );
        let preferences_url = format!(
            "{}/newsletters/preferences/{}",
            prepared.site_url,
            self.signer.preferences_token(delivery.subscriber_id)
        );
        let (html, text) = prepared
            .rendered
            .personalise(&unsubscribe_url, &preferences_url);
        Outgoing {
            to: delivery.email.clone(),
            subject: prepared.rendered.subject.clone(),
            text,
            html: Some(html),
            from: Some(prepared.from.clone()),
            reply_to: prepared.reply_to.clone(),
            message_id: Some(format!(
                "<issue-{}.{}@{}>",
                delivery.issue_id, delivery.subscriber_id, prepared.domain
            )),
            headers: vec![
                (
                    "List-Unsubscribe",
                    format!(
                        "<{unsubscribe_url}>, <mailto:{}?subject=unsubscribe%20{unsubscribe_token}>",
                        prepared.mailbox
                    ),
                ),
                (
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click".to_owned(),
                ),
                ("List-Id", prepared.list_id.clone()),
            ],
        }
    }

    /// The issue rendered once for this process.
    async fn prepare(&self, issue_id: IssueId) -> anyhow::Result<Arc<PreparedIssue>> {
        if let Some(prepared) = self.prepared.lock().expect("not poisoned").get(&issue_id) {
            return Ok(prepared.clone());
        }
        let prepared = Arc::new(prepare_issue(&self.db, &self.templates, issue_id).await?);
        self.prepared
            .lock()
            .expect("not poisoned")
            .insert(issue_id, prepared.clone());
        Ok(prepared)
    }
}

enum Outcome {
    /// Not tried: the claim was about to run out.
    Late,
    Sent,
    Failed,
    Retrying,
    Released(String),
}

/// Commits "sent" marks as they arrive, all that are waiting in one statement.
async fn record_sent(db: Db, mut sent: mpsc::UnboundedReceiver<i64>) -> anyhow::Result<()> {
    while let Some(first) = sent.recv().await {
        let mut ids = vec![first];
        while ids.len() < 500 {
            match sent.try_recv() {
                Ok(id) => ids.push(id),
                Err(_) => break,
            }
        }
        // Keep trying: until this commits, a crash would send these again.
        let mut wait = Duration::from_millis(50);
        loop {
            match db.mark_delivered(&ids, Timestamp::now()).await {
                Ok(()) => break,
                Err(error) if wait < Duration::from_secs(20) => {
                    tracing::warn!(error = %error, "cannot record sent newsletter messages; retrying");
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                }
                Err(error) => return Err(error.into()),
            }
        }
    }
    Ok(())
}

/// Loads and renders one issue with everything its messages share.
async fn prepare_issue(
    db: &Db,
    templates: &MailTemplates,
    issue_id: IssueId,
) -> anyhow::Result<PreparedIssue> {
    let issue = db
        .issue(issue_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("issue {issue_id} no longer exists"))?;
    let newsletter = db
        .newsletter(issue.newsletter_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the issue's newsletter no longer exists"))?;
    let settings = db.site_settings().await?;
    let site_url = settings.url.trim_end_matches('/').to_owned();
    let articles = article_cards(db, &issue.article_ids, &site_url).await?;
    let rendered = render_issue(
        templates,
        &IssueContent {
            site_title: &settings.title,
            site_url: &site_url,
            newsletter: &newsletter,
            issue: &issue,
            articles,
        },
    )?;
    let domain = newsletter
        .sender_email
        .rsplit_once('@')
        .map(|(_, domain)| domain.to_owned())
        .unwrap_or_else(|| "localhost".into());
    let reply_to = (!newsletter.reply_to.is_empty()).then(|| newsletter.reply_to.clone());
    Ok(PreparedIssue {
        rendered,
        from: newsletter.sender(),
        mailbox: reply_to
            .clone()
            .unwrap_or_else(|| newsletter.sender_email.clone()),
        reply_to,
        list_id: format!(
            "{} <{}.{domain}>",
            newsletter.name.replace(['<', '>', '"'], ""),
            newsletter.slug
        ),
        newsletter_id: newsletter.id,
        domain,
        site_url,
    })
}

/// Cards for the articles an issue links, with absolute addresses.
pub async fn article_cards(
    db: &Db,
    ids: &[byline_core::PostId],
    site_url: &str,
) -> anyhow::Result<Vec<ArticleCard>> {
    let absolute = |url: &str| {
        if url.starts_with('/') {
            format!("{site_url}{url}")
        } else {
            url.to_owned()
        }
    };
    Ok(db
        .published_summaries_by_id(ids)
        .await?
        .into_iter()
        .map(|post| ArticleCard {
            url: format!("{site_url}/{}/", post.slug),
            image_url: post.image.as_ref().map(|image| absolute(&image.url)),
            image_alt: post
                .image
                .as_ref()
                .map(|image| image.alt.clone())
                .unwrap_or_default(),
            byline: post
                .authors
                .iter()
                .map(|author| author.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            section: post
                .tags
                .first()
                .map(|tag| tag.name.clone())
                .unwrap_or_default(),
            excerpt: post.excerpt,
            title: post.title,
        })
        .collect())
}

/// Spaces messages evenly to stay under a rate, across all concurrent senders.
struct Pacer {
    gap: Option<Duration>,
    next: Mutex<Instant>,
}

impl Pacer {
    fn new(rate: Option<u32>) -> Pacer {
        Pacer {
            gap: rate
                .filter(|rate| *rate > 0)
                .map(|rate| Duration::from_secs(1) / rate),
            next: Mutex::new(Instant::now()),
        }
    }

    async fn wait(&self) {
        let Some(gap) = self.gap else {
            return;
        };
        let at = {
            let mut next = self.next.lock().expect("not poisoned");
            let at = (*next).max(Instant::now());
            *next = at + gap;
            at
        };
        tokio::time::sleep_until(at.into()).await;
    }
}
