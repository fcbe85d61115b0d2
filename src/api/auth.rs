//! `POST /api/v1/auth/login` (people) and `POST /api/v1/auth/token` (unit software, OAuth2
//! client credentials, RFC 6749 §4.4). Wrong credentials are throttled per account, per client
//! and per address, with the counts in the database so that every instance sees them.

use crate::error::Code;
use actix_web::http::{header, StatusCode};
use actix_web::{post, web, HttpRequest, HttpResponse};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::auth::{constant_eq, dummy_hash, hash_secret, verify_password};
use crate::domain::access::{Actor, Caller, Scope};
use crate::error::{AppError, AppResult, Kind, Text};
use crate::service::auth::{self as service, ThrottleRule};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(scope("/api/v1/auth").service(login).service(token));
}

/// A person's sign-in.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "nguyenvana", "password": "Mật-khẩu-của-bạn"}))]
pub struct LoginRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub username: String,
    #[schema(min_length = 1, max_length = 200)]
    pub password: String,
}

/// A client-credentials token request (form-encoded). The client may authenticate with HTTP
/// Basic instead of `client_id` and `client_secret`.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"grant_type": "client_credentials", "client_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "client_secret": "s3cr3t", "scope": "reports:write"}))]
pub struct TokenRequest {
    /// Always `client_credentials`.
    #[schema(value_type = GrantType)]
    pub grant_type: String,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Space-separated; a subset of the client's scopes (all of them when absent).
    pub scope: Option<String>,
}

/// The one grant this service issues to machines.
#[derive(ToSchema)]
#[allow(dead_code)]
pub enum GrantType {
    #[schema(rename = "client_credentials")]
    ClientCredentials,
}

/// An access token.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMTkzIn0.c2lnbmF0dXJl", "token_type": "Bearer", "expires_in": 900}))]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
    /// The granted scopes (client tokens only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// The address of the caller: the peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
pub fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(ip) = req.connection_info().realip_remote_addr() {
            return ip.to_owned();
        }
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

fn token_answer(body: &TokenResponse) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::PRAGMA, "no-cache"))
        .json(body)
}

/// Refuses with 429 when any of the keys is locked out.
async fn ensure_not_blocked(state: &AppState, keys: Vec<String>) -> AppResult<()> {
    let wait = state
        .db
        .read(move |conn| service::blocked_for(conn, &keys))
        .await?;
    match wait {
        Some(secs) => Err(AppError::too_many(secs).with_code(Code::TooManyAttempts)),
        None => Ok(()),
    }
}

/// Counts a failure against each key, each with its own rule.
async fn count_failure(state: &AppState, keys: Vec<(String, ThrottleRule)>) -> AppResult<()> {
    state
        .db
        .write(move |conn| service::count_failure(conn, &keys))
        .await
}

fn rules(state: &AppState) -> (ThrottleRule, ThrottleRule) {
    let c = &state.config;
    let per_account = ThrottleRule {
        max_failures: c.login_max_failures,
        window_secs: c.login_window_secs,
        lockout_secs: c.login_lockout_secs,
    };
    let per_address = ThrottleRule {
        max_failures: c.login_ip_max_failures,
        ..per_account
    };
    (per_account, per_address)
}

/// Signs a person in.
#[utoipa::path(
    tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Mã truy cập", body = TokenResponse),
        (status = 401, description = "Sai tên đăng nhập hoặc mật khẩu", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Quá nhiều lần sai; thử lại sau Retry-After giây", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: super::Body<LoginRequest>,
) -> AppResult<HttpResponse> {
    let LoginRequest { username, password } = body.into_inner();
    let username = username.trim().to_lowercase();
    if username.is_empty()
        || username.chars().count() > 100
        || password.is_empty()
        || password.chars().count() > 200
    {
        return Err(wrong_credentials());
    }
    let account_key = format!("user:{username}");
    let address_key = format!("ip:{}", client_address(&req, state.config.trust_proxy));
    ensure_not_blocked(&state, vec![account_key.clone(), address_key.clone()]).await?;

    let lookup = username.clone();
    let user = state
        .db
        .read(move |conn| service::user(conn, &lookup))
        .await?;
    let hash = user
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
    let password_ok = web::block(move || verify_password(&password, &hash)).await?;
    let user = user.filter(|u| password_ok && u.active);
    let Some(user) = user else {
        let (per_account, per_address) = rules(&state);
        count_failure(
            &state,
            vec![(account_key, per_account), (address_key, per_address)],
        )
        .await?;
        return Err(wrong_credentials());
    };
    state
        .db
        .write(move |conn| service::clear_failures(conn, &account_key))
        .await?;
    let role = user.role;
    let caller = Caller {
        actor: Actor::User { id: user.id, role },
        unit: user.unit_id,
    };
    Ok(token_answer(&TokenResponse {
        access_token: state.tokens.issue(&caller)?,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.ttl_secs,
        scope: None,
    }))
}

fn wrong_credentials() -> AppError {
    AppError::unauthorized(t!(
        "Sai tên đăng nhập hoặc mật khẩu.",
        "Wrong username or password."
    ))
    .with_code(Code::InvalidCredentials)
}

