//! The command line (DESIGN.md section 4). Every option also reads `BYLINE_<OPTION>`
//! from the environment, and `byline.toml` in the data folder fills what neither sets.

use std::net::SocketAddr;
use std::path::PathBuf;

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
    /// Fill the site with N synthetic articles (for benchmarks).
    Generate(GenerateArgs),
    /// Rebuild the search index from the published posts.
    Reindex(DataArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
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

/// Where the newsroom's data lives.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// The data folder: the SQLite database, media, byline.toml [default: ./byline-data]
    #[arg(long, env = "BYLINE_DATA")]
    pub data: Option<PathBuf>,

    /// A PostgreSQL URL (postgres://…) to use instead of the embedded SQLite database.
    #[arg(long, env = "BYLINE_DATABASE_URL")]
    pub database_url: Option<String>,
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

    /// An SMTP server for account emails (smtp://user:pass@host:587?tls=required).
    /// Without one, emails are written as .eml files to DATA/mail.
    #[arg(long, env = "BYLINE_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of account emails.
    #[arg(
        long,
        env = "BYLINE_MAIL_FROM",
        default_value = "Byline <desk@localhost.localdomain>"
    )]
    pub mail_from: String,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// How many articles to create.
    #[arg(long)]
    pub posts: u32,
}

pub async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => {
            let settings =
                Settings::resolve(&args.data, args.listen, args.theme.clone(), cli.log_format)?;
            crate::logging::init(settings.log_format);
            let mail = crate::serve::MailSettings {
                smtp_url: args.smtp_url,
                from: args.mail_from,
            };
            crate::serve::serve(settings, args.demo, args.url, mail).await
        }
        Command::Generate(args) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::generate::generate(&settings, args.posts).await
        }
        Command::Reindex(data) => {
            let settings = Settings::resolve(&data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::reindex::reindex(&settings).await
        }
        Command::User(UserCommand::Add(args)) => {
            let settings = Settings::resolve(&args.data, None, None, cli.log_format)?;
            crate::logging::init(settings.log_format);
            crate::users::add(&settings, &args).await
        }
    }
}
