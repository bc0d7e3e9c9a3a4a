//! `GET /admin/subscribers/export.csv`: every subscription, one line per address and
//! newsletter, for the newsroom's own records or a move to another tool.
//!
//! Columns: `email,name,newsletter,status,requested_at,confirmed_at,left_at,source`,
//! times in RFC 3339 (UTC). Names and sources are typed by readers, so one that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is written with a leading `'`, which spreadsheets show as text
//! and the importer takes off again ([`unguard`]).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;

use super::require_newsletters;
use crate::kit::errors::HttpError;
use crate::kit::session::Staff;
use crate::state::SharedState;

pub const COLUMNS: [&str; 8] = [
    "email",
    "name",
    "newsletter",
    "status",
    "requested_at",
    "confirmed_at",
    "left_at",
    "source",
];

/// Characters that make a spreadsheet cell a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Free text as a CSV cell that no spreadsheet runs as a formula.
fn guard(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The reverse of [`guard`], for a file exported here and imported again.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

fn time(at: Option<Timestamp>) -> String {
    at.map(|at| at.to_string()).unwrap_or_default()
}

pub async fn csv(State(state): State<SharedState>, staff: Staff) -> Result<Response, HttpError> {
    require_newsletters(&staff)?;
    let rows = state.db.export_subscribers().await?;
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 120 + 100));
    let mut write = || -> Result<(), csv::Error> {
        writer.write_record(COLUMNS)?;
        for row in &rows {
            writer.write_record([
                row.email.as_str(),
                guard(&row.name).as_str(),
                row.newsletter.as_str(),
                row.status.as_str(),
                row.requested_at.to_string().as_str(),
                time(row.confirmed_at).as_str(),
                time(row.left_at).as_str(),
                guard(&row.source).as_str(),
            ])?;
        }
        writer.flush()?;
        Ok(())
    };
    write().map_err(|e| anyhow::Error::new(e).context("while writing the subscribers CSV"))?;
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("while finishing the subscribers CSV: {}", e.error()))?;
    tracing::info!(
        user.id = staff.user.id,
        export.lines = rows.len(),
        "subscribers exported"
    );
    let file_name = format!("subscribers-{}.csv", Timestamp::now().strftime("%Y-%m-%d"));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back_unchanged() {
        for text in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx"] {
            let guarded = guard(text);
            assert!(guarded.starts_with('\''), "{text:?}");
            assert_eq!(unguard(&guarded), text);
        }
        assert_eq!(guard("Ana Silva"), "Ana Silva");
        assert_eq!(unguard("'quoted"), "'quoted");
        assert_eq!(unguard("O'Brien"), "O'Brien");
    }
}
