//! `/api/v1/title-registrations` and `/api/v1/stream-deadlines`: the titles units register for
//! at the start of a year (đăng ký thi đua), who registered and who did not, and each award
//! stream's deadlines per year.

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, double_option, if_match, utc, with_etag, year_param, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::awardees::AwardStream;
use crate::error::AppResult;
use crate::service::registrations::{
    self as service, DeadlineChange, DeadlineRow, Filter, NewRegistration, RegistrationRow,
};
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(deadlines)
        .service(set_deadline)
        .service(list)
        .service(register)
        .service(by_unit)
        .service(read)
        .service(withdraw);
}

/// A stream's deadlines for a year.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "year": 2026, "stream": "merit", "registration_due": "2026-03-31", "nominations_due": "2026-11-30",
    "note": "Theo Kế hoạch số 15/KH-UBND", "version": 1,
    "created_at": "2026-01-05T08:00:00Z", "updated_at": "2026-01-05T08:00:00Z"
}))]
pub struct Deadline {
    pub year: i32,
    pub stream: AwardStream,
    /// The last day units register the titles they aim for (the merit stream's).
    pub registration_due: Option<NaiveDate>,
    /// The last day the province receives the stream's new nominations.
    pub nominations_due: Option<NaiveDate>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Deadlines {
    #[schema(max_items = 1000)]
    pub items: Vec<Deadline>,
}

/// A stream's deadlines; absent members stay, `null` clears.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"registration_due": "2026-03-31", "nominations_due": "2026-11-30", "note": "Theo Kế hoạch số 15/KH-UBND"}))]
pub struct DeadlinePut {
    #[serde(default, deserialize_with = "double_option")]
    pub registration_due: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    pub nominations_due: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 2000)]
    pub note: Option<Option<String>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// A title an awardee registered for in a year.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9c01", "year": 2026,
    "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "award_type_id": "0193a1b2-0000-7000-8000-0000000a0002",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01", "registered_on": "2026-02-10", "created_at": "2026-02-10T08:00:00Z"
}))]
pub struct Registration {
    #[schema(max_length = 36)]
    pub id: String,
    pub year: i32,
    #[schema(max_length = 36)]
    pub awardee_id: String,
    #[schema(max_length = 36)]
    pub award_type_id: String,
    /// The awardee's unit when it registered.
    #[schema(max_length = 36)]
    pub unit_id: String,
    pub registered_on: NaiveDate,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Registrations {
    #[schema(max_items = 100000)]
    pub items: Vec<Registration>,
}

/// A registration (the awardee's unit, or the coordinator).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"year": 2026, "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "award_type_id": "0193a1b2-0000-7000-8000-0000000a0002"}))]
pub struct RegistrationCreate {
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    #[schema(max_length = 36)]
    pub awardee_id: String,
    #[schema(max_length = 36)]
    pub award_type_id: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistrationQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    #[param(max_length = 36)]
    pub unit_id: Option<String>,
    #[param(max_length = 36)]
    pub awardee_id: Option<String>,
    #[param(max_length = 36)]
    pub award_type_id: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
}

/// A unit and how many registrations it made in the year (0: it did not register).
#[derive(Serialize, ToSchema)]
pub struct UnitRegistrations {
    #[schema(max_length = 36)]
    pub unit_id: String,
    #[schema(max_length = 50)]
    pub code: String,
    #[schema(max_length = 255)]
    pub name: String,
    pub registrations: i64,
}

/// Who registered in a year and who did not.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "year": 2026, "registration_due": "2026-03-31", "registered": 1, "not_registered": 1,
    "items": [
        {"unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01", "code": "SNV", "name": "Sở Nội vụ", "registrations": 12},
        {"unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a02", "code": "SXD", "name": "Sở Xây dựng", "registrations": 0}
    ]
}))]
pub struct RegistrationCoverage {
    pub year: i32,
    pub registration_due: Option<NaiveDate>,
    /// Units with at least one registration.
    pub registered: i64,
    /// Active units with none.
    pub not_registered: i64,
    #[schema(max_items = 10000)]
    pub items: Vec<UnitRegistrations>,
}

fn deadline(r: DeadlineRow) -> Deadline {
    Deadline {
        year: r.year,
        stream: r.stream,
        registration_due: r.registration_due,
        nominations_due: r.nominations_due,
        note: r.note,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

fn registration(r: RegistrationRow) -> Registration {
    Registration {
        id: r.id,
        year: r.year,
        awardee_id: r.awardee_id,
        award_type_id: r.award_type_id,
        unit_id: r.unit_id,
        registered_on: r.registered_on,
        created_at: utc(r.created_at),
    }
}

/// Lists the streams' deadlines, the latest year first.
#[utoipa::path(
    tag = "nominations", params(DeadlineQuery),
    responses((status = 200, description = "Hạn của các loại khen thưởng", body = Deadlines)),
    security(("bearer" = []))
)]
#[get("/api/v1/stream-deadlines")]
pub async fn deadlines(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<DeadlineQuery>,
) -> AppResult<HttpResponse> {
    let year = year_param("year", query.year, 2000..=2100)?;
    let rows = state
        .db
        .read(move |conn| service::deadlines(conn, year))
        .await?;
    let items = rows.into_iter().map(deadline).collect();
    Ok(HttpResponse::Ok().json(Deadlines { items }))
}

