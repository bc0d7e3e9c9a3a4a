//! A Ghost 4, 5 or 6 JSON export, read in two passes (see [`crate::source`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::SeqAccess;

use super::stream::{self, TableVisitor};
use super::tables::{self, Id};
use crate::model::{
    Platform, RedirectTarget, SourceAuthor, SourceMember, SourceNewsletter, SourcePost,
    SourceRedirect, SourceTag,
};
use crate::source::{Archive, Catalog, MAX_FILE_BYTES, Problem, ReadError, check_size, open};

/// Tables whose rows are content a newsroom might miss, counted in the report when
/// they are left out. Ghost's own machinery (roles, permissions, sessions…) is not.
const LEFT_OUT_TABLES: [(&str, &str); 8] = [
    ("comments", "comments"),
    ("snippets", "snippets"),
    ("offers", "offers"),
    ("products", "membership tiers"),
    ("labels", "member labels"),
    ("emails", "sent newsletter emails"),
    ("recommendations", "recommendations"),
    ("collections", "collections"),
];

pub struct GhostArchive {
    path: PathBuf,
    content: Option<PathBuf>,
    limit: u64,
    index: Index,
}

/// What the second pass needs from the first.
#[derive(Debug, Default)]
pub(super) struct Index {
    pub(super) tags: HashMap<Id, tables::Tag>,
    pub(super) tags_of: HashMap<Id, Vec<(i64, Id)>>,
    pub(super) authors_of: HashMap<Id, Vec<(i64, Id)>>,
    pub(super) meta: HashMap<Id, tables::PostMeta>,
}

impl GhostArchive {
    /// `content` is Ghost's content folder (with `images/` and `data/redirects.json`).
    pub fn open(path: &Path, content: Option<&Path>) -> Result<Self, ReadError> {
        Self::open_with_limit(path, content, MAX_FILE_BYTES)
    }

    pub fn open_with_limit(
        path: &Path,
        content: Option<&Path>,
        limit: u64,
    ) -> Result<Self, ReadError> {
        check_size(path, limit)?;
        Ok(GhostArchive {
            path: path.to_owned(),
            content: content.map(Path::to_owned),
            limit,
            index: Index::default(),
        })
    }

    fn walk<T: TableVisitor>(&self, tables: &mut T) -> Result<stream::Walk, ReadError> {
        check_size(&self.path, self.limit)?;
        let reader = open(&self.path)?;
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        let walk = stream::walk(&mut deserializer, tables).map_err(json_error)?;
        deserializer.end().map_err(json_error)?;
        if !walk.found_data {
            return Err(ReadError::WrongShape {
                platform: "Ghost",
                reason: "it has no \"db\" list or \"data\" object of tables".into(),
            });
        }
        Ok(walk)
    }
}

fn json_error(error: serde_json::Error) -> ReadError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Io => ReadError::Io {
            path: "the export".into(),
            source: error.into(),
        },
        Category::Syntax | Category::Eof => ReadError::NotWellFormed {
            format: "JSON",
            detail: error.to_string(),
        },
        Category::Data if error.to_string().contains("import was stopped") => ReadError::Stopped,
        Category::Data => ReadError::WrongShape {
            platform: "Ghost",
            reason: error.to_string(),
        },
    }
}

impl Archive for GhostArchive {
    fn platform(&self) -> Platform {
        Platform::Ghost
    }

