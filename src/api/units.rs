//! `/api/v1/units`: the agencies of the province. History is never rewritten: a unit that is
//! merged or reorganised is deactivated with a `successor`, and stays findable.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, double_option, page, utc, with_etag, Check, Ctx, Page};
use crate::domain::access::{Caller, Role};
use crate::domain::page as paging;
use crate::domain::vocab::{ReorganisationKind, UnitKind};
use crate::error::{AppError, AppResult, Code};
use crate::http::if_match::IfMatch;
use crate::service::reorganisations::{self, HistoryEntry};
use crate::service::units::{self as service, Deactivation, Filter, NewUnit, UnitChange};
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
    "website": "https://sonoivu.hungyen.gov.vn",
    "former_names": [{"code": "SNV", "name": "Sở Nội vụ tỉnh Hưng Yên", "parent_id": null,
        "valid_to": "2025-02-28", "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01"}],
    "version": 2,
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
    /// Its earlier names and parents, oldest first; searches find them too.
    #[schema(max_items = 100)]
    pub former_names: Vec<FormerName>,
    /// Only on a unit's own page (`GET /api/v1/units/{id}`): the reorganisations it took part
    /// in, in the order they took effect, each with its document (at most 100; the rest at
    /// `/api/v1/reorganisations?unit_id=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 100)]
    pub history: Option<Vec<UnitEvent>>,
    /// Increases with every change; the ETag is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A reorganisation a unit took part in: as its subject (renamed, moved, dissolved, split), as
/// a predecessor that ended, or as a successor that took over.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"reorganisation_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "kind": "absorb",
    "effective_on": "2025-03-01", "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01",
    "document_number": "45/2025/NĐ-CP", "new_name": null,
    "predecessor_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a07"],
    "successor_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01"]}))]
pub struct UnitEvent {
    pub reorganisation_id: String,
    pub kind: ReorganisationKind,
    pub effective_on: NaiveDate,
    pub document_id: Option<String>,
    /// The document's number, when the event rests on one.
    pub document_number: Option<String>,
    /// For a rename: the name it took.
    #[schema(max_length = 300)]
    pub new_name: Option<String>,
    /// The units that ended in the event.
    pub predecessor_ids: Vec<String>,
    /// The units that took over.
    pub successor_ids: Vec<String>,
}

impl From<HistoryEntry> for UnitEvent {
    fn from(h: HistoryEntry) -> UnitEvent {
        let e = h.event;
        UnitEvent {
            reorganisation_id: e.row.id,
            kind: e.row.kind,
            effective_on: e.row.effective_on,
            document_id: e.row.document_id,
            document_number: h.document_number,
            new_name: e.row.new_name,
            predecessor_ids: e.predecessor_ids,
            successor_ids: e.successor_ids,
        }
    }
}

/// A name a unit had, and the parent it stood under, until a change (a rename, a move).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"code": "STTTT", "name": "Sở Thông tin và Truyền thông", "parent_id": null,
    "valid_to": "2025-02-28", "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01"}))]
pub struct FormerName {
    pub code: String,
    pub name: String,
    pub parent_id: Option<String>,
    /// The last day it held.
    pub valid_to: NaiveDate,
    /// The document behind the change, when one was named.
    pub document_id: Option<String>,
}

impl From<service::Shown> for Unit {
    fn from(s: service::Shown) -> Unit {
        let r = s.row;
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
            former_names: s
                .former_names
                .into_iter()
                .map(|f| FormerName {
                    code: f.code,
                    name: f.name,
                    parent_id: f.parent_id,
                    valid_to: f.valid_to,
                    document_id: f.document_id,
                })
                .collect(),
            history: None,
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
    /// Not changed here: a unit ends by a reorganisation (`dissolve`) or
    /// `POST /api/v1/units/{id}/deactivate`; sending it is 422 `use_reorganisation`.
    #[serde(default, deserialize_with = "double_option")]
    pub valid_to: Option<Option<NaiveDate>>,
    /// Not changed here either: a successor takes over by a reorganisation (`merge`, `absorb`,
    /// `split`); sending it is 422 `use_reorganisation`.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 36)]
    pub successor_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 200)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 50)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 500)]
    pub website: Option<Option<String>>,
    /// The document behind a change of `name` or `parent_id` (it must be in force), kept with
    /// the former name.
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
}

impl UnitPatch {
    fn touches_register(&self) -> bool {
        self.document_id.is_some()
            || self.name.is_some()
            || self.kind.is_some()
            || self.parent_id.is_some()
            || self.valid_from.is_some()
            || self.valid_to.is_some()
            || self.successor_id.is_some()
    }
}

