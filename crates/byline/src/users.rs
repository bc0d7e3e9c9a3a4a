//! `byline user add`: creates a staff account from the command line, typically the
//! first administrator. The password comes on standard input so it never shows in
//! the shell history or the process list.

use std::io::BufRead;

use anyhow::{Context, bail};
use byline_core::accounts::check_new_password;
use byline_core::{EmailAddress, Role};
use byline_store::{NewUser, StoreError};

use crate::cli::UserAddArgs;
use crate::config::Settings;

pub async fn add(settings: &Settings, args: &UserAddArgs) -> anyhow::Result<()> {
    let email = EmailAddress::parse(&args.email)
        .map_err(|e| anyhow::anyhow!("--email '{}': {e}", args.email))?;
    let role: Role = args.role.parse().map_err(|_| {
        anyhow::anyhow!(
            "--role must be admin, editor, author or contributor, not '{}'",
            args.role
        )
    })?;
    let name = args.name.trim();
    if name.is_empty() {
        bail!("--name cannot be empty");
    }
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    check_new_password(&password)
        .map_err(|e| anyhow::anyhow!("the password on standard input is too weak: {e}"))?;
    let hash = byline_web::hash_password(password).await?;
    let db = crate::serve::open_database(settings).await?;
    let created = db
        .create_user(&NewUser {
            email,
            name: name.to_owned(),
            role,
            password_hash: Some(hash),
        })
        .await;
    db.close().await;
    match created {
        Ok(user) => {
            println!(
                "Added {} <{}> as {}.",
                user.name,
                user.email,
                role.label().to_lowercase()
            );
            Ok(())
        }
        Err(StoreError::EmailTaken) => bail!(
            "a staff member with the email {} already exists",
            args.email.trim()
        ),
        Err(other) => Err(other.into()),
    }
}
