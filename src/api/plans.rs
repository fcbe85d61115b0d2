//! Implementation plans (`/api/v1/movements/{id}/plans`, and `/api/v1/plans` across movements).
//! The coordinator decides which plans are due and by when; a unit records when it issued its
//! own. The state is derived from the dates, never stored.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, page, with_etag, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::register::{Channel, Indicator, PlanKind, PlanState};
use crate::domain::today;
use crate::error::AppResult;
use crate::http::if_match::IfMatch;
use crate::service::plans::{self, Issue, NewPlan, NewTarget, PlanChanges};
pub use crate::service::plans::{Plan, Target};
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

fn check_targets(c: &mut Check, targets: &[TargetInput], pointer: &str) -> Vec<NewTarget> {
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
            NewTarget {
                indicator: t.indicator,
                channel: t.channel,
                target: t.target,
                description,
            }
        })
        .collect()
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
    let movement_id = id.into_inner();
    let b = body.into_inner();
    let new = check_plan(b)?;
    let who = ctx.who();
    let plan = state
        .db
        .write(move |conn| plans::create(conn, &who, &movement_id, &new))
        .await?;
    Ok(created(
        format!("/api/v1/movements/{}/plans/{}", plan.movement_id, plan.id),
        plan.version,
        &plan,
    ))
}

/// Checks a new plan: its title, its targets, and the year its kind needs.
fn check_plan(b: PlanCreate) -> AppResult<NewPlan> {
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
    Ok(NewPlan {
        kind: b.kind,
        unit_id: b.unit_id,
        year: b.year,
        title,
        due_on: b.due_on,
        targets,
    })
}

async fn list_plans(
    state: &AppState,
    req: &HttpRequest,
    filter: plans::Filter,
    limit: Option<i64>,
    cursor: Option<String>,
) -> AppResult<HttpResponse> {
    let limit = paging::limit(limit)?;
    let after: Option<(NaiveDate, String)> = paging::decode(cursor.as_deref())?;
    let (items, next) = state
        .db
        .read(move |conn| plans::list(conn, &filter, after, limit))
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
        .read(move |conn| plans::ensure_movement(conn, &check))
        .await?;
    let filter = plans::Filter {
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
    let filter = plans::Filter {
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
        .read(move |conn| plans::get(conn, &movement_id, &id))
        .await?;
    Ok(with_etag(plan.version, &plan))
}

/// Changes the title, due date or targets of a plan (the coordinator's).
#[utoipa::path(
    tag = "plans", request_body = PlanPatch,
    params(("id" = String, Path, description = "Mã định danh phong trào"), ("plan_id" = String, Path, description = "Mã định danh kế hoạch"),
        IfMatch),
    responses((status = 200, description = "Kế hoạch sau khi sửa", body = Plan, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/movements/{id}/plans/{plan_id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    path: web::Path<(String, String)>,
    body: super::Body<PlanPatch>,
) -> AppResult<HttpResponse> {
    // A unit never sets its own deadline.
    let (movement_id, id) = path.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let title = p.title.as_deref().map(|v| c.name("/title", v, 1000));
    let targets = p
        .targets
        .as_deref()
        .map(|t| check_targets(&mut c, t, "/targets"));
    c.finish()?;
    let changes = PlanChanges {
        title,
        due_on: p.due_on,
        targets,
    };
    let who = ctx.who();
    let plan = state
        .db
        .write(move |conn| {
            plans::update(conn, &who, &movement_id, &id, &changes, if_match.as_deref())
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}

/// Records that the unit issued its plan: the date and document number.
#[utoipa::path(
    tag = "plans", request_body = PlanIssue,
    params(("id" = String, Path, description = "Mã định danh phong trào"), ("plan_id" = String, Path, description = "Mã định danh kế hoạch"),
        IfMatch),
    responses((status = 200, description = "Đã ghi nhận ban hành", body = Plan, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/api/v1/movements/{id}/plans/{plan_id}/issue")]
pub async fn issue(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
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
    let cmd = Issue {
        issued_on: b.issued_on,
        document_number: number,
    };
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let plan = state
        .db
        .write(move |conn| {
            plans::issue(
                conn,
                &caller,
                &who,
                &movement_id,
                &id,
                &cmd,
                if_match.as_deref(),
            )
        })
        .await?;
    Ok(with_etag(plan.version, &plan))
}
