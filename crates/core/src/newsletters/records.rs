//! Newsletters, subscribers and issues as the rest of Byline sees them, whatever
//! keeps them: the store reads its rows into these.

use jiff::Timestamp;
use serde::Serialize;

use crate::ids::{EditionId, IssueId, NewsletterId, PostId, SubscriberId};

/// A newsletter readers can sign up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Newsletter {
    pub id: NewsletterId,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// When it arrives, in the newsroom's words: "Six mornings a week".
    pub cadence: String,
    pub sender_name: String,
    pub sender_email: String,
    /// Empty when replies go to the sender.
    pub reply_to: String,
    /// Whether signup boxes offer it; a closed newsletter keeps its subscribers.
    pub signup_open: bool,
    pub position: i64,
    /// The edition whose signup boxes offer it.
    pub edition_id: EditionId,
}

impl Newsletter {
    /// `The Daily Briefing <briefing@example.org>`, for the From header.
    pub fn sender(&self) -> String {
        format!("{} <{}>", self.sender_name, self.sender_email)
    }
}

/// One email address on the lists, whatever lists it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscriber {
    pub id: SubscriberId,
    pub email: String,
    pub name: String,
    pub source: String,
    pub created_at: Timestamp,
}

/// Where one subscriber stands with one newsletter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionStatus {
    /// Signed up, not yet confirmed.
    Pending,
    Active,
    Left,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Pending => "pending",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Left => "left",
        }
    }

    pub fn parse(raw: &str) -> Option<SubscriptionStatus> {
        match raw {
            "pending" => Some(SubscriptionStatus::Pending),
            "active" => Some(SubscriptionStatus::Active),
            "left" => Some(SubscriptionStatus::Left),
            _ => None,
        }
    }
}

/// Where an issue is on its way to the readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IssueStatus {
    Draft,
    Scheduled,
    Sending,
    Sent,
    Cancelled,
}

impl IssueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Draft => "draft",
            IssueStatus::Scheduled => "scheduled",
            IssueStatus::Sending => "sending",
            IssueStatus::Sent => "sent",
            IssueStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<IssueStatus> {
        Some(match raw {
            "draft" => IssueStatus::Draft,
            "scheduled" => IssueStatus::Scheduled,
            "sending" => IssueStatus::Sending,
            "sent" => IssueStatus::Sent,
            "cancelled" => IssueStatus::Cancelled,
            _ => return None,
        })
    }

    /// Whether editors may still change the issue.
    pub fn editable(self) -> bool {
        matches!(self, IssueStatus::Draft | IssueStatus::Scheduled)
    }
}

/// One issue of a newsletter: its text, its article cards and where its sending is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub id: IssueId,
    pub newsletter_id: NewsletterId,
    pub subject: String,
    pub preheader: String,
    /// Markdown.
    pub body: String,
    /// Posts shown as cards, in order.
    pub article_ids: Vec<PostId>,
    pub status: IssueStatus,
    pub send_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub recipients: i64,
    pub created_by: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}
