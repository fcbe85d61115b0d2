//! `GET /api/v1/quotas`: the nomination quotas of the letter (points 6c, 6d), as data with the
//! document that sets each.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::movements::DocumentRef;
use crate::domain::access::Caller;
use crate::domain::register::Scale;
use crate::domain::vocab::Track;
use crate::error::AppResult;
use crate::service::quotas as service;
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

/// A quota rule.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "code": "annual-standard", "track": "annual", "scale": "standard", "year": null, "max_count": 2,
    "description": "Mỗi phong trào giới thiệu không quá 02 tập thể, cá nhân mỗi năm",
    "document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c02", "number": "1801/UBND-NC", "issued_on": "2022-07-15"}
}))]
pub struct QuotaRule {
    pub code: String,
    pub track: Track,
    /// For `annual`: the participation scale it applies to.
    pub scale: Option<Scale>,
    /// For congress tracks: the congress year.
    pub year: Option<i32>,
    /// The most nominations the rule lets through.
    pub max_count: i32,
    pub description: String,
    pub document: Option<DocumentRef>,
}

#[derive(Serialize, ToSchema)]
pub struct QuotaRules {
    pub items: Vec<QuotaRule>,
}

/// The quota rules in force, with their documents.
#[utoipa::path(
    tag = "quotas",
    responses((status = 200, description = "Các quy định về số lượng khen thưởng", body = QuotaRules)),
    security(("bearer" = []))
)]
#[get("/api/v1/quotas")]
pub async fn list(_caller: Caller, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rules = state.db.read(service::rules).await?;
    let items = rules
        .into_iter()
        .map(|(r, doc)| QuotaRule {
            document: doc.map(|(id, number, issued_on)| DocumentRef {
                id,
                number,
                issued_on,
            }),
            track: r.track,
            scale: r.scale,
            code: r.code,
            year: r.year,
            max_count: r.max_count,
            description: r.description,
        })
        .collect();
    Ok(HttpResponse::Ok().json(QuotaRules { items }))
}
