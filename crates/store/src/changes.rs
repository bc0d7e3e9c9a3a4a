//! What changed, and hearing about it on every node.
//!
//! Every write transaction to public content moves the content version and records
//! what it touched as [`Scope`]s (`post:12`, `tag:3`, `feed` …) in `content_changes`,
//! so that each node's page cache drops only the pages that show those things. On
//! PostgreSQL the transaction also sends `NOTIFY byline_changes` with the version and
//! its scopes, delivered at commit; a [`ChangeListener`] wakes a node on it so that
//! its caches and live News Feed catch up within milliseconds. Signals can be lost (a
//! dropped connection misses them), so nodes still poll the version and read the
//! scopes they missed from the table; the listener only makes them fast.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::time::Duration;

use byline_core::{LanguageTag, PostId};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::postgres::PgListener;

use crate::{Db, Engine, Result};

/// One thing a write can change that public pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Anything at all: settings, sections, people, newsletters, imports. Every page.
    Site,
    /// One post's own page, and the blocks on other pages that show it.
    Post(PostId),
    /// The list of every published article: home, site feeds, sitemaps, podcast.
    AllPosts,
    /// One section's list of articles.
    Tag(i64),
    /// One author's list of articles.
    Author(i64),
    /// The News Feed.
    NewsFeed,
    /// The hand-picked collections (Editors' Picks and the home page's).
    Collections,
    /// The log of corrections and editor's notes.
    Corrections,
    /// Every search's results: a post joined or left the search index.
    Search,
    /// The searches for one word (by [`Scope::word`]): a published post's text gained
    /// or lost it, or holds it a different number of times.
    Word(u64),
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Site => f.write_str("site"),
            Scope::Post(id) => write!(f, "post:{id}"),
            Scope::AllPosts => f.write_str("list:all"),
            Scope::Tag(id) => write!(f, "tag:{id}"),
            Scope::Author(id) => write!(f, "author:{id}"),
            Scope::NewsFeed => f.write_str("feed"),
            Scope::Collections => f.write_str("collections"),
            Scope::Corrections => f.write_str("corrections"),
            Scope::Search => f.write_str("search"),
            Scope::Word(hash) => write!(f, "word:{hash:016x}"),
        }
    }
}

impl Scope {
    /// Reads a recorded scope. A word this version does not know (written by a newer
    /// node) is taken as [`Scope::Site`]: dropping too much is safe, too little is not.
    pub fn parse(word: &str) -> Scope {
        let id = |rest: &str| rest.parse::<i64>().ok();
        match word.split_once(':') {
            None => match word {
                "feed" => Scope::NewsFeed,
                "collections" => Scope::Collections,
                "corrections" => Scope::Corrections,
                "search" => Scope::Search,
                _ => Scope::Site,
            },
            Some(("word", rest)) => u64::from_str_radix(rest, 16).map_or(Scope::Site, Scope::Word),
            Some(("list", "all")) => Scope::AllPosts,
            Some(("post", rest)) => id(rest).map_or(Scope::Site, |id| Scope::Post(PostId(id))),
            Some(("tag", rest)) => id(rest).map_or(Scope::Site, Scope::Tag),
            Some(("author", rest)) => id(rest).map_or(Scope::Site, Scope::Author),
            Some(_) => Scope::Site,
        }
    }

    /// The scope of the searches for `folded_word` (a word as the search index holds
    /// it). Words are hashed so that any word fits in a scope; two words sharing a
    /// hash only drop a few more searches than needed.
    pub fn word(folded_word: &str) -> Scope {
        let hash = folded_word
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, b| {
                (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        Scope::Word(hash)
    }

    fn parse_all(words: &str) -> impl Iterator<Item = Scope> + '_ {
        words.split_ascii_whitespace().map(Scope::parse)
    }
}

/// What one write transaction changed, gathered as it goes and recorded by
/// [`bump_content_version`].
#[derive(Debug, Default, Clone)]
pub(crate) struct ChangeSet {
    scopes: BTreeSet<Scope>,
    /// What the search index holds of each post, as first and last seen in this
    /// transaction (`None`: not indexed): the words whose counts differ are what
    /// searches must see again.
    texts: BTreeMap<PostId, (Option<WordCounts>, Option<Option<WordCounts>>)>,
}

/// How many times each folded word occurs in a post's searchable text.
type WordCounts = BTreeMap<String, u32>;

/// Past this many changed words, every search is dropped rather than listing them.
const MOST_WORDS: usize = 200;

impl ChangeSet {
    pub(crate) fn of(scopes: impl IntoIterator<Item = Scope>) -> ChangeSet {
        ChangeSet {
            scopes: scopes.into_iter().collect(),
            texts: BTreeMap::new(),
        }
    }

