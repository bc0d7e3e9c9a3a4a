//! `members/`: the newsletter's readers (Byline's subscribers), for a CRM, a
//! signup form elsewhere or a paywall bridge. A reader is added to a newsletter
//! only with their consent, and the API makes the client say which consent it has:
//! `?send_email=true` (Ghost's own flag) sends the double opt-in email, exactly as
//! a signup box does; `"byline_consent": true` says the reader already agreed, and
//! that statement is recorded in their history with the integration's name. A
//! request with neither is refused, never quietly subscribed.

mod input;
mod object;

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use byline_core::newsletters::{Newsletter, Subscriber, SubscriptionStatus};
use byline_core::public_ids::Resource;
use byline_core::{EmailAddress, SubscriberId};
use byline_store::{ImportRow, SubscriberDetail, SubscriberSearch, SubscriptionView};
use jiff::Timestamp;
use serde_json::Value;

use super::Caller;
use super::objects::{MembersBrowse, MembersRead};
use super::openapi::{ConsentQuery, Invalid, MembersQuery, NotFound, Refusals};
use super::posts::{answer, deleted};
use crate::api::content::objects;
use crate::api::content::params::Params;
use crate::api::errors::{ApiError, ErrorsBody};
use crate::state::SharedState;
use input::{MemberInput, MembersInput, NewsletterRef, checked_name, the_member};
use object::member;
pub use object::member_object;

/// How the client vouches for the reader's consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Consent {
    /// Email a confirmation link; the subscription waits for the reader's click.
    DoubleOptIn,
    /// The integration says the reader agreed already.
    Stated,
    None,
}

fn consent(query: Option<&str>, input: &MemberInput) -> Consent {
    let send_email = query.is_some_and(|q| q.split('&').any(|p| p == "send_email=true"));
    if send_email {
        Consent::DoubleOptIn
    } else if input.byline_consent {
        Consent::Stated
    } else {
        Consent::None
    }
}

/// Members, newest first.
#[utoipa::path(get, path = "/members/", tag = "members", params(MembersQuery),
    responses((status = 200, description = "A page of members", body = MembersBrowse), Refusals),
    security(("admin_token" = [])))]
pub async fn browse(
    _caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(async {
        let params = Params::parse(query.as_deref(), &[])?;
        let search = search_text(query.as_deref());
        // Each reader with where they stand on each newsletter (a list needs no
        // histories, so it reads summaries).
        let (standings, total): (Vec<(Subscriber, Vec<SubscriptionView>)>, i64) =
            match email_filter(query.as_deref())? {
                Some(email) => {
                    let found = match EmailAddress::check(&email) {
                        Ok(email) => state.db.subscriber_id_by_email(&email).await?,
                        Err(_) => None,
                    };
                    let mut standings = Vec::new();
                    if let Some(id) = found
                        && let Some(detail) = state.db.subscriber_detail(id).await?
                    {
                        standings.push((detail.subscriber, detail.subscriptions));
                    }
                    let total = standings.len() as i64;
                    (standings, total)
                }
                None => {
                    let (found, total) = state
                        .db
                        .search_subscribers(&SubscriberSearch {
                            text: search,
                            limit: params.limit.rows(),
                            offset: params.offset(),
                            ..SubscriberSearch::default()
                        })
                        .await?;
                    let standings = found
                        .into_iter()
                        .map(|summary| (summary.subscriber, summary.subscriptions))
                        .collect();
                    (standings, total)
                }
            };
        let newsletters = state.db.newsletters().await?;
        let rows: Vec<Value> = standings
            .iter()
            .map(|(subscriber, subscriptions)| member(subscriber, subscriptions, &newsletters))
            .collect();
        let meta = objects::meta(&params, total);
        let body = MembersBrowse {
            members: rows,
            meta,
        };
        Ok((StatusCode::OK, serde_json::to_value(body)?))
    })
    .await
}

/// One member, by id.
#[utoipa::path(get, path = "/members/{id}/", tag = "members",
    params(("id" = String, Path, description = "The member's 24-hex id")),
    responses((status = 200, description = "The member", body = MembersRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Response {
    answer(async {
        let detail = by_id(&state, &id).await?;
        one(&state, &detail, StatusCode::OK).await
    })
    .await
}

/// Adds a member, with the consent the client vouches for.
#[utoipa::path(post, path = "/members/", tag = "members", params(ConsentQuery), request_body = MembersInput,
    responses((status = 201, description = "The member as saved", body = MembersRead), Refusals, Invalid,
        (status = 503, description = "The confirmation email could not be sent; nothing was sent", body = ErrorsBody)),
    security(("admin_token" = [])))]
