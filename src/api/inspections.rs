//! `/api/v1/inspections`: the coordinator's inspections of units (kiểm tra, giám sát) — what
//! was checked, what was found, and the follow-up actions with their due dates, which the
//! inspected unit reports done.

use crate::error::Code;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{created, page, with_etag, Check, Ctx};
use crate::domain::access::{Actor, Caller, Role};
use crate::domain::vocab::{ActionStatus, InspectionScope};
use crate::domain::{page as paging, today};
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::inspections::{self as service, ActionChange, Filter, InspectionChange};
pub use crate::service::inspections::{Action, Inspection};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/inspections")
            .service(create)
            .service(list)
            .service(read)
            .service(update)
            .service(add_action)
            .service(update_action),
    );
}

/// A follow-up action required by an inspection.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"description": "Đăng tải kế hoạch và gương điển hình lên Cổng thông tin của đơn vị", "due_date": "2025-12-31"}))]
pub struct NewAction {
    #[schema(min_length = 1, max_length = 2000)]
    pub description: String,
    pub due_date: NaiveDate,
}

/// A new inspection of a unit.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "inspected_on": "2025-11-20",
    "scopes": ["reporting", "publicity"],
    "findings": "Đơn vị chưa gửi báo cáo quý III đúng hạn; chưa có tin bài về điển hình tiên tiến trên Cổng thông tin của đơn vị.",
    "actions": [{"description": "Gửi bổ sung báo cáo quý III", "due_date": "2025-12-05"}]
}))]
pub struct NewInspection {
    pub unit_id: String,
    /// Not in the future.
    pub inspected_on: NaiveDate,
    #[schema(min_items = 1, max_items = 4)]
    pub scopes: Vec<InspectionScope>,
    /// Required with scope `movement`.
    pub movement_id: Option<String>,
    #[schema(min_length = 1, max_length = 20000)]
    pub findings: String,
    #[serde(default)]
    #[schema(max_items = 100)]
    pub actions: Vec<NewAction>,
}

/// Corrections to an inspection's record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"findings": "Đơn vị chưa gửi báo cáo quý III đúng hạn (đã gửi ngày 25/10/2025)."}))]
pub struct InspectionPatch {
    pub inspected_on: Option<NaiveDate>,
    #[schema(min_items = 1, max_items = 4)]
    pub scopes: Option<Vec<InspectionScope>>,
    #[schema(min_length = 1, max_length = 20000)]
    pub findings: Option<String>,
}

