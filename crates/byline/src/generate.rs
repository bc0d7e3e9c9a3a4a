//! `byline generate --posts N`: a synthetic newsroom for benchmarks. Bodies are built
//! from a pool of pre-rendered paragraphs (rendering once per paragraph, not per post),
//! and posts are stored in large transactions, so 100,000 articles take seconds.
//!
//! `byline generate --subscribers N`: a newsletter (`bench-briefing`) with N confirmed
//! subscribers and one draft issue to send them, for the delivery benchmark.

use std::time::Instant;

use anyhow::Context;
use byline_core::content::NewPost;
use byline_core::markdown::{self, RenderedBody};
use byline_core::newsletters::{IssueDraft, NewsletterDraft};
use byline_core::reading_time::reading_minutes;
use byline_core::{Collection, EmailAddress, PostId, PostKind, PostStatus, Slug};
use byline_store::{CollectionStore, Db, IssueEdit, NewAuthor, NewFeedItem, NewTag, PreparedPost};
use indicatif::{ProgressBar, ProgressStyle};
use jiff::{SignedDuration, Timestamp};

use crate::config::Settings;
use crate::demo::images::{self, Dice};

const BATCH: usize = 1000;
const PARAGRAPHS: usize = 48;

const SECTIONS: &[(&str, &str)] = &[
    ("city", "City"),
    ("politics", "Politics"),
    ("business", "Business"),
    ("climate", "Climate"),
    ("culture", "Culture"),
    ("health", "Health"),
    ("education", "Education"),
    ("transit", "Transit"),
];
const AUTHORS: &[&str] = &[
    "Ada Brennan",
    "Tomás Ilves",
    "Priya Natarajan",
    "Jonah Achterberg",
    "Lucía Ferraro",
    "Kwame Mensah",
    "Ingrid Solberg",
    "Marek Dvořák",
    "Yusuf Demir",
    "Hana Kobayashi",
    "Corin Walsh",
    "Amara Nwosu",
];
const SUBJECTS: &[&str] = &[
    "The council",
    "A coalition of tenants",
    "The transit authority",
    "Local growers",
    "The school board",
    "Hospital managers",
    "A group of engineers",
    "Shop owners on Quay Street",
    "The harbour commission",
    "Volunteers from the north side",
    "The county auditor",
    "Festival organisers",
];
const VERBS: &[&str] = &[
    "approved",
    "questioned",
    "delayed",
    "published",
    "rejected",
    "expanded",
    "reviewed",
    "defended",
    "funded",
    "postponed",
    "proposed",
    "challenged",
];
const OBJECTS: &[&str] = &[
    "a plan to rebuild the river wall",
    "the draft budget for next year",
    "new rules for night buses",
    "a study of rents along the waterfront",
    "the contract for the water plant",
    "a pilot for free school meals",
    "the schedule for bridge repairs",
    "a fund for small theatres",
    "the report on air quality",
    "a proposal to widen the cycle lanes",
    "the hiring of forty nurses",
    "a review of flood maps",
];
const TAILS: &[&str] = &[
    "after a long evening of public comment",
    "despite objections from residents",
    "in a close vote",
    "citing rising costs",
    "with support from both parties",
    "as the deadline approached",
    "following months of negotiation",
    "according to documents seen by reporters",
];
const QUOTES: &[&str] = &[
    "We owe people a straight answer about what this will cost.",
    "Nobody on this street was asked before the decision was made.",
    "The numbers are better than last year, but not by much.",
    "If the river rises again, we will be the first to know.",
    "This is the kind of change you only notice once it is gone.",
];

fn sentence(dice: &mut Dice) -> String {
    format!(
        "{} {} {} {}.",
        dice.pick(SUBJECTS),
        dice.pick(VERBS),
        dice.pick(OBJECTS),
        dice.pick(TAILS)
    )
}

/// The paragraph pool, each rendered once.
fn paragraph_pool() -> Vec<(String, RenderedBody)> {
    let mut dice = Dice::new("paragraph pool");
    (0..PARAGRAPHS)
        .map(|i| {
            let markdown = match i % 8 {
                3 => format!("> {}\n", dice.pick(QUOTES)),
                7 => format!("## {}\n", title(&mut dice)),
                _ => {
                    (0..5)
                        .map(|_| sentence(&mut dice))
                        .collect::<Vec<_>>()
                        .join(" ")
                        + "\n"
                }
            };
            let rendered = markdown::render(&markdown);
            (markdown, rendered)
        })
        .collect()
}

fn title(dice: &mut Dice) -> String {
    let subject = dice.pick(SUBJECTS);
    let verb = dice.pick(VERBS);
    let object = dice.pick(OBJECTS);
    format!("{subject} {verb} {object}")
}

