//! Sending webhooks: every node runs a few delivery loops that claim the next due
//! delivery from the store (the oldest waiting one of some webhook, under a lease),
//! send it, and record how it went. The events themselves are written by the store,
//! in the transaction of the change they announce, so nothing here runs in the
//! request that made a change and nothing is lost to a crash: a delivery whose node
//! died is claimed again when its lease runs out.

mod deliver;
mod payload;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;

use crate::state::AppState;

/// How an operator lets webhooks go out.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    /// Deliveries may go to loopback and private network addresses (a receiver on
    /// the same machine or network). Off by default: staff could otherwise use
    /// webhooks to probe the server's own network. Link-local and metadata
    /// addresses stay refused either way.
    pub allow_private: bool,
    /// The first retry waits this long; each later one waits longer.
    pub retry_base: Duration,
    /// How long a receiver has to answer.
    pub timeout: Duration,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        WebhookConfig {
            allow_private: false,
            retry_base: Duration::from_secs(10),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Webhook delivery's share of the application state.
pub struct Webhooks {
    pub config: WebhookConfig,
    wake: tokio::sync::Notify,
}

impl Webhooks {
    pub fn new(config: WebhookConfig) -> Webhooks {
        Webhooks {
            config,
            wake: tokio::sync::Notify::new(),
        }
    }

    /// Call after a change made through this node: its deliveries go at once
    /// rather than at the next poll.
    pub fn wake(&self) {
        self.wake.notify_waiters();
    }
}

/// Loops per node: deliveries to different webhooks go out side by side, so one
/// slow receiver does not hold up the others.
const LOOPS: usize = 4;
/// How often the queue is checked when nothing wakes the loops sooner (changes
/// made through other nodes, retries coming due).
const POLL: Duration = Duration::from_secs(1);

/// Runs this node's delivery loops; stopping this task stops them (the set aborts
/// its tasks when it is dropped).
pub async fn run(state: Arc<AppState>) {
    let mut loops = tokio::task::JoinSet::new();
    for _ in 0..LOOPS {
        loops.spawn(delivery_loop(state.clone()));
    }
    while loops.join_next().await.is_some() {}
}

async fn delivery_loop(state: Arc<AppState>) {
    // The lease outlasts a whole attempt (bounded by `deliver::send`), so a delivery
    // in flight is never claimed twice; a node that dies holding one frees it when
    // the lease runs out, seconds later.
    let lease = deliver::longest_attempt(&state.webhooks.config).as_secs() as i64 + 3;
    loop {
        let wake = state.webhooks.wake.notified();
        match state
            .db
            .claim_webhook_delivery(Timestamp::now(), lease)
            .await
        {
            Ok(Some(delivery)) => {
                deliver::send(&state, delivery).await;
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "cannot check the webhook queue"),
        }
        tokio::select! {
            _ = wake => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}
