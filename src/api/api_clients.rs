//! `/api/v1/api-clients`: the units' own software, which takes tokens at
//! `POST /api/v1/auth/token`. Administrators manage every client; coordinators those of units.

use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::users::manager_role;
use super::{page, utc, with_etag, Check, Ctx};
use crate::domain::access::{Caller, Scope};
use crate::domain::page as paging;
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::api_clients::{
    self as service, check_scopes, ClientChange, ClientFilter, ClientRow, Issued, NewClient,
    MAX_GRACE_SECS,
};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/api-clients")
            .service(create)
            .service(list)
            .service(read)
            .service(update)
            .service(rotate)
            .service(deactivate)
            .service(reactivate),
    );
}

/// A unit's software, allowed to take tokens with its scopes.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5d", "name": "Phần mềm báo cáo của Sở Nội vụ",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c", "scopes": ["reports:write", "reports:read"],
    "active": true, "secret_version": 2, "previous_secret_expires_at": "2026-11-28T08:00:00Z",
    "version": 3, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct ApiClient {
    /// The `client_id` of the token request.
    pub id: String,
    pub name: String,
    /// The unit it acts for; `null` only for a `metrics:read` client.
    pub unit_id: Option<String>,
    pub scopes: Vec<Scope>,
    pub active: bool,
    /// The number of the current secret: 1, then one more with each rotation.
    pub secret_version: i64,
    /// Until when the secret before the last rotation still works; `null` when it does not.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag is this number in quotes.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ClientRow> for ApiClient {
    fn from(r: ClientRow) -> ApiClient {
        let previous = r
            .previous_secret_expires_at
            .filter(|e| *e > crate::store::system_now())
            .map(utc);
        ApiClient {
            id: r.id,
            name: r.name,
            unit_id: r.unit_id,
            scopes: r.scopes.scopes().to_vec(),
            active: r.active,
            secret_version: r.secret_version,
            previous_secret_expires_at: previous,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

/// A client with its new secret: shown only in this answer and stored only as a hash.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5d", "name": "Phần mềm báo cáo của Sở Nội vụ",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c", "scopes": ["reports:write", "reports:read"],
    "active": true, "secret_version": 1, "previous_secret_expires_at": null,
    "version": 1, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z",
    "client_secret": "hR4pY2xpZW50LXNlY3JldC1zaG93bi1vbmNlLTMyLWJ5dGVz"
}))]
pub struct ApiClientIssued {
    #[serde(flatten)]
    pub client: ApiClient,
    pub client_secret: String,
}

/// A new client.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "name": "Phần mềm báo cáo của Sở Nội vụ", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c",
    "scopes": ["reports:write", "reports:read"]
}))]
pub struct ApiClientCreate {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// Required, unless the one scope is `metrics:read`.
    pub unit_id: Option<String>,
    /// At least one; `metrics:read` stands alone.
    #[schema(min_items = 1, max_items = 7)]
    pub scopes: Vec<Scope>,
}

/// Changes to a client: absent members stay as they are. New scopes end its tokens.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"scopes": ["reports:write", "reports:read", "documents:write"]}))]
pub struct ApiClientPatch {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(min_items = 1, max_items = 7)]
    pub scopes: Option<Vec<Scope>>,
}

