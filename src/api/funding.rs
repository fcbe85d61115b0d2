//! The emulation fund per year (`/api/v1/emulation-funds/{year}`) and the grants the
//! coordinator advises for lead units (`/api/v1/funding-grants`, letter point 6b). Money is
//! whole đồng; approved grants never exceed the year's fund, whichever instance approves.

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{page, utc, with_etag, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::register::{GrantAction, GrantState, Vnd};
use crate::error::{AppError, AppResult};
use crate::http::idempotency::{self, Answer, Idempotent};
use crate::service::funding::{
    self as service, Approval, Filter, FundSetting, FundView, GrantView, NewGrant,
};
use crate::service::movements::{document, DocumentRef, UnitRef};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(read_fund).service(set_fund).service(
        scope("/api/v1/funding-grants")
            .service(request)
            .service(list)
            .service(read)
            .service(recommend)
            .service(approve)
            .service(reject),
    );
}

/// The fund of a year and what is committed from it.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "year": 2023, "amount": 2000000000, "document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c09", "number": "25/QĐ-UBND", "issued_on": "2023-01-10"},
    "approved": 450000000, "recommended": 150000000, "requested": 80000000, "spent": 450000000, "balance": 1550000000, "version": 1
}))]
pub struct Fund {
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The fund's amount for the year, in đồng: its income (allocations and adjustments).
    pub amount: Vnd,
    pub document: Option<DocumentRef>,
    /// The sum of approved grants.
    pub approved: Vnd,
    /// The sum of grants recommended and awaiting a decision.
    pub recommended: Vnd,
    /// The sum of grants requested and not yet recommended.
    pub requested: Vnd,
    /// What was paid from the fund: approved grants and decisions' bonuses.
    pub spent: Vnd,
    /// `amount - spent`: the sum of the year's ledger (`/api/v1/emulation-funds/{year}/entries`).
    pub balance: Vnd,
    pub version: i64,
}

/// The amount of a year's fund.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": 2000000000, "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c09"}))]
pub struct FundInput {
    /// In đồng; at most one trillion.
    #[schema(minimum = 0, maximum = 1000000000000i64)]
    pub amount: i64,
    /// The decision that sets it.
    pub document_id: Option<String>,
}

/// A funding grant.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4f01", "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01",
    "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"},
    "year": 2023, "amount": 150000000, "purpose": "Hỗ trợ xây dựng, tuyên truyền điển hình tiên tiến phong trào \"Vì người nghèo-Không để ai bị bỏ lại phía sau\"",
    "state": "approved", "decision_number": "312/QĐ-UBND", "decision_date": "2023-05-20", "reason": null,
    "allowed_actions": [], "version": 3, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Grant {
    pub id: String,
    pub movement_id: String,
    /// The lead unit that receives it.
    pub unit: Option<UnitRef>,
    pub year: i32,
    pub amount: Vnd,
    pub purpose: String,
    pub state: GrantState,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// What can be done next (by someone with the role for it).
    pub allowed_actions: Vec<GrantAction>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A lead unit's request for a grant.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "year": 2023, "amount": 150000000,
    "purpose": "Hỗ trợ xây dựng, tuyên truyền điển hình tiên tiến phong trào \"Vì người nghèo-Không để ai bị bỏ lại phía sau\""
}))]
pub struct GrantRequest {
    pub movement_id: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// In đồng, more than zero.
    #[schema(minimum = 1, maximum = 1000000000000i64)]
    pub amount: i64,
    #[schema(min_length = 1, max_length = 2000)]
    pub purpose: String,
}

/// The approver's decision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision_number": "312/QĐ-UBND", "decision_date": "2023-05-20"}))]
pub struct GrantApproval {
    #[schema(min_length = 1, max_length = 100)]
    pub decision_number: String,
    pub decision_date: NaiveDate,
}

