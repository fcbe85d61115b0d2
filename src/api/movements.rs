//! `/api/v1/movements`: the emulation movements. A movement is added on the basis of a legal
//! document; it is renamed, or changes lead unit, by an event resting on a document, and its
//! former names stay findable.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, double_option, page, with_etag, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::register::{MovementStatus, Scale};
use crate::error::{AppError, AppResult, FieldError};
use crate::http::if_match::IfMatch;
use crate::service::movements::{
    self, LeadChange, MovementChanges, NewMovement, Rename, ScaleChange,
};
pub use crate::service::movements::{
    assemble, document, unit_refs, DocumentRef, Movement, MovementLead, MovementName, UnitRef,
};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(update)
        .service(rename)
        .service(change_lead)
        .service(change_scale);
}

/// A new movement, on the basis of a legal document.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "PT-CHUYEN-DOI-SO", "name": "Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số",
    "lead_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a05", "basis_document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c02",
    "programme_document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c01", "phase_from": 2021, "phase_to": 2025,
    "participation_scale": "standard"
}))]
pub struct MovementCreate {
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 500)]
    pub name: String,
    pub lead_unit_id: String,
    /// The legal document that adds the movement (required).
    pub basis_document_id: String,
    pub programme_document_id: Option<String>,
    #[schema(minimum = 2000, maximum = 2100)]
    pub phase_from: Option<i32>,
    #[schema(minimum = 2000, maximum = 2100)]
    pub phase_to: Option<i32>,
    /// The first day of the movement; the basis document's date when absent.
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub participation_scale: Option<Scale>,
    #[schema(max_length = 5000)]
    pub description: Option<String>,
}

/// Changes that are not events: status, dates, description, programme, phase.
/// Names, lead units and scales change only through `/renames`, `/lead-unit-changes` and
/// `/scale-changes`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "closed", "end_on": "2025-12-31"}))]
pub struct MovementPatch {
    /// Not changed here: a scale changes by `POST /api/v1/movements/{id}/scale-changes`, on a
    /// document; sending it is 400.
    pub participation_scale: Option<Scale>,
    pub status: Option<MovementStatus>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 5000)]
    pub description: Option<Option<String>>,
    pub start_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "double_option")]
    pub end_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    pub programme_document_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(minimum = 2000, maximum = 2100)]
    pub phase_from: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(minimum = 2000, maximum = 2100)]
    pub phase_to: Option<Option<i32>>,
}

/// A rename, effective on a day, by a legal document.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau", "effective_on": "2022-07-15",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c02"
}))]
pub struct RenameRequest {
    #[schema(min_length = 1, max_length = 500)]
    pub name: String,
    pub effective_on: NaiveDate,
    pub document_id: String,
}

/// A change of participation scale, effective on a day, by a legal document.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "scale": "broad", "effective_on": "2025-03-01",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c02"
}))]
pub struct ScaleChangeRequest {
    pub scale: Scale,
    /// The first day of the new scale: not before the document's day, not after today.
    pub effective_on: NaiveDate,
    #[schema(max_length = 36)]
    pub document_id: String,
}

