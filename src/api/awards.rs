//! `/api/v1/awards`: the award register — every title or form granted to an awardee, with the
//! years of the achievement, the decision, its issuing authority and stream, and the
//! nomination it came from. Revoked awards stay, marked with their document.
//! `/api/v1/awardees/{id}/awards` is a person's or collective's record.

use std::collections::HashMap;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, page, utc, with_etag, Body, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::awardees::{AwardNature, AwardStream};
use crate::domain::models::ModelKind;
use crate::domain::{page as paging, today};
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::awards::{self as service, Filter, NewAward, Revocation, Shown};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(read)
        .service(revoke)
        .service(of_awardee);
}

/// The awardee as an award names it.
#[derive(Serialize, ToSchema, Clone)]
pub struct AwardeeRef {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
}

/// The award type as an award names it.
#[derive(Serialize, ToSchema, Clone)]
pub struct AwardTypeRef {
    #[schema(max_length = 36)]
    pub id: String,
    #[schema(max_length = 100)]
    pub code: String,
    #[schema(max_length = 255)]
    pub name: String,
    pub nature: AwardNature,
}

/// A title or form granted to an awardee.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01",
    "awardee": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "kind": "individual", "name": "Nguyễn Thị Hoa"},
    "award_type": {"id": "0193a1b2-0000-7000-8000-0000000a0002", "code": "chien-si-thi-dua-co-so", "name": "Chiến sĩ thi đua cơ sở", "nature": "title"},
    "period_from": 2024, "period_to": 2024, "decision_number": "85/QĐ-SNV", "decision_date": "2024-12-20",
    "issuing_authority": "Giám đốc Sở Nội vụ", "stream": "merit", "nomination_id": null, "initiative_id": null,
    "decision_id": null, "decision_file_id": null, "bonus_per_mille": null, "bonus_amount": null, "note": null,
    "revoked": false, "revoked_on": null, "revocation_document_id": null, "revocation_reason": null,
    "version": 1, "created_at": "2026-12-07T08:00:00Z", "updated_at": "2026-12-07T08:00:00Z"
}))]
pub struct Award {
    pub id: String,
    pub awardee: Option<AwardeeRef>,
    pub award_type: Option<AwardTypeRef>,
    /// The first and last year of the achievement it recognises.
    pub period_from: i32,
    pub period_to: i32,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub issuing_authority: String,
    pub stream: AwardStream,
    /// The nomination it was approved on, if it came from one.
    pub nomination_id: Option<String>,
    /// The initiative it rested on, if any.
    pub initiative_id: Option<String>,
    /// The issued decision that granted it (`/api/v1/decisions/{id}`), if it came from one.
    #[schema(max_length = 36)]
    pub decision_id: Option<String>,
    /// The issued decision's document as PDF (`/api/v1/files/{id}`), if it came from one.
    #[schema(max_length = 36)]
    pub decision_file_id: Option<String>,
    /// The coefficient (per mille of the base salary) and the bonus the decision paid.
    pub bonus_per_mille: Option<i32>,
    pub bonus_amount: Option<crate::domain::register::Vnd>,
    pub note: Option<String>,
    pub revoked: bool,
    pub revoked_on: Option<NaiveDate>,
    pub revocation_document_id: Option<String>,
    #[schema(max_length = 2000)]
    pub revocation_reason: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Awards {
    #[schema(max_items = 10000)]
    pub items: Vec<Award>,
}

/// A past honour to record (the coordinator).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "award_type_id": "0193a1b2-0000-7000-8000-0000000a0002",
    "period_from": 2024, "period_to": 2024, "decision_number": "85/QĐ-SNV", "decision_date": "2024-12-20",
    "issuing_authority": "Giám đốc Sở Nội vụ"
}))]
pub struct AwardCreate {
    #[schema(max_length = 36)]
    pub awardee_id: String,
    /// A title or form (`/api/v1/award-types`) for the awardee's kind.
    #[schema(max_length = 36)]
    pub award_type_id: String,
    #[schema(minimum = 1945, maximum = 2100)]
    pub period_from: i32,
    /// Absent: `period_from`.
    #[schema(minimum = 1945, maximum = 2100)]
    pub period_to: Option<i32>,
    #[schema(min_length = 1, max_length = 100)]
    pub decision_number: String,
    pub decision_date: NaiveDate,
    /// Absent: the deciding authority of the type's version in force on the decision date.
    #[schema(min_length = 1, max_length = 300)]
    pub issuing_authority: Option<String>,
    /// Absent: the type's.
    pub stream: Option<AwardStream>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// The initiative it rested on (`/api/v1/initiatives`), one of the awardee's.
    #[schema(max_length = 36)]
    pub initiative_id: Option<String>,
}

