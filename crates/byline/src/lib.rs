//! The `byline` binary: command line, configuration, wiring, background work.

mod cli;
mod config;
pub mod demo;
mod export;
mod generate;
mod import;
mod integrations;
mod logging;
mod media;
mod narrate;
mod newsletter;
mod reindex;
pub mod serve;
mod users;

use clap::Parser;

pub use cli::Cli;
pub use config::Settings;

/// Parses the command line and runs the command.
pub fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(cli::dispatch(cli))
}
