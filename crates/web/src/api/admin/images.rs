//! `images/upload/`: a tool's image goes into the media library through the desk's
//! own pipeline (checked, stripped of metadata, resized, written under its content
//! hash), with the same limits and the same words for a refusal, in Ghost's
//! envelope: `{"images":[{"url","ref"}]}`.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use byline_images::ImageError;

use super::Caller;
use super::objects::{ImageObject, ImagesUploaded};
use super::openapi::{Invalid, Refusals, TooLarge};
use super::posts::answer;
use crate::api::errors::ApiError;
use crate::desk::media::{ImageWords, add_to_library};
use crate::discovery::absolute;
use crate::kit::forms::Upload;
use crate::state::SharedState;

/// The longest `ref` kept (it is the client's own label, echoed back).
const MAX_REF_CHARS: usize = 1000;

/// What an upload sends: a multipart form.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "describes the form the handler reads")]
pub struct ImageUpload {
    /// The image: JPEG, PNG, WebP or GIF, at most 20 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The client's own label, answered back.
    #[schema(rename = "ref")]
    reference: Option<String>,
    /// `image`, `profile_image` or `icon` (all treated alike).
    purpose: Option<String>,
}

/// Adds an image to the library.
#[utoipa::path(post, path = "/images/upload/", tag = "images",
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "The image's address", body = ImagesUploaded), Refusals, Invalid, TooLarge),
    security(("admin_token" = [])))]
pub async fn upload(
    _caller: Caller,
    State(state): State<SharedState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    answer(async {
        let mut multipart = multipart.map_err(|rejection| {
            ApiError::bad_request(
                "The upload is not a multipart form.",
                format!(
                    "Send multipart/form-data with the image in a field called file ({rejection})."
                ),
            )
        })?;
        let mut file: Option<Upload> = None;
        let mut reference: Option<String> = None;
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            match name.as_str() {
                "file" => {
                    let file_name = field.file_name().unwrap_or("upload").to_owned();
                    let bytes = field.bytes().await.map_err(unreadable)?;
                    file = Some(Upload {
                        field: name,
                        file_name,
                        bytes,
                    });
                }
                "ref" => {
                    let text = field.text().await.map_err(unreadable)?;
                    reference = Some(text.chars().take(MAX_REF_CHARS).collect());
                }
                // `purpose` (image, profile_image, icon) asks Ghost for other size
                // checks; Byline treats every image alike.
                _ => {}
            }
        }
        let Some(file) = file else {
            return Err(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "ValidationError",
                "Send the image in a multipart field called file.",
            ));
        };
        let words = ImageWords {
            alt: "",
            caption: "",
            credit: "",
        };
        // An integration adds images; it never rewords one already in the library.
        let media = match add_to_library(&state, &file, words, None, |_| false).await? {
            Ok(media) => media,
            Err(problem) => return Err(image_refusal(&problem)),
        };
        let chrome = state.chrome().await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(ImagesUploaded {
                images: vec![ImageObject {
                    url: absolute(&chrome.site.url, &media.url),
                    reference,
                }],
            })?,
        ))
    })
    .await
}

fn refused(status: StatusCode, kind: &'static str, context: impl Into<String>) -> ApiError {
    ApiError {
        status,
        kind,
        message: "The image was not saved.".to_owned(),
        context: Some(context.into()),
    }
}

/// The pipeline's own words, with Ghost's status and type.
fn image_refusal(problem: &ImageError) -> ApiError {
    match problem {
        ImageError::TooLarge { .. } => refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLargeError",
            problem.to_string(),
        ),
        _ => refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
            problem.to_string(),
        ),
    }
}

/// A body over the limit is 413; a broken multipart body 400.
fn unreadable(error: axum::extract::multipart::MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLargeError",
            format!(
                "Images can be at most {} MB.",
                byline_images::Limits::default().max_bytes / (1024 * 1024)
            ),
        )
    } else {
        ApiError::bad_request(
            "The upload could not be read.",
            format!("The multipart body is not well formed ({error})."),
        )
    }
}
