//! Newsletters, and members with the consent they gave.

use super::*;
use byline_core::NewsletterId;

impl Run<'_> {
    pub(super) async fn newsletters(
        &mut self,
        catalog: &Catalog,
        progress: &dyn Progress,
    ) -> Result<(), ImportError> {
        if catalog.newsletters.is_empty() && catalog.members.is_empty() {
            return Ok(());
        }
        progress.stage(
            "newsletters and members",
            (catalog.newsletters.len() + catalog.members.len()) as u64,
        );
        let now = Timestamp::now();
        let ids: Vec<&str> = catalog
            .newsletters
            .iter()
            .map(|n| n.source_id.as_str())
            .collect();
        let known = self.existing("newsletter", &ids).await?;
        let mut local: HashMap<&str, NewsletterId> = HashMap::new();
        let site_title = catalog
            .site_title
            .clone()
            .unwrap_or_else(|| "Newsroom".into());
        for newsletter in &catalog.newsletters {
            let location = format!("newsletter '{}'", newsletter.slug);
            if let Some((id, _)) = known.get(&newsletter.source_id) {
                local.insert(&newsletter.source_id, NewsletterId(*id));
                self.report.count("newsletters").unchanged += 1;
                continue;
            }
            let existing = self.db.newsletter_by_slug(&newsletter.slug).await?;
            if let Some(existing) = existing {
                local.insert(&newsletter.source_id, existing.id);
                self.report.count("newsletters").unchanged += 1;
                if !self.options.dry_run {
                    self.db
                        .remember_import(
                            self.key("newsletter", &newsletter.source_id),
                            existing.id.get(),
                            "",
                        )
                        .await?;
                }
                continue;
            }
            let draft = byline_core::newsletters::NewsletterDraft {
                slug: slug_for(&newsletter.slug, &newsletter.name)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "newsletter".into()),
                name: newsletter.name.clone(),
                description: newsletter.description.clone().unwrap_or_default(),
                cadence: String::new(),
                sender_name: newsletter
                    .sender_name
                    .clone()
                    .unwrap_or_else(|| site_title.clone()),
                sender_email: newsletter
                    .sender_email
                    .clone()
                    .unwrap_or_else(|| "newsletter@example.invalid".into()),
                reply_to: String::new(),
                signup_open: true,
            };
            if let Some((field, why)) = draft.problems().into_iter().next() {
                self.report
                    .problem(&location, format!("{field}: {why}; set it in the desk"));
            }
            if self.options.dry_run {
                self.report.count("newsletters").imported += 1;
                continue;
            }
            let id = again_while_busy!(self.db.create_newsletter(&draft, now).await)?;
            self.db
                .remember_import(self.key("newsletter", &newsletter.source_id), id.get(), "")
                .await?;
            local.insert(&newsletter.source_id, id);
            self.report.count("newsletters").imported += 1;
        }
        let all: Vec<NewsletterId> = local.values().copied().collect();
        let mut subscribed = Vec::new();
        let mut left = Vec::new();
        for member in &catalog.members {
            let Ok(email) = EmailAddress::parse(&member.email) else {
                self.report.problem(
                    format!("member {}", member.source_id),
                    "its email address is not valid; skipped",
                );
                self.report.count("members").skipped += 1;
                continue;
            };
            let newsletter_ids: Vec<NewsletterId> = member
                .subscribed
                .iter()
                .filter_map(|id| local.get(id.as_str()).copied())
                .collect();
            let others: Vec<NewsletterId> = all
                .iter()
                .copied()
                .filter(|id| !newsletter_ids.contains(id))
                .collect();
            if !newsletter_ids.is_empty() {
                subscribed.push(ImportRow {
                    email: email.clone(),
                    name: member.name.clone(),
                    newsletter_ids,
                    consent: true,
                });
            }
            if member.subscribed.is_empty() && !others.is_empty() {
                left.push(ImportRow {
                    email,
                    name: member.name.clone(),
                    newsletter_ids: others,
                    consent: false,
                });
            }
        }
        let source = format!("{} import", self.platform.label());
        if self.options.dry_run {
            self.report.count("members").imported += (subscribed.len() + left.len()) as u64;
            return Ok(());
        }
        for chunk in subscribed.chunks(500) {
            let outcome = again_while_busy!(self.db.import_subscribers(chunk, &source, now).await)?;
            let counts = self.report.count("subscriptions");
            counts.imported += outcome.confirmed as u64;
            counts.unchanged += (outcome.unchanged + outcome.left_kept) as u64;
        }
        for chunk in left.chunks(500) {
            let recorded =
                again_while_busy!(self.db.import_unsubscribed(chunk, &source, now).await)?;
            self.report.count("left subscriptions").imported += recorded;
        }
        Ok(())
    }
}
