//! The live News Feed: every change to a feed item reaches open pages as a
//! Server-Sent Event from `/news-feed/events`.
//!
//! Changes are numbered in the database (`feed_events`, gapless and in commit order;
//! see the store's `0004_news_feed.sql`). Each node runs one [`watch_changes`] task
//! that reads new events (woken by a write on this node, by PostgreSQL's NOTIFY from
//! another node, or by a poll), renders each once, and hands the encoded frame to a
//! broadcast channel that every open stream reads. So one publish costs one query
//! and one render per node, whatever the number of readers.
//!
//! Each edition's pages follow its own feed (`/uk/news-feed/events`). The hub carries
//! every edition's events, each rendered once in its edition's language with links
//! inside its edition, and each stream passes on only its own edition's. The numbers
//! stay one sequence for the site, so a stream's gaps are other editions' events and
//! resuming after any number misses nothing.
//!
//! Resuming is exact: a reconnecting page sends `Last-Event-ID` (or `?after=` on its
//! first connection, from the `data-seq` its HTML was rendered with) and gets every
//! event after that number, from the recent events kept in memory or, if it has been
//! away longer, from the database. A stream whose reader falls more than the channel's
//! length behind is ended; the browser reconnects and resumes from where it was.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_core::EditionId;
use byline_store::{ChangeListener, ChangeNotice, FeedEvent, FeedEventKind};
use bytes::Bytes;
use serde::Deserialize;
use tokio::sync::{Notify, broadcast, watch};
use tokio::time::{Instant, MissedTickBehavior};

use crate::kit::edition::CurrentEdition;
use crate::state::{Chrome, SharedState};
use crate::views::FeedItemView;

/// Recent events kept in memory for resuming streams without a query.
const RECENT_EVENTS: usize = 1024;
/// Events a stream may fall behind before it is ended (and resumes on reconnect).
const CHANNEL_EVENTS: usize = 512;
/// A page away for longer than this many events reloads its list instead.
const MAX_REPLAY: i64 = 2000;
/// Events read from the database per query while catching up.
const BATCH: i64 = 500;
/// A comment line sent to quiet streams so proxies and browsers keep them open.
const KEEP_ALIVE: Duration = Duration::from_secs(20);
/// How long a browser waits before reconnecting (the `retry:` field).
const RETRY_FRAME: &[u8] = b"retry: 3000\n\n";

/// An event encoded once as a Server-Sent Events frame, shared by every stream.
#[derive(Debug)]
pub struct LiveEvent {
    pub seq: i64,
    /// The edition whose feed changed: only its pages are sent the frame.
    pub edition: EditionId,
    pub frame: Bytes,
}

/// This node's fan-out of feed events to its open streams.
pub struct FeedHub {
    sender: broadcast::Sender<std::sync::Arc<LiveEvent>>,
    recent: Mutex<Recent>,
    wake: Notify,
    /// Turns true when the server stops: streams end so shutdown can finish.
    closing: watch::Sender<bool>,
}

struct Recent {
    events: VecDeque<std::sync::Arc<LiveEvent>>,
    /// The newest event this node has broadcast.
    last_seq: i64,
}

/// Where a new stream starts.
struct Subscription {
    receiver: broadcast::Receiver<std::sync::Arc<LiveEvent>>,
    /// Events to send first, oldest first.
    backlog: Vec<std::sync::Arc<LiveEvent>>,
    /// Events after the first number and before the second (the oldest kept in
    /// memory) must come from the database.
    fetch: Option<(i64, i64)>,
    /// The stream has sent (or the page already shows) everything up to here.
    position: i64,
    /// The page is too far behind to replay: tell it to reload its list.
    reset: bool,
}

impl Default for FeedHub {
    fn default() -> Self {
        FeedHub::new()
    }
}

impl FeedHub {
    pub fn new() -> FeedHub {
        FeedHub {
            sender: broadcast::channel(CHANNEL_EVENTS).0,
            recent: Mutex::new(Recent {
                events: VecDeque::with_capacity(RECENT_EVENTS),
                last_seq: 0,
            }),
            wake: Notify::new(),
            closing: watch::channel(false).0,
        }
    }

    /// Ends every open stream (and refuses new ones): a graceful shutdown waits for
    /// responses to finish, and these never would.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Starts counting from the database's newest event, before serving.
    pub fn start_at(&self, seq: i64) {
        self.recent.lock().expect("feed hub lock").last_seq = seq;
    }

