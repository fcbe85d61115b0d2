//! `/api/v1/stats/…`: the letter's complaints as figures, computed from the data at request
//! time — models by stage and the share of priority categories, publicity by channel, units
//! with nothing on their own portal, units that issued a plan but introduced no model.

use std::collections::BTreeMap;

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::movements::UnitRef;
use crate::domain::access::Caller;
use crate::domain::models::{Category, ModelKind, Stage};
use crate::domain::register::{year_span, Channel};
use crate::domain::today;
use crate::error::{AppError, AppResult};
use crate::service::stats::{self as service, Scope};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope("/api/v1/stats")
            .service(models)
            .service(publicity)
            .service(units_without_portal_items)
            .service(units_with_plan_but_no_models)
            .service(nominations),
    );
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// The year counted (models by discovery, items by publication); all years when absent.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub movement_id: Option<String>,
    pub unit_id: Option<String>,
}

/// Exemplary models by stage, kind and category, and the share of the letter's priority
/// categories (small collectives, frontline staff, workers, farmers, direct producers).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "total": 40, "by_stage": {"discovered": 22, "nurtured": 12, "replicated": 6},
    "by_kind": {"collective": 15, "individual": 25},
    "by_category": {"small_collective": 10, "farmer": 9, "worker": 6, "frontline_staff": 4, "direct_producer": 3, "manager": 6, "other": 2},
    "priority": 32, "priority_share": 0.8
}))]
pub struct ModelStats {
    pub total: i64,
    pub by_stage: BTreeMap<String, i64>,
    pub by_kind: BTreeMap<String, i64>,
    pub by_category: BTreeMap<String, i64>,
    /// Models in a priority category.
    pub priority: i64,
    /// `priority / total` (0 when there are none).
    pub priority_share: f64,
}

/// Publicity items by channel.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"total": 18, "by_channel": {"unit_portal": 7, "provincial_portal": 3, "radio_tv": 4, "newspaper": 3, "social": 1, "other": 0}}))]
pub struct PublicityStats {
    pub total: i64,
    pub by_channel: BTreeMap<String, i64>,
}

/// Units flagged by a rule, for a period.
#[derive(Serialize, ToSchema)]
pub struct FlaggedUnits {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub units: Vec<UnitRef>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day of the period; 1 January of this year when absent.
    pub from: Option<NaiveDate>,
    /// Last day of the period; today when absent.
    pub to: Option<NaiveDate>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// This year when absent.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// Only plans of this movement.
    pub movement_id: Option<String>,
}

fn scope(q: &StatsQuery) -> AppResult<Scope> {
    let span = match super::year_param("year", q.year, 2000..=2100)? {
        Some(y) => year_span(y),
        None => None,
    };
    Ok(Scope {
        from: span.map(|s| s.0),
        to: span.map(|s| s.1),
        movement_id: q.movement_id.clone(),
        unit_ids: q.unit_id.clone().map(|u| vec![u]),
    })
}

fn unit_refs(units: Vec<(String, String, String)>) -> Vec<UnitRef> {
    units
        .into_iter()
        .map(|(id, code, name)| UnitRef { id, code, name })
        .collect()
}

fn zeroed<'a>(keys: impl Iterator<Item = &'a str>) -> BTreeMap<String, i64> {
    keys.map(|k| (k.to_owned(), 0)).collect()
}

/// Exemplary models by stage and category, with the share of priority categories.
#[utoipa::path(
    tag = "stats", params(StatsQuery),
    responses((status = 200, description = "Số liệu điển hình tiên tiến", body = ModelStats)),
    security(("bearer" = []))
)]
#[get("/models")]
pub async fn models(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> AppResult<HttpResponse> {
    let s = scope(&query)?;
    let facts = state
        .db
        .read(move |conn| service::model_facts(conn, &s))
        .await?;
    let mut stats = ModelStats {
        total: 0,
        by_stage: zeroed(Stage::ALL.iter().map(|v| v.as_str())),
        by_kind: zeroed(ModelKind::ALL.iter().map(|v| v.as_str())),
        by_category: zeroed(Category::ALL.iter().map(|v| v.as_str())),
        priority: 0,
        priority_share: 0.0,
    };
    for (stage, category, kind) in facts {
        stats.total += 1;
        *stats.by_stage.entry(stage.as_str().to_owned()).or_default() += 1;
        *stats.by_kind.entry(kind.as_str().to_owned()).or_default() += 1;
        if category.is_priority() {
            stats.priority += 1;
        }
        *stats
            .by_category
            .entry(category.as_str().to_owned())
            .or_default() += 1;
    }
    if stats.total > 0 {
        // Four decimals are plenty for a share.
        stats.priority_share =
            (stats.priority as f64 / stats.total as f64 * 10_000.0).round() / 10_000.0;
    }
    Ok(HttpResponse::Ok().json(stats))
}

/// Publicity items by channel.
#[utoipa::path(
    tag = "stats", params(StatsQuery),
    responses((status = 200, description = "Số liệu tin bài tuyên truyền", body = PublicityStats)),
    security(("bearer" = []))
)]
#[get("/publicity")]
pub async fn publicity(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> AppResult<HttpResponse> {
    let s = scope(&query)?;
    let channels = state
        .db
        .read(move |conn| service::item_channels(conn, &s))
        .await?;
    let mut stats = PublicityStats {
        total: 0,
        by_channel: zeroed(Channel::ALL.iter().map(|v| v.as_str())),
    };
    for channel in channels {
        stats.total += 1;
        *stats
            .by_channel
            .entry(channel.as_str().to_owned())
            .or_default() += 1;
    }
    Ok(HttpResponse::Ok().json(stats))
}

fn period(q: &PeriodQuery) -> AppResult<(NaiveDate, NaiveDate)> {
    let today = today();
    let to = q.to.unwrap_or(today);
    let from = match q.from {
        Some(f) => f,
        None => year_span(chrono::Datelike::year(&to))
            .map(|s| s.0)
            .unwrap_or(to),
    };
    if to < from {
        return Err(AppError::invalid_param(
            "to",
            t!(
                "Ngày cuối phải sau ngày đầu.",
                "to must not be before from."
            ),
        ));
    }
    Ok((from, to))
}

/// Active units with no publicity item on their own portal in the period (the letter's
/// first complaint).
#[utoipa::path(
    tag = "stats", params(PeriodQuery),
    responses((status = 200, description = "Đơn vị chưa có tin bài trên cổng thông tin của mình", body = FlaggedUnits)),
    security(("bearer" = []))
)]
#[get("/units-without-portal-items")]
pub async fn units_without_portal_items(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let (from, to) = period(&query)?;
    let units = state
        .db
        .read(move |conn| service::units_without_portal_items(conn, from, to))
        .await?;
    let units = unit_refs(units);
    Ok(HttpResponse::Ok().json(FlaggedUnits { from, to, units }))
}

