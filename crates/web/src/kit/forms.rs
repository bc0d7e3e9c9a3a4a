//! Reading desk forms and answering mistakes in place: every field keeps what was
//! typed, and a mistake is shown next to the field it concerns.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use serde::Serialize;

use super::errors::HttpError;

/// Largest request body the desk accepts (an image upload plus the form). Images
/// themselves have a lower limit with a friendlier message.
pub const MAX_FORM_BYTES: usize = 48 * 1024 * 1024;

/// A submitted form: its fields in order (a field may repeat, as the ordered author
/// pickers do) and its uploaded files (one per file field).
#[derive(Debug, Default, Clone)]
pub struct FormData {
    pairs: Vec<(String, String)>,
    uploads: Vec<Upload>,
}

#[derive(Debug, Clone)]
pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub bytes: bytes::Bytes,
}

impl FormData {
    /// The form's fields, without control characters in names or values: what a
    /// desk form saves never carries one into a page or a feed.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> FormData {
        FormData {
            pairs: pairs
                .into_iter()
                .map(|(name, value)| (without_controls(name), without_controls(value)))
                .collect(),
            uploads: Vec::new(),
        }
    }

    /// The first file sent, whichever field it came in.
    pub fn upload(&self) -> Option<&Upload> {
        self.uploads.first()
    }

    /// The file sent in the field `name`.
    pub fn upload_of(&self, name: &str) -> Option<&Upload> {
        self.uploads.iter().find(|upload| upload.field == name)
    }

    /// Reads a `multipart/form-data` body: text fields, and the first file of each
    /// file field that has one (the body's size is bounded by the desk's limit).
    pub async fn from_multipart(mut multipart: Multipart) -> Result<FormData, HttpError> {
        let mut form = FormData::default();
        while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let bytes = field.bytes().await.map_err(unreadable)?;
                    if !bytes.is_empty() && form.upload_of(&name).is_none() {
                        form.uploads.push(Upload {
                            field: name,
                            file_name,
                            bytes,
                        });
                    }
                }
                None => {
                    let text = field.text().await.map_err(unreadable)?;
                    form.pairs
                        .push((without_controls(name), without_controls(text)));
                }
            }
        }
        Ok(form)
    }

    /// The field's value as sent, or "".
    pub fn get(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or("")
    }

    /// The trimmed value, or `None` when empty.
    pub fn text(&self, name: &str) -> Option<String> {
        let value = self.get(name).trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// Every value of a repeated field, in the order sent, empty ones left out.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.trim())
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        self.pairs.iter().any(|(key, _)| key == name)
    }

    pub fn csrf(&self) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == "csrf")
            .map(|(_, value)| value.as_str())
    }

    /// The fields as a map for re-filling a form (first value of each).
    pub fn values(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for (key, value) in &self.pairs {
            if key != "csrf" {
                map.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        map
    }
}

fn without_controls(text: String) -> String {
    match byline_core::text::strip_controls(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
    }
}

/// A body over the limit is 413; a body that is not well-formed multipart is 400.
fn unreadable(error: MultipartError) -> HttpError {
    tracing::debug!(error = %error, "unreadable form");
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        HttpError::FormTooLarge
    } else {
        HttpError::MalformedForm
    }
}

/// Mistakes in a form, by field name, in the words shown next to the field.
#[derive(Debug, Default, Clone, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}
