//! The APIs other software reads and writes Byline through, each in its own folder
//! mirroring its addresses, beside the desk and the public pages.

pub mod admin;
pub mod content;
pub mod errors;

use axum::Router;

use crate::state::SharedState;

pub fn routes() -> Router<SharedState> {
    content::routes().merge(admin::routes())
}