/// Units that issued a plan for the year but introduced no exemplary model in it (another of
/// the letter's complaints).
#[utoipa::path(
    tag = "stats", params(YearQuery),
    responses((status = 200, description = "Đơn vị đã ban hành kế hoạch nhưng không giới thiệu điển hình", body = FlaggedUnits)),
    security(("bearer" = []))
)]
#[get("/units-with-plan-but-no-models")]
pub async fn units_with_plan_but_no_models(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<YearQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let year = super::year_param("year", q.year, 2000..=2100)?
        .unwrap_or_else(|| chrono::Datelike::year(&today()));
    let (from, to) = year_span(year)
        .ok_or_else(|| AppError::invalid_param("year", t!("Năm không hợp lệ.", "Invalid year.")))?;
    let units = state
        .db
        .read(move |conn| {
            service::units_with_plan_but_no_models(conn, from, to, q.movement_id.as_deref())
        })
        .await?;
    let units = unit_refs(units);
    Ok(HttpResponse::Ok().json(FlaggedUnits { from, to, units }))
}

/// How many of a set are in the letter's priority categories.
#[derive(Serialize, ToSchema)]
pub struct Share {
    pub total: i64,
    pub priority: i64,
    /// `priority / total` (0 when there are none).
    pub share: f64,
}

impl Share {
    fn of(categories: impl Iterator<Item = Category>) -> Share {
        let (mut total, mut priority) = (0i64, 0i64);
        for c in categories {
            total += 1;
            priority += i64::from(c.is_priority());
        }
        Share {
            total,
            priority,
            share: if total == 0 {
                0.0
            } else {
                priority as f64 / total as f64
            },
        }
    }
}

/// Quota use and the priority share of a year's nominations.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "year": 2025,
    "pools": [{"track": "annual", "year": 2025, "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "stream": "merit", "rule": "annual-standard", "limit": 2, "used": 2, "remaining": 0},
              {"track": "provincial_congress", "year": 2025, "movement_id": null, "stream": "merit", "rule": "provincial-congress-x-2025", "limit": 200, "used": 143, "remaining": 57}],
    "nominees": {"total": 180, "priority": 121, "share": 0.672},
    "honourees": {"total": 140, "priority": 98, "share": 0.7}
}))]
pub struct NominationStats {
    pub year: i32,
    /// Each quota of the year with its use: per movement (annual) and per congress.
    pub pools: Vec<crate::service::quotas::Pool>,
    /// Nominations past the draft (withdrawn ones left out).
    pub nominees: Share,
    /// Approved nominations.
    pub honourees: Share,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NominationStatsQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
}

/// Quota use per movement and congress, and the share of priority categories (small
/// collectives, frontline staff, workers, farmers, direct producers) among nominees and
/// honourees.
#[utoipa::path(
    tag = "stats", params(NominationStatsQuery),
    responses((status = 200, description = "Sử dụng chỉ tiêu và tỷ lệ đối tượng ưu tiên", body = NominationStats)),
    security(("bearer" = []))
)]
#[get("/nominations")]
pub async fn nominations(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<NominationStatsQuery>,
) -> AppResult<HttpResponse> {
    use crate::domain::nominations::NominationState as S;
    let year = query.year;
    super::year_param("year", Some(year), 2000..=2100)?;
    let (pools, facts) = state
        .db
        .read(move |conn| {
            let pools = crate::service::quotas::pools(conn, year)?;
            Ok((pools, service::nomination_categories(conn, year)?))
        })
        .await?;
    let stats = NominationStats {
        year,
        pools,
        nominees: Share::of(
            facts
                .iter()
                .filter(|(state, _)| !matches!(state, S::Draft | S::Withdrawn))
                .map(|(_, c)| *c),
        ),
        honourees: Share::of(
            facts
                .iter()
                .filter(|(state, _)| *state == S::Approved)
                .map(|(_, c)| *c),
        ),
    };
    Ok(HttpResponse::Ok().json(stats))
}
