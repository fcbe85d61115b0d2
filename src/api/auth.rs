//! `POST /api/v1/auth/login` (people), `POST /api/v1/auth/token` (unit software, OAuth2
//! client credentials, RFC 6749 §4.4), logout, and setting a password with a one-time token.
//! Every attempt is counted per account (or client) and per address before its credentials are
//! checked, in the database, so that a burst on any number of instances gets no more tries
//! than the limit.

use crate::error::{Code, Ext};
use actix_web::http::{header, StatusCode};
use actix_web::{post, web, HttpMessage, HttpRequest, HttpResponse};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::auth::{constant_eq, dummy_hash, hash_secret, verify_password, Grant};
use crate::domain::access::{Actor, Caller, Scope};
use crate::error::{AppError, AppResult, Kind, Text};
use crate::service::accounts;
use crate::service::auth::{self as service, ThrottleRule};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/auth")
            .service(login)
            .service(token)
            .service(logout)
            .service(set_password),
    );
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
    #[schema(max_length = 200)]
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

/// Counts the attempt against each key before its credentials are checked; 429 with
/// `Retry-After` when any key is locked out.
async fn reserve(state: &AppState, keys: Vec<(String, ThrottleRule)>) -> AppResult<()> {
    let wait = state
        .db
        .write(move |conn| service::reserve(conn, &keys))
        .await?;
    match wait {
        Some(secs) => Err(AppError::too_many(secs).with_code(Code::TooManyAttempts)),
        None => Ok(()),
    }
}

/// Forgets the principal's attempts and gives the address its attempt back.
async fn succeeded(
    state: &AppState,
    principal_key: String,
    address: (String, ThrottleRule),
) -> AppResult<()> {
    state
        .db
        .write(move |conn| service::succeeded(conn, &principal_key, &address))
        .await
}

fn address_key(state: &AppState, req: &HttpRequest) -> String {
    format!("ip:{}", client_address(req, state.config.trust_proxy))
}

/// Counts an attempt against `principal_key` (an account or a client) and the caller's
/// address before the credentials are checked; 429 with `Retry-After` when either is locked.
pub(super) async fn reserve_for(
    state: &AppState,
    req: &HttpRequest,
    principal_key: String,
) -> AppResult<()> {
    let (per_principal, per_address) = rules(state);
    let keys = vec![
        (principal_key, per_principal),
        (address_key(state, req), per_address),
    ];
    reserve(state, keys).await
}

