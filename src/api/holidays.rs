//! The public holidays the coordinator keeps (`/api/v1/holidays`): working days skip them, with
//! Saturdays and Sundays, when a public comment period is counted. The rules are in
//! [`crate::service::holidays`].

use actix_web::http::header;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{Check, Ctx};
use crate::domain::access::Caller;
use crate::error::AppResult;
use crate::service::holidays::{self as service, HolidayRow};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/holidays")
            .service(list)
            .service(create)
            .service(remove),
    );
}

/// A public holiday.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2025-09-02", "name": "Quốc khánh"}))]
pub struct Holiday {
    pub date: NaiveDate,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Holidays {
    pub items: Vec<Holiday>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HolidayQuery {
    /// The year (default: this year in the province).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

impl From<HolidayRow> for Holiday {
    fn from(r: HolidayRow) -> Self {
        Holiday {
            date: r.day,
            name: r.name,
        }
    }
}

/// The public holidays of a year.
#[utoipa::path(
    tag = "nominations", params(HolidayQuery),
    responses((status = 200, description = "Các ngày nghỉ lễ, Tết", body = Holidays)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<HolidayQuery>,
) -> AppResult<HttpResponse> {
    let year = super::year_param("year", query.year, 2000..=2100)?
        .unwrap_or_else(|| crate::domain::today().year());
    let rows = state
        .db
        .read(move |conn| service::holidays_of(conn, year))
        .await?;
    let items = rows.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(Holidays { items }))
}

/// Adds a public holiday (admins and coordinators).
#[utoipa::path(
    tag = "nominations", request_body = Holiday,
    responses((status = 201, description = "Đã thêm ngày nghỉ", body = Holiday,
        headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<Holiday>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let name = c.name("/name", &b.name, 200);
    if !(2000..=2100).contains(&b.date.year()) {
        c.fail(
            "/date",
            t!(
                "Năm phải từ 2000 đến 2100.",
                "The year must be between 2000 and 2100."
            ),
        );
    }
    c.finish()?;
    let who = ctx.who();
    let day = b.date;
    let row = state
        .db
        .write(move |conn| service::add(conn, &who, day, &name))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/holidays/{}", row.day)))
        .json(Holiday::from(row)))
}

/// Removes a public holiday (admins and coordinators). Closing dates already counted stay.
#[utoipa::path(
    tag = "nominations",
    params(("date" = NaiveDate, Path, description = "Ngày (YYYY-MM-DD)")),
    responses((status = 204, description = "Đã xoá")),
    security(("bearer" = []))
)]
#[delete("/{date}")]
pub async fn remove(
    ctx: Ctx,
    state: web::Data<AppState>,
    date: web::Path<NaiveDate>,
) -> AppResult<HttpResponse> {
    let who = ctx.who();
    let day = date.into_inner();
    state
        .db
        .write(move |conn| service::remove(conn, &who, day))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