    /// A change every page may show (settings, people, imports).
    pub(crate) fn everything() -> ChangeSet {
        ChangeSet::of([Scope::Site])
    }

    pub(crate) fn add(&mut self, scope: Scope) {
        self.scopes.insert(scope);
    }

    /// Whether every page is to be dropped anyway, so finer scopes add nothing.
    pub(crate) fn reaches_everything(&self) -> bool {
        self.scopes.contains(&Scope::Site)
    }

    /// Adds what readers see of a post as it stands in this transaction: its page,
    /// and, while it is published, the lists it is in. Call it before a change (for
    /// the lists it leaves) and after (for the lists it joins); the searches whose
    /// results the change can move are found by comparing the two.
    pub(crate) async fn add_post(
        &mut self,
        conn: &mut sqlx::AnyConnection,
        post_id: PostId,
    ) -> Result<()> {
        self.add(Scope::Post(post_id));
        let row = sqlx::query(
            "SELECT p.kind, p.status, p.title, p.subtitle, p.body_markdown, e.language \
             FROM posts p LEFT JOIN editions e ON e.id = p.edition_id WHERE p.id = $1",
        )
        .bind(post_id)
        .fetch_optional(&mut *conn)
        .await?;
        let published = match &row {
            Some(row) => row.try_get::<String, _>("status")? == "published",
            None => false,
        };
        let text = match &row {
            Some(row) if published => Some(word_counts(
                &language_of(row.try_get("language")?),
                &row.try_get::<String, _>("title")?,
                row.try_get::<Option<String>, _>("subtitle")?.as_deref(),
                &row.try_get::<String, _>("body_markdown")?,
            )),
            _ => None,
        };
        match self.texts.get_mut(&post_id) {
            Some((_, last)) => *last = Some(text),
            None => {
                self.texts.insert(post_id, (text, None));
            }
        }
        let Some(row) = row.filter(|_| published) else {
            return Ok(());
        };
        let kind: String = row.try_get("kind")?;
        if kind == "page" {
            // Pages are the navigation when none is set: every page shows them.
            self.add(Scope::Site);
            return Ok(());
        }
        self.add(Scope::AllPosts);
        let links = sqlx::query(
            "SELECT 0 AS author, tag_id AS id FROM post_tags WHERE post_id = $1 \
             UNION ALL SELECT 1 AS author, author_id AS id FROM post_authors WHERE post_id = $1",
        )
        .bind(post_id)
        .fetch_all(&mut *conn)
        .await?;
        for link in links {
            let (author, id): (i64, i64) = (link.try_get("author")?, link.try_get("id")?);
            self.add(if author == 1 {
                Scope::Author(id)
            } else {
                Scope::Tag(id)
            });
        }
        Ok(())
    }

    /// Marks a post that no search could find before this transaction (made in it,
    /// or published in it on schedule); call it before [`ChangeSet::add_post`].
    pub(crate) fn was_unsearchable(&mut self, post_id: PostId) {
        self.texts.insert(post_id, (None, None));
    }

    /// Every scope, with the searches the posts' text changes reach.
    fn all_scopes(&self) -> BTreeSet<Scope> {
        let mut scopes = self.scopes.clone();
        for (first, last) in self.texts.values() {
            // Seen once: the transaction did not change the post's text.
            let Some(last) = last else { continue };
            match (first, last) {
                (Some(before), Some(after)) => {
                    let changed: BTreeSet<&String> = before
                        .iter()
                        .filter(|(word, count)| after.get(*word) != Some(count))
                        .chain(after.iter().filter(|(word, _)| !before.contains_key(*word)))
                        .map(|(word, _)| word)
                        .collect();
                    if changed.len() > MOST_WORDS {
                        scopes.insert(Scope::Search);
                    } else {
                        scopes.extend(changed.into_iter().map(|word| Scope::word(word)));
                    }
                }
                (None, None) => {}
                // Joined or left the index.
                _ => {
                    scopes.insert(Scope::Search);
                }
            }
        }
        scopes
    }