/// Why a grant is rejected.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Nội dung đề nghị trùng với kinh phí đã được cấp"}))]
pub struct GrantRejection {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrantQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub movement_id: Option<String>,
    pub unit_id: Option<String>,
    pub state: Option<GrantState>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

pub(crate) const MAX_AMOUNT: i64 = 1_000_000_000_000;

fn check_year(year: i32) -> AppResult<()> {
    super::year_param("year", Some(year), 2000..=2100).map(drop)
}

fn fund_answer(v: FundView) -> Fund {
    let document = v.document.map(|(id, number, issued_on)| DocumentRef {
        id,
        number,
        issued_on,
    });
    Fund {
        year: v.row.year,
        amount: Vnd(v.row.amount),
        document,
        approved: Vnd(v.approved),
        recommended: Vnd(v.recommended),
        requested: Vnd(v.requested),
        spent: Vnd(v.spent),
        balance: Vnd(v.balance),
        version: v.row.version,
    }
}

fn grant_answer(v: GrantView) -> Grant {
    let r = v.row;
    let unit = v.unit.map(|(id, code, name)| UnitRef { id, code, name });
    let state = r.state;
    Grant {
        allowed_actions: state.actions(),
        state,
        unit,
        id: r.id,
        movement_id: r.movement_id,
        year: r.year,
        amount: Vnd(r.amount),
        purpose: r.purpose,
        decision_number: r.decision_number,
        decision_date: r.decision_date,
        reason: r.reason,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

/// The fund of a year and its balance.
#[utoipa::path(
    tag = "funding",
    params(("year" = i32, Path, description = "Năm", minimum = 2000, maximum = 2100)),
    responses((status = 200, description = "Quỹ thi đua, khen thưởng của năm", body = Fund, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/emulation-funds/{year}")]
pub async fn read_fund(
    _caller: Caller,
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let year = year.into_inner();
    check_year(year)?;
    let fund = state
        .db
        .read(move |conn| service::fund(conn, year))
        .await
        .map(fund_answer)?;
    Ok(with_etag(fund.version, &fund))
}

/// Sets the amount of a year's fund; it cannot fall below what is already approved.
#[utoipa::path(
    tag = "funding", request_body = FundInput,
    params(("year" = i32, Path, description = "Năm", minimum = 2000, maximum = 2100)),
    responses((status = 200, description = "Quỹ sau khi đặt", body = Fund, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[put("/api/v1/emulation-funds/{year}")]
pub async fn set_fund(
    ctx: Ctx,
    state: web::Data<AppState>,
    year: web::Path<i32>,
    body: super::Body<FundInput>,
) -> AppResult<HttpResponse> {
    let year = year.into_inner();
    check_year(year)?;
    let b = body.into_inner();
    if !(0..=MAX_AMOUNT).contains(&b.amount) {
        return Err(AppError::invalid_field(
            "/amount",
            t!(
                "Số tiền phải từ 0 đến 1.000 tỷ đồng.",
                "amount must be between 0 and 10^12 đồng."
            ),
        ));
    }
    let cmd = FundSetting {
        year,
        amount: b.amount,
        document_id: b.document_id,
    };
    let who = ctx.who();
    let fund = state
        .db
        .write(move |conn| {
            if let Some(doc) = &cmd.document_id {
                document(conn, "/document_id", doc)?;
            }
            service::set_fund(conn, &who, &cmd)
        })
        .await
        .map(fund_answer)?;
    Ok(with_etag(fund.version, &fund))
}

/// A lead unit requests a grant for its movement.
///
/// Its software may send an `Idempotency-Key`: a retry with the same key and body gets the
/// first answer again (`Idempotent-Replayed: true`) and requests nothing more; the same key
/// with another body is 422 `idempotency_key_reused`.
#[utoipa::path(
    tag = "funding", request_body = GrantRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Khoá chống gửi trùng (tuỳ chọn): gửi lại cùng khoá và cùng nội dung nhận lại câu trả lời đầu tiên, không tạo đề nghị thứ hai")),
    responses((status = 201, description = "Đã gửi đề nghị hỗ trợ kinh phí", body = Grant,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn request(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Idempotent,
) -> AppResult<HttpResponse> {
    let key = body.key()?;
    let b: GrantRequest = body.body()?;
    let mut c = Check::new();
    let purpose = c.name("/purpose", &b.purpose, 2000);
    if !(1..=MAX_AMOUNT).contains(&b.amount) {
        c.fail(
            "/amount",
            t!(
                "Số tiền phải lớn hơn 0 và không quá 1.000 tỷ đồng.",
                "amount must be more than 0 and at most 10^12 đồng."
            ),
        );
    }
    if !(2000..=2100).contains(&b.year) {
        c.fail(
            "/year",
            t!(
                "Năm phải từ 2000 đến 2100.",
                "The year must be between 2000 and 2100."
            ),
        );
    }
    c.finish()?;
    let cmd = NewGrant {
        movement_id: b.movement_id,
        year: b.year,
        amount: b.amount,
        purpose,
    };
    let who = ctx.who();
    let caller = ctx.caller.clone();
    idempotency::run(&state.db, &ctx.who(), key, move |conn| {
        let grant = grant_answer(service::request(conn, &who, &caller, &cmd)?);
        Ok(Answer::created(
            format!("/api/v1/funding-grants/{}", grant.id),
            grant.version,
            &grant,
        ))
    })
    .await
}

/// Lists grants, newest first.
#[utoipa::path(
    tag = "funding", params(GrantQuery),
    responses((status = 200, description = "Một trang đề nghị hỗ trợ kinh phí", body = Page<Grant>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<GrantQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let filter = Filter {
        year: super::year_param("year", q.year, 2000..=2100)?,
        movement_id: q.movement_id,
        unit_id: q.unit_id,
        state: q.state,
    };
    let (items, next) = state
        .db
        .read(move |conn| service::list(conn, &filter, after.as_deref(), limit))
        .await?;
    let items = items.into_iter().map(grant_answer).collect();
    Ok(page(&req, items, next))
}

/// Reads one grant.
#[utoipa::path(
    tag = "funding", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đề nghị hỗ trợ kinh phí", body = Grant, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let grant = state
        .db
        .read(move |conn| service::get(conn, &id))
        .await
        .map(grant_answer)?;
    Ok(with_etag(grant.version, &grant))
}

/// 200 with the grant after a workflow action, and its new ETag.
fn acted(v: GrantView) -> HttpResponse {
    let grant = grant_answer(v);
    with_etag(grant.version, &grant)
}

/// The coordinator recommends a requested grant to the approver.
#[utoipa::path(
    tag = "funding", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đã đề xuất", body = Grant, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/recommend")]
pub async fn recommend(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (who, caller, id) = (ctx.who(), ctx.caller, id.into_inner());
    let grant = state
        .db
        .write(move |conn| service::recommend(conn, &who, &caller, &id))
        .await?;
    Ok(acted(grant))
}

/// The approver approves a recommended grant, within the year's fund.
#[utoipa::path(
    tag = "funding", request_body = GrantApproval,
    params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đã phê duyệt", body = Grant, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/approve")]
pub async fn approve(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: super::Body<GrantApproval>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let number = c.name("/decision_number", &b.decision_number, 100);
    if b.decision_date > crate::domain::today() {
        c.fail(
            "/decision_date",
            t!(
                "Ngày quyết định không thể ở tương lai.",
                "decision_date cannot be in the future."
            ),
        );
    }
    c.finish()?;
    let cmd = Approval {
        decision_number: number,
        decision_date: b.decision_date,
    };
    let (who, caller, id) = (ctx.who(), ctx.caller, id.into_inner());
    let grant = state
        .db
        .write(move |conn| service::approve(conn, &who, &caller, &id, &cmd))
        .await?;
    Ok(acted(grant))
}

/// Rejects a grant, with the reason.
#[utoipa::path(
    tag = "funding", request_body = GrantRejection,
    params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đã từ chối", body = Grant, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/reject")]
pub async fn reject(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: super::Body<GrantRejection>,
) -> AppResult<HttpResponse> {
    let mut c = Check::new();
    let reason = c.name("/reason", &body.reason, 2000);
    c.finish()?;
    let (who, caller, id) = (ctx.who(), ctx.caller, id.into_inner());
    let grant = state
        .db
        .write(move |conn| service::reject(conn, &who, &caller, &id, &reason))
        .await?;
    Ok(acted(grant))
}
