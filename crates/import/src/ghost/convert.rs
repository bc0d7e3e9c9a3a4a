//! One Ghost post in Byline's terms: status, lead picture, bylines, sections, and the
//! body from the richest document the post has.

use std::collections::HashSet;

use byline_core::{PostKind, PostStatus};

use super::read::{Index, is_internal};
use super::tables::{self, Id};
use crate::captions::split_credit;
use crate::model::{SourceImage, SourcePost};
use crate::{Body, html};

/// One Ghost post in Byline's terms.
pub(super) fn convert(post: tables::Post, index: &Index) -> SourcePost {
    let slug = post.slug.clone().unwrap_or_default();
    let location = format!("post '{slug}' (id {})", post.id.0);
    let mut body = body_of(&post);
    let kind = if post.kind.as_deref() == Some("page") || post.page.0 {
        PostKind::Page
    } else {
        PostKind::Post
    };
    let published_at = post.published_at.or(post.created_at).map(|t| t.0);
    let status = match post.status.as_deref() {
        Some("published") => PostStatus::Published,
        Some("scheduled") => PostStatus::Scheduled,
        Some("draft") | None => PostStatus::Draft,
        Some("sent") => {
            body.problem("an email-only post (sent as a newsletter, never on the site) was imported as a draft");
            PostStatus::Draft
        }
        Some(other) => {
            body.problem(format!("unknown status '{other}', imported as a draft"));
            PostStatus::Draft
        }
    };
    let meta = index.meta.get(&post.id);
    let image = post
        .feature_image
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(|url| {
            let alt = meta
                .and_then(|m| m.feature_image_alt.clone())
                .or(post.feature_image_alt.clone())
                .unwrap_or_default();
            let caption = meta
                .and_then(|m| m.feature_image_caption.clone())
                .or(post.feature_image_caption.clone())
                .unwrap_or_default();
            let (caption, credit) = split_credit(&caption);
            SourceImage {
                url: url.to_owned(),
                alt,
                caption,
                credit,
            }
        });
    let mut authors = ordered(index.authors_of.get(&post.id));
    if authors.is_empty()
        && let Some(author) = &post.author_id
    {
        authors.push(author.0.clone());
    }
    let mut internal = 0;
    let mut language = None;
    let mut translation_key = None;
    let tags: Vec<String> = ordered(index.tags_of.get(&post.id))
        .into_iter()
        .filter(|id| match index.tags.get(&Id(id.clone())) {
            Some(tag) if is_internal(tag) => {
                let name = tag.name.as_deref().unwrap_or_default();
                let slug = tag.slug.as_deref().unwrap_or_default();
                // The language and translation tags say where the post goes and
                // what it translates: they are not left out.
                if let Some(key) = crate::languages::ghost_translation_key(name, slug)
                    && translation_key.is_none()
                {
                    translation_key = Some(key);
                } else {
                    match crate::languages::ghost_tag_language(name, slug) {
                        Some(tag) if language.is_none() => language = Some(tag),
                        _ => internal += 1,
                    }
                }
                false
            }
            Some(_) => true,
            None => false,
        })
        .collect();
    if internal > 0 {
        body.problem(format!(
            "{internal} internal tag(s) left off: Byline's sections are public"
        ));
    }
    SourcePost {
        source_id: post.id.0,
        uuid: post.uuid,
        kind,
        status,
        slug,
        title: post.title.unwrap_or_default(),
        subtitle: post.custom_excerpt.filter(|e| !e.trim().is_empty()),
        body,
        image,
        featured: post.featured.0,
        published_at,
        created_at: post.created_at.map(|t| t.0),
        authors,
        tags,
        old_paths: Vec::new(),
        location,
        language,
        translation_key,
    }
}

/// The body from the richest document the post has: Lexical, then Mobiledoc, then
/// HTML. A document that cannot be read falls back to the next, with a note.
fn body_of(post: &tables::Post) -> Body {
    let mut notes = Vec::new();
    if let Some(lexical) = present(&post.lexical) {
        match super::lexical::to_body(lexical) {
            Ok(body) => return body,
            Err(e) => notes.push(format!("its Lexical document could not be read ({e})")),
        }
    }
    if let Some(mobiledoc) = present(&post.mobiledoc) {
        match super::mobiledoc::to_body(mobiledoc) {
            Ok(mut body) => {
                body.problems.extend(notes);
                return body;
            }
            Err(e) => notes.push(format!("its Mobiledoc document could not be read ({e})")),
        }
    }
    let mut body = Body::default();
    if let Some(html_body) = present(&post.html) {
        html::to_markdown(html_body, &mut body);
        if !notes.is_empty() {
            notes.push("the body was taken from its HTML".into());
        }
    }
    body.problems.extend(notes);
    body
}

fn present(text: &Option<String>) -> Option<&str> {
    text.as_deref()
        .filter(|s| !s.trim().is_empty() && *s != "null")
}

fn ordered(links: Option<&Vec<(i64, Id)>>) -> Vec<String> {
    let mut links: Vec<(i64, Id)> = links.cloned().unwrap_or_default();
    links.sort_by_key(|(order, _)| *order);
    let mut seen: HashSet<String> = HashSet::with_capacity(links.len());
    let mut ids: Vec<String> = Vec::with_capacity(links.len());
    for (_, id) in links {
        if seen.insert(id.0.clone()) {
            ids.push(id.0);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(pairs: &[(i64, &str)]) -> Vec<(i64, Id)> {
        pairs
            .iter()
            .map(|(order, id)| (*order, Id((*id).to_owned())))
            .collect()
    }

    #[test]
    fn links_come_in_their_order_each_id_once() {
        let links = links(&[(2, "b"), (1, "a"), (3, "a"), (2, "c")]);
        assert_eq!(ordered(Some(&links)), ["a", "b", "c"]);
        assert!(ordered(None).is_empty());
    }

    #[test]
    fn many_links_to_one_post_are_ordered_without_comparing_each_with_every_other() {
        // 200,000 links, each id twice: checking each against every id kept took
        // minutes.
        let links: Vec<(i64, Id)> = (0..200_000)
            .map(|i| (i, Id(format!("t{}", i % 100_000))))
            .collect();
        let ids = ordered(Some(&links));
        assert_eq!(ids.len(), 100_000);
        assert_eq!(ids[..2], ["t0", "t1"]);
        assert_eq!(ids[99_999], "t99999");
    }
}