/// A revocation (Law on Emulation and Commendation 2022, Art. 93): the award stays, marked.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d09", "reason": "Kê khai thành tích không trung thực."}))]
pub struct AwardRevoke {
    /// The document that revokes it (`/api/v1/documents`).
    #[schema(max_length = 36)]
    pub document_id: String,
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
    /// Today when absent.
    pub revoked_on: Option<NaiveDate>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AwardQuery {
    #[param(max_length = 36)]
    pub awardee_id: Option<String>,
    #[param(max_length = 36)]
    pub award_type_id: Option<String>,
    /// Awards whose period includes this year.
    #[param(minimum = 1945, maximum = 2100)]
    pub year: Option<i32>,
    pub stream: Option<AwardStream>,
    pub revoked: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    #[param(max_length = 500)]
    pub cursor: Option<String>,
}

fn assemble(shown: Shown) -> Vec<Award> {
    let awardees: HashMap<String, AwardeeRef> = shown
        .awardees
        .into_iter()
        .map(|a| {
            let r = AwardeeRef {
                id: a.id.clone(),
                kind: a.kind,
                name: a.name,
            };
            (a.id, r)
        })
        .collect();
    let types: HashMap<String, AwardTypeRef> = shown
        .types
        .into_iter()
        .map(|t| {
            let r = AwardTypeRef {
                id: t.id.clone(),
                code: t.code,
                name: t.name,
                nature: t.nature,
            };
            (t.id, r)
        })
        .collect();
    let papers = shown.decision_papers;
    shown
        .rows
        .into_iter()
        .map(|r| Award {
            awardee: awardees.get(&r.awardee_id).cloned(),
            award_type: types.get(&r.award_type_id).cloned(),
            revoked: r.revoked_on.is_some(),
            id: r.id,
            period_from: r.period_from,
            period_to: r.period_to,
            decision_number: r.decision_number,
            decision_date: r.decision_date,
            issuing_authority: r.issuing_authority,
            stream: r.stream,
            nomination_id: r.nomination_id,
            initiative_id: r.initiative_id,
            decision_file_id: r.decision_id.as_ref().and_then(|d| papers.get(d).cloned()),
            decision_id: r.decision_id,
            bonus_per_mille: r.bonus_per_mille,
            bonus_amount: r.bonus_amount.map(crate::domain::register::Vnd),
            note: r.note,
            revoked_on: r.revoked_on,
            revocation_document_id: r.revocation_document_id,
            revocation_reason: r.revocation_reason,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        })
        .collect()
}

fn one(shown: Shown) -> AppResult<Award> {
    assemble(shown)
        .pop()
        .ok_or_else(|| AppError::internal("award vanished"))
}

pub(crate) fn check_new(b: &AwardCreate) -> AppResult<NewAward> {
    let mut c = Check::new();
    let decision_number = c.name("/decision_number", &b.decision_number, 100);
    let issuing_authority = c.optional("/issuing_authority", b.issuing_authority.as_deref(), 300);
    let note = c.optional("/note", b.note.as_deref(), 2000);
    let period_to = b.period_to.unwrap_or(b.period_from);
    for (pointer, year) in [("/period_from", b.period_from), ("/period_to", period_to)] {
        if !(1945..=2100).contains(&year) {
            c.fail(
                pointer,
                t!("Năm từ 1945 đến 2100.", "A year from 1945 to 2100."),
            );
        }
    }
    if period_to < b.period_from {
        c.fail(
            "/period_to",
            t!(
                "Năm cuối không thể trước năm đầu.",
                "The last year cannot precede the first."
            ),
        );
    }
    if b.decision_date > today() {
        c.fail(
            "/decision_date",
            t!(
                "Ngày quyết định không thể ở tương lai.",
                "The decision date cannot be in the future."
            ),
        );
    }
    c.finish()?;
    Ok(NewAward {
        awardee_id: b.awardee_id.clone(),
        award_type_id: b.award_type_id.clone(),
        period_from: b.period_from,
        period_to,
        decision_number,
        decision_date: b.decision_date,
        issuing_authority,
        stream: b.stream,
        note,
        initiative_id: b.initiative_id.clone(),
    })
}

/// Lists the register, the latest period first.
#[utoipa::path(
    tag = "awards", params(AwardQuery),
    responses((status = 200, description = "Một trang sổ khen thưởng", body = Page<Award>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/awards")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<AwardQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(i32, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = Filter {
        awardee_id: q.awardee_id,
        award_type_id: q.award_type_id,
        year: super::year_param("year", q.year, 1945..=2100)?,
        stream: q.stream,
        revoked: q.revoked,
    };
    let (shown, next) = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    Ok(page(&req, assemble(shown), next))
}

/// Records a past honour (the coordinator).
#[utoipa::path(
    tag = "awards", request_body = AwardCreate,
    responses((status = 201, description = "Đã ghi vào sổ khen thưởng", body = Award,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/awards")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<AwardCreate>,
) -> AppResult<HttpResponse> {
    let new = check_new(&body.into_inner())?;
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create(conn, &who, &new))
        .await?;
    let a = one(shown)?;
    Ok(created(format!("/api/v1/awards/{}", a.id), a.version, &a))
}

/// Reads one award.
#[utoipa::path(
    tag = "awards", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Khen thưởng", body = Award, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/awards/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let shown = state.db.read(move |conn| service::read(conn, &id)).await?;
    let a = one(shown)?;
    Ok(with_etag(a.version, &a))
}

