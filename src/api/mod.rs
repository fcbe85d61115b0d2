//! The HTTP layer: one module per resource, the OpenAPI document, and the small helpers every
//! handler shares (the request context, validation, ETags, list answers).

// Handlers read as authorise, check, call the service, answer: none needs more than 60 lines
// (`clippy.toml`), and `.ci/run` keeps every file here under 600.
#![deny(clippy::too_many_lines)]

pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod award_types;
pub mod awardees;
pub mod awards;
pub mod base_salaries;
mod body;
pub mod congresses;
pub mod council_sessions;
pub mod councils;
pub mod criteria;
pub mod decisions;
pub mod doc;
pub mod documents;
pub mod dossiers;
pub mod eligibility;
pub mod files;
pub mod fund_ledger;
pub mod funding;
pub mod groups;
pub mod holidays;
pub mod imports;
pub mod initiatives;
pub mod inspections;
pub mod middleware;
pub mod models;
pub mod movements;
pub mod nominations;
pub mod ops;
pub mod paper_templates;
pub mod plans;
pub mod problems;
pub mod public;
pub mod public_nominations;
pub mod publicity;
pub mod quotas;
pub mod registrations;
pub mod reminders;
pub mod reorganisations;
pub mod reports;
pub mod stats;
pub mod units;
pub mod users;

use futures_util::future::LocalBoxFuture;

