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
            crate::serve::serve(settings, args.demo, args.url).await
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
    }
}