/// Sets a stream's deadlines for a year (the coordinator).
#[utoipa::path(
    tag = "nominations", request_body = DeadlinePut,
    params(
        ("year" = i32, Path, description = "Năm", minimum = 2000, maximum = 2100),
        ("stream" = AwardStream, Path, description = "Loại khen thưởng"),
        ("If-Match" = Option<String>, Header, description = "ETag đã đọc")
    ),
    responses((status = 200, description = "Đã đặt hạn", body = Deadline, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[put("/api/v1/stream-deadlines/{year}/{stream}")]
pub async fn set_deadline(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(i32, AwardStream)>,
    body: Body<DeadlinePut>,
) -> AppResult<HttpResponse> {
    let (year, stream) = path.into_inner();
    year_param("year", Some(year), 2000..=2100)?;
    let b = body.into_inner();
    let mut c = Check::new();
    let note = b
        .note
        .map(|n| n.and_then(|n| c.optional("/note", Some(&n), 2000)));
    c.finish()?;
    let change = DeadlineChange {
        registration_due: b.registration_due,
        nominations_due: b.nominations_due,
        note,
    };
    let (tag, who) = (if_match(&req), ctx.who());
    let row = state
        .db
        .write(move |conn| service::set_deadline(conn, &who, year, stream, &change, tag.as_deref()))
        .await?;
    let d = deadline(row);
    Ok(with_etag(d.version, &d))
}

/// Lists title registrations.
#[utoipa::path(
    tag = "nominations", params(RegistrationQuery),
    responses((status = 200, description = "Các đăng ký thi đua", body = Registrations)),
    security(("bearer" = []))
)]
#[get("/api/v1/title-registrations")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<RegistrationQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let filter = Filter {
        year: year_param("year", q.year, 2000..=2100)?,
        unit_id: q.unit_id,
        awardee_id: q.awardee_id,
        award_type_id: q.award_type_id,
    };
    let rows = state
        .db
        .read(move |conn| service::list(conn, &filter))
        .await?;
    let items = rows.into_iter().map(registration).collect();
    Ok(HttpResponse::Ok().json(Registrations { items }))
}

/// Registers an awardee for a title in a year.
#[utoipa::path(
    tag = "nominations", request_body = RegistrationCreate,
    responses((status = 201, description = "Đã đăng ký", body = Registration,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/title-registrations")]
pub async fn register(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<RegistrationCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    c.year("/year", b.year);
    c.finish()?;
    let new = NewRegistration {
        year: b.year,
        awardee_id: b.awardee_id,
        award_type_id: b.award_type_id,
    };
    let (who, caller) = (ctx.who(), ctx.caller);
    let row = state
        .db
        .write(move |conn| service::register(conn, &caller, &who, &new))
        .await?;
    let r = registration(row);
    Ok(created(
        format!("/api/v1/title-registrations/{}", r.id),
        1,
        &r,
    ))
}

/// Every active unit with its registrations in a year: who registered and who did not.
#[utoipa::path(
    tag = "nominations", params(YearQuery),
    responses((status = 200, description = "Đơn vị đã và chưa đăng ký", body = RegistrationCoverage)),
    security(("bearer" = []))
)]
#[get("/api/v1/title-registrations/units")]
pub async fn by_unit(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<YearQuery>,
) -> AppResult<HttpResponse> {
    let year = query.year;
    year_param("year", Some(year), 2000..=2100)?;
    let (rows, due) = state
        .db
        .read(move |conn| {
            let due = service::deadlines(conn, Some(year))?
                .into_iter()
                .find(|d| d.stream == AwardStream::Merit)
                .and_then(|d| d.registration_due);
            Ok((service::by_unit(conn, year)?, due))
        })
        .await?;
    let registered = rows.iter().filter(|r| r.3 > 0).count();
    let items: Vec<UnitRegistrations> = rows
        .into_iter()
        .map(|(unit_id, code, name, registrations)| UnitRegistrations {
            unit_id,
            code,
            name,
            registrations,
        })
        .collect();
    let total = items.len();
    Ok(HttpResponse::Ok().json(RegistrationCoverage {
        year,
        registration_due: due,
        registered: i64::try_from(registered).unwrap_or(i64::MAX),
        not_registered: i64::try_from(total - registered).unwrap_or(i64::MAX),
        items,
    }))
}

/// Reads one registration.
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đăng ký thi đua", body = Registration, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/title-registrations/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = state.db.read(move |conn| service::read(conn, &id)).await?;
    Ok(with_etag(1, &registration(row)))
}

/// Withdraws a registration (until the deadline for the unit; the coordinator at any time).
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 204, description = "Đã rút đăng ký")),
    security(("bearer" = []))
)]
#[delete("/api/v1/title-registrations/{id}")]
pub async fn withdraw(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (who, caller, id) = (ctx.who(), ctx.caller, id.into_inner());
    state
        .db
        .write(move |conn| service::withdraw(conn, &caller, &who, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
