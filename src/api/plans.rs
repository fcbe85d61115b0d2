//! Implementation plans (`/api/v1/movements/{id}/plans`, and `/api/v1/plans` across movements).
//! The coordinator decides which plans are due and by when; a unit records when it issued its
//! own. The state is derived from the dates, never stored.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::movements::UnitRef;
use super::{
    check_if_match, created, etag, if_match, page, unknown_reference, utc, with_etag, Check, Ctx,
    Page,
};
use crate::domain::access::{Caller, Role, Scope as ClientScope};
use crate::domain::page as paging;
use crate::domain::register::{year_span, Channel, Indicator, PlanKind, PlanState};
use crate::domain::today;
use crate::error::{AppError, AppResult};
use crate::store::movements::{self as movements, MovementRow};
use crate::store::plans::{self as store, PlanRow, Scope, Step, TargetRow};
use crate::store::{audit, new_id, now, units, DbConn};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list_for_movement)
        .service(list_all)
        .service(read)
        .service(update)
        .service(issue);
}

/// A concrete target of a plan.
#[derive(Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"indicator": "publicity_items", "channel": "unit_portal", "target": 12, "description": "Tin bài về điển hình tiên tiến trên cổng thông tin của đơn vị"}))]
pub struct TargetInput {
    pub indicator: Indicator,
    /// For `publicity_items`: count only this channel.
    pub channel: Option<Channel>,
    #[schema(minimum = 0, maximum = 1000000)]
    pub target: i32,
    #[schema(max_length = 1000)]
    pub description: Option<String>,
}

/// A target with its progress.
#[derive(Serialize, ToSchema)]
pub struct Target {
    pub indicator: Indicator,
    pub channel: Option<Channel>,
    pub target: i32,
    pub description: Option<String>,
    /// What the data shows so far; `null` for `other`, which the service does not measure.
    pub achieved: Option<i64>,
    /// `achieved` as a percentage of `target` (rounded down).
    pub percent: Option<i64>,
}

/// An implementation plan with its derived state and measured targets.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d01", "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b03",
    "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a05", "code": "STTTT", "name": "Sở Thông tin và Truyền thông"},
    "kind": "annual", "year": 2023, "period_start": "2023-01-01", "period_end": "2023-12-31",
    "title": "Kế hoạch triển khai phong trào thi đua \"Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số\" năm 2023",
    "due_on": "2023-02-28", "issued_on": "2023-03-10", "document_number": "15/KH-STTTT", "state": "issued_late",
    "targets": [{"indicator": "models_discovered", "channel": null, "target": 10, "description": null, "achieved": 4, "percent": 40}],
    "version": 2, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Plan {
    pub id: String,
    pub movement_id: String,
    pub unit: Option<UnitRef>,
    pub kind: PlanKind,
    pub year: Option<i32>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub title: String,
    pub due_on: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub document_number: Option<String>,
    pub state: PlanState,
    pub targets: Vec<Target>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A plan the coordinator expects.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "annual", "year": 2023, "due_on": "2023-02-28",
    "title": "Kế hoạch triển khai phong trào thi đua \"Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số\" năm 2023",
    "targets": [{"indicator": "models_discovered", "target": 10}, {"indicator": "publicity_items", "channel": "radio_tv", "target": 6}]
}))]
pub struct PlanCreate {
    pub kind: PlanKind,
    /// Who must issue it: the lead unit when absent (required for `unit_annual`).
    pub unit_id: Option<String>,
    /// The year of an annual plan.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    #[schema(min_length = 1, max_length = 1000)]
    pub title: String,
    pub due_on: NaiveDate,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub targets: Vec<TargetInput>,
}

/// Changes the coordinator makes to an expected plan.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"due_on": "2023-03-15"}))]
pub struct PlanPatch {
    #[schema(min_length = 1, max_length = 1000)]
    pub title: Option<String>,
    pub due_on: Option<NaiveDate>,
    #[schema(max_items = 50)]
    pub targets: Option<Vec<TargetInput>>,
}