/// Revokes an award, keeping it with its document (the coordinator).
#[utoipa::path(
    tag = "awards", request_body = AwardRevoke,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Khen thưởng đã thu hồi", body = Award, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/api/v1/awards/{id}/revoke")]
pub async fn revoke(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<AwardRevoke>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let reason = c.name("/reason", &b.reason, 2000);
    let on = b.revoked_on.unwrap_or_else(today);
    if on > today() {
        c.fail(
            "/revoked_on",
            t!(
                "Ngày thu hồi không thể ở tương lai.",
                "The day of revocation cannot be in the future."
            ),
        );
    }
    c.finish()?;
    let r = Revocation {
        document_id: b.document_id,
        reason,
        on,
    };
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::revoke(conn, &who, &id, &r, if_match.as_deref()))
        .await?;
    let a = one(shown)?;
    Ok(with_etag(a.version, &a))
}

/// A person's or collective's record: every award, revoked ones included.
#[utoipa::path(
    tag = "awards", params(("id" = String, Path, description = "Mã định danh của cá nhân, tập thể")),
    responses((status = 200, description = "Các khen thưởng của cá nhân, tập thể", body = Awards)),
    security(("bearer" = []))
)]
#[get("/api/v1/awardees/{id}/awards")]
pub async fn of_awardee(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let shown = state
        .db
        .read(move |conn| service::of_awardee(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Awards {
        items: assemble(shown),
    }))
}
