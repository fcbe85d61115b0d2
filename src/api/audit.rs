//! `GET /api/v1/audit-log`: who changed what, when, in which request (coordinators and admins).

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{page, utc, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::error::AppResult;
use crate::service::audit::{self as service, AuditRow, Filter};
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list);
}

/// One recorded change.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "occurred_at": "2026-11-27T08:00:00Z",
    "actor_type": "user", "actor_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a10", "actor_unit_id": null,
    "action": "update", "entity": "unit", "entity_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01",
    "before": {"name": "Sở Nội vụ"}, "after": {"name": "Sở Nội vụ tỉnh Hưng Yên"},
    "request_id": "5f0c6f7e-1d2b-4c3a-9e8f-7a6b5c4d3e2f", "cause_id": null
}))]
pub struct AuditEntry {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    /// `user`, `client` or `system`.
    pub actor_type: String,
    pub actor_id: String,
    pub actor_unit_id: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
    /// The event the change was part of: a reorganisation's id for each record it handed over.
    pub cause_id: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> AuditEntry {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditEntry {
            id: r.id,
            occurred_at: utc(r.occurred_at),
            actor_type: r.actor_type,
            actor_id: r.actor_id,
            actor_unit_id: r.actor_unit_id,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: parse(r.before_data),
            after: parse(r.after_data),
            request_id: r.request_id,
            cause_id: r.cause_id,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// `unit`, `emulation_group`, `document`, …
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor_id: Option<String>,
    /// `create`, `update`, `deactivate`, …
    pub action: Option<String>,
    /// Only the changes made under this event (a reorganisation's id).
    pub cause_id: Option<String>,
    /// From this instant (inclusive).
    pub since: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Lists recorded changes, newest first.
#[utoipa::path(
    tag = "audit", params(AuditQuery),
    responses((status = 200, description = "Nhật ký thay đổi", body = Page<AuditEntry>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/audit-log")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let filter = Filter {
        entity: q.entity,
        entity_id: q.entity_id,
        actor_id: q.actor_id,
        action: q.action,
        cause_id: q.cause_id,
        since: q.since.map(|t| t.naive_utc()),
        until: q.until.map(|t| t.naive_utc()),
    };
    let rows = state
        .db
        .read(move |conn| service::list(conn, &filter, after.as_deref(), limit))
        .await?;
    let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
    Ok(page(
        &req,
        rows.into_iter().map(AuditEntry::from).collect(),
        next,
    ))
}