use actix_web::dev::{Payload, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{App, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{OpenApi, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::AppExt;

pub use self::body::{parse_body, Body};
pub use crate::domain::access::Who;
use crate::domain::access::{Actor, Caller, Role};
use crate::domain::text;
pub use crate::domain::version::{check_if_match, etag};
pub use crate::error::unknown_reference;
use crate::error::{AppError, AppResult, FieldError, Text};
use crate::t;

/// Every route of the service and the OpenAPI document they make, registered together: the
/// server serves this app and `thidua openapi` prints this document, so the two cannot differ.
/// It needs no state: the server adds its state, middleware and the pages around the API.
pub fn app() -> (
    App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse,
            Error = actix_web::Error,
            InitError = (),
        >,
    >,
    utoipa::openapi::OpenApi,
) {
    App::new()
        .into_utoipa_app()
        .openapi(doc::ApiDoc::openapi())
        .configure(configure)
        .split_for_parts()
}

/// Registers every route of the service. A resource groups its routes in a scope when it owns
/// the prefix: the router does not look past a scope whose prefix matched, so a prefix other
/// modules also route under (units, movements, exemplary models) stays without one.
fn configure(cfg: &mut ServiceConfig) {
    // The router tries routes in order, matching each templated path by regex: the public
    // feed, the hottest path by far, goes first so it is not matched against every route.
    public::configure(cfg);
    public_nominations::configure(cfg);
    auth::configure(cfg);
    users::configure(cfg);
    api_clients::configure(cfg);
    units::configure(cfg);
    reorganisations::configure(cfg);
    groups::configure(cfg);
    documents::configure(cfg);
    movements::configure(cfg);
    nominations::configure(cfg);
    holidays::configure(cfg);
    plans::configure(cfg);
    criteria::configure(cfg);
    decisions::configure(cfg);
    fund_ledger::configure(cfg);
    paper_templates::configure(cfg);
    funding::configure(cfg);
    base_salaries::configure(cfg);
    quotas::configure(cfg);
    congresses::configure(cfg);
    councils::configure(cfg);
    council_sessions::configure(cfg);
    files::configure(cfg);
    imports::configure(cfg);
    reports::configure(cfg);
    inspections::configure(cfg);
    reminders::configure(cfg);
    models::configure(cfg);
    awardees::configure(cfg);
    award_types::configure(cfg);
    eligibility::configure(cfg);
    registrations::configure(cfg);
    awards::configure(cfg);
    initiatives::configure(cfg);
    publicity::configure(cfg);
    stats::configure(cfg);
    problems::configure(cfg);
    audit::configure(cfg);
    ops::configure(cfg);
}

/// The id of a request: the caller's `X-Request-Id` when it is sane, a new UUID otherwise.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// What a write handler needs to know about its request: who calls, and which request it is.
pub struct Ctx {
    pub caller: Caller,
    pub request_id: Option<String>,
}

impl Ctx {
    /// The caller as the audit log records it.
    pub fn who(&self) -> Who {
        Who {
            actor_type: self.caller.kind().to_owned(),
            actor_id: self.caller.id().to_owned(),
            actor_unit_id: self.caller.unit.clone(),
            request_id: self.request_id.clone(),
            cause_id: None,
        }
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Ctx, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let (caller, _) = crate::auth::authenticate(&req).await?;
            let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
            Ok(Ctx { caller, request_id })
        })
    }
}

/// Deserialises a member that may be absent (keep), `null` (clear) or a value (set).
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A UTC timestamp as the API shows it.
pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The language a request asks its texts in (`Accept-Language`; Vietnamese by default).
pub fn lang(req: &HttpRequest) -> crate::error::Lang {
    crate::error::Lang::from_accept_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The `If-Match` header of a request.
pub fn if_match(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// 200 with the record and its ETag.
pub fn with_etag<T: Serialize>(version: i64, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// 201 with the new record, its address and its ETag.
pub fn created<T: Serialize>(location: String, version: i64, body: &T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// `?dry_run=true`: check and answer as the real call would, storing nothing.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DryRunQuery {
    pub dry_run: Option<bool>,
}

/// One page of a list.
#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Give it back as `cursor` for the next page; `null` on the last page.
    #[schema(example = "eyJrIjoiU-G7nyBO4buZaSB24bulIiwiaWQiOiIwMTkzIn0")]
    pub next_cursor: Option<String>,
}

/// 200 with a page, and a `Link: <…>; rel="next"` header when more follow.
pub fn page<T: Serialize + ToSchema>(
    req: &HttpRequest,
    items: Vec<T>,
    next_cursor: Option<String>,
) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    if let Some(link) = next_link(req, &next_cursor) {
        res.insert_header((header::LINK, link));
    }
    res.json(Page { items, next_cursor })
}

/// The `Link: <…>; rel="next"` value for the page after `next_cursor`, keeping the filters.
pub fn next_link(req: &HttpRequest, next_cursor: &Option<String>) -> Option<String> {
    let cursor = next_cursor.as_ref()?;
    let mut pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
    pairs.retain(|(k, _)| k != "cursor");
    pairs.push(("cursor".to_owned(), cursor.clone()));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    Some(format!("<{}?{}>; rel=\"next\"", req.path(), query))
}

/// Whether the caller sees only what concerns its own unit (a unit's officer or software).
pub fn bound_to_unit(caller: &Caller) -> Option<&str> {
    let bound = match &caller.actor {
        Actor::User { role, .. } => *role == Role::UnitOfficer,
        Actor::Client { .. } => true,
    };
    caller.unit.as_deref().filter(|_| bound)
}

/// The ids in their first order, each once.
pub fn unique(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// Collects every invalid field of a request body before answering, so the caller sees them all.
#[derive(Default)]
pub struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    pub fn new() -> Check {
        Check::default()
    }

    pub fn fail(&mut self, pointer: &str, detail: Text) {
        self.errors.push(FieldError::body(pointer, detail));
    }

    /// A required name: NFC, trimmed, 1 to `max` characters.
    pub fn name(&mut self, pointer: &str, value: &str, max: usize) -> String {
        let cleaned = text::clean(value);
        if cleaned.contains('\0') {
            self.fail(
                pointer,
                t!(
                    "Không được chứa ký tự NUL.",
                    "Must not contain NUL characters."
                ),
            );
        } else if cleaned.is_empty() {
            self.fail(pointer, t!("Không được để trống.", "Must not be empty."));
        } else if cleaned.chars().count() > max || value.chars().count() > max {
            // The raw length too: the spec's maxLength is about what was sent.
            self.fail(
                pointer,
                t!("Dài quá {} ký tự.", "Longer than {} characters.", max),
            );
        }
        cleaned
    }

    /// An optional short text: trimmed, empty becomes absent.
    pub fn optional(&mut self, pointer: &str, value: Option<&str>, max: usize) -> Option<String> {
        let value = value?;
        let cleaned = text::clean(value);
        if cleaned.contains('\0') {
            self.fail(
                pointer,
                t!(
                    "Không được chứa ký tự NUL.",
                    "Must not contain NUL characters."
                ),
            );
        } else if cleaned.chars().count() > max || value.chars().count() > max {
            // The raw length too: the spec's maxLength is about what was sent.
            self.fail(
                pointer,
                t!("Dài quá {} ký tự.", "Longer than {} characters.", max),
            );
        }
        (!cleaned.is_empty()).then_some(cleaned)
    }

    /// A year of the register: 2000 to 2100.
    pub fn year(&mut self, pointer: &str, year: i32) {
        if !(2000..=2100).contains(&year) {
            self.fail(
                pointer,
                t!(
                    "Năm phải từ 2000 đến 2100.",
                    "The year must be between 2000 and 2100."
                ),
            );
        }
    }

    /// An optional web address: http or https only.
    pub fn url(&mut self, pointer: &str, value: Option<&str>) -> Option<String> {
        let v = self.optional(pointer, value, 500)?;
        let lower = v.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.contains(' ')) {
            self.fail(
                pointer,
                t!(
                    "Phải là địa chỉ http:// hoặc https://.",
                    "Must be an http:// or https:// address."
                ),
            );
        }
        Some(v)
    }

    /// An optional e-mail address.
    pub fn email(&mut self, pointer: &str, value: Option<&str>) -> Option<String> {
        let v = self.optional(pointer, value, 200)?;
        let ok = v.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !v.contains(' ')
        });
        if !ok {
            self.fail(
                pointer,
                t!(
                    "Địa chỉ thư điện tử không hợp lệ.",
                    "Not a valid e-mail address."
                ),
            );
        }
        Some(v)
    }

    /// Takes the outcome of a nested object's own check: its field errors join these, their
    /// pointers under `prefix` (`/new_unit` + `/code`).
    pub fn nested<T>(&mut self, prefix: &str, checked: AppResult<T>) -> Option<T> {
        match checked {
            Ok(v) => Some(v),
            Err(e) => {
                for f in &e.errors {
                    let at = format!("{prefix}{}", f.pointer.as_deref().unwrap_or_default());
                    self.errors.push(FieldError::body(at, f.detail.clone()));
                }
                if e.errors.is_empty() {
                    self.errors.push(FieldError::body(prefix, e.detail.clone()));
                }
                None
            }
        }
    }

    pub fn finish(self) -> AppResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid(self.errors))
        }
    }
}