/// After the credentials proved right: forgets the principal's attempts and gives the address
/// its attempt back.
pub(super) async fn forget_attempts(
    state: &AppState,
    req: &HttpRequest,
    principal_key: String,
) -> AppResult<()> {
    let (_, per_address) = rules(state);
    succeeded(state, principal_key, (address_key(state, req), per_address)).await
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
    let account_key = crate::service::accounts::account_key(&username);
    reserve_for(&state, &req, account_key.clone()).await?;

    let lookup = username.clone();
    let account = state
        .db
        .read(move |conn| service::account(conn, &lookup))
        .await?;
    let hash = account
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |(u, _)| u.password_hash.clone());
    let password_ok = web::block(move || verify_password(&password, &hash)).await?;
    let Some((user, true)) = account.filter(|_| password_ok) else {
        return Err(wrong_credentials());
    };
    forget_attempts(&state, &req, account_key).await?;
    let caller = Caller {
        actor: Actor::User {
            id: user.id,
            role: user.role,
        },
        unit: user.unit_id,
    };
    let grant = Grant {
        generation: user.token_generation,
        secret_version: None,
    };
    Ok(token_answer(&TokenResponse {
        access_token: state.tokens.issue(&caller, grant)?,
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
        .with_ext(Ext::Error, error.as_str())
        .with_ext(Ext::ErrorDescription, description);
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
        (status = 429, description = "Quá nhiều lần sai (`error`: temporarily_unavailable)", body = crate::error::Problem, content_type = "application/problem+json",
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
    issue_client_token(&state, &req, &body)
        .await
        .map_err(in_oauth_terms)
}

async fn issue_client_token(
    state: &AppState,
    req: &HttpRequest,
    body: &[u8],
) -> AppResult<HttpResponse> {
    let form = token_form(req, body)?;
    let (client_id, secret) = client_credentials(req, &form)?;
    if client_id.len() > 100 || secret.len() > 200 {
        return Err(invalid_client());
    }
    let client_key = format!("client:{client_id}");
    reserve_for(state, req, client_key.clone()).await?;

    let lookup = client_id.clone();
    let client = state
        .db
        .read(move |conn| service::client(conn, &lookup))
        .await?;
    let presented = hash_secret(&secret);
    let found = client.and_then(|(c, may)| {
        let version = service::secret_version(&c, |h| constant_eq(&presented, h));
        version.filter(|_| may).map(|v| (c, v))
    });
    let Some((client, secret_version)) = found else {
        return Err(invalid_client());
    };
    forget_attempts(state, req, client_key).await?;
    let granted = granted_scopes(client.scopes.scopes().to_vec(), form.scope.as_deref())?;
    let caller = Caller {
        actor: Actor::Client {
            id: client.id,
            scopes: granted.clone(),
        },
        unit: client.unit_id,
    };
    let grant = Grant {
        generation: client.token_generation,
        secret_version: Some(secret_version),
    };
    Ok(token_answer(&TokenResponse {
        access_token: state.tokens.issue(&caller, grant)?,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.ttl_secs,
        scope: Some(Scope::join(&granted)),
    }))
}

/// Any error of the token endpoint in RFC 6749 §5.2 terms: it carries `error` (a lockout is
/// `temporarily_unavailable`, a failure of the service `server_error`).
fn in_oauth_terms(mut e: AppError) -> AppError {
    if e.extensions.contains_key("error") {
        return e;
    }
    let error = match e.kind {
        Kind::TooManyRequests | Kind::Unavailable => "temporarily_unavailable",
        Kind::Internal => "server_error",
        Kind::Unauthorized => "invalid_client",
        _ => "invalid_request",
    };
    let description = e.detail.en.to_string();
    e.extensions.insert("error".to_owned(), error.into());
    e.extensions
        .insert("error_description".to_owned(), description.into());
    e
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

/// Ends the access token this request carries, on every instance.
#[utoipa::path(
    tag = "auth",
    responses((status = 204, description = "Đã đăng xuất: mã truy cập này không còn dùng được")),
    security(("bearer" = []))
)]
#[post("/logout")]
pub async fn logout(
    ctx: super::Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let (_, claims) = crate::auth::authenticate(&req).await?;
    let who = ctx.who();
    let (jti, expires_at) = (claims.jti.clone(), claims.expires_at());
    state
        .db
        .write(move |conn| service::end_token(conn, &who, &jti, expires_at))
        .await?;
    state.standing.forget(&claims.jti);
    Ok(HttpResponse::NoContent().finish())
}

/// Setting a password with a one-time token (from the account's creation or a reset).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "q3Vt0bWlY2xhc3NpYy1leGFtcGxlLXRva2VuLTMyYnl0ZXM", "password": "Đồng chí Lý chưa về 7 giờ"}))]
pub struct SetPassword {
    #[schema(min_length = 1, max_length = 200)]
    pub token: String,
    /// At least 12 characters and not a common password.
    #[schema(min_length = 12, max_length = 200)]
    pub password: String,
}

/// Sets a password with a one-time token. The token is used up; sign in afterwards.
#[utoipa::path(
    tag = "auth", request_body = SetPassword,
    responses(
        (status = 204, description = "Đã đặt mật khẩu; hãy đăng nhập"),
        (status = 429, description = "Quá nhiều lần thử", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[post("/password")]
pub async fn set_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: super::Body<SetPassword>,
) -> AppResult<HttpResponse> {
    let SetPassword {
        token: one_time,
        password,
    } = body.into_inner();
    let token_hash = hash_secret(one_time.trim());
    let token_key = format!("password-token:{}", &token_hash[..16]);
    reserve_for(&state, &req, token_key.clone()).await?;
    let lookup = token_hash.clone();
    let user = state
        .db
        .read(move |conn| accounts::by_password_token(conn, &lookup))
        .await?;
    let personal = vec![user.username.clone(), user.display_name.clone()];
    let new_hash = super::users::new_password_hash("/password", password, personal).await?;
    let request_id = req
        .extensions()
        .get::<super::RequestId>()
        .map(|r| r.0.clone());
    state
        .db
        .write(move |conn| {
            accounts::redeem_password_token(conn, request_id.clone(), &token_hash, &new_hash)
        })
        .await?;
    forget_attempts(&state, &req, token_key).await?;
    Ok(HttpResponse::NoContent().finish())
}
