//! Posts in the desk: the list, the editor, autosave, preview, editor's notes,
//! revisions, translations and moving a post to another edition.

pub mod autosave;
pub mod edit;
pub mod edition;
pub mod editor;
pub mod list;
pub mod narration;
pub mod notes;
pub mod preview;
pub mod preview_link;
pub mod revisions;
pub mod translations;

use byline_core::PostId;
use byline_store::DeskPost;

use crate::kit::errors::HttpError;
use crate::kit::session::Staff;
use crate::state::SharedState;

/// Loads a post the staff member may change, or answers 404 / 403.
pub async fn editable_post(
    state: &SharedState,
    staff: &Staff,
    id: PostId,
) -> Result<DeskPost, HttpError> {
    let post = state.db.desk_post(id).await?.ok_or(HttpError::NotFound)?;
    let access = staff.access(post.created_by, post.post.summary.status);
    if !staff.role().may_edit(access) {
        return Err(HttpError::Forbidden(if access.own {
            "Contributors can change their posts only while they are drafts. Ask an editor to make this change."
        } else {
            "You can change only the posts you started. Ask an editor to make this change."
        }));
    }
    Ok(post)
}