/// The unit's record of issuing its plan.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"issued_on": "2023-02-20", "document_number": "15/KH-STTTT"}))]
pub struct PlanIssue {
    pub issued_on: NaiveDate,
    #[schema(min_length = 1, max_length = 100)]
    pub document_number: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub state: Option<PlanState>,
    pub unit_id: Option<String>,
    pub kind: Option<PlanKind>,
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AllPlansQuery {
    pub movement_id: Option<String>,
    pub state: Option<PlanState>,
    pub unit_id: Option<String>,
    pub kind: Option<PlanKind>,
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn check_targets(
    c: &mut Check,
    targets: &[TargetInput],
    pointer: &str,
) -> Vec<(Indicator, Option<Channel>, i32, Option<String>)> {
    if targets.len() > 50 {
        c.fail(pointer, t!("Tối đa 50 chỉ tiêu.", "At most 50 targets."));
    }
    targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if !(0..=1_000_000).contains(&t.target) {
                c.fail(
                    &format!("{pointer}/{i}/target"),
                    t!(
                        "Chỉ tiêu phải từ 0 đến 1000000.",
                        "target must be between 0 and 1000000."
                    ),
                );
            }
            if t.channel.is_some() && t.indicator != Indicator::PublicityItems {
                c.fail(
                    &format!("{pointer}/{i}/channel"),
                    t!(
                        "Chỉ chỉ tiêu publicity_items mới có kênh.",
                        "Only publicity_items targets have a channel."
                    ),
                );
            }
            let description = c.optional(
                &format!("{pointer}/{i}/description"),
                t.description.as_deref(),
                1000,
            );
            if t.indicator == Indicator::Other && description.is_none() {
                c.fail(
                    &format!("{pointer}/{i}/description"),
                    t!(
                        "Chỉ tiêu 'other' cần mô tả.",
                        "An 'other' target needs a description."
                    ),
                );
            }
            (t.indicator, t.channel, t.target, description)
        })
        .collect()
}

fn target_rows(
    plan_id: &str,
    targets: Vec<(Indicator, Option<Channel>, i32, Option<String>)>,
) -> Vec<TargetRow> {
    targets
        .into_iter()
        .enumerate()
        .map(|(i, (indicator, channel, target, description))| TargetRow {
            id: new_id(),
            plan_id: plan_id.to_owned(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            indicator,
            channel,
            target,
            description,
        })
        .collect()
}

/// Measures a target over the plan's movement, period and (for a unit's plan) unit.
fn measure(
    conn: &mut DbConn,
    plan: &PlanRow,
    kind: PlanKind,
    t: &TargetRow,
) -> AppResult<Option<i64>> {
    let scope = Scope {
        movement_id: &plan.movement_id,
        unit_id: (!kind.movement_wide()).then_some(plan.unit_id.as_str()),
        from: plan.period_start,
        to: plan.period_end,
    };
    Ok(match t.indicator {
        Indicator::ModelsDiscovered => Some(store::count_models(conn, &scope, Step::Discovered)?),
        Indicator::ModelsNurtured => Some(store::count_models(conn, &scope, Step::Nurtured)?),
        Indicator::ModelsReplicated => Some(store::count_models(conn, &scope, Step::Replicated)?),
        Indicator::PublicityItems => Some(store::count_publicity(conn, &scope, t.channel)?),
        Indicator::UnitPlansIssued => Some(store::count_unit_plans_issued(conn, &scope)?),
        Indicator::Other => None,
    })
}

/// Builds the answers for plan rows: units, state as of today, targets and their progress.
fn assemble(conn: &mut DbConn, rows: Vec<PlanRow>) -> AppResult<Vec<Plan>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut targets_by: HashMap<String, Vec<TargetRow>> = HashMap::new();
    for t in store::targets(conn, &ids)? {
        targets_by.entry(t.plan_id.clone()).or_default().push(t);
    }
    let unit_ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let unit_refs = super::movements::unit_refs(conn, &unit_ids)?;
    let today = today();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let kind = r.kind;
        let mut targets = Vec::new();
        for t in targets_by.remove(&r.id).unwrap_or_default() {
            let achieved = measure(conn, &r, kind, &t)?;
            targets.push(Target {
                indicator: t.indicator,
                channel: t.channel,
                percent: achieved
                    .and_then(|a| (t.target > 0).then(|| a * 100 / i64::from(t.target))),
                target: t.target,
                description: t.description,
                achieved,
            });
        }
        out.push(Plan {
            state: PlanState::of(r.due_on, r.issued_on, today),
            unit: unit_refs.get(&r.unit_id).cloned(),
            kind,
            targets,
            id: r.id,
            movement_id: r.movement_id,
            year: r.year,
            period_start: r.period_start,
            period_end: r.period_end,
            title: r.title,
            due_on: r.due_on,
            issued_on: r.issued_on,
            document_number: r.document_number,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        });
    }
    Ok(out)
}

