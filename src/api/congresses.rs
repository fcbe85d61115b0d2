//! `/api/v1/congresses`: the emulation congresses (Đại hội Thi đua yêu nước), provincial and
//! national, as data. The rules are in [`crate::service::congresses`].

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{created, page, utc, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::vocab::CongressLevel;
use crate::error::AppResult;
use crate::service::congresses::{self as service, CongressRow, NewCongress};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/congresses")
            .service(create)
            .service(list)
            .service(read),
    );
}

/// An emulation congress.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01", "level": "provincial", "number": 1,
    "name": "Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ I", "term_from": 2025, "term_to": 2030,
    "year": 2025, "held_on": "2025-09-26", "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5c01",
    "draws_from_id": null, "alias": null, "version": 1,
    "created_at": "2025-08-01T08:00:00Z", "updated_at": "2025-08-01T08:00:00Z"
}))]
pub struct Congress {
    pub id: String,
    pub level: CongressLevel,
    /// Its number (lần thứ), 10 for the letter's provincial congress X.
    pub number: i32,
    pub name: String,
    pub term_from: i32,
    pub term_to: i32,
    /// The year it is held: the `year` of its nominations.
    pub year: i32,
    /// The day it is held (not on record for the letter's congresses).
    pub held_on: Option<NaiveDate>,
    /// The document that convenes it (not on record for the letter's congresses).
    pub document_id: Option<String>,
    /// Only the honourees of this congress may be put forward to this one.
    pub draws_from_id: Option<String>,
    /// The old `track` value that names it: `provincial_congress` (X), `national_congress` (XI).
    #[schema(max_length = 50)]
    pub alias: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<CongressRow> for Congress {
    fn from(r: CongressRow) -> Congress {
        Congress {
            id: r.id,
            level: r.level,
            number: r.number,
            name: r.name,
            term_from: r.term_from,
            term_to: r.term_to,
            year: r.year,
            held_on: r.held_on,
            document_id: r.document_id,
            draws_from_id: r.draws_from_id,
            alias: r.alias,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

/// A congress to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "level": "provincial", "number": 1, "name": "Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ I",
    "term_from": 2025, "term_to": 2030, "held_on": "2025-09-26",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5c01"
}))]
pub struct CongressCreate {
    pub level: CongressLevel,
    #[schema(minimum = 1, maximum = 99)]
    pub number: i32,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub term_from: i32,
    #[schema(minimum = 2000, maximum = 2100)]
    pub term_to: i32,
    pub held_on: NaiveDate,
    /// The document that convenes it: in force, issued on or before `held_on`.
    pub document_id: String,
    /// The congress whose honourees alone may be put forward to this one (held before it).
    pub draws_from_id: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CongressQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

impl CongressCreate {
    fn check(self) -> AppResult<NewCongress> {
        let mut c = Check::new();
        let name = c.name("/name", &self.name, 300);
        if !(1..=99).contains(&self.number) {
            c.fail(
                "/number",
                t!("Lần thứ từ 1 đến 99.", "The number is from 1 to 99."),
            );
        }
        c.year("/held_on", self.held_on.year());
        c.year("/term_from", self.term_from);
        c.year("/term_to", self.term_to);
        if self.term_to < self.term_from {
            c.fail(
                "/term_to",
                t!(
                    "Nhiệm kỳ kết thúc trước khi bắt đầu.",
                    "The term ends before it begins."
                ),
            );
        }
        c.finish()?;
        Ok(NewCongress {
            level: self.level,
            number: self.number,
            name,
            term_from: self.term_from,
            term_to: self.term_to,
            held_on: self.held_on,
            document_id: self.document_id,
            draws_from_id: self.draws_from_id,
        })
    }
}

/// Records a congress.
#[utoipa::path(
    tag = "quotas", request_body = CongressCreate,
    responses((status = 201, description = "Đã ghi nhận đại hội", body = Congress,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<CongressCreate>,
) -> AppResult<HttpResponse> {
    let cmd = body.into_inner().check()?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| service::create(conn, &who, &cmd))
        .await?;
    let congress = Congress::from(row);
    Ok(created(
        format!("/api/v1/congresses/{}", congress.id),
        congress.version,
        &congress,
    ))
}

/// Lists congresses by the year they are held.
#[utoipa::path(
    tag = "quotas", params(CongressQuery),
    responses((status = 200, description = "Một trang đại hội", body = Page<Congress>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<CongressQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    crate::api::year_param("year", q.year, 2000..=2100)?;
    let limit = paging::limit(q.limit)?;
    let (rows, next) = state
        .db
        .read(move |conn| service::list(conn, q.year, q.cursor.as_deref(), limit))
        .await?;
    Ok(page(
        &req,
        rows.into_iter().map(Congress::from).collect(),
        next,
    ))
}

/// Reads one congress.
#[utoipa::path(
    tag = "quotas", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đại hội", body = Congress)),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let row = state.db.read(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(Congress::from(row)))
}
