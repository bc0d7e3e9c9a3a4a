//! `byline integration add NAME`: makes an integration and prints its keys once, in
//! lines a script can read (`content_key=…`, `admin_key=ID:SECRET`).

use anyhow::bail;
use byline_core::integrations::integration_name;

use crate::cli::IntegrationAddArgs;
use crate::config::Settings;

pub async fn add(settings: &Settings, args: &IntegrationAddArgs) -> anyhow::Result<()> {
    let name = match integration_name(&args.name) {
        Ok(name) => name,
        Err(problem) => bail!("{problem}"),
    };
    let db = crate::serve::open_database(settings).await?;
    let created = db.create_integration(name).await;
    db.close().await;
    let (integration, keys) = created?;
    eprintln!(
        "Added the integration \"{}\". Its keys are shown this once: keep them somewhere safe.",
        integration.name
    );
    println!("content_key={}", keys.content.as_str());
    println!("admin_key={}", keys.admin);
    Ok(())
}
