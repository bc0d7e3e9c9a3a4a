//! Newsletters: the rules for what readers type into a signup box and editors into
//! the newsletter desk. Addresses are checked by [`crate::email`].

mod records;

pub use records::{Issue, IssueStatus, Newsletter, Subscriber, SubscriptionStatus};

use crate::email::EmailAddress;
use crate::markdown::MarkdownLimit;
use crate::slug::{Slug, SlugError};

/// What a reader sees next to the field, whatever exactly is wrong with the address.
pub const EMAIL_MESSAGE: &str = "Please enter a correct email address";

/// A reader's name as typed into a signup box: optional, one line, not a novel.
pub fn clean_name(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(NAME_MAX)
        .collect()
}

/// Longest name kept from a signup box.
pub const NAME_MAX: usize = 100;

/// A newsletter as an editor describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewsletterDraft {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub cadence: String,
    pub sender_name: String,
    pub sender_email: String,
    pub reply_to: String,
    pub signup_open: bool,
}

/// One problem with a form: the field it belongs beside, and what is wrong.
pub type FieldProblem<P> = (&'static str, P);

/// Longest newsletter name, schedule line and sender name, in characters.
pub const NEWSLETTER_LINE_MAX: usize = 80;
/// Longest newsletter description, in characters.
pub const DESCRIPTION_MAX: usize = 300;

/// What is wrong with a newsletter as an editor describes it. The English sentence
/// is for the command line, imports and logs; the desk words each kind in its
/// person's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NewsletterProblem {
    #[error("Give the newsletter a name.")]
    NoName,
    #[error("Keep the name under {NEWSLETTER_LINE_MAX} characters.")]
    LongName,
    #[error("The address part is not usable: {0}.")]
    BadSlug(SlugError),
    #[error("Keep the description under {DESCRIPTION_MAX} characters.")]
    LongDescription,
    #[error("Keep the schedule line under {NEWSLETTER_LINE_MAX} characters.")]
    LongCadence,
    #[error("Name the sender readers see in their inbox.")]
    NoSenderName,
    #[error("Use a plain name under {NEWSLETTER_LINE_MAX} characters, without < > or quotes.")]
    BadSenderName,
    #[error("Enter the address issues are sent from, like news@example.org.")]
    BadSenderEmail,
    #[error("Enter a correct reply-to address, or leave it empty.")]
    BadReplyTo,
}

impl NewsletterDraft {
    /// Everything wrong with the draft, each problem beside its field.
    pub fn problems(&self) -> Vec<FieldProblem<NewsletterProblem>> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            problems.push(("name", NewsletterProblem::NoName));
        } else if name.chars().count() > NEWSLETTER_LINE_MAX {
            problems.push(("name", NewsletterProblem::LongName));
        }
        if let Err(error) = Slug::parse(self.slug.trim()) {
            problems.push(("slug", NewsletterProblem::BadSlug(error)));
        }
        if self.description.chars().count() > DESCRIPTION_MAX {
            problems.push(("description", NewsletterProblem::LongDescription));
        }
        if self.cadence.chars().count() > NEWSLETTER_LINE_MAX {
            problems.push(("cadence", NewsletterProblem::LongCadence));
        }
        let sender_name = self.sender_name.trim();
        if sender_name.is_empty() {
            problems.push(("sender_name", NewsletterProblem::NoSenderName));
        } else if sender_name.chars().count() > NEWSLETTER_LINE_MAX
            || sender_name.contains(['<', '>', '"'])
        {
            problems.push(("sender_name", NewsletterProblem::BadSenderName));
        }
        if EmailAddress::parse(&self.sender_email).is_err() {
            problems.push(("sender_email", NewsletterProblem::BadSenderEmail));
        }
        if !self.reply_to.trim().is_empty() && EmailAddress::parse(&self.reply_to).is_err() {
            problems.push(("reply_to", NewsletterProblem::BadReplyTo));
        }
        problems
    }
}

/// An issue as an editor writes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IssueDraft {
    pub subject: String,
    pub preheader: String,
    pub body: String,
}

pub const SUBJECT_MAX: usize = 150;
pub const PREHEADER_MAX: usize = 200;
pub const BODY_MAX: usize = 100_000;

/// What is wrong with an issue as an editor writes it (worded like
/// [`NewsletterProblem`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueProblem {
    #[error("Write a subject line.")]
    NoSubject,
    #[error("Keep the subject under {SUBJECT_MAX} characters.")]
    LongSubject,
    #[error("Keep the preview text under {PREHEADER_MAX} characters.")]
    LongPreheader,
    #[error("The body is too long for one email.")]
    LongBody,
    #[error("This text cannot be sent: {0}.")]
    Unrenderable(MarkdownLimit),
}

impl IssueDraft {
    pub fn problems(&self) -> Vec<FieldProblem<IssueProblem>> {
        let mut problems = Vec::new();
        let subject = self.subject.trim();
        if subject.is_empty() {
            problems.push(("subject", IssueProblem::NoSubject));
        } else if subject.chars().count() > SUBJECT_MAX {
            problems.push(("subject", IssueProblem::LongSubject));
        }
        if self.preheader.chars().count() > PREHEADER_MAX {
            problems.push(("preheader", IssueProblem::LongPreheader));
        }
        if self.body.len() > BODY_MAX {
            problems.push(("body", IssueProblem::LongBody));
        } else if let Err(limit) = crate::markdown::check(&self.body) {
            problems.push(("body", IssueProblem::Unrenderable(limit)));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_tidy_line() {
        assert_eq!(clean_name("  Ana \n\t Silva "), "Ana Silva");
        assert_eq!(clean_name("A\u{7}B"), "A B");
        assert_eq!(clean_name(&"x".repeat(500)).chars().count(), NAME_MAX);
    }

    #[test]
    fn newsletter_drafts_name_each_problem() {
        let good = NewsletterDraft {
            slug: "daily-briefing".into(),
            name: "The Daily Briefing".into(),
            sender_name: "The Daily Briefing".into(),
            sender_email: "briefing@example.org".into(),
            signup_open: true,
            ..NewsletterDraft::default()
        };
        assert!(good.problems().is_empty());
        let bad = NewsletterDraft {
            slug: "Not A Slug!".into(),
            name: " ".into(),
            sender_name: "Eve <evil>".into(),
            sender_email: "nobody".into(),
            reply_to: "also wrong".into(),
            ..NewsletterDraft::default()
        };
        let fields: Vec<&str> = bad.problems().iter().map(|(field, _)| *field).collect();
        assert_eq!(
            fields,
            ["name", "slug", "sender_name", "sender_email", "reply_to"]
        );
    }

    #[test]
    fn issues_need_a_subject() {
        let problems = IssueDraft::default().problems();
        assert_eq!(problems[0].0, "subject");
        let long = IssueDraft {
            subject: "s".repeat(SUBJECT_MAX + 1),
            preheader: "p".repeat(PREHEADER_MAX + 1),
            body: String::new(),
        };
        assert_eq!(long.problems().len(), 2);
    }
}
