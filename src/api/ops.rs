//! Operations: liveness, readiness and metrics.

use crate::error::{Code, Ext};
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::config::Mode;
use crate::domain::access::Scope;
use crate::error::{AppError, AppResult};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// `sqlite` or `postgres` (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
}

/// The process is up.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Đang chạy", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".to_owned(),
        database: None,
    })
}

/// How long readiness waits for the database: a probe gets its answer within a second.
const READY_WITHIN: std::time::Duration = std::time::Duration::from_millis(800);

/// The database answers; 503 otherwise.
///
/// Cơ sở dữ liệu trả lời trong 0,8 giây thì 200, không thì 503. The database answers within
/// 0.8 s: 200; otherwise 503.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Sẵn sàng", body = Health),
    (status = 503, description = "Không kết nối được cơ sở dữ liệu", body = crate::error::Problem, content_type = "application/problem+json")
))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let backend = state.db.backend.name().to_owned();
    state
        .db
        .read_within(READY_WITHIN, crate::service::ops::ping)
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            AppError::unavailable(t!(
                "Cơ sở dữ liệu không trả lời.",
                "The database does not answer."
            ))
            .with_code(Code::DatabaseUnavailable)
        })?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".to_owned(),
        database: Some(backend),
    }))
}

/// Prometheus metrics of this instance.
///
/// Trong môi trường vận hành (production) chỉ ứng dụng có quyền `metrics:read` được đọc; khi
/// phát triển thì mở. In production only a client with the `metrics:read` scope reads them; in
/// development they are open.
#[utoipa::path(tag = "operations", responses(
    (status = 200, description = "Số liệu Prometheus", body = String, content_type = "text/plain; version=0.0.4")
), security((), ("bearer" = [])))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    if state.config.mode == Mode::Production {
        let (caller, _) = crate::auth::authenticate(&req).await?;
        if !caller.has_scope(Scope::MetricsRead) {
            return Err(AppError::forbidden(t!(
                "Cần mã truy cập có quyền (scope) metrics:read.",
                "A token with the metrics:read scope is needed."
            ))
            .with_code(Code::MissingScope)
            .with_ext(Ext::RequiredScope, Scope::MetricsRead.as_str()));
        }
    }
    let s = state.db.pool.state();
    let body = state
        .metrics
        .render((s.connections, s.idle_connections, state.db.pool.max_size()));
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}