pub async fn generate(settings: &Settings, posts: u32) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = crate::serve::open_database(settings).await?;
    let media = settings.media()?;
    let authors = ensure_authors(&db, &media).await?;
    let tags = ensure_tags(&db).await?;
    let pool = paragraph_pool();
    let lead = images::store_svg(&media, "generated", &images::landscape("generated")).await?;
    let run = Timestamp::now().as_second();

    let bar = ProgressBar::new(u64::from(posts)).with_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar.set_message("generating articles");
    let now = Timestamp::now();
    let mut newest_slug = None;
    let mut batch = Vec::with_capacity(BATCH);
    for i in 0..posts {
        let mut dice = Dice::new(&format!("{run}-{i}"));
        let headline = title(&mut dice);
        let base = Slug::from_title(&headline).context("a generated title has no slug")?;
        let slug = Slug::parse(&format!(
            "{}-{run:x}-{i}",
            base.as_str()
                .chars()
                .take(60)
                .collect::<String>()
                .trim_end_matches('-')
        ))
        .context("a generated slug is malformed")?;
        let count = dice.range(6, 11) as usize;
        let picks: Vec<&(String, RenderedBody)> = (0..count).map(|_| dice.pick(&pool)).collect();
        let body_markdown = picks
            .iter()
            .map(|(md, _)| md.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let html: String = picks.iter().map(|(_, r)| r.html.as_str()).collect();
        let words: usize = picks.iter().map(|(_, r)| r.word_count).sum();
        let excerpt = picks[0].1.excerpt.clone();
        let text = picks
            .iter()
            .map(|(_, r)| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let author = *dice.pick(&authors);
        let tag = *dice.pick(&tags);
        // Newest first: article 0 is the most recent, one every 3 minutes before it.
        let published_at = now - SignedDuration::from_secs(i64::from(i) * 180);
        if i == 0 {
            newest_slug = Some(slug.clone());
        }
        batch.push(PreparedPost {
            post: NewPost {
                slug,
                kind: PostKind::Post,
                status: PostStatus::Published,
                title: headline,
                subtitle: None,
                body_markdown,
                image: Some(images::image(
                    lead.clone(),
                    "Illustration: a generated landscape",
                    Some("A generated illustration."),
                    Some("Byline generator"),
                )),
                featured: i.is_multiple_of(97),
                published_at: Some(published_at),
                author_ids: vec![author],
                tag_ids: vec![tag],
            },
            body: RenderedBody {
                html,
                excerpt,
                text,
                word_count: words,
                image_count: 0,
            },
            reading_minutes: reading_minutes(words, 1),
            spoken_hash: None,
        });
        if batch.len() == BATCH || i + 1 == posts {
            db.create_posts(&batch).await?;
            bar.inc(batch.len() as u64);
            batch.clear();
        }
    }
    bar.finish_with_message("generated articles");

    let mut dice = Dice::new("feed");
    for minute in 0..40 {
        db.create_feed_item(&NewFeedItem {
            headline: title(&mut dice),
            text: sentence(&mut dice),
            post_slug: None,
            published_at: now - SignedDuration::from_mins(minute * 7),
            updated_at: None,
            created_by: None,
            edition: byline_core::editions::MAIN_EDITION,
        })
        .await?;
    }
    let latest = db.newest_published(&Default::default(), 12, 0).await?;
    let ids: Vec<PostId> = latest.iter().map(|p| p.id).collect();
    db.set_collection(Collection::EditorsPicks, &ids[..ids.len().min(6)])
        .await?;
    db.set_collection(Collection::MoreNews, &ids[ids.len().min(6)..])
        .await?;
    db.analyze().await?;
    db.close().await;
    println!(
        "Generated {posts} articles in {:.1} s; newest: /{}/",
        started.elapsed().as_secs_f64(),
        newest_slug.map(|s| s.to_string()).unwrap_or_default()
    );
    Ok(())
}

async fn ensure_authors(db: &Db, media: &byline_media::MediaStore) -> anyhow::Result<Vec<i64>> {
    let existing = db.list_authors().await?;
    if !existing.is_empty() {
        return Ok(existing.iter().map(|a| a.id).collect());
    }
    let mut ids = Vec::new();
    for name in AUTHORS {
        let slug = Slug::from_title(name).context("an author name has no slug")?;
        let photo =
            images::store_svg(media, "generated", &images::portrait(slug.as_str(), name)).await?;
        let author = db
            .create_author(&NewAuthor {
                slug,
                name: (*name).to_owned(),
                bio: Some(format!("{name} reports for the newsroom.")),
                photo_url: Some(photo),
            })
            .await?;
        ids.push(author.id);
    }
    Ok(ids)
}

async fn ensure_tags(db: &Db) -> anyhow::Result<Vec<i64>> {
    let existing = db.list_tags().await?;
    if !existing.is_empty() {
        return Ok(existing.iter().map(|t| t.id).collect());
    }
    let mut ids = Vec::new();
    for (slug, name) in SECTIONS {
        let tag = db
            .create_tag(&NewTag {
                slug: Slug::parse(slug).context("a section slug is malformed")?,
                name: (*name).to_owned(),
                description: Some(format!("News about {}.", name.to_lowercase())),
            })
            .await?;
        ids.push(tag.id);
    }
    Ok(ids)
}

/// Subscribers written per transaction (the progress bar moves once per chunk).
const SUBSCRIBER_CHUNK: usize = 5000;
const BENCH_NEWSLETTER: &str = "bench-briefing";

/// `byline generate --subscribers N`: N confirmed subscribers (reader{n}@example.org)
/// on the `bench-briefing` newsletter, made if missing, and one draft issue of about
/// 600 words with up to three article cards. The last line printed is `issue ID`.
pub async fn generate_subscribers(settings: &Settings, subscribers: u32) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = crate::serve::open_database(settings).await?;
    let now = Timestamp::now();
    let newsletter_id = match db.newsletter_by_slug(BENCH_NEWSLETTER).await? {
        Some(newsletter) => newsletter.id,
        None => {
            let draft = NewsletterDraft {
                slug: BENCH_NEWSLETTER.to_owned(),
                name: "The Bench Briefing".to_owned(),
                description: "The morning's news from the city, in five minutes.".to_owned(),
                cadence: "Six mornings a week".to_owned(),
                sender_name: "The Bench Briefing".to_owned(),
                sender_email: "bench@example.org".to_owned(),
                reply_to: String::new(),
                signup_open: true,
            };
            if let Some((field, problem)) = draft.problems().into_iter().next() {
                anyhow::bail!("the benchmark newsletter: {field}: {problem}");
            }
            db.create_newsletter(&draft, now).await?
        }
    };

    let bar = ProgressBar::new(u64::from(subscribers)).with_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar.set_message("generating subscribers");
    let mut dice = Dice::new("subscribers");
    let mut added = 0;
    let mut chunk = Vec::with_capacity(SUBSCRIBER_CHUNK);
    for n in 0..subscribers {
        let email = EmailAddress::parse(&format!("reader{n}@example.org"))
            .context("a generated address is malformed")?;
        // Most people give no name, as on real signup boxes.
        let name = if n % 3 == 0 {
            (*dice.pick(AUTHORS)).to_owned()
        } else {
            String::new()
        };
        chunk.push((email, name));
        if chunk.len() == SUBSCRIBER_CHUNK || n + 1 == subscribers {
            added += db
                .bulk_add_confirmed_subscribers(newsletter_id, &chunk, "byline generate", now)
                .await?;
            bar.inc(chunk.len() as u64);
            chunk.clear();
        }
    }
    bar.finish_with_message("generated subscribers");

    let cards = db.newest_published(&Default::default(), 3, 0).await?;
    let article_ids: Vec<PostId> = cards.iter().map(|post| post.id).collect();
    let lead_link = cards.first().map(|post| post.slug.to_string());
    let draft = IssueDraft {
        subject: "The Bench Briefing: the river wall, night buses and the budget".to_owned(),
        preheader: "What the council decided, what it costs, and what comes next.".to_owned(),
        body: issue_body(lead_link.as_deref()),
    };
    if let Some((field, problem)) = draft.problems().into_iter().next() {
        anyhow::bail!("the benchmark issue: {field}: {problem}");
    }
    let issue_id = db
        .create_issue(
            &IssueEdit {
                newsletter_id,
                draft: &draft,
                article_ids: &article_ids,
            },
            None,
            now,
        )
        .await?;
    db.analyze().await?;
    db.close().await;
    println!(
        "Generated {added} confirmed subscribers on {BENCH_NEWSLETTER} ({} asked) and a draft \
         issue with {} article cards in {:.1} s",
        subscribers,
        article_ids.len(),
        started.elapsed().as_secs_f64()
    );
    println!("issue {issue_id}");
    Ok(())
}

