//! Site settings: title, description, time zone, language, public address, logo,
//! site icon and navigation. Administrators only.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use byline_core::Action;
use byline_i18n::Args;
use byline_store::{NavItem, SiteSettings};
use byline_voice::{Availability, EngineSpec};
use jiff::tz::TimeZone;
use minijinja::Value;
use serde::Deserialize;

use super::media::store_upload;
use super::words::{DeskLanguage, problems};
use super::{DeskResult, page_with_status, see_other};
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Debug, Deserialize)]
pub struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

pub async fn form(
    State(state): State<SharedState>,
    staff: Staff,
    Query(n): Query<Notice>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let settings = state.db.site_settings().await?;
    let values: BTreeMap<String, String> = [
        ("title", settings.title.clone()),
        ("description", settings.description.clone()),
        ("timezone", settings.timezone.clone()),
        ("language", settings.language.clone()),
        ("url", settings.url.clone()),
        ("logo_url", settings.logo_url.clone().unwrap_or_default()),
        ("icon_url", settings.icon_url.clone().unwrap_or_default()),
        ("navigation", navigation_text(&settings.navigation)),
        ("audio_disclosure", settings.audio_disclosure.clone()),
        ("image_hosts", settings.image_hosts.join("\n")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let notice = n
        .notice
        .is_some()
        .then(|| DeskLanguage::of(&staff).t("settings-saved"));
    render(
        &state,
        &staff,
        StatusCode::OK,
        notice.as_deref(),
        FieldErrors::default(),
        values,
    )
}

fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    notice: Option<&str>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    page_with_status(
        status,
        staff,
        "desk/settings.html",
        "settings",
        minijinja::context! {
            notice, errors => Value::from_serialize(&errors), v => Value::from_serialize(&values),
            error_count => errors.len(),
            narration_status => narration_status(
                &state.narration.availability,
                &DeskLanguage::of(staff),
            ),
        },
    )
}

/// How narration stands on this server, in the staff member's language. What
/// discovery found missing (paths, packages) is named as it named it.
pub(crate) fn narration_status(availability: &Availability, lang: &DeskLanguage) -> String {
    let engine = |spec: &EngineSpec| match spec {
        EngineSpec::Piper { model, .. } => {
            let voice = model
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            lang.t_with(
                "settings-narration-piper",
                &Args::new().text("voice", voice),
            )
        }
        EngineSpec::Espeak { .. } => lang.t("settings-narration-espeak"),
    };
    match availability {
        Availability::Ready {
            engine: spec,
            missing,
        } if missing.is_empty() => lang.t_with(
            "settings-narration-ready",
            &Args::new().text("engine", engine(spec)),
        ),
        Availability::Ready {
            engine: spec,
            missing,
        } => lang.t_with(
            "settings-narration-partial",
            &Args::new()
                .text("engine", engine(spec))
                .text("missing", missing.join("; ")),
        ),
        Availability::Unavailable { missing } => lang.t_with(
            "settings-narration-unavailable",
            &Args::new().text("missing", missing.join("; ")),
        ),
        Availability::Off => lang.t("settings-narration-off"),
    }
}

/// One link per line, "Label | /address/".
pub(super) fn navigation_text(items: &[NavItem]) -> String {
    items
        .iter()
        .map(|item| format!("{} | {}", item.label, item.url))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn parse_navigation(
    text: &str,
    errors: &mut FieldErrors,
    lang: &DeskLanguage,
) -> Vec<NavItem> {
    let mut items = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match line.split_once('|') {
            Some((label, url))
                if !label.trim().is_empty()
                    && (byline_core::links::return_path(url.trim()).is_some()
                        || byline_core::links::web_address(url).is_ok()) =>
            {
                items.push(NavItem {
                    label: label.trim().to_owned(),
                    url: url.trim().to_owned(),
                });
            }
            _ => errors.add(
                "navigation",
                lang.t_with(
                    "settings-error-navigation",
                    &Args::new().integer("line", n as i64 + 1),
                ),
            ),
        }
    }
    items
}

pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    multipart: Multipart,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_multipart(multipart).await?;
    staff.check_csrf(form.csrf())?;
    let lang = DeskLanguage::of(&staff);
    let mut errors = FieldErrors::default();
    let mut values = form.values();
    let title = form.text("title").unwrap_or_default();
    if title.is_empty() {
        errors.add("title", lang.t("settings-error-title"));
    }
    let timezone = form.text("timezone").unwrap_or_default();
    if TimeZone::get(&timezone).is_err() {
        errors.add("timezone", lang.t("error-timezone"));
    }
    let language = form.text("language").unwrap_or_else(|| "en".into());
    let language = match byline_core::LanguageTag::parse(&language) {
        Some(tag) => tag.to_string(),
        None => {
            errors.add("language", lang.t("error-language-tag"));
            language
        }
    };
    let url = form.text("url").unwrap_or_default();
    if byline_core::links::web_address(&url).is_err() {
        errors.add("url", lang.t("settings-error-url"));
    }
    let image_hosts = byline_core::links::host_list(form.get("image_hosts")).unwrap_or_else(|_| {
        errors.add("image_hosts", lang.t("settings-error-image-hosts"));
        Vec::new()
    });
    let navigation = parse_navigation(form.get("navigation"), &mut errors, &lang);
    let audio_disclosure = form.text("audio_disclosure").unwrap_or_default();
    if audio_disclosure.is_empty() {
        errors.add("audio_disclosure", lang.t("settings-error-disclosure"));
    } else if audio_disclosure.chars().count() > 200 {
        errors.add("audio_disclosure", lang.t("settings-error-disclosure-long"));
    }
    let logo_url = picture(
        &state,
        &staff,
        &form,
        Picture {
            field: "logo",
            address_refused: lang.t("settings-error-logo-address"),
            alt: format!("{title} logo"),
        },
        &mut values,
        &mut errors,
    )
    .await?;
    let icon_url = picture(
        &state,
        &staff,
        &form,
        Picture {
            field: "icon",
            address_refused: lang.t("settings-error-icon-address"),
            alt: format!("{title} icon"),
        },
        &mut values,
        &mut errors,
    )
    .await?;
    if !errors.is_empty() {
        return render(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            errors,
            values,
        );
    }
    state
        .db
        .save_site_settings(&SiteSettings {
            title,
            description: form.text("description").unwrap_or_default(),
            timezone,
            language,
            url: url.trim_end_matches('/').to_owned(),
            logo_url,
            icon_url,
            navigation,
            audio_disclosure,
            image_hosts,
        })
        .await?;
    Ok(see_other("/admin/settings?notice=saved"))
}