/// Deactivation of a unit: when it ends, and who takes over.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"valid_to": "2025-06-30", "successor_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01"}))]
pub struct UnitDeactivate {
    /// The last day of the unit, not after today; today when absent.
    pub valid_to: Option<NaiveDate>,
    /// The unit that takes over its duties and, as in an absorption, everything it still
    /// holds (models, open plans and nominations, later years' groups, movements it leads,
    /// accounts, clients, webhook).
    #[schema(max_length = 36)]
    pub successor_id: Option<String>,
    /// The legal document the end rests on; needed when the unit leads a movement.
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
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

/// Adds the error of an end date before the start date.
fn check_dates(c: &mut Check, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    if !service::dates_in_order(from, to) {
        c.fail(
            "/valid_to",
            t!(
                "Ngày kết thúc phải sau ngày bắt đầu.",
                "valid_to must not be before valid_from."
            ),
        );
    }
}

impl UnitCreate {
    /// The new unit, with every invalid field named.
    pub(super) fn check(self) -> AppResult<NewUnit> {
        let mut c = Check::new();
        if !valid_code(&self.code) {
            c.fail(
                "/code",
                t!(
                    "Mã gồm chữ, số, '.', '_' hoặc '-', tối đa 32 ký tự.",
                    "A code is letters, digits, '.', '_' or '-', at most 32 characters."
                ),
            );
        }
        let name = c.name("/name", &self.name, 300);
        let email = c.email("/email", self.email.as_deref());
        let phone = c.optional("/phone", self.phone.as_deref(), 50);
        let website = c.url("/website", self.website.as_deref());
        check_dates(&mut c, self.valid_from, self.valid_to);
        c.finish()?;
        Ok(NewUnit {
            code: self.code,
            name,
            kind: self.kind,
            parent_id: self.parent_id,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            email,
            phone,
            website,
        })
    }
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
    let cmd = body.into_inner().check()?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            let row = service::create(conn, &who, &cmd)?;
            service::shown_one(conn, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/units/{}", row.row.id),
        row.row.version,
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
    let filter = Filter {
        terms: super::search_terms(q.q.as_deref())?,
        kind: q.kind,
        parent_id: q.parent_id,
        active: q.active,
    };
    let (rows, next) = state
        .db
        .read(move |conn| {
            let rows = service::list(conn, &filter, after, limit)?;
            let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
            Ok((service::shown(conn, rows)?, next))
        })
        .await?;
    Ok(page(&req, rows.into_iter().map(Unit::from).collect(), next))
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
    let id = id.into_inner();
    let row = state
        .db
        .read(move |conn| {
            let row = service::get(conn, &id)?;
            let history = reorganisations::history(conn, &id)?;
            Ok((service::shown_one(conn, row)?, history))
        })
        .await?;
    let (row, history) = row;
    let version = row.row.version;
    let unit = Unit {
        history: Some(history.into_iter().map(UnitEvent::from).collect()),
        ..Unit::from(row)
    };
    Ok(with_etag(version, &unit))
}

impl UnitPatch {
    /// The change, with every invalid field named.
    fn check(self) -> AppResult<UnitChange> {
        let end = [
            ("/valid_to", self.valid_to.is_some()),
            ("/successor_id", self.successor_id.is_some()),
        ];
        if let Some((pointer, _)) = end.iter().find(|(_, sent)| *sent) {
            return Err(AppError::invalid_field(
                pointer,
                t!(
                    "Ngày kết thúc và đơn vị kế thừa không sửa ở đây: ghi nhận sắp xếp tổ chức (`POST /api/v1/reorganisations`) hoặc dùng `POST /api/v1/units/{id}/deactivate`.",
                    "A unit's end and successor are not changed here: record a reorganisation (`POST /api/v1/reorganisations`) or use `POST /api/v1/units/{id}/deactivate`."
                ),
            )
            .with_code(Code::UseReorganisation));
        }
        let mut c = Check::new();
        let name = self.name.as_deref().map(|n| c.name("/name", n, 300));
        let email = self.email.as_ref().map(|v| c.email("/email", v.as_deref()));
        let phone = self
            .phone
            .as_ref()
            .map(|v| c.optional("/phone", v.as_deref(), 50));
        let website = self
            .website
            .as_ref()
            .map(|v| c.url("/website", v.as_deref()));
        let document_id = c.optional("/document_id", self.document_id.as_deref(), 36);
        c.finish()?;
        Ok(UnitChange {
            document_id,
            name,
            kind: self.kind,
            parent_id: self.parent_id,
            valid_from: self.valid_from,
            email,
            phone,
            website,
            ..UnitChange::default()
        })
    }
}

/// Changes a unit. Send `If-Match` with the ETag you read to be sure nobody changed it meanwhile.
#[utoipa::path(
    tag = "units", request_body = UnitPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Đơn vị sau khi sửa", body = Unit, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/units/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<UnitPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    // Officers keep their own unit's contact details; the register itself is the registrars'.
    crate::domain::access::doors::UNIT_EDIT.for_unit(&ctx.caller, &id)?;
    if p.touches_register() && !ctx.caller.is_registrar() {
        ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    }
    let change = p.check()?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            let row = service::update(conn, &who, &id, if_match.as_deref(), &change)?;
            service::shown_one(conn, row)
        })
        .await?;
    Ok(with_etag(row.row.version, &Unit::from(row)))
}

/// Deactivates a unit: records a reorganisation, a dissolution or (with a successor) an
/// absorption, effective the day after `valid_to`. Its history stays.
#[utoipa::path(
    tag = "units", request_body(content = UnitDeactivate, description = "Ngày kết thúc và đơn vị kế thừa"),
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Đơn vị đã ngừng hoạt động", body = Unit, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/api/v1/units/{id}/deactivate")]
pub async fn deactivate(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<UnitDeactivate>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let successor_id = c.optional("/successor_id", b.successor_id.as_deref(), 36);
    let document_id = c.optional("/document_id", b.document_id.as_deref(), 36);
    c.finish()?;
    let cmd = Deactivation {
        valid_to: b.valid_to,
        successor_id,
    };
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            let row = crate::service::reorganisations::deactivate(
                conn,
                &who,
                &id,
                if_match.as_deref(),
                &cmd,
                document_id.clone(),
            )?;
            service::shown_one(conn, row)
        })
        .await?;
    Ok(with_etag(row.row.version, &Unit::from(row)))
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
