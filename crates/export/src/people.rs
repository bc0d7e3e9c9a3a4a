//! Tags, and authors as Ghost staff users with their role.

use std::io::Write;

use byline_store::ExportSnapshot;

use crate::body::{Site, ghost_address};
use crate::ghost::{self, time};
use crate::ids::{self, Table};
use crate::json::{Array, Document};
use crate::posts::ROW_PAGE;
use crate::site::Limits;

/// The one role every exported author gets: an Author may publish their own posts
/// in Ghost, as bylines did here (a Contributor could not even upload a picture).
const ROLE: &str = "Author";
const ROLE_ID: i64 = 1;

/// The address an exported author gets: Byline's authors have none, Ghost's users
/// need a unique one. `.invalid` can never be a real domain (RFC 2606).
pub fn author_email(slug: &str) -> String {
    format!("{slug}@authors.invalid")
}

/// The sections, into the open `tags` array.
pub(crate) async fn write_tags<W: Write>(
    snap: &mut ExportSnapshot,
    array: &mut Array<'_, W>,
    limits: &mut Limits,
) -> anyhow::Result<()> {
    let mut after = 0;
    loop {
        let page = snap.tags(after, ROW_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        for tag in &page {
            limits.check("tag names", 191, Some(&tag.name), &tag.slug);
            limits.check(
                "tag descriptions",
                500,
                tag.description.as_deref(),
                &tag.slug,
            );
            array.push(&ghost::Tag {
                id: ids::id(Table::Tags, tag.id),
                name: tag.name.clone(),
                slug: tag.slug.clone(),
                description: tag.description.clone(),
                visibility: "public",
                created_at: time(tag.created_at),
                updated_at: time(tag.created_at),
            })?;
        }
    }
    Ok(())
}

pub(crate) async fn write_users<W: Write>(
    snap: &mut ExportSnapshot,
    doc: &mut Document<'_, W>,
    site: &Site,
    limits: &mut Limits,
) -> anyhow::Result<u64> {
    let mut array = doc.array("users")?;
    let mut after = 0;
    loop {
        let page = snap.authors(after, ROW_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        for author in &page {
            limits.check("author bios", 5000, author.bio.as_deref(), &author.slug);
            array.push(&ghost::User {
                id: ids::id(Table::Users, author.id),
                name: author.name.clone(),
                slug: author.slug.clone(),
                email: author_email(&author.slug),
                bio: author.bio.clone(),
                profile_image: author
                    .photo_url
                    .as_deref()
                    .map(|url| ghost_address(url, &site.url)),
                status: "active",
                visibility: "public",
                created_at: time(author.created_at),
                updated_at: time(author.created_at),
            })?;
        }
    }
    array.end()
}

pub(crate) fn write_roles<W: Write>(doc: &mut Document<'_, W>) -> anyhow::Result<()> {
    let mut array = doc.array("roles")?;
    array.push(&ghost::Role {
        id: ids::id(Table::Roles, ROLE_ID),
        name: ROLE,
        description: "Authors",
    })?;
    array.end()?;
    Ok(())
}

/// One `roles_users` row per author (a second pass over them: each array is written
/// whole before the next begins).
pub(crate) async fn write_roles_users<W: Write>(
    snap: &mut ExportSnapshot,
    doc: &mut Document<'_, W>,
) -> anyhow::Result<()> {
    let mut array = doc.array("roles_users")?;
    let mut after = 0;
    loop {
        let page = snap.authors(after, ROW_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        for author in &page {
            array.push(&ghost::RoleUser {
                id: ids::id(Table::RolesUsers, author.id),
                role_id: ids::id(Table::Roles, ROLE_ID),
                user_id: ids::id(Table::Users, author.id),
            })?;
        }
    }
    array.end()?;
    Ok(())
}