    /// Asks this node's change watcher to look for new events now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn last_seq(&self) -> i64 {
        self.recent.lock().expect("feed hub lock").last_seq
    }

    /// Sends events (in order, each newer than the last) to every open stream.
    fn publish(&self, events: Vec<LiveEvent>) {
        let mut recent = self.recent.lock().expect("feed hub lock");
        for event in events {
            if event.seq <= recent.last_seq {
                continue;
            }
            recent.last_seq = event.seq;
            let event = std::sync::Arc::new(event);
            if recent.events.len() == RECENT_EVENTS {
                recent.events.pop_front();
            }
            recent.events.push_back(event.clone());
            // No receivers is fine: nobody is watching right now.
            let _ = self.sender.send(event);
        }
    }

    /// Subscribes a stream of `edition`'s events and works out what it missed, under
    /// the same lock as [`FeedHub::publish`], so no event falls between the backlog
    /// and the channel.
    fn subscribe(&self, edition: EditionId, after: Option<i64>) -> Subscription {
        let recent = self.recent.lock().expect("feed hub lock");
        let receiver = self.sender.subscribe();
        let newest = recent.last_seq;
        let after = after.unwrap_or(newest);
        let mut subscription = Subscription {
            receiver,
            backlog: Vec::new(),
            fetch: None,
            position: after,
            reset: false,
        };
        if after >= newest {
            return subscription;
        }
        if newest - after > MAX_REPLAY {
            subscription.reset = true;
            subscription.position = newest;
            return subscription;
        }
        subscription.backlog = recent
            .events
            .iter()
            .filter(|e| e.seq > after && e.edition == edition)
            .cloned()
            .collect();
        let oldest_kept = recent.events.front().map_or(newest + 1, |e| e.seq);
        if oldest_kept > after + 1 {
            subscription.fetch = Some((after, oldest_kept));
        }
        subscription
    }
}

#[derive(Debug, Deserialize)]
pub struct EventsQuery {
    after: Option<String>,
}

/// `GET /news-feed/events`: the stream of feed changes.
pub async fn events(
    State(state): State<SharedState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<EventsQuery>,
) -> Response {
    let resume_from = match headers.get("last-event-id") {
        Some(value) => value.to_str().ok().map(str::to_owned),
        None => query.after,
    };
    let mut after = match byline_core::headers::last_event_id(resume_from.as_deref().unwrap_or(""))
    {
        Ok(after) => after,
        Err(error) => return (StatusCode::BAD_REQUEST, format!("{error}.\n")).into_response(),
    };
    let Some(permit) = state.streams.admit(peer.ip()) else {
        metrics::counter!("byline_news_feed_streams_refused_total").increment(1);
        let mut refused = (
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Too many live News Feed connections from your address ({} at most). \
                 Close some of the site's tabs, or try again in a minute.\n",
                state.streams.limit()
            ),
        )
            .into_response();
        refused
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        return refused;
    };
    // An id past the newest event (a page from before a database was restored, or a
    // made-up number) would wait for events that never come: it means "from now".
    // Another node may be a moment ahead of this one, so the database decides.
    if let Some(asked) = after
        && asked > state.live.last_seq()
    {
        match state.db.feed_event_seq().await {
            Ok(head) if asked > head => after = Some(head),
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(error = %error, "cannot read the newest news-feed event");
                return stream_response(Body::from(Bytes::from_static(RETRY_FRAME)));
            }
        }
    }
    let closing = state.live.closing.subscribe();
    if *closing.borrow() {
        return (StatusCode::SERVICE_UNAVAILABLE, "The server is stopping.\n").into_response();
    }
    let edition = crate::kit::edition::current().id;
    let subscription = state.live.subscribe(edition, after);
    let mut backlog = VecDeque::new();
    backlog.push_back(Bytes::from_static(RETRY_FRAME));
    let mut position = subscription.position;
    if subscription.reset {
        backlog.push_back(reset_frame(position));
    }
    if let Some((fetch_after, until)) = subscription.fetch {
        match replay_from_database(&state, edition, fetch_after, until).await {
            Ok(frames) => backlog.extend(frames),
            Err(error) => {
                // End at once: the browser reconnects after `retry` and tries again,
                // still from its last event.
                tracing::warn!(error = %error, "cannot replay news-feed events");
                return stream_response(Body::from(Bytes::from_static(RETRY_FRAME)));
            }
        }
    }
    for event in &subscription.backlog {
        backlog.push_back(event.frame.clone());
        position = position.max(event.seq);
    }
    if let Some(newest) = subscription.backlog.last() {
        position = newest.seq;
    }
    let stream = ClientStream {
        backlog,
        receiver: subscription.receiver,
        edition,
        position,
        keep_alive: keep_alive_timer(),
        closing,
        _open: OpenStream::new(),
        _permit: permit,
    };
    stream_response(Body::from_stream(futures_util::stream::unfold(
        stream,
        ClientStream::next,
    )))
}