    fn catalog(&mut self) -> Result<Catalog, ReadError> {
        let mut first = FirstPass::default();
        let walk = self.walk(&mut first)?;
        let FirstPass {
            mut catalog,
            index,
            users,
            newsletters,
            members,
            subscriptions,
            settings,
            posts,
        } = first;
        if posts.is_none() {
            return Err(ReadError::WrongShape {
                platform: "Ghost",
                reason: "it has no \"posts\" table".into(),
            });
        }
        catalog.posts = posts.unwrap_or(0);
        if let Some(version) = walk.version
            && !["4.", "5.", "6."].iter().any(|v| version.starts_with(v))
        {
            catalog.problems.push(Problem {
                location: "meta".into(),
                message: format!(
                    "the export says Ghost {version}; Byline reads Ghost 4, 5 and 6 exports, so check the result"
                ),
            });
        }
        catalog.site_title = settings.get("title").cloned();
        catalog.site_url = settings.get("url").cloned();
        catalog.site_language = ["locale", "lang"]
            .iter()
            .find_map(|key| settings.get(*key))
            .and_then(|value| byline_core::LanguageTag::parse(value));
        catalog.authors = users
            .into_iter()
            .map(|user| SourceAuthor {
                slug: user.slug.clone().unwrap_or_else(|| user.id.0.clone()),
                name: user.name.unwrap_or_else(|| "Unnamed author".into()),
                bio: user.bio.filter(|b| !b.trim().is_empty()),
                photo: user.profile_image.filter(|p| !p.is_empty()),
                source_id: user.id.0,
            })
            .collect();
        catalog.tags = index
            .tags
            .values()
            .map(|tag| SourceTag {
                source_id: tag.id.0.clone(),
                slug: tag.slug.clone().unwrap_or_else(|| tag.id.0.clone()),
                name: tag.name.clone().unwrap_or_else(|| "Untitled".into()),
                description: tag.description.clone().filter(|d| !d.trim().is_empty()),
                internal: is_internal(tag),
            })
            .collect();
        catalog.tags.sort_by(|a, b| a.source_id.cmp(&b.source_id));
        catalog.newsletters = newsletters
            .into_iter()
            .map(|n| SourceNewsletter {
                slug: n.slug.clone().unwrap_or_else(|| n.id.0.clone()),
                name: n.name.unwrap_or_else(|| "Newsletter".into()),
                description: n.description.filter(|d| !d.trim().is_empty()),
                sender_name: n.sender_name.filter(|s| !s.trim().is_empty()),
                sender_email: n.sender_email.filter(|s| !s.trim().is_empty()),
                source_id: n.id.0,
            })
            .collect();
        catalog.members = members
            .into_iter()
            .filter_map(|m| {
                let email = m.email.filter(|e| !e.trim().is_empty())?;
                let mut subscribed: Vec<String> = subscriptions
                    .get(&m.id)
                    .map(|ids| ids.iter().map(|id| id.0.clone()).collect())
                    .unwrap_or_default();
                // Ghost 3 had one list and a flag; it becomes the first newsletter.
                if subscribed.is_empty()
                    && m.subscribed.is_some_and(|f| f.0)
                    && let Some(first) = catalog.newsletters.first()
                {
                    subscribed.push(first.source_id.clone());
                }
                Some(SourceMember {
                    source_id: m.id.0,
                    email,
                    name: m.name.unwrap_or_default(),
                    created_at: m.created_at.map(|t| t.0),
                    subscribed,
                })
            })
            .collect();
        for author in &catalog.authors {
            catalog.redirects.push(SourceRedirect {
                from: format!("/author/{}/", author.slug),
                to: RedirectTarget::Author(author.source_id.clone()),
                permanent: true,
            });
        }
        for tag in catalog.tags.iter().filter(|t| !t.internal) {
            catalog.redirects.push(SourceRedirect {
                from: format!("/tag/{}/", tag.slug),
                to: RedirectTarget::Tag(tag.source_id.clone()),
                permanent: true,
            });
        }
        if let Some(content) = &self.content {
            read_redirects_file(&content.join("data/redirects.json"), &mut catalog);
        }
        self.index = index;
        Ok(catalog)
    }

    fn posts(&mut self, sink: &mut dyn FnMut(SourcePost) -> bool) -> Result<(), ReadError> {
        let index = std::mem::take(&mut self.index);
        let mut second = SecondPass {
            index: &index,
            sink,
        };
        let result = self.walk(&mut second).map(|_| ());
        self.index = index;
        result
    }
}

pub(super) fn is_internal(tag: &tables::Tag) -> bool {
    tag.visibility.as_deref() == Some("internal")
        || tag.name.as_deref().is_some_and(|n| n.starts_with('#'))
}

#[derive(Default)]
struct FirstPass {
    catalog: Catalog,
    index: Index,
    users: Vec<tables::User>,
    newsletters: Vec<tables::Newsletter>,
    members: Vec<tables::Member>,
    subscriptions: HashMap<Id, Vec<Id>>,
    settings: HashMap<String, String>,
    posts: Option<u64>,
}

