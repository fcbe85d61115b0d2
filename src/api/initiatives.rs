//! `/api/v1/initiatives` and an awardee's restrictions: the facts eligibility needs besides
//! the award register. An initiative (sáng kiến) has its reach — unit, provincial, national —
//! and the document that recognised it; a restriction (discipline, inspection, complaint) has
//! its period and document.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, double_option, utc, with_etag, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::awardees::{InitiativeReach, RestrictionKind};
use crate::domain::today;
use crate::error::AppResult;
use crate::http::if_match::IfMatch;
use crate::service::initiatives::{
    self as service, InitiativeRow, NewInitiative, NewRestriction, RestrictionRow,
};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(read)
        .service(restrictions)
        .service(restrict)
        .service(end_restriction);
}

/// An initiative of an awardee.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9a01", "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01",
    "title": "Số hóa hồ sơ trợ cấp xã hội tại cấp xã", "reach": "provincial",
    "document_number": "312/QĐ-HĐSK", "recognised_on": "2024-10-15", "document_id": null,
    "version": 1, "created_at": "2026-12-07T08:00:00Z", "updated_at": "2026-12-07T08:00:00Z"
}))]
pub struct Initiative {
    pub id: String,
    pub awardee_id: String,
    pub title: String,
    pub reach: InitiativeReach,
    /// The number of the document that recognised it.
    pub document_number: String,
    pub recognised_on: NaiveDate,
    pub document_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Initiatives {
    #[schema(max_items = 10000)]
    pub items: Vec<Initiative>,
}

/// A new initiative (the coordinator, or the officers of the awardee's unit).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "title": "Số hóa hồ sơ trợ cấp xã hội tại cấp xã",
    "reach": "provincial", "document_number": "312/QĐ-HĐSK", "recognised_on": "2024-10-15"
}))]
pub struct InitiativeCreate {
    #[schema(max_length = 36)]
    pub awardee_id: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    pub reach: InitiativeReach,
    #[schema(min_length = 1, max_length = 100)]
    pub document_number: String,
    pub recognised_on: NaiveDate,
    /// The recognising document, if recorded (`/api/v1/documents`).
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InitiativeQuery {
    #[param(max_length = 36)]
    pub awardee_id: Option<String>,
    pub reach: Option<InitiativeReach>,
}

/// A restriction on an awardee.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9b01", "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01",
    "kind": "discipline", "starts_on": "2025-03-01", "ends_on": "2026-02-28",
    "document_number": "45/QĐ-SNV", "document_id": null, "note": "Khiển trách",
    "version": 1, "created_at": "2026-12-07T08:00:00Z", "updated_at": "2026-12-07T08:00:00Z"
}))]
pub struct Restriction {
    pub id: String,
    pub awardee_id: String,
    pub kind: RestrictionKind,
    pub starts_on: NaiveDate,
    /// The last day; `null` while it lasts.
    pub ends_on: Option<NaiveDate>,
    pub document_number: String,
    pub document_id: Option<String>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Restrictions {
    #[schema(max_items = 1000)]
    pub items: Vec<Restriction>,
}

/// A new restriction (the coordinator).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "discipline", "starts_on": "2025-03-01", "ends_on": "2026-02-28", "document_number": "45/QĐ-SNV", "note": "Khiển trách"}))]
pub struct RestrictionCreate {
    pub kind: RestrictionKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    #[schema(min_length = 1, max_length = 100)]
    pub document_number: String,
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// The end of a restriction; `ends_on: null` makes it last again.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ends_on": "2026-02-28"}))]
pub struct RestrictionPatch {
    #[serde(default, deserialize_with = "double_option")]
    pub ends_on: Option<Option<NaiveDate>>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

fn initiative(r: InitiativeRow) -> Initiative {
    Initiative {
        id: r.id,
        awardee_id: r.awardee_id,
        title: r.title,
        reach: r.reach,
        document_number: r.document_number,
        recognised_on: r.recognised_on,
        document_id: r.document_id,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

fn restriction(r: RestrictionRow) -> Restriction {
    Restriction {
        id: r.id,
        awardee_id: r.awardee_id,
        kind: r.kind,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        document_number: r.document_number,
        document_id: r.document_id,
        note: r.note,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

/// Lists initiatives, the latest recognised first.
#[utoipa::path(
    tag = "awardees", params(InitiativeQuery),
    responses((status = 200, description = "Các sáng kiến", body = Initiatives)),
    security(("bearer" = []))
)]
#[get("/api/v1/initiatives")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<InitiativeQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let rows = state
        .db
        .read(move |conn| service::list(conn, q.awardee_id.as_deref(), q.reach))
        .await?;
    let items = rows.into_iter().map(initiative).collect();
    Ok(HttpResponse::Ok().json(Initiatives { items }))
}

/// Records an initiative (the coordinator, or the awardee's unit).
#[utoipa::path(
    tag = "awardees", request_body = InitiativeCreate,
    responses((status = 201, description = "Đã ghi nhận sáng kiến", body = Initiative,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/initiatives")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<InitiativeCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let new = NewInitiative {
        title: c.name("/title", &b.title, 500),
        document_number: c.name("/document_number", &b.document_number, 100),
        awardee_id: b.awardee_id,
        reach: b.reach,
        recognised_on: b.recognised_on,
        document_id: b.document_id,
    };
    if new.recognised_on > today() {
        c.fail(
            "/recognised_on",
            t!(
                "Ngày công nhận không thể ở tương lai.",
                "recognised_on cannot be in the future."
            ),
        );
    }
    c.finish()?;
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let row = state
        .db
        .write(move |conn| service::create(conn, &caller, &who, &new))
        .await?;
    let i = initiative(row);
    Ok(created(
        format!("/api/v1/initiatives/{}", i.id),
        i.version,
        &i,
    ))
}

/// Reads one initiative.
#[utoipa::path(
    tag = "awardees", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Sáng kiến", body = Initiative, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/initiatives/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = state.db.read(move |conn| service::read(conn, &id)).await?;
    let i = initiative(row);
    Ok(with_etag(i.version, &i))
}

/// Lists the restrictions on an awardee.
#[utoipa::path(
    tag = "awardees", params(("id" = String, Path, description = "Mã định danh của cá nhân, tập thể")),
    responses((status = 200, description = "Các hạn chế", body = Restrictions)),
    security(("bearer" = []))
)]
#[get("/api/v1/awardees/{id}/restrictions")]
pub async fn restrictions(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let rows = state
        .db
        .read(move |conn| service::restrictions(conn, &caller, &id))
        .await?;
    let items = rows.into_iter().map(restriction).collect();
    Ok(HttpResponse::Ok().json(Restrictions { items }))
}

/// Records a restriction on an awardee (the coordinator).
#[utoipa::path(
    tag = "awardees", request_body = RestrictionCreate,
    params(("id" = String, Path, description = "Mã định danh của cá nhân, tập thể")),
    responses((status = 201, description = "Đã ghi nhận hạn chế", body = Restriction,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/awardees/{id}/restrictions")]
pub async fn restrict(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<RestrictionCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let new = NewRestriction {
        document_number: c.name("/document_number", &b.document_number, 100),
        note: c.optional("/note", b.note.as_deref(), 2000),
        kind: b.kind,
        starts_on: b.starts_on,
        ends_on: b.ends_on,
        document_id: b.document_id,
    };
    if new.ends_on.is_some_and(|e| e < new.starts_on) {
        c.fail(
            "/ends_on",
            t!(
                "Ngày kết thúc không thể trước ngày bắt đầu.",
                "ends_on cannot precede starts_on."
            ),
        );
    }
    c.finish()?;
    let who = ctx.who();
    let awardee = id.into_inner();
    let row = state
        .db
        .write(move |conn| service::restrict(conn, &who, &awardee, &new))
        .await?;
    let r = restriction(row);
    let at = format!("/api/v1/awardees/{}/restrictions/{}", r.awardee_id, r.id);
    Ok(created(at, r.version, &r))
}

/// Ends a restriction, or makes it last again (the coordinator).
#[utoipa::path(
    tag = "awardees", request_body = RestrictionPatch,
    params(("id" = String, Path, description = "Mã định danh của cá nhân, tập thể"),
        ("restriction_id" = String, Path, description = "Mã định danh của hạn chế"), IfMatch),
    responses((status = 200, description = "Hạn chế sau khi sửa", body = Restriction, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/awardees/{id}/restrictions/{restriction_id}")]
pub async fn end_restriction(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    path: web::Path<(String, String)>,
    body: Body<RestrictionPatch>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let note = c.optional("/note", b.note.as_deref(), 2000);
    c.finish()?;
    let (awardee, id) = path.into_inner();
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            let ends_on = b.ends_on.unwrap_or_default();
            let key = (awardee.as_str(), id.as_str());
            service::end_restriction(conn, &who, key, ends_on, note.clone(), if_match.as_deref())
        })
        .await?;
    let r = restriction(row);
    Ok(with_etag(r.version, &r))
}
