//! What a job does, as one enum: every kind of job Byline runs, what it carries and
//! which worker runs it. A kind cannot be added without a payload type and a lane, and
//! the web crate's dispatch matches the enum without a catch-all, so it cannot exist
//! without its handler either.
//!
//! The stored form is a `kind` string and a JSON payload. Both are part of the
//! database format: a job queued by one version is run by the next after an upgrade,
//! so kinds and field names never change (the unit tests below pin them).

use byline_core::{IssueId, PostId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{Result, StoreError};

/// Which worker claims a job. Every node runs one worker per lane, so a long job in
/// one lane never holds up another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Jobs that take moments: scheduled publications and sends, account email.
    Quick,
    /// Narrating an article takes seconds to minutes of CPU.
    Narration,
    /// Bringing an archive in takes minutes.
    Import,
}

/// Every kind of job, with what it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload")]
pub enum Work {
    /// Publish a scheduled post, if it is still scheduled for `at`.
    #[serde(rename = "publish_post")]
    PublishPost {
        post_id: PostId,
        #[serde(with = "jiff::fmt::serde::timestamp::second::required")]
        at: Timestamp,
    },
    /// Start sending a scheduled newsletter issue, if it is still due at `at`.
    #[serde(rename = "newsletter.send")]
    SendIssue {
        issue_id: IssueId,
        #[serde(with = "jiff::fmt::serde::timestamp::second::required")]
        at: Timestamp,
    },
    /// Email a password-reset link to the staff account with this address, if any.
    #[serde(rename = "account.reset_mail")]
    ResetMail { email: String },
    /// Narrate an article; `force` narrates even audio that already speaks the
    /// current text (the desk's "Regenerate").
    #[serde(rename = "narrate_post")]
    NarratePost {
        post_id: PostId,
        #[serde(default)]
        force: bool,
    },
    /// Run an uploaded import.
    #[serde(rename = "import.run")]
    RunImport { import_id: i64 },
}

/// Every stored kind and its lane: what a lane's worker claims. A kind this version
/// does not know (queued by a newer node during a rolling upgrade) is claimed by
/// nobody here and waits for a node that knows it.
const KINDS: [(&str, Lane); 5] = [
    (Work::PUBLISH_POST, Lane::Quick),
    (Work::SEND_ISSUE, Lane::Quick),
    (Work::RESET_MAIL, Lane::Quick),
    (Work::NARRATE_POST, Lane::Narration),
    (Work::RUN_IMPORT, Lane::Import),
];

impl Work {
    pub(crate) const PUBLISH_POST: &'static str = "publish_post";
    pub(crate) const SEND_ISSUE: &'static str = "newsletter.send";
    pub(crate) const RESET_MAIL: &'static str = "account.reset_mail";
    pub(crate) const NARRATE_POST: &'static str = "narrate_post";
    pub(crate) const RUN_IMPORT: &'static str = "import.run";

    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Work::PublishPost { .. } => Work::PUBLISH_POST,
            Work::SendIssue { .. } => Work::SEND_ISSUE,
            Work::ResetMail { .. } => Work::RESET_MAIL,
            Work::NarratePost { .. } => Work::NARRATE_POST,
            Work::RunImport { .. } => Work::RUN_IMPORT,
        }
    }

    pub fn lane(&self) -> Lane {
        match self {
            Work::PublishPost { .. } | Work::SendIssue { .. } | Work::ResetMail { .. } => {
                Lane::Quick
            }
            Work::NarratePost { .. } => Lane::Narration,
            Work::RunImport { .. } => Lane::Import,
        }
    }

    /// The stored payload.
    pub(crate) fn payload(&self) -> String {
        let mut tagged = serde_json::to_value(self).expect("a job serializes");
        tagged["payload"].take().to_string()
    }

    /// The work a stored job describes.
    pub(crate) fn read(kind: &str, payload: &str) -> Result<Work> {
        let payload: serde_json::Value = serde_json::from_str(payload)
            .map_err(|error| StoreError::Corrupt(format!("a {kind} job's payload: {error}")))?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
            .map_err(|error| StoreError::Corrupt(format!("a {kind} job: {error}")))
    }
}

impl Lane {
    /// The stored kinds this lane's worker claims.
    pub(crate) fn kinds(self) -> impl Iterator<Item = &'static str> {
        KINDS
            .into_iter()
            .filter(move |(_, lane)| *lane == self)
            .map(|(kind, _)| kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every kind, with the payload a queued job of it has in the database.
    fn every_kind() -> Vec<(Work, &'static str)> {
        let at = Timestamp::from_second(1_767_225_600).unwrap();
        let examples = vec![
            (
                Work::PublishPost {
                    post_id: PostId(7),
                    at,
                },
                r#"{"at":1767225600,"post_id":7}"#,
            ),
            (
                Work::SendIssue {
                    issue_id: IssueId(3),
                    at,
                },
                r#"{"at":1767225600,"issue_id":3}"#,
            ),
            (
                Work::ResetMail {
                    email: "desk@example.org".into(),
                },
                r#"{"email":"desk@example.org"}"#,
            ),
            (
                Work::NarratePost {
                    post_id: PostId(9),
                    force: true,
                },
                r#"{"force":true,"post_id":9}"#,
            ),
            (Work::RunImport { import_id: 4 }, r#"{"import_id":4}"#),
        ];
        for (work, _) in &examples {
            // No catch-all: a new kind fails to compile here until it has an example.
            match work {
                Work::PublishPost { .. }
                | Work::SendIssue { .. }
                | Work::ResetMail { .. }
                | Work::NarratePost { .. }
                | Work::RunImport { .. } => {}
            }
        }
        examples
    }

    #[test]
    fn every_kind_keeps_its_stored_form() {
        for (work, stored) in every_kind() {
            let payload: serde_json::Value = serde_json::from_str(&work.payload()).unwrap();
            let expected: serde_json::Value = serde_json::from_str(stored).unwrap();
            assert_eq!(payload, expected, "{}", work.kind());
            assert_eq!(Work::read(work.kind(), stored).unwrap(), work);
        }
    }

    #[test]
    fn every_kind_is_claimed_by_its_own_lane_only() {
        let examples = every_kind();
        assert_eq!(examples.len(), KINDS.len(), "one example per kind");
        for (work, _) in examples {
            for lane in [Lane::Quick, Lane::Narration, Lane::Import] {
                let claims = lane.kinds().any(|kind| kind == work.kind());
                assert_eq!(claims, lane == work.lane(), "{} in {lane:?}", work.kind());
            }
        }
    }

    #[test]
    fn narration_queued_before_force_existed_still_reads() {
        assert_eq!(
            Work::read("narrate_post", r#"{"post_id":2}"#).unwrap(),
            Work::NarratePost {
                post_id: PostId(2),
                force: false
            }
        );
    }

    #[test]
    fn an_unreadable_payload_is_corrupt_data_not_a_panic() {
        for (kind, payload) in [
            ("publish_post", "not json"),
            ("publish_post", r#"{"post_id":"seven","at":1}"#),
            ("import.run", "{}"),
            ("no.such.kind", "{}"),
        ] {
            assert!(
                matches!(Work::read(kind, payload), Err(StoreError::Corrupt(_))),
                "{kind} {payload}"
            );
        }
    }
}
