//! The subscribers as a members CSV in the columns Ghost's member import reads
//! (Members → Import). Ghost's JSON import does not bring members in, so they travel
//! this way; each person's newsletters go in `labels` ("newsletter: Morning Briefing"),
//! because Ghost's CSV import signs `subscribed_to_emails` members up to every
//! newsletter that takes new members by default, not to the ones they chose.

use std::collections::BTreeMap;
use std::io::Write;

use byline_store::{Db, SubscriptionStatus};
use jiff::Timestamp;

const COLUMNS: &str = "email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels";

/// Characters that make a spreadsheet cell a formula (people open these files in one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

struct Member {
    name: String,
    since: Timestamp,
    newsletters: Vec<String>,
}

/// Writes every subscriber who confirmed a newsletter (with those newsletters) or
/// left them all (with none: unsubscribed); people who never confirmed are left out,
/// since they never gave consent. Returns how many members were written.
pub async fn write_ghost_members_csv(db: &Db, out: &mut impl Write) -> anyhow::Result<u64> {
    let mut members: BTreeMap<String, Member> = BTreeMap::new();
    for row in db.export_subscribers().await? {
        let consented = matches!(
            row.status,
            SubscriptionStatus::Active | SubscriptionStatus::Left
        );
        if !consented {
            continue;
        }
        let member = members.entry(row.email.clone()).or_insert_with(|| Member {
            name: row.name.clone(),
            since: row.requested_at,
            newsletters: Vec::new(),
        });
        member.since = member.since.min(row.requested_at);
        if row.status == SubscriptionStatus::Active {
            member.newsletters.push(row.newsletter.clone());
        }
    }
    writeln!(out, "{COLUMNS}")?;
    for (email, member) in &members {
        let labels: Vec<String> = member
            .newsletters
            .iter()
            .map(|n| format!("newsletter: {}", n.replace(',', " ")))
            .collect();
        let subscribed = if member.newsletters.is_empty() {
            "false"
        } else {
            "true"
        };
        writeln!(
            out,
            "{},{},,{subscribed},false,,{},,{}",
            cell(email),
            cell(&member.name),
            member.since,
            cell(&labels.join(","))
        )?;
    }
    Ok(members.len() as u64)
}

/// A CSV cell: quoted, quotes doubled, and guarded against spreadsheet formulas.
fn cell(text: &str) -> String {
    let guarded = if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("Ana \"Ruiz\""), "\"Ana \"\"Ruiz\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
    }
}