fn stream_response(body: Body) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Tells nginx-style proxies to pass events on at once rather than buffer them.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

fn keep_alive_timer() -> tokio::time::Interval {
    let mut timer = tokio::time::interval_at(Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    timer.set_missed_tick_behavior(MissedTickBehavior::Delay);
    timer
}

/// One reader's stream: what it missed, then whatever the hub broadcasts.
struct ClientStream {
    backlog: VecDeque<Bytes>,
    receiver: broadcast::Receiver<std::sync::Arc<LiveEvent>>,
    /// The edition whose feed the reader's page shows.
    edition: EditionId,
    /// The newest event this reader has (or has passed over, another edition's);
    /// older broadcasts are skipped.
    position: i64,
    keep_alive: tokio::time::Interval,
    closing: watch::Receiver<bool>,
    _open: OpenStream,
    /// This stream's place among its address's; given back when the stream ends.
    _permit: crate::news_feed::stream_limit::StreamPermit,
}

impl ClientStream {
    async fn next(mut self) -> Option<(Result<Bytes, Infallible>, ClientStream)> {
        if let Some(frame) = self.backlog.pop_front() {
            return Some((Ok(frame), self));
        }
        loop {
            tokio::select! {
                received = self.receiver.recv() => match received {
                    Ok(event) if event.seq <= self.position => continue,
                    Ok(event) if event.edition != self.edition => {
                        self.position = event.seq;
                        continue;
                    }
                    Ok(event) => {
                        self.position = event.seq;
                        self.keep_alive.reset();
                        return Some((Ok(event.frame.clone()), self));
                    }
                    // Too slow to keep up (or the node is stopping): end the stream;
                    // the browser reconnects with Last-Event-ID and loses nothing.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        metrics::counter!("byline_news_feed_streams_lagged_total").increment(1);
                        return None;
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.keep_alive.tick() => {
                    return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), self));
                }
                _ = self.closing.changed() => return None,
            }
        }
    }
}

/// Counts open streams for `/metrics` while it lives.
struct OpenStream;

impl OpenStream {
    fn new() -> OpenStream {
        metrics::gauge!("byline_news_feed_streams").increment(1.0);
        OpenStream
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        metrics::gauge!("byline_news_feed_streams").decrement(1.0);
    }
}

/// `edition`'s events after `after` and before `until`, read from the database, as
/// frames rendered with the request's chrome (which is that edition's).
async fn replay_from_database(
    state: &SharedState,
    edition: EditionId,
    after: i64,
    until: i64,
) -> Result<Vec<Bytes>, crate::kit::errors::HttpError> {
    let chrome = state.chrome().await?;
    let mut frames = Vec::new();
    let mut position = after;
    loop {
        let events = state.db.feed_events_after(position, BATCH).await?;
        let full = events.len() as i64 == BATCH;
        for event in events.iter().filter(|e| e.seq < until) {
            if event.edition == edition {
                frames.push(encode(state, &chrome, event)?);
            }
            position = event.seq;
        }
        if !full || position + 1 >= until || events.last().is_none_or(|e| e.seq >= until) {
            return Ok(frames);
        }
    }
}

/// Encodes an event as a frame: `id`, `event: feed`, and JSON data with the item's
/// HTML as the theme renders it in a list, with `chrome` (its edition's): in the
/// edition's language and time zone, its links inside the edition.
fn encode(
    state: &SharedState,
    chrome: &Chrome,
    event: &FeedEvent,
) -> Result<Bytes, crate::kit::errors::HttpError> {
    let data = match &event.item {
        Some(item) => {
            let view = FeedItemView::new(item, &chrome.clock);
            let html = crate::news_feed::pages::render_item(
                &state.theme,
                chrome,
                &view,
                crate::news_feed::pages::LIST_HEADING,
            )?;
            let html = chrome.keep_links_within(html);
            serde_json::json!({
                "kind": event.kind.as_str(),
                "id": event.item_id,
                "pinned": item.pinned,
                "published": item.published_at.as_second(),
                "html": html.trim(),
            })
        }
        None => serde_json::json!({ "kind": FeedEventKind::Deleted.as_str(), "id": event.item_id }),
    };
    Ok(Bytes::from(format!(
        "id: {}\nevent: feed\ndata: {}\n\n",
        event.seq, data
    )))
}

