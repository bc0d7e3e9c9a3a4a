//! Revisions: what a post held at each save, and the differences between two saves
//! shown to an editor line by line.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use crate::content::{Image, NewPost, PostKind};
use crate::slug::Slug;

/// The editable content of a post at one save. Stored as JSON, so fields added later
/// need `#[serde(default)]` to keep old revisions readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    pub body_markdown: String,
    #[serde(default)]
    pub image: Option<SnapshotImage>,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub author_ids: Vec<i64>,
    #[serde(default)]
    pub tag_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotImage {
    pub url: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub width: u32,
    pub height: u32,
}

impl Snapshot {
    pub fn of(post: &NewPost) -> Snapshot {
        Snapshot {
            title: post.title.clone(),
            slug: post.slug.to_string(),
            subtitle: post.subtitle.clone(),
            body_markdown: post.body_markdown.clone(),
            image: post.image.as_ref().map(|i| SnapshotImage {
                url: i.url.clone(),
                alt: i.alt.clone(),
                caption: i.caption.clone(),
                credit: i.credit.clone(),
                width: i.width,
                height: i.height,
            }),
            featured: post.featured,
            author_ids: post.author_ids.clone(),
            tag_ids: post.tag_ids.clone(),
        }
    }

    /// The snapshot as a post to save again (restoring a revision). Status and
    /// publication time stay as the post has them now.
    pub fn to_new_post(&self, kind: PostKind, base: &NewPost) -> NewPost {
        NewPost {
            slug: Slug::parse(&self.slug).unwrap_or_else(|_| base.slug.clone()),
            kind,
            status: base.status,
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            body_markdown: self.body_markdown.clone(),
            image: self.image.as_ref().map(|i| Image {
                url: i.url.clone(),
                alt: i.alt.clone(),
                caption: i.caption.clone(),
                credit: i.credit.clone(),
                width: i.width,
                height: i.height,
            }),
            featured: self.featured,
            published_at: base.published_at,
            author_ids: self.author_ids.clone(),
            tag_ids: self.tag_ids.clone(),
        }
    }

    /// Each field as labelled text, the unit the diff compares.
    fn fields(&self) -> Vec<(&'static str, String)> {
        let image = self.image.as_ref().map(|i| {
            format!(
                "{}\nalt: {}\ncaption: {}\ncredit: {}",
                i.url,
                i.alt,
                i.caption.as_deref().unwrap_or(""),
                i.credit.as_deref().unwrap_or("")
            )
        });
        let ids = |ids: &[i64]| {
            ids.iter()
                .map(|id| id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        vec![
            ("Title", self.title.clone()),
            ("Slug", self.slug.clone()),
            ("Subtitle", self.subtitle.clone().unwrap_or_default()),
            ("Body", self.body_markdown.clone()),
            ("Featured image", image.unwrap_or_default()),
            ("Featured", if self.featured { "yes" } else { "no" }.into()),
            ("Author ids", ids(&self.author_ids)),
            ("Tag ids", ids(&self.tag_ids)),
        ]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineChange {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub change: LineChange,
    pub text: String,
}

/// The changed lines of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    pub field: &'static str,
    pub lines: Vec<DiffLine>,
}

/// The fields that differ between `old` and `new`, each as a line diff with a little
/// unchanged context around every change.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Vec<FieldDiff> {
    old.fields()
        .into_iter()
        .zip(new.fields())
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| FieldDiff {
            field,
            lines: line_diff(&a, &b),
        })
        .collect()
}

fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    for group in diff.grouped_ops(2) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let change_kind = match change.tag() {
                    ChangeTag::Equal => LineChange::Same,
                    ChangeTag::Insert => LineChange::Added,
                    ChangeTag::Delete => LineChange::Removed,
                };
                lines.push(DiffLine {
                    change: change_kind,
                    text: change.value().trim_end_matches('\n').to_owned(),
                });
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(title: &str, body: &str) -> Snapshot {
        Snapshot {
            title: title.into(),
            slug: "a".into(),
            subtitle: None,
            body_markdown: body.into(),
            image: None,
            featured: false,
            author_ids: vec![1],
            tag_ids: vec![],
        }
    }

    #[test]
    fn only_changed_fields_appear_with_added_and_removed_lines() {
        let old = snapshot("Bridge closes", "one\ntwo\nthree\n");
        let new = snapshot("Bridge closes", "one\n2\nthree\n");
        let diff = diff(&old, &new);
        assert_eq!(diff.len(), 1);
        assert_eq!(diff[0].field, "Body");
        let changes: Vec<_> = diff[0]
            .lines
            .iter()
            .map(|l| (l.change, l.text.as_str()))
            .collect();
        assert!(changes.contains(&(LineChange::Removed, "two")));
        assert!(changes.contains(&(LineChange::Added, "2")));
        assert!(changes.contains(&(LineChange::Same, "one")));
    }

    #[test]
    fn identical_snapshots_have_no_diff() {
        let a = snapshot("x", "y");
        assert!(diff(&a, &a.clone()).is_empty());
    }

    #[test]
    fn snapshots_survive_json_and_tolerate_missing_fields() {
        let a = snapshot("Bridge", "body");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Snapshot>(&json).unwrap(), a);
        let old: Snapshot =
            serde_json::from_str(r#"{"title":"t","slug":"t","body_markdown":"b"}"#).unwrap();
        assert!(old.author_ids.is_empty());
    }
}
