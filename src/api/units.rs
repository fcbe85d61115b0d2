//! `/api/v1/units`: the agencies of the province. History is never rewritten: a unit that is
//! merged or reorganised is deactivated with a `successor`, and stays findable.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{
    check_if_match, created, double_option, if_match, page, unknown_reference, utc, with_etag,
    Check, Ctx, Page,
};
use crate::domain::access::{Caller, Role, Scope};
use crate::domain::vocab::UnitKind;
use crate::domain::{page as paging, text};
use crate::error::{AppError, AppResult};
use crate::store::units::{self as store, UnitRow};
use crate::store::{audit, new_id, now, DbConn};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(update)
        .service(deactivate);
}

/// A unit (cơ quan, đơn vị).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "code": "SNV", "name": "Sở Nội vụ",
    "kind": "department", "parent_id": null, "active": true, "valid_from": "2008-04-01",
    "valid_to": null, "successor_id": null, "email": "sonv@hungyen.gov.vn", "phone": "0221 3862 123",
    "website": "https://sonoivu.hungyen.gov.vn", "version": 1,
    "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Unit {
    pub id: String,
    /// A short code, unique in the province.
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
    pub active: bool,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// The unit that took over this one's duties after a merger or reorganisation.
    pub successor_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The unit's own portal, where its publicity items appear.
    pub website: Option<String>,
    /// Increases with every change; the ETag is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<UnitRow> for Unit {
    fn from(r: UnitRow) -> Unit {
        Unit {
            kind: r.kind,
            id: r.id,
            code: r.code,
            name: r.name,
            parent_id: r.parent_id,
            active: r.active,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            successor_id: r.successor_id,
            email: r.email,
            phone: r.phone,
            website: r.website,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && code.len() <= 32
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// A new unit.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội", "kind": "department",
    "valid_from": "2008-04-01", "website": "https://soldtbxh.hungyen.gov.vn"
}))]
pub struct UnitCreate {
    #[schema(pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    #[schema(max_length = 200)]
    pub email: Option<String>,
    #[schema(max_length = 50)]
    pub phone: Option<String>,
    #[schema(max_length = 500)]
    pub website: Option<String>,
}

/// Changes to a unit: absent members stay as they are, `null` clears. A unit officer may
/// change only `email`, `phone` and `website` of their own unit.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"website": "https://sonoivu.hungyen.gov.vn", "phone": "0221 3862 123"}))]
pub struct UnitPatch {
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    #[serde(default, deserialize_with = "double_option")]
    pub parent_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub valid_from: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    pub valid_to: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 200)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 50)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 500)]
    pub website: Option<Option<String>>,
}

impl UnitPatch {
    fn touches_register(&self) -> bool {
        self.name.is_some()
            || self.kind.is_some()
            || self.parent_id.is_some()
            || self.valid_from.is_some()
            || self.valid_to.is_some()
    }
}

/// Deactivation of a unit: when it ends, and who takes over.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"valid_to": "2025-06-30", "successor_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"}))]
pub struct UnitDeactivate {
    /// The last day of the unit; today when absent.
    pub valid_to: Option<NaiveDate>,
    /// The unit that takes over its duties (merger, reorganisation).
    pub successor_id: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// Words of the name or code; case and diacritics do not matter (`so noi vu`).
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<String>,
    pub active: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Fills `row` from the checked fields shared by create and update.
fn check_dates(c: &mut Check, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            c.fail(
                "/valid_to",
                t!(
                    "Ngày kết thúc phải sau ngày bắt đầu.",
                    "valid_to must not be before valid_from."
                ),
            );
        }
    }
}

fn ensure_parent(conn: &mut DbConn, id: &str, parent: Option<&str>) -> AppResult<()> {
    let Some(parent) = parent else { return Ok(()) };
    if store::get(conn, parent)?.is_none() {
        return Err(unknown_reference(
            "/parent_id",
            "đơn vị cấp trên / parent unit",
        ));
    }
    if store::would_cycle(conn, id, parent)? {
        return Err(AppError::invalid_field(
            "/parent_id",
            t!(
                "Đơn vị không thể là cấp trên của chính nó.",
                "A unit cannot be its own ancestor."
            ),
        ));
    }
    Ok(())
}

fn json(row: &UnitRow) -> serde_json::Value {
    serde_json::to_value(row).unwrap_or_default()
}

