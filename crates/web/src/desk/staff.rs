//! The newsroom's staff: invite by email, change roles, deactivate. Administrators
//! only; the last active administrator cannot be demoted or deactivated.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use byline_core::{Action, EmailAddress, Role};
use byline_store::{NewUser, StoreError, TokenPurpose};
use jiff::Timestamp;
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::account::INVITATION_LIFETIME;
use super::words::DeskLanguage;
use super::{DeskResult, page_with_status, see_other};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::{Staff, random_token, token_hash};
use crate::state::SharedState;

#[derive(Debug, Deserialize)]
pub struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Serialize)]
struct Member {
    id: i64,
    name: String,
    email: String,
    role: &'static str,
    active: bool,
    invited: bool,
    me: bool,
}

pub async fn list(
    State(state): State<SharedState>,
    staff: Staff,
    Query(n): Query<Notice>,
) -> DeskResult {
    staff.require(Action::ManageStaff)?;
    let lang = DeskLanguage::of(&staff);
    let notice = match n.notice.as_deref() {
        Some("invited") => Some(lang.t("staff-notice-invited")),
        Some("saved") => Some(lang.t("saved")),
        _ => None,
    };
    render(
        &state,
        &staff,
        StatusCode::OK,
        notice.as_deref(),
        FieldErrors::default(),
        BTreeMap::new(),
    )
    .await
}

async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    notice: Option<&str>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    let members: Vec<Member> = state
        .db
        .list_users()
        .await?
        .into_iter()
        .map(|u| Member {
            me: u.id == staff.user.id,
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role.as_str(),
            active: u.active,
            invited: !u.has_password,
        })
        .collect();
    let lang = DeskLanguage::of(staff);
    let roles: Vec<_> = Role::ALL
        .iter()
        .map(|r| {
            minijinja::context! {
                value => r.as_str(),
                label => lang.t(&format!("role-{}", r.as_str())),
            }
        })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/staff.html",
        "staff",
        minijinja::context! {
            members => Value::from_serialize(&members), roles, notice,
            errors => Value::from_serialize(&errors), v => Value::from_serialize(&values),
        },
    )
}

pub async fn invite(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageStaff)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let lang = DeskLanguage::of(&staff);
    let mut errors = FieldErrors::default();
    let email = EmailAddress::parse(form.get("email"));
    if email.is_err() {
        errors.add("email", lang.t("staff-error-email"));
    }
    let name = form.text("name").unwrap_or_default();
    if name.is_empty() {
        errors.add("name", lang.t("staff-error-name"));
    }
    let role = form.get("role").parse::<Role>();
    if role.is_err() {
        errors.add("role", lang.t("staff-error-role"));
    }
    let (Ok(email), Ok(role), true) = (email, role, errors.is_empty()) else {
        return render(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            errors,
            form.values(),
        )
        .await;
    };
    let user = match state
        .db
        .create_user(&NewUser {
            email: email.clone(),
            name,
            role,
            password_hash: None,
        })
        .await
    {
        Ok(user) => user,
        Err(StoreError::EmailTaken) => match state.db.user_for_sign_in(&email).await? {
            // Invited before but never accepted (perhaps the email was lost): send a
            // fresh link, which also voids the old one.
            Some((pending, None)) if pending.active => pending,
            _ => {
                errors.add("email", lang.t("staff-error-email-taken"));
                return render(
                    &state,
                    &staff,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    None,
                    errors,
                    form.values(),
                )
                .await;
            }
        },
        Err(other) => return Err(other.into()),
    };
    let token = random_token();
    state
        .db
        .create_account_token(
            TokenPurpose::Invitation,
            user.id,
            &token_hash(&token),
            Timestamp::now() + INVITATION_LIFETIME,
        )
        .await?;
    let chrome = state.chrome().await?;
    let message = state
        .mail_templates
        .render(
            "invitation",
            &user.email,
            minijinja::context! {
                site_title => &chrome.site.title,
                inviter_name => &staff.user.name,
                role => role.label().to_lowercase(),
                accept_url => format!("{}/admin/invite/{token}", chrome.site.url),
                expires_hours => INVITATION_LIFETIME.as_hours(),
            },
        )
        .map_err(|e| HttpError::Other(e.into()))?;
    if let Err(error) = state.mailer.send(&message).await {
        // The account exists; an administrator can invite again once mail works.
        tracing::error!(error = %error, user.id = user.id, "cannot send an invitation");
        errors.add("email", lang.t("staff-error-not-sent"));
        return render(
            &state,
            &staff,
            StatusCode::BAD_GATEWAY,
            None,
            errors,
            form.values(),
        )
        .await;
    }
    tracing::info!(
        user.id = user.id,
        invited_by = staff.user.id,
        "staff member invited"
    );
    Ok(see_other("/admin/staff?notice=invited"))
}

pub async fn change(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageStaff)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let member = state.db.user_by_id(id).await?.ok_or(HttpError::NotFound)?;
    let role = form.get("role").parse::<Role>().unwrap_or(member.role);
    let active = match form.get("op") {
        "deactivate" => false,
        "reactivate" => true,
        _ => member.active,
    };
    let loses_admin =
        member.role == Role::Admin && member.active && (role != Role::Admin || !active);
    if loses_admin && state.db.count_admins().await? <= 1 {
        let mut errors = FieldErrors::default();
        errors.add(
            &format!("member-{id}"),
            DeskLanguage::of(&staff).t("staff-error-last-admin"),
        );
        return render(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            errors,
            BTreeMap::new(),
        )
        .await;
    }
    state.db.set_user_access(id, role, active).await?;
    tracing::info!(
        user.id = id,
        changed_by = staff.user.id,
        role = role.as_str(),
        active,
        "staff access changed"
    );
    Ok(see_other("/admin/staff?notice=saved"))
}