fn one(conn: &mut DbConn, row: PlanRow) -> AppResult<Plan> {
    assemble(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("plan vanished"))
}

fn movement(conn: &mut DbConn, id: &str) -> AppResult<MovementRow> {
    movements::get(conn, id)?.ok_or_else(|| AppError::not_found("phong trào (movement)"))
}

fn plan_of(conn: &mut DbConn, movement_id: &str, id: &str) -> AppResult<PlanRow> {
    store::get(conn, id)?
        .filter(|p| p.movement_id == movement_id)
        .ok_or_else(|| AppError::not_found("kế hoạch (plan)"))
}

fn json(conn: &mut DbConn, row: &PlanRow) -> AppResult<serde_json::Value> {
    let mut v = serde_json::to_value(row).unwrap_or_default();
    let targets = store::targets(conn, std::slice::from_ref(&row.id))?;
    v["targets"] = serde_json::to_value(targets).unwrap_or_default();
    Ok(v)
}

/// Sets a plan a unit must issue, and by when.
#[utoipa::path(
    tag = "plans", request_body = PlanCreate,
    params(("id" = String, Path, description = "Mã định danh phong trào")),
    responses((status = 201, description = "Đã giao kế hoạch", body = Plan,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements/{id}/plans")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: super::Body<PlanCreate>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let movement_id = id.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let title = c.name("/title", &b.title, 1000);
    let targets = check_targets(&mut c, &b.targets, "/targets");
    if b.kind == PlanKind::Phase && b.year.is_some() {
        c.fail(
            "/year",
            t!(
                "Kế hoạch giai đoạn không có năm.",
                "A phase plan has no year."
            ),
        );
    }
    if b.kind != PlanKind::Phase && b.year.is_none_or(|y| !(2000..=2100).contains(&y)) {
        c.fail(
            "/year",
            t!(
                "Kế hoạch năm cần năm từ 2000 đến 2100.",
                "An annual plan needs a year between 2000 and 2100."
            ),
        );
    }
    if b.kind == PlanKind::UnitAnnual && b.unit_id.is_none() {
        c.fail(
            "/unit_id",
            t!(
                "Kế hoạch của đơn vị cần unit_id.",
                "A unit's plan needs unit_id."
            ),
        );
    }
    c.finish()?;
    let who = ctx.who();
    let plan = state
        .db
        .write(move |conn| {
            let m = movement(conn, &movement_id)?;
            let unit_id = b.unit_id.clone().unwrap_or_else(|| m.lead_unit_id.clone());
            if units::get(conn, &unit_id)?.is_none() {
                return Err(unknown_reference("/unit_id", "đơn vị / unit"));
            }
            let (period_start, period_end) = match (b.kind, b.year) {
                (PlanKind::Phase, _) => {
                    let span = m
                        .phase_from
                        .zip(m.phase_to)
                        .and_then(|(f, t)| Some((year_span(f)?.0, year_span(t)?.1)));
                    span.ok_or_else(|| {
                        AppError::invalid_field(
                            "/kind",
                            t!(
                                "Phong trào chưa có giai đoạn (phase_from, phase_to).",
                                "The movement has no phase (phase_from, phase_to)."
                            ),
                        )
                    })?
                }
                (_, Some(year)) => year_span(year).ok_or_else(|| {
                    AppError::invalid_field("/year", t!("Năm không hợp lệ.", "Invalid year."))
                })?,
                (_, None) => {
                    return Err(AppError::invalid_field(
                        "/year",
                        t!("Thiếu năm.", "year is required."),
                    ))
                }
            };
            let at = now();
            let row = PlanRow {
                id: new_id(),
                movement_id: m.id.clone(),
                unit_id,
                kind: b.kind,
                year: b.year,
                period_start,
                period_end,
                title: title.clone(),
                due_on: b.due_on,
                issued_on: None,
                document_number: None,
                version: 1,
                created_at: at,
                updated_at: at,
            };
            store::insert(conn, &row)?;
            store::set_targets(conn, &row.id, &target_rows(&row.id, targets.clone()))?;
            let after = json(conn, &row)?;
            audit::record(conn, &who, "create", "plan", &row.id, None, Some(&after))?;
            one(conn, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/movements/{}/plans/{}", plan.movement_id, plan.id),
        plan.version,
        &plan,
    ))
}

async fn list_plans(
    state: &AppState,
    req: &HttpRequest,
    filter: store::Filter,
    limit: Option<i64>,
    cursor: Option<String>,
) -> AppResult<HttpResponse> {
    let limit = paging::limit(limit)?;
    let after: Option<(NaiveDate, String)> = paging::decode(cursor.as_deref())?;
    let (items, next) = state
        .db
        .read(move |conn| {
            let rows = store::list(conn, &filter, today(), after, limit)?;
            let (rows, next) = paging::split(rows, limit, |r| (r.due_on, r.id.clone()));
            Ok((assemble(conn, rows)?, next))
        })
        .await?;
    Ok(page(req, items, next))
}

/// Lists the plans of a movement by due date.
#[utoipa::path(
    tag = "plans",
    params(("id" = String, Path, description = "Mã định danh phong trào"), PlanQuery),
    responses((status = 200, description = "Một trang kế hoạch", body = Page<Plan>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/movements/{id}/plans")]
pub async fn list_for_movement(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<PlanQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let movement_id = id.into_inner();
    let check = movement_id.clone();
    state
        .db
        .read(move |conn| movement(conn, &check).map(drop))
        .await?;
    let filter = store::Filter {
        movement_id: Some(movement_id),
        unit_id: q.unit_id,
        year: super::year_param("year", q.year, 2000..=2100)?,
        kind: q.kind,
        state: q.state,
    };
    list_plans(&state, &req, filter, q.limit, q.cursor).await
}

/// Lists plans across movements: `state=overdue` and `state=issued_late` show who is behind.
#[utoipa::path(
    tag = "plans", params(AllPlansQuery),
    responses((status = 200, description = "Một trang kế hoạch", body = Page<Plan>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/plans")]
pub async fn list_all(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<AllPlansQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let filter = store::Filter {
        movement_id: q.movement_id,
        unit_id: q.unit_id,
        year: super::year_param("year", q.year, 2000..=2100)?,
        kind: q.kind,
        state: q.state,
    };
    list_plans(&state, &req, filter, q.limit, q.cursor).await
}

/// Reads one plan with its state and progress.
#[utoipa::path(
    tag = "plans",
    params(("id" = String, Path, description = "Mã định danh phong trào"), ("plan_id" = String, Path, description = "Mã định danh kế hoạch")),
    responses((status = 200, description = "Kế hoạch", body = Plan, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/movements/{id}/plans/{plan_id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (movement_id, id) = path.into_inner();
    let plan = state
        .db
        .read(move |conn| {
            let row = plan_of(conn, &movement_id, &id)?;
            one(conn, row)
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}

/// Changes the title, due date or targets of a plan (the coordinator's).
#[utoipa::path(
    tag = "plans", request_body = PlanPatch,
    params(("id" = String, Path, description = "Mã định danh phong trào"), ("plan_id" = String, Path, description = "Mã định danh kế hoạch"),
        ("If-Match" = Option<String>, Header, description = "ETag đã đọc; 412 nếu bản ghi đã đổi")),
    responses((status = 200, description = "Kế hoạch sau khi sửa", body = Plan, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/movements/{id}/plans/{plan_id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: super::Body<PlanPatch>,
) -> AppResult<HttpResponse> {
    // A unit never sets its own deadline.
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let (movement_id, id) = path.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let title = p.title.as_deref().map(|v| c.name("/title", v, 1000));
    let targets = p
        .targets
        .as_deref()
        .map(|t| check_targets(&mut c, t, "/targets"));
    c.finish()?;
    let expected = if_match(&req);
    let who = ctx.who();
    let plan = state
        .db
        .write(move |conn| {
            let before = plan_of(conn, &movement_id, &id)?;
            let before_json = json(conn, &before)?;
            let mut row = before.clone();
            if let Some(v) = &title {
                row.title = v.clone();
            }
            if let Some(v) = p.due_on {
                row.due_on = v;
            }
            check_if_match(expected.as_deref(), before.version)?;
            row.version += 1;
            row.updated_at = now();
            if !store::update(conn, &row, before.version)? {
                return Err(AppError::stale(&etag(before.version)));
            }
            if let Some(t) = &targets {
                store::set_targets(conn, &row.id, &target_rows(&row.id, t.clone()))?;
            }
            let after = json(conn, &row)?;
            audit::record(
                conn,
                &who,
                "update",
                "plan",
                &row.id,
                Some(&before_json),
                Some(&after),
            )?;
            one(conn, row)
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}

/// Records that the unit issued its plan: the date and document number.
#[utoipa::path(
    tag = "plans", request_body = PlanIssue,
    params(("id" = String, Path, description = "Mã định danh phong trào"), ("plan_id" = String, Path, description = "Mã định danh kế hoạch"),
        ("If-Match" = Option<String>, Header, description = "ETag đã đọc; 412 nếu bản ghi đã đổi")),
    responses((status = 200, description = "Đã ghi nhận ban hành", body = Plan, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements/{id}/plans/{plan_id}/issue")]
pub async fn issue(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: super::Body<PlanIssue>,
) -> AppResult<HttpResponse> {
    let (movement_id, id) = path.into_inner();
    let b = body.into_inner();
    let mut c = Check::new();
    let number = c.name("/document_number", &b.document_number, 100);
    if b.issued_on > today() {
        c.fail(
            "/issued_on",
            t!(
                "Ngày ban hành không thể ở tương lai.",
                "issued_on cannot be in the future."
            ),
        );
    }
    c.finish()?;
    let expected = if_match(&req);
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let plan = state
        .db
        .write(move |conn| {
            let before = plan_of(conn, &movement_id, &id)?;
            caller.require_for_unit(&before.unit_id, ClientScope::DocumentsWrite)?;
            if before.issued_on.is_some() && !caller.is_registrar() {
                return Err(AppError::conflict(
                    "already_issued",
                    t!("Kế hoạch đã được ghi nhận ban hành; liên hệ Sở Nội vụ để đính chính.", "The plan is already recorded as issued; ask the coordinator to correct it."),
                ));
            }
            let m = movement(conn, &movement_id)?;
            if b.issued_on < m.start_on {
                return Err(AppError::invalid_field(
                    "/issued_on",
                    t!(
                        "Kế hoạch không thể ban hành trước khi có phong trào ({}).",
                        "A plan cannot be issued before its movement exists ({}).",
                        m.start_on
                    ),
                ));
            }
            let before_json = json(conn, &before)?;
            let mut row = before.clone();
            row.issued_on = Some(b.issued_on);
            row.document_number = Some(number.clone());
            check_if_match(expected.as_deref(), before.version)?;
            row.version += 1;
            row.updated_at = now();
            if !store::update(conn, &row, before.version)? {
                return Err(AppError::stale(&etag(before.version)));
            }
            let after = json(conn, &row)?;
            audit::record(conn, &who, "issue", "plan", &row.id, Some(&before_json), Some(&after))?;
            one(conn, row)
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}