impl TableVisitor for FirstPass {
    fn table<'de, A: SeqAccess<'de>>(&mut self, table: &str, seq: A) -> Result<(), A::Error> {
        let index = &mut self.index;
        match table {
            "posts" => *self.posts.get_or_insert(0) += stream::count(seq)?,
            "tags" => stream::each(seq, |tag: tables::Tag| {
                index.tags.insert(tag.id.clone(), tag);
                Ok(())
            })?,
            "posts_tags" => stream::each(seq, |link: tables::Link| {
                if let Some(tag) = link.tag_id {
                    let order = link.sort_order.unwrap_or(0);
                    index
                        .tags_of
                        .entry(link.post_id)
                        .or_default()
                        .push((order, tag));
                }
                Ok(())
            })?,
            "posts_authors" => stream::each(seq, |link: tables::Link| {
                if let Some(author) = link.author_id {
                    let order = link.sort_order.unwrap_or(0);
                    index
                        .authors_of
                        .entry(link.post_id)
                        .or_default()
                        .push((order, author));
                }
                Ok(())
            })?,
            "posts_meta" => stream::each(seq, |meta: tables::PostMeta| {
                index.meta.insert(meta.post_id.clone(), meta);
                Ok(())
            })?,
            "users" => stream::each(seq, |user| {
                self.users.push(user);
                Ok(())
            })?,
            "newsletters" => stream::each(seq, |n| {
                self.newsletters.push(n);
                Ok(())
            })?,
            "members" => stream::each(seq, |m| {
                self.members.push(m);
                Ok(())
            })?,
            "members_newsletters" => stream::each(seq, |row: tables::MemberNewsletter| {
                self.subscriptions
                    .entry(row.member_id)
                    .or_default()
                    .push(row.newsletter_id);
                Ok(())
            })?,
            "settings" => stream::each(seq, |setting: tables::Setting| {
                if let (Some(key), Some(serde_json::Value::String(value))) =
                    (setting.key, setting.value)
                {
                    self.settings.insert(key, value);
                }
                Ok(())
            })?,
            other => {
                let rows = stream::count(seq)?;
                if let Some((_, label)) = LEFT_OUT_TABLES.iter().find(|(t, _)| *t == other)
                    && rows > 0
                {
                    self.catalog.left_out.push(((*label).to_owned(), rows));
                }
            }
        }
        Ok(())
    }
}

struct SecondPass<'a> {
    index: &'a Index,
    sink: &'a mut dyn FnMut(SourcePost) -> bool,
}

impl TableVisitor for SecondPass<'_> {
    fn table<'de, A: SeqAccess<'de>>(&mut self, table: &str, seq: A) -> Result<(), A::Error> {
        if table != "posts" {
            stream::count(seq)?;
            return Ok(());
        }
        stream::each(seq, |post: tables::Post| {
            let converted = super::convert::convert(post, self.index);
            if (self.sink)(converted) {
                Ok(())
            } else {
                Err("the import was stopped".into())
            }
        })
    }
}

/// Ghost's `content/data/redirects.json`: plain addresses become redirects; regular
/// expressions (Byline matches addresses exactly) are listed as problems.
fn read_redirects_file(path: &Path, catalog: &mut Catalog) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let location = "content/data/redirects.json".to_owned();
    let entries: Vec<tables::Redirect> = match serde_json::from_str(&text) {
        Ok(entries) => entries,
        Err(e) => {
            catalog.problems.push(Problem {
                location,
                message: format!("not read: {e}"),
            });
            return;
        }
    };
    for entry in entries {
        let from = entry
            .from
            .trim_start_matches('^')
            .trim_end_matches('$')
            .replace("\\/", "/");
        let literal = !from.contains(['*', '+', '(', '[', '|', '{', '\\']) && !from.contains(".?");
        let to = entry.to.trim();
        if !literal || !from.starts_with('/') {
            catalog.problems.push(Problem {
                location: location.clone(),
                message: format!(
                    "the pattern redirect {} -> {} was not imported: Byline's redirects match whole addresses; add the addresses it covers in the desk",
                    entry.from, entry.to
                ),
            });
            continue;
        }
        let from = from.trim_end_matches('?').to_owned();
        catalog.redirects.push(SourceRedirect {
            from,
            to: RedirectTarget::Path(to.to_owned()),
            permanent: entry.permanent,
        });
    }
}