pub async fn add(
    caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let input = the_member(body)?;
        let consent = consent(query.as_deref(), &input);
        let email = match input.email.as_deref() {
            Some(text) => EmailAddress::check(text)
                .map_err(|_| invalid(format!("“{text}” is not an email address.")))?,
            None => return Err(invalid("A member needs an email address.")),
        };
        if state.db.subscriber_id_by_email(&email).await?.is_some() {
            return Err(invalid(
                "Member already exists: this address is already a subscriber.",
            ));
        }
        let name = checked_name(input.name.as_deref())?;
        let all = state.db.newsletters().await?;
        let chosen = match &input.newsletters {
            Some(refs) => chosen(&all, refs)?,
            // Ghost subscribes a new member to the newsletters open to signups.
            None => all.iter().filter(|n| n.signup_open).collect(),
        };
        subscribe(&state, &caller, &email, &name, &chosen, consent).await?;
        let id = state
            .db
            .subscriber_id_by_email(&email)
            .await?
            .ok_or_else(|| ApiError::not_found("Member"))?;
        let detail = by_number(&state, id).await?;
        state.webhooks.wake();
        one(&state, &detail, StatusCode::CREATED).await
    })
    .await
}

/// Renames a member or sets their newsletters (joining one needs consent again).
#[utoipa::path(put, path = "/members/{id}/", tag = "members",
    params(("id" = String, Path, description = "The member's 24-hex id"), ConsentQuery), request_body = MembersInput,
    responses((status = 200, description = "The member as saved", body = MembersRead), Refusals, NotFound, Invalid,
        (status = 503, description = "The confirmation email could not be sent", body = ErrorsBody)),
    security(("admin_token" = [])))]
pub async fn edit(
    caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let current = by_id(&state, &id).await?;
        let input = the_member(body)?;
        let consent = consent(query.as_deref(), &input);
        let subscriber = &current.subscriber;
        if let Some(email) = input.email.as_deref()
            && !email.trim().eq_ignore_ascii_case(&subscriber.email)
        {
            return Err(invalid(
                "A member's email address cannot be changed through the API: the reader \
                 confirmed that address. Add the new address as a member instead.",
            ));
        }
        let who = format!("the Admin API integration “{}”", caller.integration.name);
        let now = Timestamp::now();
        if let Some(name) = input.name.as_deref() {
            let name = checked_name(Some(name))?;
            if name != subscriber.name {
                state
                    .db
                    .rename_subscriber(subscriber.id, &name, &who, now)
                    .await?;
            }
        }
        if let Some(refs) = &input.newsletters {
            let all = state.db.newsletters().await?;
            let wanted: BTreeSet<_> = chosen(&all, refs)?.iter().map(|n| n.id).collect();
            let on: BTreeSet<_> = current
                .subscriptions
                .iter()
                .filter(|s| s.status != SubscriptionStatus::Left)
                .map(|s| s.newsletter_id)
                .collect();
            for leaving in on.difference(&wanted) {
                state
                    .db
                    .unsubscribe(subscriber.id, *leaving, &format!("removed by {who}"), now)
                    .await?;
            }
            let joining: Vec<&Newsletter> = all
                .iter()
                .filter(|n| wanted.contains(&n.id) && !on.contains(&n.id))
                .collect();
            if !joining.is_empty() {
                let email = EmailAddress::check(&subscriber.email)
                    .map_err(|_| invalid("The stored address cannot be read."))?;
                subscribe(&state, &caller, &email, &subscriber.name, &joining, consent).await?;
            }
        }
        state.webhooks.wake();
        let detail = by_number(&state, subscriber.id).await?;
        one(&state, &detail, StatusCode::OK).await
    })
    .await
}