/// A change to a follow-up action: the unit reports it done; the coordinator may also reopen or
/// cancel it, or move its due date.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "done", "done_on": "2025-12-02", "note": "Đã gửi báo cáo bổ sung số 45/BC-SNV."}))]
pub struct ActionPatch {
    pub status: Option<ActionStatus>,
    /// With `done`; today when left out. Not in the future.
    pub done_on: Option<NaiveDate>,
    /// Coordinators only.
    pub due_date: Option<NaiveDate>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    pub unit_id: Option<String>,
    /// Inspected in this year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// Only inspections with an action still open past its due date.
    pub overdue: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The unit a caller is confined to: a unit's officer sees its own unit's inspections; the
/// council sees all; API clients have no business here.
fn reader_unit(caller: &Caller) -> AppResult<Option<String>> {
    match &caller.actor {
        Actor::User { role, .. } if *role == Role::UnitOfficer => Ok(caller.unit.clone()),
        Actor::User { .. } => Ok(None),
        Actor::Client { .. } => Err(AppError::forbidden(t!(
            "Ứng dụng không xem được biên bản kiểm tra.",
            "API clients cannot read inspections."
        ))
        .with_code(Code::RoleRequired)),
    }
}

/// The scopes, each once, in first order.
fn check_scopes(c: &mut Check, scopes: &[InspectionScope]) -> Vec<InspectionScope> {
    let mut out: Vec<InspectionScope> = Vec::new();
    for s in scopes {
        if !out.contains(s) {
            out.push(*s);
        }
    }
    if out.is_empty() {
        c.fail(
            "/scopes",
            t!(
                "Cần ít nhất một nội dung kiểm tra.",
                "At least one scope is required."
            ),
        );
    }
    out
}

fn check_not_future(c: &mut Check, pointer: &str, day: NaiveDate) {
    if day > today() {
        c.fail(
            pointer,
            t!(
                "Không được là ngày trong tương lai.",
                "Must not be in the future."
            ),
        );
    }
}

/// Records an inspection of a unit (admins and coordinators), with its follow-up actions.
#[utoipa::path(
    tag = "inspections", request_body = NewInspection,
    responses((status = 201, description = "Đã ghi nhận đợt kiểm tra", body = Inspection,
        headers(("Location" = String, description = "Địa chỉ"), ("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<NewInspection>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let scopes = check_scopes(&mut c, &b.scopes);
    check_not_future(&mut c, "/inspected_on", b.inspected_on);
    let findings = c.name("/findings", &b.findings, 20_000);
    if scopes.contains(&InspectionScope::Movement) && b.movement_id.is_none() {
        c.fail(
            "/movement_id",
            t!(
                "Kiểm tra một phong trào: cần nêu phong trào.",
                "An inspection of a movement names the movement."
            ),
        );
    }
    if b.actions.len() > 100 {
        c.fail("/actions", t!("Tối đa 100 việc.", "At most 100 actions."));
    }
    let actions: Vec<(String, NaiveDate)> = b
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let d = c.name(&format!("/actions/{i}/description"), &a.description, 2000);
            (d, a.due_date)
        })
        .collect();
    c.finish()?;
    let cmd = service::NewInspection {
        unit_id: b.unit_id,
        inspected_on: b.inspected_on,
        scopes,
        movement_id: b.movement_id,
        findings,
        actions,
    };
    let who = ctx.who();
    let creator = ctx.caller.id().to_owned();
    let inspection = state
        .db
        .write(move |conn| service::create(conn, &who, &creator, &cmd))
        .await?;
    Ok(created(
        format!("/api/v1/inspections/{}", inspection.id),
        inspection.version,
        &inspection,
    ))
}

/// Lists inspections, newest first; a unit's officer sees its own unit's.
#[utoipa::path(
    tag = "inspections", params(InspectionQuery),
    responses((status = 200, description = "Các đợt kiểm tra", body = super::Page<Inspection>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<InspectionQuery>,
) -> AppResult<HttpResponse> {
    let own = reader_unit(&caller)?;
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    if let (Some(own), Some(asked)) = (&own, &q.unit_id) {
        if own != asked {
            return Err(AppError::forbidden(t!(
                "Bạn chỉ xem được các đợt kiểm tra đơn vị mình.",
                "You may read only your own unit's inspections."
            ))
            .with_code(Code::OtherUnit));
        }
    }
    let filter = Filter {
        unit_id: own.or(q.unit_id),
        year: super::year_param("year", q.year, 2000..=2100)?,
        overdue_on: q.overdue.unwrap_or(false).then(today),
    };
    let (items, next) = state
        .db
        .read(move |conn| service::list(conn, &filter, after.as_deref(), limit))
        .await?;
    Ok(page(&req, items, next))
}

/// Reads an inspection with its actions.
#[utoipa::path(
    tag = "inspections", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đợt kiểm tra", body = Inspection, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let own = reader_unit(&caller)?;
    let id = id.into_inner();
    let dto = state
        .db
        .read(move |conn| service::get(conn, &id, own.as_deref()))
        .await?;
    Ok(with_etag(dto.version, &dto))
}

/// Corrects an inspection's record (admins and coordinators).
#[utoipa::path(
    tag = "inspections", request_body = InspectionPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Đợt kiểm tra sau khi sửa", body = Inspection, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<InspectionPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let scopes = p.scopes.as_deref().map(|s| check_scopes(&mut c, s));
    if let Some(d) = p.inspected_on {
        check_not_future(&mut c, "/inspected_on", d);
    }
    let findings = p
        .findings
        .as_deref()
        .map(|f| c.name("/findings", f, 20_000));
    c.finish()?;
    let change = InspectionChange {
        inspected_on: p.inspected_on,
        scopes,
        findings,
    };
    let who = ctx.who();
    let dto = state
        .db
        .write(move |conn| service::update(conn, &who, &id, if_match.as_deref(), &change))
        .await?;
    Ok(with_etag(dto.version, &dto))
}

/// Adds a follow-up action to an inspection (admins and coordinators).
#[utoipa::path(
    tag = "inspections", request_body = NewAction,
    params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 201, description = "Đợt kiểm tra với việc mới", body = Inspection,
        headers(("Location" = String, description = "Địa chỉ"), ("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/actions")]
pub async fn add_action(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: super::Body<NewAction>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let description = c.name("/description", &b.description, 2000);
    c.finish()?;
    let who = ctx.who();
    let dto = state
        .db
        .write(move |conn| service::add_action(conn, &who, &id, &description, b.due_date))
        .await?;
    Ok(created(
        format!("/api/v1/inspections/{}", dto.id),
        dto.version,
        &dto,
    ))
}

/// Changes a follow-up action: the inspected unit's officer reports it `done` (with the day and
/// a note); admins and coordinators may also reopen or cancel it or move its due date.
#[utoipa::path(
    tag = "inspections", request_body = ActionPatch,
    params(("id" = String, Path, description = "Mã định danh"), ("action_id" = String, Path, description = "Mã định danh của việc"), IfMatch),
    responses((status = 200, description = "Đợt kiểm tra sau khi sửa", body = Inspection, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}/actions/{action_id}")]
pub async fn update_action(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    path: web::Path<(String, String)>,
    body: super::Body<ActionPatch>,
) -> AppResult<HttpResponse> {
    let own = reader_unit(&ctx.caller)?;
    let (id, action_id) = path.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let note = c.optional("/note", p.note.as_deref(), 2000);
    if let Some(d) = p.done_on {
        check_not_future(&mut c, "/done_on", d);
    }
    if p.done_on.is_some() && p.status != Some(ActionStatus::Done) {
        c.fail(
            "/done_on",
            t!(
                "Chỉ nêu ngày hoàn thành khi chuyển sang done.",
                "done_on goes with status done."
            ),
        );
    }
    c.finish()?;
    let registrar = ctx.caller.is_registrar();
    // A unit's officer may only report its own action done (or add a note).
    if !registrar
        && (own.is_none()
            || p.due_date.is_some()
            || p.status.is_some_and(|s| s != ActionStatus::Done))
    {
        return Err(AppError::forbidden(t!(
            "Đơn vị chỉ báo cáo việc đã hoàn thành; việc khác do cơ quan thường trực quyết định.",
            "A unit only reports an action done; anything else is for the coordinator."
        ))
        .with_code(Code::RoleRequired));
    }
    let change = ActionChange {
        status: p.status,
        done_on: p.done_on,
        due_date: p.due_date,
        note,
    };
    let who = ctx.who();
    let dto = state
        .db
        .write(move |conn| {
            let ids = (id.as_str(), action_id.as_str());
            let own = own.as_deref();
            service::update_action(conn, &who, ids, own, if_match.as_deref(), &change)
        })
        .await?;
    Ok(with_etag(dto.version, &dto))
}