/// A rotation: how long the old secret (and the tokens it gave) keeps working.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"grace_period_secs": 86400}))]
pub struct ApiClientRotate {
    /// Seconds, 0 to 604800 (7 days); 86400 when absent. 0 ends the old secret at once.
    #[schema(minimum = 0, maximum = 604800)]
    pub grace_period_secs: Option<i64>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiClientQuery {
    pub unit_id: Option<String>,
    pub active: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// 201 or 200 with the client and its secret, never cached.
fn issued(res: &mut actix_web::HttpResponseBuilder, i: Issued) -> HttpResponse {
    let body = ApiClientIssued {
        client: ApiClient::from(i.client),
        client_secret: i.secret,
    };
    res.insert_header((header::ETAG, super::etag(body.client.version)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

impl ApiClientCreate {
    fn check(self) -> AppResult<NewClient> {
        let mut c = Check::new();
        let name = c.name("/name", &self.name, 200);
        if let Err((pointer, text)) = check_scopes(&self.scopes, self.unit_id.is_some()) {
            c.fail(pointer, text);
        }
        c.finish()?;
        Ok(NewClient {
            name,
            unit_id: self.unit_id,
            scopes: self.scopes,
        })
    }
}

/// Creates a client; the answer shows its secret once.
#[utoipa::path(
    tag = "api-clients", request_body = ApiClientCreate,
    responses((status = 201, description = "Đã tạo ứng dụng; `client_secret` chỉ hiện một lần", body = ApiClientIssued,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ của ứng dụng")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<ApiClientCreate>,
) -> AppResult<HttpResponse> {
    let manager = manager_role(&ctx.caller)?;
    let cmd = body.into_inner().check()?;
    let who = ctx.who();
    let made = state
        .db
        .write(move |conn| service::create(conn, &who, manager, &cmd))
        .await?;
    let location = format!("/api/v1/api-clients/{}", made.client.id);
    Ok(issued(
        HttpResponse::Created().insert_header((header::LOCATION, location)),
        made,
    ))
}

/// Lists clients in order of creation.
#[utoipa::path(
    tag = "api-clients", params(ApiClientQuery),
    responses((status = 200, description = "Một trang ứng dụng", body = super::Page<ApiClient>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ApiClientQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let filter = ClientFilter {
        unit_id: q.unit_id,
        active: q.active,
    };
    let rows = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
    Ok(page(
        &req,
        rows.into_iter().map(ApiClient::from).collect(),
        next,
    ))
}

/// Reads one client (never its secret).
#[utoipa::path(
    tag = "api-clients", params(("id" = String, Path, description = "Mã định danh (client_id)")),
    responses((status = 200, description = "Ứng dụng", body = ApiClient, headers(("ETag" = String, description = "Phiên bản")))),
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
    Ok(with_etag(row.version, &ApiClient::from(row)))
}

impl ApiClientPatch {
    fn check(self) -> AppResult<ClientChange> {
        let mut c = Check::new();
        let name = self.name.as_deref().map(|n| c.name("/name", n, 200));
        c.finish()?;
        Ok(ClientChange {
            name,
            scopes: self.scopes,
        })
    }
}

/// Renames a client or changes its scopes. Send `If-Match` with the ETag you read.
#[utoipa::path(
    tag = "api-clients", request_body = ApiClientPatch,
    params(("id" = String, Path, description = "Mã định danh (client_id)"), IfMatch),
    responses((status = 200, description = "Ứng dụng sau khi sửa", body = ApiClient, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<ApiClientPatch>,
) -> AppResult<HttpResponse> {
    let manager = manager_role(&ctx.caller)?;
    let change = body.into_inner().check()?;
    let (who, id) = (ctx.who(), id.into_inner());
    let row = state
        .db
        .write(move |conn| service::update(conn, &who, manager, &id, if_match.as_deref(), &change))
        .await?;
    Ok(with_etag(row.version, &ApiClient::from(row)))
}

/// Gives a client a new secret, shown once. The old secret, and the tokens taken with it, keep
/// working for the grace period, so the unit's software can switch without downtime.
#[utoipa::path(
    tag = "api-clients", request_body(content = ApiClientRotate, description = "Thời gian khóa cũ còn dùng được"),
    params(("id" = String, Path, description = "Mã định danh (client_id)"), IfMatch),
    responses((status = 200, description = "Ứng dụng với khóa bí mật mới, chỉ hiện một lần", body = ApiClientIssued,
        headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/rotate")]
pub async fn rotate(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<ApiClientRotate>,
) -> AppResult<HttpResponse> {
    let manager = manager_role(&ctx.caller)?;
    let grace = body.into_inner().grace_period_secs.unwrap_or(86_400);
    if !(0..=MAX_GRACE_SECS).contains(&grace) {
        return Err(AppError::invalid_field(
            "/grace_period_secs",
            t!(
                "Thời gian gia hạn từ 0 đến 604800 giây (7 ngày).",
                "The grace period is 0 to 604800 seconds (7 days)."
            ),
        ));
    }
    let (who, id) = (ctx.who(), id.into_inner());
    let made = state
        .db
        .write(move |conn| service::rotate(conn, &who, manager, &id, if_match.as_deref(), grace))
        .await?;
    Ok(issued(&mut HttpResponse::Ok(), made))
}

async fn set_active(
    ctx: Ctx,
    state: &AppState,
    if_match: IfMatch,
    id: String,
    active: bool,
) -> AppResult<HttpResponse> {
    let manager = manager_role(&ctx.caller)?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            service::set_active(conn, &who, manager, &id, if_match.as_deref(), active)
        })
        .await?;
    Ok(with_etag(row.version, &ApiClient::from(row)))
}

/// Deactivates a client: it gets no more tokens, and its tokens stop working at once.
#[utoipa::path(
    tag = "api-clients", params(("id" = String, Path, description = "Mã định danh (client_id)"), IfMatch),
    responses((status = 200, description = "Ứng dụng đã ngừng hoạt động", body = ApiClient, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/deactivate")]
pub async fn deactivate(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_active(ctx, &state, if_match, id.into_inner(), false).await
}

/// Reactivates a client.
#[utoipa::path(
    tag = "api-clients", params(("id" = String, Path, description = "Mã định danh (client_id)"), IfMatch),
    responses((status = 200, description = "Ứng dụng hoạt động trở lại", body = ApiClient, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/reactivate")]
pub async fn reactivate(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_active(ctx, &state, if_match, id.into_inner(), true).await
}
