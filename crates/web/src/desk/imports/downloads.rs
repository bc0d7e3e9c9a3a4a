//! `GET /admin/export/site.json` and `/admin/export/media.tar`: the whole site in
//! Ghost's import format, and its images laid out like Ghost's content folder.
//!
//! Each is written to a file in the data folder first (a site can be large, and a
//! half-written export must never reach the browser as if it were whole), then sent
//! from that file; the file is unlinked as soon as it is open.

use std::io::Write;
use std::path::PathBuf;

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use byline_core::Action;
use byline_i18n::Args;
use futures_util::stream;
use tokio::io::AsyncReadExt;

use super::super::DeskResult;
use crate::desk::words::DeskLanguage;
use crate::kit::errors::HttpError;
use crate::kit::session::Staff;
use crate::state::SharedState;

pub async fn site_json(State(state): State<SharedState>, staff: Staff) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let path = scratch(&state, "json").await?;
    let written = async {
        let file = std::fs::File::create(&path)?;
        let mut out = std::io::BufWriter::new(file);
        let report = byline_export::write_ghost_json(&state.db, &mut out, &|_| {}).await?;
        out.flush()?;
        anyhow::Ok(report)
    }
    .await;
    if let Err(error) = written {
        let _ = tokio::fs::remove_file(&path).await;
        return Err(HttpError::Other(error));
    }
    tracing::info!(user.id = staff.user.id, "site exported from the desk");
    send(path, "application/json", "byline-export.json").await
}

pub async fn media_tar(State(state): State<SharedState>, staff: Staff) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let path = scratch(&state, "tar").await?;
    let written = async {
        let file = std::fs::File::create(&path)?;
        let mut out = std::io::BufWriter::new(file);
        byline_export::write_media_tar(&state.media, &mut out).await?;
        out.flush()?;
        anyhow::Ok(())
    }
    .await;
    if let Err(error) = written {
        let _ = tokio::fs::remove_file(&path).await;
        if error.downcast_ref::<byline_media::MediaError>().is_some() {
            let message = DeskLanguage::of(&staff).t_with(
                "export-error-media",
                &Args::new().text("problem", format!("{error:#}")),
            );
            return Err(HttpError::MediaUnavailable(message));
        }
        return Err(HttpError::Other(error));
    }
    send(path, "application/x-tar", "byline-media.tar").await
}

async fn scratch(state: &SharedState, extension: &str) -> Result<PathBuf, HttpError> {
    let dir = super::upload::imports_dir(state).join("exports");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| HttpError::Other(e.into()))?;
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the system has a random source");
    let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(dir.join(format!("{name}.{extension}")))
}

/// Streams a finished file and forgets it.
async fn send(path: PathBuf, content_type: &'static str, name: &str) -> DeskResult {
    let file = tokio::fs::File::open(&path)
        .await
        .map_err(|e| HttpError::Other(e.into()))?;
    let length = file
        .metadata()
        .await
        .map_err(|e| HttpError::Other(e.into()))?
        .len();
    // Unix keeps an open file's bytes until it is closed.
    let _ = tokio::fs::remove_file(&path).await;
    let chunks = stream::unfold(file, |mut file| async move {
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(bytes::Bytes::from(buf)), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}