/// Deletes a member with their history.
#[utoipa::path(delete, path = "/members/{id}/", tag = "members",
    params(("id" = String, Path, description = "The member's 24-hex id")),
    responses((status = 204, description = "Deleted"), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn delete(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Response {
    deleted(async {
        let detail = by_id(&state, &id).await?;
        state.db.delete_subscriber(detail.subscriber.id).await?;
        state.webhooks.wake();
        Ok(())
    })
    .await
}

/// Puts `email` on `chosen` with the consent the client vouched for.
async fn subscribe(
    state: &SharedState,
    caller: &Caller,
    email: &EmailAddress,
    name: &str,
    chosen: &[&Newsletter],
    consent: Consent,
) -> Result<(), ApiError> {
    if chosen.is_empty() {
        return Err(invalid("Name at least one newsletter in newsletters."));
    }
    let integration = &caller.integration.name;
    match consent {
        Consent::None => Err(invalid(
            "Byline adds a reader to a newsletter only with their consent. Send \
             ?send_email=true&email_type=signup to email them a confirmation link (double \
             opt-in), or \"byline_consent\": true if they already agreed to receive it (the \
             integration's name and that statement are recorded).",
        )),
        Consent::DoubleOptIn => {
            let source = format!("the Admin API integration “{integration}”");
            crate::newsletters::signup::request_signup(state, email, name, &source, chosen)
                .await
                .map_err(|error| {
                    tracing::warn!(error = %format!("{error:#}"), "member signup email not sent");
                    ApiError {
                        status: StatusCode::SERVICE_UNAVAILABLE,
                        kind: "EmailError",
                        message: "The confirmation email could not be sent.".to_owned(),
                        context: Some(
                            "The mail server did not take it; try again in a few minutes."
                                .to_owned(),
                        ),
                    }
                })
        }
        Consent::Stated => {
            let row = ImportRow {
                email: email.clone(),
                name: name.to_owned(),
                newsletter_ids: chosen.iter().map(|n| n.id).collect(),
                consent: true,
            };
            let source =
                format!("the Admin API integration “{integration}” stated the reader's consent");
            state
                .db
                .import_subscribers(&[row], &source, Timestamp::now())
                .await?;
            Ok(())
        }
    }
}

fn chosen<'a>(
    all: &'a [Newsletter],
    refs: &[NewsletterRef],
) -> Result<Vec<&'a Newsletter>, ApiError> {
    refs.iter()
        .map(|r| {
            let found = match r {
                NewsletterRef { id: Some(id), .. } => {
                    let number = Resource::Newsletter.number(id);
                    all.iter().find(|n| Some(n.id.get()) == number)
                }
                NewsletterRef {
                    slug: Some(slug), ..
                } => all.iter().find(|n| n.slug == *slug),
                NewsletterRef {
                    name: Some(name), ..
                } => all.iter().find(|n| n.name == *name),
                _ => None,
            };
            found.ok_or_else(|| {
                invalid(
                    "A newsletter named in newsletters does not exist; newsletters/ lists them.",
                )
            })
        })
        .collect()
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation("member", message)
}

/// `search=` as Ghost's client sends it: part of an address or a name.
fn search_text(query: Option<&str>) -> String {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    pairs
        .into_iter()
        .find(|(name, _)| name == "search")
        .map(|(_, value)| value)
        .unwrap_or_default()
}

/// `filter=email:'…'`, the one filter members/ takes (how tools look a reader up).
fn email_filter(query: Option<&str>) -> Result<Option<String>, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let Some((_, filter)) = pairs.into_iter().find(|(name, _)| name == "filter") else {
        return Ok(None);
    };
    let value = filter
        .strip_prefix("email:")
        .map(|v| v.trim().trim_matches(|c| c == '\'' || c == '"'))
        .filter(|v| !v.is_empty() && !v.contains([',', '+', '(', ')']));
    match value {
        Some(email) => Ok(Some(email.to_owned())),
        None => Err(ApiError::bad_request(
            "This filter cannot be answered.",
            "members/ filters by one email address (filter=email:'reader@example.org'); use \
             search= for part of an address or a name.",
        )),
    }
}

async fn by_id(state: &SharedState, id: &str) -> Result<SubscriberDetail, ApiError> {
    match Resource::Member.number(id) {
        Some(number) => by_number(state, SubscriberId(number)).await,
        None => Err(ApiError::not_found("Member")),
    }
}

async fn by_number(state: &SharedState, id: SubscriberId) -> Result<SubscriberDetail, ApiError> {
    state
        .db
        .subscriber_detail(id)
        .await?
        .ok_or_else(|| ApiError::not_found("Member"))
}

async fn one(
    state: &SharedState,
    detail: &SubscriberDetail,
    status: StatusCode,
) -> Result<(StatusCode, Value), ApiError> {
    let newsletters = state.db.newsletters().await?;
    let object = member(&detail.subscriber, &detail.subscriptions, &newsletters);
    Ok((
        status,
        serde_json::to_value(MembersRead {
            members: vec![object],
        })?,
    ))
}
