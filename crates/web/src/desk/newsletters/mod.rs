//! The newsletter desk: the newsletters themselves (`lists.rs`), the issues editors
//! compose (`issues.rs`, `compose.rs`) and send or schedule (`sending.rs`), and the
//! people on the lists (`subscribers.rs`, `export.rs`, `import.rs` with `import_file.rs`).
//!
//! Only editors and administrators may open any of it ([`Action::ManageNewsletters`]).
//! Every form checks the session's CSRF token first, then the role. Emails are
//! rendered and sent by [`crate::newsletters`]; the desk only asks for a preview, a
//! test message, or the start of a send.

pub mod compose;
pub mod export;
pub mod import;
mod import_file;
mod issue_page;
pub mod issues;
pub mod lists;
pub mod sending;
pub mod subscribers;

use byline_core::Action;
use byline_store::DeliveryProgress;
use serde::{Deserialize, Serialize};

use super::words::DeskLanguage;
use crate::kit::errors::{Cause, HttpError};
use crate::kit::forms::FormData;
use crate::kit::session::Staff;

/// Refuses with 403 unless the staff member may run newsletters.
fn require_newsletters(staff: &Staff) -> Result<(), HttpError> {
    if staff.may(Action::ManageNewsletters) {
        Ok(())
    } else {
        Err(HttpError::Worded {
            cause: Cause::Forbidden,
            message: DeskLanguage::of(staff).t("nl-forbidden"),
        })
    }
}

/// The checks every newsletter form passes first, in this order: the session's CSRF
/// token, then the right to manage newsletters.
fn checked_form(staff: &Staff, pairs: Vec<(String, String)>) -> Result<FormData, HttpError> {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    require_newsletters(staff)?;
    Ok(form)
}

/// An id from the address; anything that is not one is a page that does not exist
/// (404), never a server error.
fn path_id<Id>(raw: &str, typed: impl FnOnce(i64) -> Id) -> Result<Id, HttpError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(typed)
        .ok_or(HttpError::NotFound)
}

/// The `?notice=` a page was redirected to after a change.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    notice: Option<String>,
}

/// Delivery so far, as the issue pages show it.
#[derive(Debug, Serialize)]
struct ProgressView {
    total: i64,
    sent: i64,
    failed: i64,
    queued: i64,
    retrying: i64,
    /// Recipients finished either way, for the `<progress>` bar.
    done: i64,
    percent: i64,
}

impl From<DeliveryProgress> for ProgressView {
    fn from(progress: DeliveryProgress) -> Self {
        let done = progress.sent + progress.failed;
        ProgressView {
            total: progress.total,
            sent: progress.sent,
            failed: progress.failed,
            queued: progress.queued,
            retrying: progress.retrying,
            done,
            percent: (done * 100).checked_div(progress.total).unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::IssueId;

    #[test]
    fn ids_that_are_not_numbers_are_not_found() {
        assert_eq!(path_id("7", IssueId).ok(), Some(IssueId(7)));
        for bad in ["issues", "-3", "0", "2.5", "99999999999999999999"] {
            assert!(
                matches!(path_id(bad, IssueId), Err(HttpError::NotFound)),
                "{bad}"
            );
        }
    }

    #[test]
    fn progress_counts_finished_recipients_either_way() {
        let view = ProgressView::from(DeliveryProgress {
            total: 8,
            sent: 5,
            failed: 1,
            queued: 2,
            retrying: 1,
        });
        assert_eq!((view.done, view.percent), (6, 75));
        assert_eq!(ProgressView::from(DeliveryProgress::default()).percent, 0);
    }
}