    fn words(&self) -> String {
        let mut words = String::new();
        for scope in &self.all_scopes() {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(&scope.to_string());
        }
        words
    }
}

/// The words of a post's searchable text (as the index holds them: folded) and how
/// often each occurs.
/// A post's words folded as its edition's language folds them, so they meet the
/// searches its readers type (`byline_core::search::fold_in`).
fn word_counts(
    language: &LanguageTag,
    title: &str,
    subtitle: Option<&str>,
    body_markdown: &str,
) -> WordCounts {
    let mut counts = WordCounts::new();
    let body = byline_core::markdown::plain_text(body_markdown);
    for text in [title, subtitle.unwrap_or_default(), &body] {
        for word in byline_core::search::fold_in(language, text).split(' ') {
            if !word.is_empty() {
                *counts.entry(word.to_owned()).or_default() += 1;
            }
        }
    }
    counts
}

/// An edition's stored language; English when there is none (a post whose edition
/// row is missing) or it no longer reads as a tag.
pub(crate) fn language_of(stored: Option<String>) -> LanguageTag {
    stored
        .as_deref()
        .and_then(LanguageTag::parse)
        .unwrap_or_else(LanguageTag::english)
}

/// How many recorded changes are kept; a node further behind drops its whole cache.
const CHANGES_KEPT: i64 = 1000;

/// The most a NOTIFY payload carries (PostgreSQL's limit is 8,000 bytes); a longer
/// list of scopes travels as the version alone, and nodes read the rest from the table.
const PAYLOAD_LIMIT: usize = 7000;

/// Marks public content as changed, inside the caller's transaction: moves the
/// content version, records what changed, and on PostgreSQL tells the other nodes.
/// The transaction must have opened with `Db::begin_content_write` (see
/// `transactions.rs`).
pub(crate) async fn bump_content_version(
    conn: &mut sqlx::AnyConnection,
    at: Timestamp,
    changes: &ChangeSet,
) -> Result<()> {
    let version: i64 = sqlx::query_scalar(
        "UPDATE site_state SET content_version = content_version + 1, \
         changed_at = CASE WHEN changed_at > $1 THEN changed_at ELSE $1 END WHERE id = 1 \
         RETURNING content_version",
    )
    .bind(at.as_second())
    .fetch_one(&mut *conn)
    .await?;
    let words = changes.words();
    sqlx::query("INSERT INTO content_changes (version, scopes) VALUES ($1, $2)")
        .bind(version)
        .bind(&words)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM content_changes WHERE version <= $1")
        .bind(version - CHANGES_KEPT)
        .execute(&mut *conn)
        .await?;
    if conn.backend_name() == "PostgreSQL" {
        let payload = if words.len() <= PAYLOAD_LIMIT {
            format!("{version} {words}")
        } else {
            version.to_string()
        };
        // Delivered at commit, to every node's ChangeListener.
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

impl Db {
    /// Everything changed by the versions after `after` up to `upto`, or `None` when
    /// some of them are no longer recorded (the caller then drops everything).
    pub async fn changes_between(&self, after: i64, upto: i64) -> Result<Option<Vec<Scope>>> {
        if upto <= after {
            return Ok(Some(Vec::new()));
        }
        if upto - after > CHANGES_KEPT {
            return Ok(None);
        }
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT scopes FROM content_changes WHERE version > $1 AND version <= $2",
        )
        .bind(after)
        .bind(upto)
        .fetch_all(&self.pool)
        .await?;
        if rows.len() as i64 != upto - after {
            return Ok(None);
        }
        let scopes: BTreeSet<Scope> = rows
            .iter()
            .flat_map(|words| Scope::parse_all(words))
            .collect();
        Ok(Some(scopes.into_iter().collect()))
    }
}

/// A change another node announced: its content version and, when they fitted in the
/// signal, the scopes it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeNotice {
    pub version: i64,
    pub scopes: Option<Vec<Scope>>,
}

impl ChangeNotice {
    fn parse(payload: &str) -> Option<ChangeNotice> {
        let (version, words) = payload.split_once(' ').unwrap_or((payload, ""));
        let version = version.parse().ok()?;
        let scopes = payload
            .contains(' ')
            .then(|| Scope::parse_all(words).collect());
        Some(ChangeNotice { version, scopes })
    }
}

/// The channel every write transaction notifies on PostgreSQL.
pub(crate) const CHANNEL: &str = "byline_changes";

/// A dedicated PostgreSQL connection listening for other nodes' writes.
pub struct ChangeListener {
    listener: PgListener,
}

impl Db {
    /// A listener for writes made anywhere; `None` on SQLite, whose writers share a
    /// machine and are found by polling.
    pub async fn change_listener(&self) -> Result<Option<ChangeListener>> {
        let (Engine::Postgres, Some(url)) = (self.engine, self.url.as_ref()) else {
            return Ok(None);
        };
        let mut listener = PgListener::connect(url.expose()).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(ChangeListener { listener }))
    }
}

