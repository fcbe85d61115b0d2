//! Reports: a unit's submissions (idempotent, with a dry run), reading them, and the
//! coordinator's acceptance.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use super::dto::{NewReport, Receipt, Report, ReportQuery};
use crate::api::DryRunQuery;
use crate::api::{bound_to_unit, page, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::periods::Period;
use crate::error::AppResult;
use crate::http::idempotency::{self, Answer, Idempotent};
use crate::service::reports::{self as service, Filter, Submit};
use crate::AppState;

/// Submits a report for the caller's own unit (a unit officer, or a client with
/// `reports:write`).
///
/// Retry safely with the same `Idempotency-Key`: a replay with the same body returns the first
/// answer (with `Idempotent-Replayed: true`) and creates nothing; the same key with another
/// body is 422 `idempotency_key_reused`; a replay while the first is still being answered is
/// 409 `idempotency_in_progress`. Keys are kept at least 24 hours. A later submission for the
/// same type and period is a new revision; refused once the report is `accepted`, the period
/// locked (`period_locked`) or past its last day (`expired`).
#[utoipa::path(
    tag = "reporting", request_body = NewReport,
    params(DryRunQuery, ("Idempotency-Key" = String, Header, description = "Khoá chống gửi trùng, ví dụ một UUID mới cho mỗi báo cáo")),
    responses(
        (status = 201, description = "Đã nhận báo cáo (biên nhận)", body = Receipt),
        (status = 200, description = "Kiểm tra thử (dry_run): hợp lệ, không lưu", body = Receipt)
    ),
    security(("bearer" = []))
)]
#[post("")]
pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<DryRunQuery>,
    body: Idempotent,
) -> AppResult<HttpResponse> {
    let key = body.required_key()?;
    let b: NewReport = body.body()?;
    let dry_run = query.dry_run.unwrap_or(false);
    // The door (`REPORT_SUBMIT`) lets in only a unit's officer and its software.
    let unit_id = ctx
        .caller
        .unit
        .clone()
        .ok_or_else(crate::domain::access::doors::other_unit)?;
    let mut cmd = Submit {
        report_type_id: b.report_type_id,
        period: b.period,
        content: b.content,
        unit_id,
        submitter: String::new(),
    };
    if dry_run {
        let checked = state
            .db
            .read(move |conn| service::check_submission(conn, &cmd))
            .await?;
        return Ok(HttpResponse::Ok().json(Receipt::of(checked, false)));
    }
    cmd.submitter = ctx.caller.id().to_owned();
    let who = ctx.who();
    idempotency::run(&state.db, &ctx.who(), Some(key), move |conn| {
        let receipt = Receipt::of(service::submit(conn, &who, &cmd)?, true);
        Ok(Answer::json(StatusCode::CREATED, &receipt).finish())
    })
    .await
}

/// The filter of a list of reports, the caller's own unit's when it is bound to one.
fn filter_of(caller: &Caller, q: ReportQuery) -> AppResult<Filter> {
    let mut filter = Filter {
        report_type_id: q.report_type_id,
        unit_id: q.unit_id,
        // Checked and normalised like the stored codes, so a typo is a 400, not an empty page.
        period: match q.period.as_deref() {
            Some(code) => Some(match Period::parse(code) {
                Some(p) => p.code(),
                None => service::request_code("period", code)?,
            }),
            None => None,
        },
    };
    // Unit officers and clients see their own unit's; everyone else, every unit's.
    if let Some(own) = bound_to_unit(caller) {
        if filter.unit_id.as_ref().is_some_and(|u| u != own) {
            return Err(service::other_unit());
        }
        filter.unit_id = Some(own.to_owned());
    }
    if let Some(u) = &filter.unit_id {
        if !service::may_read(caller, u) {
            return Err(service::other_unit());
        }
    }
    Ok(filter)
}

/// Lists report revisions, newest first; a unit's officer or software sees its own unit's.
#[utoipa::path(
    tag = "reporting", params(ReportQuery),
    responses((status = 200, description = "Các báo cáo đã gửi", body = Page<Report>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let filter = filter_of(&caller, q)?;
    let (rows, next) = state
        .db
        .read(move |conn| service::reports(conn, &filter, after.as_deref(), limit))
        .await?;
    Ok(page(
        &req,
        rows.into_iter().map(Report::from).collect(),
        next,
    ))
}

/// Reads one report revision.
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Báo cáo", body = Report)),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let r = state
        .db
        .read(move |conn| service::report(conn, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Report::from(r)))
}

/// The coordinator accepts the latest revision of a unit's report: no more submissions for it.
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đã tiếp nhận", body = Report)),
    security(("bearer" = []))
)]
#[post("/{id}/accept")]
pub async fn accept(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (id, who, caller) = (id.into_inner(), ctx.who(), ctx.caller);
    let r = state
        .db
        .write(move |conn| service::accept(conn, &who, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Report::from(r)))
}
