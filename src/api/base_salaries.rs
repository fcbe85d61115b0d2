//! `/api/v1/base-salaries`: the statutory base salaries, dated, on which bonuses are computed
//! (the rules are in [`crate::service::base_salaries`] and [`crate::domain::bonus`]).

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{utc, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::register::Vnd;
use crate::error::AppResult;
use crate::service::base_salaries::{self as service, BaseSalaryRow, NewBaseSalary};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create);
}

/// A base salary, in force from `valid_from` until the next one begins.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0190695a-0000-7000-8000-000000000001", "amount": 2340000, "valid_from": "2024-07-01",
    "legal_basis": "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 quy định mức lương cơ sở", "document_id": null,
    "created_at": "2024-07-01T00:00:00Z"}))]
pub struct BaseSalary {
    #[schema(max_length = 36)]
    pub id: String,
    /// Whole đồng a month.
    pub amount: Vnd,
    pub valid_from: NaiveDate,
    #[schema(max_length = 1000)]
    pub legal_basis: String,
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<BaseSalaryRow> for BaseSalary {
    fn from(r: BaseSalaryRow) -> BaseSalary {
        BaseSalary {
            id: r.id,
            amount: Vnd(r.amount),
            valid_from: r.valid_from,
            legal_basis: r.legal_basis,
            document_id: r.document_id,
            created_at: utc(r.created_at),
        }
    }
}

/// Every base salary, the earliest first, and the one in force on `on`.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "items": [{"id": "0190695a-0000-7000-8000-000000000001", "amount": 2340000, "valid_from": "2024-07-01",
        "legal_basis": "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 quy định mức lương cơ sở", "document_id": null,
        "created_at": "2024-07-01T00:00:00Z"}],
    "on": "2026-03-10",
    "in_force": {"id": "0190695a-0000-7000-8000-000000000001", "amount": 2340000, "valid_from": "2024-07-01",
        "legal_basis": "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 quy định mức lương cơ sở", "document_id": null,
        "created_at": "2024-07-01T00:00:00Z"}
}))]
pub struct BaseSalaries {
    #[schema(max_items = 1000)]
    pub items: Vec<BaseSalary>,
    /// The day asked about (today by default).
    pub on: NaiveDate,
    /// The base salary in force that day (`null` before the first).
    pub in_force: Option<BaseSalary>,
}

/// A base salary to record, from its decree.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": 2530000, "valid_from": "2026-07-01",
    "legal_basis": "Nghị định quy định mức lương cơ sở từ ngày 01/7/2026"}))]
pub struct BaseSalaryCreate {
    /// Whole đồng a month.
    #[schema(minimum = 1, maximum = 1_000_000_000)]
    pub amount: i64,
    pub valid_from: NaiveDate,
    #[schema(min_length = 1, max_length = 1000)]
    pub legal_basis: String,
    /// The decree, if recorded among the documents.
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnQuery {
    /// The day whose base salary `in_force` gives (default today).
    pub on: Option<NaiveDate>,
}

/// Lists the base salaries.
#[utoipa::path(
    tag = "funding", params(OnQuery),
    responses((status = 200, description = "Các mức lương cơ sở", body = BaseSalaries)),
    security(("bearer" = []))
)]
#[get("/api/v1/base-salaries")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<OnQuery>,
) -> AppResult<HttpResponse> {
    let on = query.on.unwrap_or_else(crate::domain::today);
    let (rows, in_force) = state
        .db
        .read(move |conn| Ok((service::list(conn)?, service::on(conn, on)?)))
        .await?;
    Ok(HttpResponse::Ok().json(BaseSalaries {
        items: rows.into_iter().map(BaseSalary::from).collect(),
        on,
        in_force: in_force.map(BaseSalary::from),
    }))
}

/// Records a base salary.
#[utoipa::path(
    tag = "funding", request_body = BaseSalaryCreate,
    responses((status = 201, description = "Đã ghi mức lương cơ sở", body = BaseSalary,
        headers(("Location" = String, description = "Danh sách mức lương cơ sở")))),
    security(("bearer" = []))
)]
#[post("/api/v1/base-salaries")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<BaseSalaryCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let legal_basis = c.name("/legal_basis", &b.legal_basis, 1000);
    if !(1..=1_000_000_000).contains(&b.amount) {
        c.fail(
            "/amount",
            t!(
                "Mức lương cơ sở là số đồng nguyên dương, không quá 1.000.000.000.",
                "A base salary is a positive whole number of đồng, at most 1,000,000,000."
            ),
        );
    }
    c.finish()?;
    let new = NewBaseSalary {
        amount: Vnd(b.amount),
        valid_from: b.valid_from,
        legal_basis,
        document_id: b.document_id,
    };
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| service::create(conn, &who, &new))
        .await?;
    let location = format!("/api/v1/base-salaries?on={}", row.valid_from);
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(BaseSalary::from(row)))
}
