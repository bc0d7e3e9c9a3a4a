//! Receiving an export file: streamed to `DATA/imports/`, size-capped, checked by
//! reading its catalog before any job is queued.

use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use axum::http::StatusCode;
use byline_i18n::Args;
use byline_import::source::{MAX_FILE_BYTES, ReadError};
use byline_import::wordpress::WordPressArchive;
use byline_import::{Archive, GhostArchive};
use tokio::io::AsyncWriteExt;

use crate::desk::words::{DeskLanguage, problems};
use crate::kit::errors::HttpError;
use crate::kit::session::Staff;
use crate::state::SharedState;

/// The largest file the desk takes; larger archives are imported from the command
/// line, which reads files up to [`MAX_FILE_BYTES`].
pub const MAX_UPLOAD_BYTES: usize = 512 * 1024 * 1024;

/// Why an upload did not become an import.
pub enum Refused {
    /// Shown on the page, beside the form for `platform`.
    File {
        platform: String,
        status: StatusCode,
        message: String,
    },
    Desk(HttpError),
}

impl From<HttpError> for Refused {
    fn from(error: HttpError) -> Self {
        Refused::Desk(error)
    }
}

fn refused(platform: &str, status: StatusCode, message: impl Into<String>) -> Refused {
    Refused::File {
        platform: platform.to_owned(),
        status,
        message: message.into(),
    }
}

/// Where uploads wait: beside the database, never under the public content folder.
pub fn imports_dir(state: &crate::state::AppState) -> PathBuf {
    state
        .content_dir
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| state.content_dir.clone())
        .join("imports")
}

/// Where an upload waits in the media storage for the node that runs its import
/// (never served: `/content/private/…` is refused).
pub fn shared_key(stored: &str) -> String {
    format!("{}/imports/{stored}", crate::content_files::PRIVATE_FOLDER)
}

/// Saves the upload, checks it, and queues its import; returns the import's id.
pub async fn receive(
    state: &SharedState,
    staff: &Staff,
    mut multipart: Multipart,
) -> Result<i64, Refused> {
    let lang = DeskLanguage::of(staff);
    let mut csrf = None;
    let mut platform = String::new();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| HttpError::MalformedForm)?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = Some(field.text().await.map_err(|_| HttpError::MalformedForm)?),
            "platform" => platform = field.text().await.map_err(|_| HttpError::MalformedForm)?,
            "file" => {
                // The form sends its token and platform before the file: nothing is
                // written to disk for a request that is not the desk's own.
                staff.check_csrf(csrf.as_deref())?;
                let extension = match platform.as_str() {
                    "ghost" => "json",
                    "wordpress" => "xml",
                    _ => {
                        let message = lang.t("imports-error-platform");
                        return Err(HttpError::BadRequest(message).into());
                    }
                };
                let file_name: String = field
                    .file_name()
                    .unwrap_or("export")
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(120)
                    .collect();
                let dir = imports_dir(state);
                tokio::fs::create_dir_all(&dir)
                    .await
                    .map_err(|e| HttpError::Other(e.into()))?;
                let stored = format!("{}.{extension}", random_name());
                let path = dir.join(&stored);
                let mut file = tokio::fs::File::create(&path)
                    .await
                    .map_err(|e| HttpError::Other(e.into()))?;
                let mut written = 0usize;
                loop {
                    let chunk = match field.chunk().await {
                        Ok(Some(chunk)) => chunk,
                        Ok(None) => break,
                        Err(_) => {
                            drop(file);
                            let _ = tokio::fs::remove_file(&path).await;
                            return Err(too_large(&platform, &lang));
                        }
                    };
                    written += chunk.len();
                    if written > MAX_UPLOAD_BYTES {
                        drop(file);
                        let _ = tokio::fs::remove_file(&path).await;
                        return Err(too_large(&platform, &lang));
                    }
                    if let Err(e) = file.write_all(&chunk).await {
                        drop(file);
                        let _ = tokio::fs::remove_file(&path).await;
                        return Err(HttpError::Other(e.into()).into());
                    }
                }
                file.flush().await.map_err(|e| HttpError::Other(e.into()))?;
                drop(file);
                if written == 0 {
                    let _ = tokio::fs::remove_file(&path).await;
                    return Err(refused(
                        &platform,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        lang.t("imports-error-no-file"),
                    ));
                }
                if let Err(error) = check(&platform, &path).await {
                    let _ = tokio::fs::remove_file(&path).await;
                    return Err(refused(
                        &platform,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        problems::import_file(&lang, &error),
                    ));
                }
                // Any node may run the import: with a bucket, the file waits there
                // too, so the node that takes the job can fetch it.
                if state.media.local_folder().is_none()
                    && let Err(error) = state.media.put_file(&shared_key(&stored), &path).await
                {
                    let _ = tokio::fs::remove_file(&path).await;
                    return Err(HttpError::from(error).into());
                }
                let id = state
                    .db
                    .queue_import_run(&platform, &file_name, &stored, staff.user.id)
                    .await
                    .map_err(HttpError::from)?;
                state.imports_wake.notify_one();
                tracing::info!(user.id = staff.user.id, import.id = id, import.platform = %platform,
                    import.bytes = written, "import queued");
                return Ok(id);
            }
            _ => {}
        }
    }
    staff.check_csrf(csrf.as_deref())?;
    Err(refused(
        if platform.is_empty() {
            "ghost"
        } else {
            &platform
        },
        StatusCode::UNPROCESSABLE_ENTITY,
        lang.t("imports-error-no-file"),
    ))
}

fn too_large(platform: &str, lang: &DeskLanguage) -> Refused {
    refused(
        platform,
        StatusCode::PAYLOAD_TOO_LARGE,
        lang.t_with(
            "imports-error-upload-too-large",
            &Args::new()
                .integer("most", (MAX_UPLOAD_BYTES / (1024 * 1024)) as i64)
                .integer("command_line", (MAX_FILE_BYTES / (1024 * 1024)) as i64),
        ),
    )
}

/// Reads the file's catalog (everything but the posts): a file of the wrong kind, a
/// broken one or a hostile one is refused before any job exists.
pub async fn check(platform: &str, path: &Path) -> Result<(), ReadError> {
    let archive = open(platform, path, None)?;
    tokio::task::spawn_blocking(move || {
        let mut archive = archive;
        archive.catalog().map(|_| ())
    })
    .await
    .unwrap_or(Err(ReadError::Stopped))
}

pub fn open(
    platform: &str,
    path: &Path,
    media: Option<&Path>,
) -> Result<Box<dyn Archive>, ReadError> {
    Ok(match platform {
        "wordpress" => Box::new(WordPressArchive::open(path)?),
        _ => Box::new(GhostArchive::open(path, media)?),
    })
}

fn random_name() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the system has a random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
