//! `byline serve`: open the database, load the theme, run the site until SIGTERM or
//! Ctrl-C, then finish the requests in flight and exit 0.

use anyhow::Context;
use byline_store::Db;
use byline_web::{Server, Theme, WebConfig};

use crate::config::Settings;

pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    match &settings.database_url {
        Some(url) => Db::connect(url).await,
        None => Db::open_sqlite_in(&settings.data_dir).await,
    }
}

pub async fn serve(settings: Settings, args: &crate::cli::ServeArgs) -> anyhow::Result<()> {
    let (demo, mail, voice) = (args.demo, &args.mail, &args.voice);
    let theme = match &settings.theme_dir {
        Some(dir) => Theme::from_dir(dir)?,
        None => Theme::embedded(),
    };
    let db = open_database(&settings).await?;
    let media = settings.media()?;
    if demo {
        crate::demo::fill_if_empty(&db, &media).await?;
    }
    if let Some(url) = &args.url {
        set_public_url(&db, url).await?;
    }
    let mut config = WebConfig::new(settings.listen, settings.content_dir(), theme);
    if settings.media_bucket.is_some() && mail.smtp_url.is_none() {
        // Everything else a node keeps is shared or scratch; mail files are not.
        tracing::warn!(
            "media is in a bucket but mail has no --smtp-url: emails are written to this node's data folder, where other nodes cannot see them"
        );
    }
    if settings.media_bucket.is_some() {
        // Told at start rather than at the first upload; the site serves either way.
        let probe = media.clone();
        tokio::spawn(async move {
            match probe.probe().await {
                Ok(()) => tracing::info!(media = %probe.place(), "the media bucket answers"),
                Err(error) => {
                    tracing::warn!(error = %error, "the media bucket does not answer yet; uploads fail until it does")
                }
            }
        });
    }
    rebuild_search_if_outdated(&db);
    config.media = Some(media);
    config.mailer = Some(mail.mailer(&settings)?);
    config.delivery = mail.delivery_config();
    config.narration = byline_web::narration::NarrationConfig {
        voice: voice.settings(),
        worker: Some(std::env::current_exe().context("cannot find the byline program itself")?),
        limits: Default::default(),
    };
    config.max_streams_per_address = args.max_streams_per_address;
    config.metrics_token = args.metrics_token.clone().filter(|t| !t.trim().is_empty());
    config.webhooks.allow_private = args.webhooks_to_private_addresses;
    config.webhooks.retry_base = std::time::Duration::from_secs(args.webhook_first_retry_seconds);
    let server = Server::bind(db.clone(), config).await?;
    // Listening for SIGTERM before saying "serving": a supervisor that stops the
    // server as soon as it reads that line must find it ready to stop cleanly.
    let shutdown = shutdown_signal();
    let address = server.local_addr();
    tracing::info!(
        listen = %address,
        database = if settings.database_url.is_some() { "postgres" } else { "sqlite" },
        "Byline is serving at http://{address}/"
    );
    if demo {
        let (email, password) = crate::demo::desk_account(&db).await?;
        // Printed, not logged: this is for the person at the terminal.
        println!(
            "Demo desk sign-in: http://{address}/admin/  email: {email}  password: {password}"
        );
    }
    server.run(shutdown).await?;
    tracing::info!("stopped; requests in flight were completed");
    db.close().await;
    Ok(())
}

/// Completes at SIGTERM or Ctrl-C. The handlers are installed when this is called,
/// not when the future is first polled.
fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let (terminate, interrupt) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let wait = async |signal: Option<tokio::signal::unix::Signal>| match signal {
                Some(mut signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            };
            tokio::select! {
                () = wait(terminate) => {},
                () = wait(interrupt) => {},
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}

/// Saves the site's public address (checked: http(s), a host, no query) if it changed.
async fn set_public_url(db: &Db, url: &str) -> anyhow::Result<()> {
    let url = url.trim().trim_end_matches('/');
    let valid = (url.starts_with("https://") || url.starts_with("http://"))
        && url
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(['?', '#', ' ']));
    if !valid {
        anyhow::bail!("--url must be the site's address such as https://news.example, not '{url}'");
    }
    let mut settings = db.site_settings().await?;
    if settings.url != url {
        settings.url = url.to_owned();
        db.save_site_settings(&settings).await?;
        tracing::info!(url, "the site's public address was updated");
    }
    Ok(())
}

/// Rebuilds the search index in the background when it was folded by older rules that
/// read one of the editions' languages differently (an upgrade on a Ukrainian site),
/// so readers' searches meet the stored words again. One node claims the rebuild by
/// marking the index current first; a failed rebuild takes the mark back, so the next
/// start tries again. Searches answer meanwhile, from a part of the archive.
fn rebuild_search_if_outdated(db: &byline_store::Db) {
    let db = db.clone();
    tokio::spawn(async move {
        match db.search_index_outdated().await {
            Ok(false) => {}
            Ok(true) => {
                let current = byline_core::search::FOLD_RULES;
                if let Err(error) = db.mark_search_index_folded(current).await {
                    tracing::warn!(error = %error, "could not claim the search index rebuild");
                    return;
                }
                tracing::warn!(
                    "rebuilding the search index: the folding rules of an edition's language changed"
                );
                match db.reindex(|_, _| {}).await {
                    Ok(posts) => tracing::info!(posts, "search index rebuilt"),
                    Err(error) => {
                        tracing::error!(error = %error, "the search index rebuild failed; run byline reindex");
                        let _ = db.mark_search_index_folded(current - 1).await;
                    }
                }
            }
            Err(error) => {
                tracing::warn!(error = %error, "could not check the search index's rules")
            }
        }
    });
}
