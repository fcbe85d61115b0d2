//! Ad-hoc report requests (báo cáo đột xuất): sent to some units, each with its own due date.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use super::dto::{NewReportRequest, ReportRequest, RequestListQuery};
use crate::api::{bound_to_unit, page, unique, Body, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::periods::Period;
use crate::error::AppResult;
use crate::service::reports::{self as service, NewRequest};
use crate::{t, AppState};

/// Checks a new request's fields, each error at its member.
fn check_new_request(b: NewReportRequest, creator: String) -> AppResult<NewRequest> {
    let mut c = Check::new();
    let code = b.code.trim().to_owned();
    if service::request_code("/code", &code).is_err() || Period::parse(&code).is_some() {
        c.fail(
            "/code",
            t!(
                "Mã yêu cầu: 1–20 chữ, số, -, _, . và không trùng dạng một kỳ (như 2025Q3).",
                "A request code: 1–20 letters, digits, -, _, . and not shaped like a period (such as 2025Q3)."
            ),
        );
    }
    let title = c.name("/title", &b.title, 500);
    let unit_ids = unique(&b.unit_ids);
    if unit_ids.is_empty() || unit_ids.len() > 1000 {
        c.fail(
            "/unit_ids",
            t!("Cần từ 1 đến 1000 đơn vị.", "1 to 1000 units are required."),
        );
    }
    c.finish()?;
    Ok(NewRequest {
        report_type_id: b.report_type_id,
        code,
        title,
        due_date: b.due_date,
        unit_ids,
        creator,
    })
}

/// Requests an ad-hoc report from some units (admins and coordinators), with its own due date.
/// The request's code is the period of the reports that answer it.
#[utoipa::path(
    tag = "reporting", request_body = NewReportRequest,
    responses((status = 201, description = "Đã gửi yêu cầu báo cáo", body = ReportRequest, headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create_request(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<NewReportRequest>,
) -> AppResult<HttpResponse> {
    let cmd = check_new_request(body.into_inner(), ctx.caller.id().to_owned())?;
    let who = ctx.who();
    let (row, grace) = state
        .db
        .write(move |conn| service::create_request(conn, &who, &cmd))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/report-requests/{}", row.id),
        ))
        .json(ReportRequest::of(row, grace)))
}

/// Lists report requests, newest first; a unit's officer or software sees those sent to it.
#[utoipa::path(
    tag = "reporting", params(RequestListQuery),
    responses((status = 200, description = "Các yêu cầu báo cáo đột xuất", body = Page<ReportRequest>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list_requests(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<RequestListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let own = bound_to_unit(&caller).map(str::to_owned);
    let (rows, next) = state
        .db
        .read(move |conn| {
            let type_id = q.report_type_id.as_deref();
            service::requests(conn, own.as_deref(), type_id, after, limit)
        })
        .await?;
    let items = rows
        .into_iter()
        .map(|(r, grace)| ReportRequest::of(r, grace))
        .collect();
    Ok(page(&req, items, next))
}

/// Reads a report request (a unit's officer or software: one sent to its unit).
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Yêu cầu báo cáo", body = ReportRequest)),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read_request(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let own = bound_to_unit(&caller).map(str::to_owned);
    let (r, grace) = state
        .db
        .read(move |conn| service::request(conn, own.as_deref(), &id))
        .await?;
    Ok(HttpResponse::Ok().json(ReportRequest::of(r, grace)))
}