/// A change of lead unit, effective on a day, by a legal document.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "effective_on": "2022-07-15",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c02"
}))]
pub struct LeadChangeRequest {
    pub unit_id: String,
    pub effective_on: NaiveDate,
    pub document_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MovementQuery {
    /// Words of any name the movement has had, or of its code; case, diacritics, punctuation and
    /// spacing do not matter (`vi mot hung yen khong con doi ngheo`).
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub lead_unit_id: Option<String>,
    pub status: Option<MovementStatus>,
    pub participation_scale: Option<Scale>,
    pub programme_document_id: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && code.len() <= 40
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn check_phase(c: &mut Check, from: Option<i32>, to: Option<i32>) {
    for (pointer, detail) in movements::phase_problems(from, to) {
        c.fail(pointer, detail);
    }
}

impl MovementCreate {
    /// The new movement, with every invalid field named.
    pub(super) fn check(self) -> AppResult<NewMovement> {
        let mut c = Check::new();
        if !valid_code(&self.code) {
            c.fail(
                "/code",
                t!(
                    "Mã gồm chữ, số, '.', '_' hoặc '-', tối đa 40 ký tự.",
                    "A code is letters, digits, '.', '_' or '-', at most 40 characters."
                ),
            );
        }
        let name = c.name("/name", &self.name, 500);
        let description = c.optional("/description", self.description.as_deref(), 5000);
        check_phase(&mut c, self.phase_from, self.phase_to);
        c.finish()?;
        Ok(NewMovement {
            code: self.code.to_uppercase(),
            name,
            lead_unit_id: self.lead_unit_id,
            basis_document_id: self.basis_document_id,
            programme_document_id: self.programme_document_id,
            phase_from: self.phase_from,
            phase_to: self.phase_to,
            start_on: self.start_on,
            end_on: self.end_on,
            scale: self.participation_scale.unwrap_or(Scale::Standard),
            description,
        })
    }
}

/// Adds a movement on the basis of a legal document.
#[utoipa::path(
    tag = "movements", request_body = MovementCreate,
    responses((status = 201, description = "Đã bổ sung phong trào", body = Movement,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<MovementCreate>,
) -> AppResult<HttpResponse> {
    let new = body.into_inner().check()?;
    let who = ctx.who();
    let m = state
        .db
        .write(move |conn| movements::create(conn, &who, &new))
        .await?;
    Ok(created(
        format!("/api/v1/movements/{}", m.id),
        m.version,
        &m,
    ))
}

/// Lists movements; `q` matches current and former names.
#[utoipa::path(
    tag = "movements", params(MovementQuery),
    responses((status = 200, description = "Một trang phong trào", body = Page<Movement>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/movements")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<MovementQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = movements::Filter {
        terms: super::search_terms(q.q.as_deref())?,
        lead_unit_id: q.lead_unit_id,
        status: q.status,
        scale: q.participation_scale,
        programme_document_id: q.programme_document_id,
    };
    let (items, next) = state
        .db
        .read(move |conn| movements::list(conn, &filter, after, limit))
        .await?;
    Ok(page(&req, items, next))
}

/// Reads one movement with its history.
#[utoipa::path(
    tag = "movements", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Phong trào", body = Movement, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/movements/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let m = state.db.read(move |conn| movements::get(conn, &id)).await?;
    Ok(with_etag(m.version, &m))
}

/// Changes scale, status, dates, description or programme of a movement.
#[utoipa::path(
    tag = "movements", request_body = MovementPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Phong trào sau khi sửa", body = Movement, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/movements/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<MovementPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    if p.participation_scale.is_some() {
        let mut e = AppError::bad_request(t!(
            "Quy mô tham gia chỉ đổi theo văn bản: `POST /api/v1/movements/{id}/scale-changes`.",
            "The participation scale changes only by a document: `POST /api/v1/movements/{id}/scale-changes`."
        ));
        e.errors = vec![FieldError::body(
            "/participation_scale",
            t!("Không sửa ở đây.", "Not changed here."),
        )];
        return Err(e);
    }
    let mut c = Check::new();
    let description = p
        .description
        .as_ref()
        .map(|d| c.optional("/description", d.as_deref(), 5000));
    c.finish()?;
    let changes = MovementChanges {
        status: p.status,
        description,
        start_on: p.start_on,
        end_on: p.end_on,
        programme_document_id: p.programme_document_id,
        phase_from: p.phase_from,
        phase_to: p.phase_to,
    };
    let who = ctx.who();
    let m = state
        .db
        .write(move |conn| movements::update(conn, &who, &id, &changes, if_match.as_deref()))
        .await?;
    Ok(with_etag(m.version, &m))
}

/// Renames a movement by a legal document; the old name stays in `names` and in search.
#[utoipa::path(
    tag = "movements", request_body = RenameRequest,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 201, description = "Đã đổi tên", body = Movement, headers(("ETag" = String, description = "Phiên bản mới"), ("Location" = String, description = "Địa chỉ phong trào")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements/{id}/renames")]
pub async fn rename(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<RenameRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let name = c.name("/name", &b.name, 500);
    c.finish()?;
    let cmd = Rename {
        name,
        effective_on: b.effective_on,
        document_id: b.document_id,
    };
    let who = ctx.who();
    let m = state
        .db
        .write(move |conn| movements::rename(conn, &who, &id, &cmd, if_match.as_deref()))
        .await?;
    Ok(created(
        format!("/api/v1/movements/{}", m.id),
        m.version,
        &m,
    ))
}

/// Hands a movement to another lead unit by a legal document.
#[utoipa::path(
    tag = "movements", request_body = LeadChangeRequest,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 201, description = "Đã đổi đơn vị chủ trì", body = Movement, headers(("ETag" = String, description = "Phiên bản mới"), ("Location" = String, description = "Địa chỉ phong trào")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements/{id}/lead-unit-changes")]
pub async fn change_lead(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<LeadChangeRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.into_inner();
    let cmd = LeadChange {
        unit_id: b.unit_id,
        effective_on: b.effective_on,
        document_id: b.document_id,
    };
    let who = ctx.who();
    let m = state
        .db
        .write(move |conn| movements::change_lead(conn, &who, &id, &cmd, if_match.as_deref()))
        .await?;
    Ok(created(
        format!("/api/v1/movements/{}", m.id),
        m.version,
        &m,
    ))
}

/// Changes a movement's participation scale by a legal document; the former scale stays in
/// `scales`, and a year whose quota place was already taken keeps its pool.
#[utoipa::path(
    tag = "movements", request_body = ScaleChangeRequest,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 201, description = "Đã đổi quy mô tham gia", body = Movement, headers(("ETag" = String, description = "Phiên bản mới"), ("Location" = String, description = "Địa chỉ phong trào")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements/{id}/scale-changes")]
pub async fn change_scale(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<ScaleChangeRequest>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let document_id = c
        .optional("/document_id", Some(&b.document_id), 36)
        .unwrap_or_default();
    c.finish()?;
    let cmd = ScaleChange {
        scale: b.scale,
        effective_on: b.effective_on,
        document_id,
    };
    let who = ctx.who();
    let m = state
        .db
        .write(move |conn| movements::change_scale(conn, &who, &id, &cmd, if_match.as_deref()))
        .await?;
    Ok(created(
        format!("/api/v1/movements/{}", m.id),
        m.version,
        &m,
    ))
}