/// A picture the settings keep by address: the logo or the site icon.
struct Picture {
    /// The file field; the address travels in `{field}_url`, removal in
    /// `remove_{field}`.
    field: &'static str,
    /// What to say when the address sent cannot be used.
    address_refused: String,
    /// The alternative text the upload is stored with.
    alt: String,
}

/// The picture's address after this save: the one sent (an upload or a web address;
/// anything else is dropped with a word), none if removed, or a new upload's.
async fn picture(
    state: &SharedState,
    staff: &Staff,
    form: &FormData,
    picture: Picture,
    values: &mut BTreeMap<String, String>,
    errors: &mut FieldErrors,
) -> Result<Option<String>, crate::kit::errors::HttpError> {
    let url_key = format!("{}_url", picture.field);
    let mut url = form.text(&url_key).and_then(|url| {
        let checked = byline_core::links::upload_path(&url)
            .or_else(|| byline_core::links::web_address(&url).ok());
        if checked.is_none() {
            values.remove(&url_key);
            errors.add(picture.field, picture.address_refused.clone());
        }
        checked
    });
    if form.checked(&format!("remove_{}", picture.field)) {
        url = None;
    }
    if let Some(upload) = form.upload_of(picture.field) {
        match store_upload(state, staff, upload, &picture.alt, "", "").await? {
            Ok(media) => {
                values.insert(url_key, media.url.clone());
                url = Some(media.url);
            }
            Err(problem) => errors.add(
                picture.field,
                problems::image(&DeskLanguage::of(staff), &problem),
            ),
        }
    }
    Ok(url)
}