/// About 600 words of Markdown: paragraphs, two headings, a quote, a list and, when
/// the site has articles, a site-relative link (the email makes it absolute).
fn issue_body(lead_slug: Option<&str>) -> String {
    let mut dice = Dice::new("issue body");
    let paragraph = |dice: &mut Dice, sentences: usize| {
        (0..sentences)
            .map(|_| sentence(dice))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut blocks = vec![
        "Good morning. Here is what happened in the city yesterday, and what to watch today."
            .to_owned(),
        paragraph(&mut dice, 4),
    ];
    if let Some(slug) = lead_slug {
        blocks.push(format!(
            "Our lead story explains the vote and its cost: [read it on the site](/{slug}/)."
        ));
    }
    blocks.push(format!("## {}", title(&mut dice)));
    blocks.push(paragraph(&mut dice, 5));
    blocks.push(format!("> {}", dice.pick(QUOTES)));
    blocks.push(paragraph(&mut dice, 4));
    blocks.push(
        (0..4)
            .map(|_| format!("- {}", sentence(&mut dice)))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    blocks.push(format!("## {}", title(&mut dice)));
    while blocks.join(" ").split_whitespace().count() < 560 {
        blocks.push(paragraph(&mut dice, 4));
    }
    blocks.push(
        "That is all for today. Reply to this email to tell us what we missed; \
         we read every answer."
            .to_owned(),
    );
    blocks.join("\n\n") + "\n"
}
