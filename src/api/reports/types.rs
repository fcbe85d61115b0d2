//! Report types: adding, listing and reading them, and locking one of their periods.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use super::dto::{NewReportType, ReportType, TypeListQuery};
use crate::api::{page, unique, Body, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::periods::PeriodType;
use crate::domain::vocab::Audience;
use crate::error::AppResult;
use crate::service::reports::{self as service, NewType};
use crate::{t, AppState};

/// Checks a new report type's fields, each error at its member.
fn check_new_type(b: NewReportType) -> AppResult<NewType> {
    let mut c = Check::new();
    let code = c.name("/code", &b.code, 50);
    let title = c.name("/title", &b.title, 500);
    if !b.content_schema.is_object() || jsonschema::validator_for(&b.content_schema).is_err() {
        c.fail(
            "/content_schema",
            t!(
                "Không phải một JSON Schema hợp lệ.",
                "Not a valid JSON Schema."
            ),
        );
    }
    if !(0..=90).contains(&b.due_days) {
        c.fail(
            "/due_days",
            t!("Phải từ 0 đến 90 ngày.", "Must be 0 to 90 days."),
        );
    }
    let grace_days = b.grace_days.unwrap_or(30);
    if !(0..=365).contains(&grace_days) {
        c.fail(
            "/grace_days",
            t!("Phải từ 0 đến 365 ngày.", "Must be 0 to 365 days."),
        );
    }
    let unit_ids = unique(&b.unit_ids);
    if b.audience == Audience::Units && b.period_type != PeriodType::AdHoc && unit_ids.is_empty() {
        c.fail(
            "/unit_ids",
            t!("Cần ít nhất một đơn vị.", "At least one unit is required."),
        );
    }
    c.finish()?;
    Ok(NewType {
        code,
        title,
        period_type: b.period_type,
        content_schema: b.content_schema,
        due_days: b.due_days,
        grace_days,
        audience: b.audience,
        unit_ids,
        movement_id: b.movement_id,
    })
}

/// Adds a report type (admins and coordinators).
#[utoipa::path(
    tag = "reporting", request_body = NewReportType,
    responses((status = 201, description = "Đã thêm loại báo cáo", body = ReportType, headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create_type(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<NewReportType>,
) -> AppResult<HttpResponse> {
    let cmd = check_new_type(body.into_inner())?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| service::create_type(conn, &who, &cmd))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/report-types/{}", row.id)))
        .json(ReportType::of(row)?))
}

/// Lists report types by code.
#[utoipa::path(
    tag = "reporting", params(TypeListQuery),
    responses((status = 200, description = "Các loại báo cáo", body = Page<ReportType>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list_types(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<TypeListQuery>,
) -> AppResult<HttpResponse> {
    let limit = paging::limit(query.limit)?;
    let after: Option<String> = paging::decode(query.cursor.as_deref())?;
    let (rows, next) = state
        .db
        .read(move |conn| service::report_types(conn, after.as_deref(), limit))
        .await?;
    let items = rows
        .into_iter()
        .map(ReportType::of)
        .collect::<AppResult<Vec<_>>>()?;
    Ok(page(&req, items, next))
}

/// Reads a report type.
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Loại báo cáo", body = ReportType)),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read_type(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let row = state
        .db
        .read(move |conn| service::report_type(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(ReportType::of(row)?))
}

/// Locks a period of a report type (coordinators): no further submissions.
#[utoipa::path(
    tag = "reporting",
    params(("id" = String, Path, description = "Mã định danh"), ("period" = String, Path, description = "Kỳ báo cáo, ví dụ 2025Q3")),
    responses((status = 204, description = "Đã khoá kỳ báo cáo")),
    security(("bearer" = []))
)]
#[post("/{id}/periods/{period}/lock")]
pub async fn lock_period(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (id, period) = path.into_inner();
    let who = ctx.who();
    state
        .db
        .write(move |conn| service::lock_period(conn, &who, &id, &period))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