/// The words of a `q` search parameter (at most 200 characters), folded for matching.
pub fn search_terms(q: Option<&str>) -> AppResult<Vec<String>> {
    match q {
        Some(q) if q.chars().count() > 200 => Err(AppError::invalid_param(
            "q",
            t!(
                "Chuỗi tìm kiếm dài quá 200 ký tự.",
                "The search is longer than 200 characters."
            ),
        )),
        Some(q) => Ok(text::query_terms(q)),
        None => Ok(Vec::new()),
    }
}

/// A year parameter within `range`.
pub fn year_param(
    name: &str,
    year: Option<i32>,
    range: std::ops::RangeInclusive<i32>,
) -> AppResult<Option<i32>> {
    match year {
        Some(y) if !range.contains(&y) => Err(AppError::invalid_param(
            name,
            t!(
                "Năm phải từ {} đến {}.",
                "The year must be between {} and {}.",
                range.start(),
                range.end()
            ),
        )),
        y => Ok(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_collect_every_error() {
        let mut c = Check::new();
        c.name("/name", "   ", 10);
        c.url("/website", Some("ftp://x"));
        c.email("/email", Some("no-at-sign"));
        let e = c.finish().err();
        assert_eq!(e.map(|e| e.errors.len()), Some(3));
    }
}
