//! Layered configuration: flags, then `BYLINE_*` environment variables (both through
//! clap), then `byline.toml` in the data folder, then defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use byline_media::{MediaStore, S3Settings};
use serde::Deserialize;

use crate::cli::{DataArgs, LogFormat};

pub const DEFAULT_DATA_DIR: &str = "byline-data";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
pub const CONFIG_FILE: &str = "byline.toml";

/// What `byline.toml` may set.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    database_url: Option<String>,
    theme: Option<PathBuf>,
    log_format: Option<LogFormat>,
    media_url: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_path_style: Option<bool>,
    media_public_url: Option<String>,
}

/// The resolved settings a command runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    /// `None` means the embedded SQLite database in the data folder.
    pub database_url: Option<String>,
    pub theme_dir: Option<PathBuf>,
    pub log_format: LogFormat,
    /// Where media is kept: `None` is the data folder's `content/`.
    pub media_bucket: Option<S3Settings>,
    pub media_public_url: Option<String>,
}

impl Settings {
    pub fn resolve(
        data: &DataArgs,
        listen: Option<SocketAddr>,
        theme: Option<PathBuf>,
        log_format: Option<LogFormat>,
    ) -> anyhow::Result<Settings> {
        let data_dir = data
            .data
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        prepare_data_dir(&data_dir)?;
        let file = read_file_config(&data_dir.join(CONFIG_FILE))?;
        let media = &data.media;
        let media_bucket = media
            .media_url
            .clone()
            .or(file.media_url)
            .filter(|url| !url.trim().is_empty())
            .map(|url| S3Settings {
                url,
                endpoint: media.s3_endpoint.clone().or(file.s3_endpoint),
                region: media.s3_region.clone().or(file.s3_region),
                path_style: media.s3_path_style.or(file.s3_path_style),
                credentials: None,
            });
        Ok(Settings {
            media_bucket,
            media_public_url: media
                .media_public_url
                .clone()
                .or(file.media_public_url)
                .filter(|url| !url.trim().is_empty()),
            listen: listen
                .or(file.listen)
                .unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("the default address parses")),
            database_url: data
                .database_url
                .clone()
                .or(file.database_url)
                .filter(|url| !url.trim().is_empty()),
            theme_dir: theme.or(file.theme),
            log_format: log_format.or(file.log_format).unwrap_or(LogFormat::Human),
            data_dir,
        })
    }

    pub fn content_dir(&self) -> PathBuf {
        self.data_dir.join("content")
    }

    /// The media storage these settings name: the bucket, else the data folder.
    pub fn media(&self) -> anyhow::Result<MediaStore> {
        if let Some(url) = &self.media_public_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            bail!("--media-public-url {url:?} is not an http(s):// address");
        }
        let store = match &self.media_bucket {
            Some(bucket) => MediaStore::s3(bucket)?,
            None => MediaStore::folder(&self.content_dir())?,
        };
        Ok(store.with_public_url(self.media_public_url.as_deref()))
    }
}

/// Creates the data folder if needed and proves it can be written to, so a read-only
/// or misnamed folder is reported at start with what to do.
fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir.join("content/images")).with_context(|| {
        format!(
            "cannot create the data folder {} (choose another with --data)",
            dir.display()
        )
    })?;
    let probe = dir.join(".byline-write-check");
    std::fs::write(&probe, b"ok").with_context(|| {
        format!(
            "cannot write to the data folder {} (check its permissions or choose another with --data)",
            dir.display()
        )
    })?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

fn read_file_config(path: &Path) -> anyhow::Result<FileConfig> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileConfig::default()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    match toml::from_str(&text) {
        Ok(config) => Ok(config),
        Err(e) => bail!("{} is not valid: {}", path.display(), e.message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(dir: &Path) -> DataArgs {
        DataArgs {
            data: Some(dir.to_path_buf()),
            database_url: None,
            media: Default::default(),
        }
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "listen = \"127.0.0.1:9999\"\nlog_format = \"json\"\ndatabase_url = \"postgres://db/news\"\n",
        )
        .unwrap();
        let from_file = Settings::resolve(&args(dir.path()), None, None, None).unwrap();
        assert_eq!(from_file.listen, "127.0.0.1:9999".parse().unwrap());
        assert_eq!(from_file.log_format, LogFormat::Json);
        assert_eq!(
            from_file.database_url.as_deref(),
            Some("postgres://db/news")
        );

        let flag: SocketAddr = "127.0.0.1:7000".parse().unwrap();
        let from_flag =
            Settings::resolve(&args(dir.path()), Some(flag), None, Some(LogFormat::Human)).unwrap();
        assert_eq!(from_flag.listen, flag);
        assert_eq!(from_flag.log_format, LogFormat::Human);
    }

    #[test]
    fn defaults_apply_without_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::resolve(&args(dir.path()), None, None, None).unwrap();
        assert_eq!(settings.listen, DEFAULT_LISTEN.parse().unwrap());
        assert_eq!(settings.database_url, None);
        assert!(dir.path().join("content/images").is_dir());
    }

    #[test]
    fn an_unknown_key_in_the_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "lisen = \"x\"\n").unwrap();
        let err = Settings::resolve(&args(dir.path()), None, None, None).unwrap_err();
        assert!(format!("{err:#}").contains("lisen"), "{err:#}");
    }
}