/// An RFC 6749 §5.2 error, as problem details that also carry `error` and `error_description`.
fn oauth_error(status: StatusCode, error: Code, detail: Text) -> AppError {
    let kind = if status == StatusCode::UNAUTHORIZED {
        Kind::Unauthorized
    } else {
        Kind::BadRequest
    };
    let description = detail.en.to_string();
    let mut e = AppError::new(kind, detail)
        .with_code(error)
        .with_ext("error", error.as_str())
        .with_ext("error_description", description);
    if status == StatusCode::UNAUTHORIZED {
        e = e.with_header(header::WWW_AUTHENTICATE, "Basic realm=\"thidua\"");
    }
    e
}

fn invalid_request(detail: Text) -> AppError {
    oauth_error(StatusCode::BAD_REQUEST, Code::InvalidRequest, detail)
}

fn invalid_client() -> AppError {
    oauth_error(
        StatusCode::UNAUTHORIZED,
        Code::InvalidClient,
        t!(
            "Sai mã ứng dụng hoặc khóa bí mật.",
            "Client authentication failed."
        ),
    )
}

/// The client's id and secret, from HTTP Basic (RFC 6749 §2.3.1) or from the form.
fn client_credentials(req: &HttpRequest, form: &TokenRequest) -> AppResult<(String, String)> {
    let basic = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    match (basic, &form.client_id, &form.client_secret) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(invalid_request(t!(
            "Chỉ dùng một cách xác thực ứng dụng.",
            "Use only one client authentication method."
        ))),
        (Some(encoded), None, None) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(invalid_client)?;
            let (id, secret) = decoded.split_once(':').ok_or_else(invalid_client)?;
            let unescape = |s: &str| {
                serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={s}"))
                    .ok()
                    .and_then(|v| v.into_iter().next())
                    .map(|(_, v)| v)
            };
            Ok((
                unescape(id).ok_or_else(invalid_client)?,
                unescape(secret).ok_or_else(invalid_client)?,
            ))
        }
        (None, Some(id), Some(secret)) => Ok((id.clone(), secret.clone())),
        _ => Err(invalid_request(t!(
            "Thiếu client_id hoặc client_secret.",
            "client_id and client_secret are required."
        ))),
    }
}

/// Issues a token to a unit's software (OAuth2 client credentials).
#[utoipa::path(
    tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Mã truy cập", body = TokenResponse),
        (status = 400, description = "Yêu cầu sai (`error`: invalid_request, unsupported_grant_type, invalid_scope)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Sai thông tin ứng dụng (`error`: invalid_client)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Quá nhiều lần sai", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    ),
    security((), ("client_basic" = []))
)]
#[post("/token")]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let form = token_form(&req, &body)?;
    let (client_id, secret) = client_credentials(&req, &form)?;
    if client_id.len() > 100 || secret.len() > 200 {
        return Err(invalid_client());
    }
    let client_key = format!("client:{client_id}");
    let address_key = format!("ip:{}", client_address(&req, state.config.trust_proxy));
    ensure_not_blocked(&state, vec![client_key.clone(), address_key.clone()]).await?;

    let lookup = client_id.clone();
    let client = state
        .db
        .read(move |conn| service::client(conn, &lookup))
        .await?;
    let client = client.filter(|c| c.active && constant_eq(&hash_secret(&secret), &c.secret_hash));
    let Some(client) = client else {
        let (per_client, per_address) = rules(&state);
        count_failure(
            &state,
            vec![(client_key, per_client), (address_key, per_address)],
        )
        .await?;
        return Err(invalid_client());
    };
    let allowed = Scope::parse_list(&client.scopes).unwrap_or_default();
    let granted = granted_scopes(allowed, form.scope.as_deref())?;
    let caller = Caller {
        actor: Actor::Client {
            id: client.id,
            scopes: granted.clone(),
        },
        unit: Some(client.unit_id),
    };
    Ok(token_answer(&TokenResponse {
        access_token: state.tokens.issue(&caller)?,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.ttl_secs,
        scope: Some(Scope::join(&granted)),
    }))
}

/// The token request's form: `application/x-www-form-urlencoded`, for the client credentials
/// grant (RFC 6749 §4.4.2).
fn token_form(req: &HttpRequest, body: &[u8]) -> AppResult<TokenRequest> {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(invalid_request(t!(
            "Yêu cầu phải ở dạng application/x-www-form-urlencoded.",
            "The request must be application/x-www-form-urlencoded."
        )));
    }
    let form: TokenRequest = serde_urlencoded::from_bytes(body).map_err(|_| {
        invalid_request(t!(
            "Thiếu grant_type hoặc biểu mẫu sai.",
            "grant_type is missing or the form is malformed."
        ))
    })?;
    if form.grant_type != "client_credentials" {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            Code::UnsupportedGrantType,
            t!(
                "Chỉ hỗ trợ grant_type=client_credentials.",
                "Only grant_type=client_credentials is supported."
            ),
        ));
    }
    Ok(form)
}

/// The scopes a token carries: all the client holds, or those asked for when it holds them all.
fn granted_scopes(allowed: Vec<Scope>, asked: Option<&str>) -> AppResult<Vec<Scope>> {
    let granted = match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => allowed,
        Some(asked) => {
            let asked = Scope::parse_list(asked)
                .ok()
                .filter(|a| a.iter().all(|s| allowed.contains(s)));
            asked.ok_or_else(|| {
                oauth_error(
                    StatusCode::BAD_REQUEST,
                    Code::InvalidScope,
                    t!(
                        "Ứng dụng không được cấp quyền (scope) này.",
                        "The client is not allowed that scope."
                    ),
                )
            })?
        }
    };
    Ok(granted)
}