/// Creates a unit.
#[utoipa::path(
    tag = "units", request_body = UnitCreate,
    responses((status = 201, description = "Đã tạo đơn vị", body = Unit,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ của đơn vị")))),
    security(("bearer" = []))
)]
#[post("/api/v1/units")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<UnitCreate>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let b = body.into_inner();
    let mut c = Check::new();
    if !valid_code(&b.code) {
        c.fail(
            "/code",
            t!(
                "Mã gồm chữ, số, '.', '_' hoặc '-', tối đa 32 ký tự.",
                "A code is letters, digits, '.', '_' or '-', at most 32 characters."
            ),
        );
    }
    let name = c.name("/name", &b.name, 300);
    let email = c.email("/email", b.email.as_deref());
    let phone = c.optional("/phone", b.phone.as_deref(), 50);
    let website = c.url("/website", b.website.as_deref());
    check_dates(&mut c, b.valid_from, b.valid_to);
    c.finish()?;
    let at = now();
    let row = UnitRow {
        id: new_id(),
        code: b.code.to_uppercase(),
        name_key: text::sort_key(&name),
        search_text: text::fold(&format!("{name} {}", b.code)),
        name,
        kind: b.kind,
        parent_id: b.parent_id,
        active: true,
        valid_from: b.valid_from,
        valid_to: b.valid_to,
        successor_id: None,
        email,
        phone,
        website,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            if store::by_code(conn, &row.code)?.is_some() {
                return Err(AppError::conflict(
                    "duplicate_code",
                    t!(
                        "Đã có đơn vị mang mã {}.",
                        "A unit with code {} already exists.",
                        row.code
                    ),
                )
                .with_ext("pointer", "/code"));
            }
            ensure_parent(conn, &row.id, row.parent_id.as_deref())?;
            store::insert(conn, &row)?;
            audit::record(
                conn,
                &who,
                "create",
                "unit",
                &row.id,
                None,
                Some(&json(&row)),
            )?;
            Ok(row.clone())
        })
        .await?;
    Ok(created(
        format!("/api/v1/units/{}", row.id),
        row.version,
        &Unit::from(row),
    ))
}

/// Lists units in Vietnamese alphabetical order.
#[utoipa::path(
    tag = "units", params(UnitQuery),
    responses((status = 200, description = "Một trang đơn vị", body = Page<Unit>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/units")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<UnitQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = store::Filter {
        terms: super::search_terms(q.q.as_deref())?,
        kind: q.kind,
        parent_id: q.parent_id,
        active: q.active,
    };
    let rows = state
        .db
        .read(move |conn| store::list(conn, &filter, after, limit))
        .await?;
    let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
    Ok(page(&req, rows.into_iter().map(Unit::from).collect(), next))
}

async fn load(state: &AppState, id: String) -> AppResult<UnitRow> {
    state
        .db
        .read(move |conn| {
            store::get(conn, &id)?.ok_or_else(|| AppError::not_found("đơn vị (unit)"))
        })
        .await
}

/// Reads one unit.
#[utoipa::path(
    tag = "units", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đơn vị", body = Unit, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/units/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = load(&state, id.into_inner()).await?;
    Ok(with_etag(row.version, &Unit::from(row)))
}

