//! Posts and pages, their bylines and sections, and their lead photos' texts: four
//! arrays, each one pass over the snapshot in pages by key.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use byline_core::markdown::{self, BodyPart, split_related};
use byline_core::{PostId, PostKind};
use byline_store::{ExportPost, ExportSnapshot, PostLinks, RelatedTarget};

use crate::body::{self, Site, ghost_address};
use crate::ghost::{self, time};
use crate::ids::{self, Table};
use crate::json::{Array, Document};
use crate::site::Limits;

/// Posts read at once. A body is at most 512 KB of Markdown (and its HTML), so a
/// page stays within a few hundred MB even of the largest bodies, and is a few MB
/// for real articles.
const POST_PAGE: i64 = 250;
/// Rows of the small tables read at once.
pub(crate) const ROW_PAGE: i64 = 500;
/// Related-article slugs looked up in one statement.
const SLUGS_PER_QUERY: usize = 500;

/// Counts of what `posts` holds.
#[derive(Debug, Default)]
pub(crate) struct PostCounts {
    pub posts: u64,
    pub pages: u64,
}

pub(crate) async fn write_posts<W: Write>(
    snap: &mut ExportSnapshot,
    doc: &mut Document<'_, W>,
    site: &Site,
    limits: &mut Limits,
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<PostCounts> {
    let mut counts = PostCounts::default();
    let mut array = doc.array("posts")?;
    let mut after = PostId(0);
    loop {
        let page = snap.posts(after, POST_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        let related = related_targets(snap, &page).await?;
        for post in &page {
            limits.check("titles", 255, Some(&post.title), &post.slug);
            limits.check(
                "subtitles (custom_excerpt)",
                300,
                post.subtitle.as_deref(),
                &post.slug,
            );
            array.push(&ghost_post(post, &related, site))?;
            match post.kind {
                PostKind::Post => counts.posts += 1,
                PostKind::Page => counts.pages += 1,
            }
        }
        progress(counts.posts + counts.pages);
    }
    array.end()?;
    Ok(counts)
}

fn ghost_post(
    post: &ExportPost,
    related: &HashMap<String, RelatedTarget>,
    site: &Site,
) -> ghost::Post {
    ghost::Post {
        id: ids::id(Table::Posts, post.id.get()),
        uuid: post
            .uuid
            .clone()
            .filter(|uuid| !uuid.is_empty())
            .unwrap_or_else(|| ids::uuid(&site.url, "post", post.id.get())),
        title: post.title.clone(),
        slug: post.slug.clone(),
        mobiledoc: None,
        lexical: body::lexical(&post.body_markdown, related, site),
        html: body::html(&post.body_html, related, site),
        plaintext: markdown::plain_text(&post.body_markdown),
        feature_image: post
            .image_url
            .as_deref()
            .map(|url| ghost_address(url, &site.url)),
        featured: post.featured,
        kind: post.kind.as_str(),
        status: post.status.as_str(),
        visibility: "public",
        created_at: time(post.created_at),
        updated_at: time(post.edited_at),
        published_at: post.published_at.map(time),
        custom_excerpt: post.subtitle.clone().filter(|s| !s.trim().is_empty()),
    }
}

/// The published articles the page's related-article markers point at, in one
/// query per 500 slugs.
async fn related_targets(
    snap: &mut ExportSnapshot,
    page: &[ExportPost],
) -> anyhow::Result<HashMap<String, RelatedTarget>> {
    let slugs: BTreeSet<String> = page
        .iter()
        .flat_map(|post| split_related(&post.body_html))
        .filter_map(|part| match part {
            BodyPart::Related(slug) => Some(slug.to_string()),
            BodyPart::Html(_) => None,
        })
        .collect();
    let slugs: Vec<String> = slugs.into_iter().collect();
    let mut found = HashMap::new();
    for chunk in slugs.chunks(SLUGS_PER_QUERY) {
        for target in snap.related_targets(chunk).await? {
            found.insert(target.slug.clone(), target);
        }
    }
    Ok(found)
}

/// The rows of `posts_tags` or `posts_authors` (into that open array), in the order
/// of the table's key; `sort_order` is the position in the byline or section list, 0
/// first.
pub(crate) async fn write_links<W: Write>(
    snap: &mut ExportSnapshot,
    array: &mut Array<'_, W>,
    which: PostLinks,
) -> anyhow::Result<()> {
    let (table, other) = match which {
        PostLinks::Tags => (Table::PostsTags, Table::Tags),
        PostLinks::Authors => (Table::PostsAuthors, Table::Users),
    };
    let mut after = (PostId(0), 0);
    loop {
        let page = snap.post_links(which, after, ROW_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = (last.post_id, last.other_id);
        for link in &page {
            let other_id = Some(ids::id(other, link.other_id));
            let (tag_id, author_id) = match which {
                PostLinks::Tags => (other_id, None),
                PostLinks::Authors => (None, other_id),
            };
            array.push(&ghost::PostLink {
                id: ids::pair_id(table, link.post_id.get(), link.other_id)?,
                post_id: ids::id(Table::Posts, link.post_id.get()),
                tag_id,
                author_id,
                sort_order: link.position.max(0),
            })?;
        }
    }
    Ok(())
}

/// `posts_meta`: one row for each post whose lead photo has an alt text, a caption
/// or a credit.
pub(crate) async fn write_meta<W: Write>(
    snap: &mut ExportSnapshot,
    doc: &mut Document<'_, W>,
    limits: &mut Limits,
) -> anyhow::Result<u64> {
    let mut array = doc.array("posts_meta")?;
    let mut after = PostId(0);
    loop {
        let page = snap.image_texts(after, ROW_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.post_id;
        for text in &page {
            let alt = text.alt.clone().filter(|alt| !alt.trim().is_empty());
            let caption = body::caption(text.caption.as_deref(), text.credit.as_deref());
            if alt.is_none() && caption.is_none() {
                continue;
            }
            let post = format!("#{}", text.post_id);
            limits.check("alt texts (feature_image_alt)", 191, alt.as_deref(), &post);
            array.push(&ghost::PostMeta {
                id: ids::id(Table::PostsMeta, text.post_id.get()),
                post_id: ids::id(Table::Posts, text.post_id.get()),
                feature_image_alt: alt,
                feature_image_caption: caption,
            })?;
        }
    }
    array.end()
}
