//! Compliance with the reporting regime, computed at request time.

use actix_web::{get, web, HttpResponse};

use super::dto::{Compliance, ComplianceQuery};
use crate::domain::access::Caller;
use crate::error::AppResult;
use crate::service::reports as service;
use crate::AppState;

/// Compliance with one report type for one period, computed now: every unit expected on the
/// due date (a unit created later or merged away before is not expected), whether it reported
/// on time, late or not at all, with totals per emulation group. `status=missing` is the list
/// to remind.
///
/// The province sees every unit; the lead unit of the movement named in `movement`, that
/// movement's units; a unit's officer or its software (`reports:read`), its own unit alone.
#[utoipa::path(
    tag = "reporting", params(ComplianceQuery),
    responses((status = 200, description = "Tình hình chấp hành chế độ báo cáo", body = Compliance)),
    security(("bearer" = []))
)]
#[get("/api/v1/reporting/compliance")]
pub async fn compliance(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ComplianceQuery>,
) -> AppResult<HttpResponse> {
    let filter = query.into_inner().into();
    let answer = state
        .db
        .read(move |conn| service::compliance(conn, &caller, &filter))
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