fn reset_frame(seq: i64) -> Bytes {
    Bytes::from(format!("id: {seq}\nevent: reset\ndata: {{}}\n\n"))
}

/// Keeps this node current: reads new feed events and the content version whenever
/// this node writes, another node signals (PostgreSQL NOTIFY), or `poll` passes;
/// drops stale cached pages, then broadcasts the events. Failures are logged once
/// and retried; streams stay open meanwhile and miss nothing, because reading
/// resumes from the last event broadcast.
pub async fn watch_changes(state: SharedState, poll: Duration) {
    let mut tick = tokio::time::interval(poll);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut listener: Option<ChangeListener> = None;
    // SQLite has no listener; PostgreSQL's is retried after a failure.
    let mut listen_again = Some(Instant::now());
    let mut failing = false;
    loop {
        if listener.is_none()
            && let Some(at) = listen_again
            && Instant::now() >= at
        {
            match state.db.change_listener().await {
                Ok(Some(found)) => {
                    listener = Some(found);
                    listen_again = None;
                }
                Ok(None) => listen_again = None,
                Err(error) => {
                    tracing::warn!(error = %error, "cannot listen for other nodes' changes; polling");
                    listen_again = Some(Instant::now() + ChangeListener::RETRY);
                }
            }
        }
        let mut notice = None;
        tokio::select! {
            _ = tick.tick() => {}
            _ = state.live.wake.notified() => {}
            heard = async { listener.as_mut().expect("guarded").changed().await }, if listener.is_some() => {
                match heard {
                    Ok(heard) => notice = heard,
                    Err(error) => {
                        tracing::warn!(error = %error, "lost the change listener; polling until it is back");
                        listener = None;
                        listen_again = Some(Instant::now() + ChangeListener::RETRY);
                    }
                }
            }
        }
        match catch_up(&state, notice.as_ref()).await {
            Ok(()) => {
                if failing {
                    tracing::info!("the database answers again");
                    failing = false;
                }
            }
            Err(error) => {
                if !failing {
                    tracing::warn!(error = %error, "cannot check for content changes");
                    failing = true;
                }
            }
        }
    }
}

/// The chrome `edition`'s pages are rendered with (the main edition's for an edition
/// since removed: its events reach no page).
async fn edition_chrome(
    state: &SharedState,
    edition: EditionId,
) -> Result<std::sync::Arc<Chrome>, crate::kit::errors::HttpError> {
    let editions = state.editions().await?;
    let current = editions
        .iter()
        .find(|found| found.id == edition)
        .map_or_else(CurrentEdition::main, CurrentEdition::from);
    Ok(crate::kit::edition::within(current, state.chrome()).await?)
}

/// Reads new feed events and the content version; `notice` is what another node
/// said it changed, if this wake-up was its signal.
async fn catch_up(
    state: &SharedState,
    notice: Option<&ChangeNotice>,
) -> Result<(), crate::kit::errors::HttpError> {
    loop {
        let events = state
            .db
            .feed_events_after(state.live.last_seq(), BATCH)
            .await?;
        // Read after the events: the version then covers them, so pages cached
        // before them are dropped before any reader hears of them.
        let version = state.db.content_version().await?;
        if state.observe(version, notice).await {
            tracing::debug!(
                content.version = version.version,
                "content changed; stale cached pages dropped"
            );
        }
        if events.is_empty() {
            return Ok(());
        }
        let full = events.len() as i64 == BATCH;
        let mut chromes: Vec<std::sync::Arc<Chrome>> = Vec::new();
        let mut encoded = Vec::with_capacity(events.len());
        for event in &events {
            let chrome = match chromes.iter().find(|c| c.edition.id == event.edition) {
                Some(chrome) => chrome.clone(),
                None => {
                    let chrome = edition_chrome(state, event.edition).await?;
                    chromes.push(chrome.clone());
                    chrome
                }
            };
            encoded.push(LiveEvent {
                seq: event.seq,
                edition: event.edition,
                frame: encode(state, &chrome, event)?,
            });
        }
        metrics::counter!("byline_news_feed_events_total").increment(encoded.len() as u64);
        state.live.publish(encoded);
        if !full {
            return Ok(());
        }
    }
}