impl ChangeListener {
    /// Waits for the next change signal and reads what it says (`None` for a signal
    /// this version cannot read). After a lost connection it reconnects on the next
    /// call; signals sent meanwhile are gone, which polling covers.
    pub async fn changed(&mut self) -> Result<Option<ChangeNotice>> {
        let notification = self.listener.recv().await?;
        Ok(ChangeNotice::parse(notification.payload()))
    }

    /// How long a node waits before trying a failed listener again.
    pub const RETRY: Duration = Duration::from_secs(2);
}

/// A database URL that keeps its password out of `Debug` output and logs.
#[derive(Clone)]
pub(crate) struct SecretUrl(std::sync::Arc<str>);

impl SecretUrl {
    pub(crate) fn new(url: &str) -> SecretUrl {
        SecretUrl(url.into())
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::connect::redact_password(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_back_as_written() {
        let set = ChangeSet::of([
            Scope::Post(PostId(12)),
            Scope::AllPosts,
            Scope::Tag(3),
            Scope::Author(5),
            Scope::NewsFeed,
            Scope::Collections,
            Scope::Corrections,
            Scope::Search,
            Scope::word("flood"),
            Scope::Site,
        ]);
        let read: BTreeSet<Scope> = Scope::parse_all(&set.words()).collect();
        assert_eq!(read, set.scopes);
    }

    fn counts(text: &str) -> Option<WordCounts> {
        Some(word_counts(&LanguageTag::english(), text, None, ""))
    }

    #[test]
    fn a_text_edit_reaches_the_searches_for_the_words_it_changed() {
        let mut set = ChangeSet::default();
        set.texts.insert(
            PostId(1),
            (
                counts("River crest due at noon"),
                Some(counts("River crest due at noon, river rising")),
            ),
        );
        let words: BTreeSet<Scope> = ["river", "rising"].map(Scope::word).into();
        let found: BTreeSet<Scope> = set
            .all_scopes()
            .into_iter()
            .filter(|scope| matches!(scope, Scope::Word(_)))
            .collect();
        assert_eq!(found, words, "a word added, and one now twice");
        // Read back from the record as written.
        let read: BTreeSet<Scope> = Scope::parse_all(&set.words()).collect();
        assert!(words.is_subset(&read));
    }

    #[test]
    fn joining_or_leaving_the_index_reaches_every_search() {
        for (first, last) in [(None, counts("new")), (counts("gone"), None)] {
            let mut set = ChangeSet::default();
            set.texts.insert(PostId(1), (first, Some(last)));
            assert!(set.all_scopes().contains(&Scope::Search));
        }
        let mut untouched = ChangeSet::default();
        untouched
            .texts
            .insert(PostId(1), (counts("same words"), None));
        untouched.texts.insert(
            PostId(2),
            (counts("same words"), Some(counts("same words"))),
        );
        untouched.texts.insert(PostId(3), (None, Some(None)));
        assert!(untouched.all_scopes().is_empty());
        let mut rewritten = ChangeSet::default();
        let long: String = (0..=MOST_WORDS).map(|n| format!("w{n} ")).collect();
        rewritten
            .texts
            .insert(PostId(1), (counts("short"), Some(counts(&long))));
        assert_eq!(
            rewritten.all_scopes(),
            BTreeSet::from([Scope::Search]),
            "too many words to list"
        );
    }

    #[test]
    fn an_unknown_scope_means_everything() {
        assert_eq!(Scope::parse("gallery:4"), Scope::Site);
        assert_eq!(Scope::parse("post:x"), Scope::Site);
        assert_eq!(Scope::parse("weather"), Scope::Site);
    }

    #[test]
    fn notices_carry_the_version_and_any_scopes() {
        assert_eq!(
            ChangeNotice::parse("41 post:2 feed"),
            Some(ChangeNotice {
                version: 41,
                scopes: Some(vec![Scope::Post(PostId(2)), Scope::NewsFeed]),
            })
        );
        assert_eq!(
            ChangeNotice::parse("41 "),
            Some(ChangeNotice {
                version: 41,
                scopes: Some(vec![]),
            })
        );
        assert_eq!(
            ChangeNotice::parse("41"),
            Some(ChangeNotice {
                version: 41,
                scopes: None,
            })
        );
        assert_eq!(ChangeNotice::parse(""), None);
    }
}