/// Changes a unit. Send `If-Match` with the ETag you read to be sure nobody changed it meanwhile.
#[utoipa::path(
    tag = "units", request_body = UnitPatch,
    params(("id" = String, Path, description = "Mã định danh"),
        ("If-Match" = Option<String>, Header, description = "ETag đã đọc; 412 nếu bản ghi đã đổi")),
    responses((status = 200, description = "Đơn vị sau khi sửa", body = Unit, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/units/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: super::Body<UnitPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    // Officers keep their own unit's contact details; the register itself is the registrars'.
    ctx.caller.require_for_unit(&id, Scope::UnitsWrite)?;
    if p.touches_register() && !ctx.caller.is_registrar() {
        ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    }
    let mut c = Check::new();
    let name = p.name.as_deref().map(|n| c.name("/name", n, 300));
    let email = p.email.as_ref().map(|v| c.email("/email", v.as_deref()));
    let phone = p
        .phone
        .as_ref()
        .map(|v| c.optional("/phone", v.as_deref(), 50));
    let website = p.website.as_ref().map(|v| c.url("/website", v.as_deref()));
    c.finish()?;
    let expected = if_match(&req);
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            let before =
                store::get(conn, &id)?.ok_or_else(|| AppError::not_found("đơn vị (unit)"))?;
            let mut row = before.clone();
            if let Some(name) = &name {
                row.name = name.clone();
                row.name_key = text::sort_key(name);
                row.search_text = text::fold(&format!("{name} {}", row.code));
            }
            if let Some(kind) = p.kind {
                row.kind = kind;
            }
            if let Some(parent) = &p.parent_id {
                ensure_parent(conn, &row.id, parent.as_deref())?;
                row.parent_id = parent.clone();
            }
            if let Some(v) = p.valid_from {
                row.valid_from = v;
            }
            if let Some(v) = p.valid_to {
                row.valid_to = v;
            }
            let mut c = Check::new();
            check_dates(&mut c, row.valid_from, row.valid_to);
            c.finish()?;
            if let Some(v) = &email {
                row.email = v.clone();
            }
            if let Some(v) = &phone {
                row.phone = v.clone();
            }
            if let Some(v) = &website {
                row.website = v.clone();
            }
            check_if_match(expected.as_deref(), before.version)?;
            row.version += 1;
            row.updated_at = now();
            if !store::update(conn, &row, before.version)? {
                return Err(AppError::stale(&super::etag(before.version)));
            }
            if row.name != before.name {
                let touched = crate::store::changes::models_of_unit(conn, &row.id)?;
                crate::store::changes::touch(conn, &touched)?;
            }
            audit::record(
                conn,
                &who,
                "update",
                "unit",
                &row.id,
                Some(&json(&before)),
                Some(&json(&row)),
            )?;
            Ok(row)
        })
        .await?;
    Ok(with_etag(row.version, &Unit::from(row)))
}

/// Deactivates a unit (merger, dissolution, reorganisation). Its history stays.
#[utoipa::path(
    tag = "units", request_body(content = UnitDeactivate, description = "Ngày kết thúc và đơn vị kế thừa"),
    params(("id" = String, Path, description = "Mã định danh"),
        ("If-Match" = Option<String>, Header, description = "ETag đã đọc; 412 nếu bản ghi đã đổi")),
    responses((status = 200, description = "Đơn vị đã ngừng hoạt động", body = Unit, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/api/v1/units/{id}/deactivate")]
pub async fn deactivate(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: super::Body<UnitDeactivate>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let id = id.into_inner();
    let b = body.into_inner();
    let expected = if_match(&req);
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            let before =
                store::get(conn, &id)?.ok_or_else(|| AppError::not_found("đơn vị (unit)"))?;
            if !before.active {
                return Err(AppError::conflict(
                    "already_inactive",
                    t!(
                        "Đơn vị đã ngừng hoạt động.",
                        "The unit is already inactive."
                    ),
                ));
            }
            if let Some(successor) = &b.successor_id {
                if successor == &id {
                    return Err(AppError::invalid_field(
                        "/successor_id",
                        t!(
                            "Đơn vị không thể kế thừa chính nó.",
                            "A unit cannot succeed itself."
                        ),
                    ));
                }
                if store::get(conn, successor)?.is_none() {
                    return Err(unknown_reference(
                        "/successor_id",
                        "đơn vị kế thừa / successor unit",
                    ));
                }
            }
            let valid_to = b.valid_to.unwrap_or_else(crate::domain::today);
            if before.valid_from.is_some_and(|from| valid_to < from) {
                return Err(AppError::invalid_field(
                    "/valid_to",
                    t!(
                        "Ngày kết thúc phải sau ngày bắt đầu.",
                        "valid_to must not be before valid_from."
                    ),
                ));
            }
            let mut row = before.clone();
            row.active = false;
            row.valid_to = Some(valid_to);
            row.successor_id = b.successor_id.clone();
            check_if_match(expected.as_deref(), before.version)?;
            row.version += 1;
            row.updated_at = now();
            if !store::update(conn, &row, before.version)? {
                return Err(AppError::stale(&super::etag(before.version)));
            }
            audit::record(
                conn,
                &who,
                "deactivate",
                "unit",
                &row.id,
                Some(&json(&before)),
                Some(&json(&row)),
            )?;
            Ok(row)
        })
        .await?;
    Ok(with_etag(row.version, &Unit::from(row)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_and_plain() {
        assert!(valid_code("SNV"));
        assert!(valid_code("SLD-TBXH.2"));
        assert!(!valid_code(""));
        assert!(!valid_code("-SNV"));
        assert!(!valid_code("Sở"));
        assert!(!valid_code(&"A".repeat(33)));
    }
}
