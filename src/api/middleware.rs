//! Cross-cutting middleware: the request id, the request's log span and line, metrics, and the
//! rendering of every error answer as problem details in the caller's language.

use crate::error::Code;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpRequest, HttpResponse};
use tracing::Instrument;

use super::RequestId;
use crate::error::{AppError, Lang, PROBLEM_JSON};
use crate::ratelimit::Decision;
use crate::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn sane_request_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Gives every request an id (the caller's `X-Request-Id` when sane), a log span carrying it,
/// one log line when it ends, and a place in the metrics.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| sane_request_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let authenticated = req.headers().contains_key(header::AUTHORIZATION);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().to_string();
    let span =
        tracing::info_span!("request", request_id = %id, method = %method, path = %req.path());
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let mut res = match result {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => {
            // An error that escaped the handlers still becomes an answer with the id on it.
            let res = e.error_response();
            return Err(actix_web::error::InternalError::from_response(e, res).into());
        }
    };
    let elapsed = started.elapsed();
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    if let Some(state) = state {
        state.metrics.record(&method, &route, status, elapsed);
    }
    span.in_scope(|| {
        tracing::info!(status, route = %route, latency_ms = elapsed.as_secs_f64() * 1000.0, "request finished");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    secure_defaults(res.headers_mut(), authenticated);
    Ok(res)
}

/// Headers every answer carries: `nosniff`, and on an answer to a request with credentials
/// `Cache-Control: no-store` unless the handler chose otherwise (personal data and report
/// contents must not stay in a browser's or a proxy's cache).
fn secure_defaults(headers: &mut actix_web::http::header::HeaderMap, authenticated: bool) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if authenticated && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// Every answer of 400 or more leaves as problem details in the caller's language: the
/// handlers' `AppError`s are rendered here, with the request path and id; anything else
/// (the router's own errors) gets the generic problem of its status.
pub async fn problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let lang = Lang::from_accept_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let res = next.call(req).await?.map_into_boxed_body();
    if res.status().as_u16() < 400 {
        return Ok(res);
    }
    let request = res.request().clone();
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .cloned();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let error = match app_error {
        Some(e) => e,
        None if is_problem => return Ok(res),
        None => {
            let mut e = AppError::from_status(res.status());
            if let Some(allow) = res
                .headers()
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
            {
                e = e.with_header(header::ALLOW, allow);
            }
            e
        }
    };
    let error = declared_or_internal(&request, error);
    let mut rendered = render(&request, &error, lang);
    // A connection the answer closes (a body past its deadline) stays closed.
    if res.response().head().connection_type() == ConnectionType::Close {
        rendered
            .head_mut()
            .set_connection_type(ConnectionType::Close);
    }
    Ok(res.into_response(rendered))
}

/// The spec lists, for every operation, the problem codes it can answer under each status. A
/// problem it does not list is a defect of the service: logged always, and in debug builds
/// (the tests, the CI's schemathesis run) answered as a 500 that names it, so it is caught.
fn declared_or_internal(req: &HttpRequest, error: AppError) -> AppError {
    let (Some(state), Some(pattern)) = (req.app_data::<web::Data<AppState>>(), req.match_pattern())
    else {
        return error;
    };
    let status = error.kind.status().as_u16();
    let code = error.code();
    if state
        .declared
        .declares(req.method().as_str(), &pattern, status, code)
        != Some(false)
    {
        return error;
    }
    tracing::error!(
        status,
        code = code.as_str(),
        route = %pattern,
        "a problem the OpenAPI document does not declare for this operation"
    );
    if !cfg!(debug_assertions) {
        return error;
    }
    let says = format!(
        "undeclared problem {status} {} at {} {pattern}: declare it in src/api/doc ({})",
        code.as_str(),
        req.method(),
        error.detail.en
    );
    AppError::new(
        crate::error::Kind::Internal,
        crate::error::Text::new(says.clone(), says),
    )
}

fn render(req: &HttpRequest, error: &AppError, lang: Lang) -> HttpResponse {
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    error.render(lang, Some(req.path()), request_id.as_deref())
}

/// Bodies that are not the JSON a handler expects: 413 when too large, 415 when not JSON,
/// 400 otherwise, with serde's words on where it went wrong.
pub fn json_error(err: actix_web::error::JsonPayloadError, _req: &HttpRequest) -> Error {
    use actix_web::error::JsonPayloadError as E;
    let e = match &err {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => AppError::new(
            crate::error::Kind::PayloadTooLarge,
            crate::t!(
                "Nội dung vượt quá giới hạn cho phép.",
                "The body is larger than allowed."
            ),
        ),
        E::ContentType => AppError::new(
            crate::error::Kind::UnsupportedMediaType,
            crate::t!(
                "Nội dung phải là application/json.",
                "The body must be application/json."
            ),
        ),
        E::Deserialize(inner) => body_error(&inner.to_string()),
        other => body_error(&other.to_string()),
    };
    e.into()
}

/// A body that did not parse; a missing or unknown member is named by its JSON pointer.
pub fn body_error(cause: &str) -> AppError {
    let mut e = AppError::bad_request(crate::t!(
        "Nội dung JSON không hợp lệ: {}",
        "The JSON body is invalid: {}",
        cause
    ))
    .with_code(Code::MalformedBody);
    let member = |prefix: &str| {
        cause
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    if let Some(name) = member("missing field `") {
        e.errors.push(crate::error::FieldError::body(
            format!("/{name}"),
            crate::t!("Thiếu trường bắt buộc.", "This member is required."),
        ));
    } else if let Some(name) = member("unknown field `") {
        e.errors.push(crate::error::FieldError::body(
            format!("/{name}"),
            crate::t!(
                "Trường này không được phép ở đây.",
                "This member is not allowed here."
            ),
        ));
    }
    e
}

/// Query strings that do not parse (a word where a number belongs, an unknown kind, …).
pub fn query_error(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> Error {
    AppError::bad_request(crate::t!(
        "Tham số truy vấn không hợp lệ: {}",
        "Invalid query parameters: {}",
        err.to_string()
    ))
    .with_code(Code::MalformedQuery)
    .into()
}

/// Path segments that do not parse.
pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> Error {
    AppError::bad_request(crate::t!(
        "Đường dẫn không hợp lệ: {}",
        "Invalid path: {}",
        err.to_string()
    ))
    .with_code(Code::MalformedPath)
    .into()
}

/// Whether a request is a CORS preflight.
fn is_preflight(req: &ServiceRequest) -> bool {
    req.method() == actix_web::http::Method::OPTIONS
        && req.headers().contains_key(header::ORIGIN)
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The answer to a preflight of the public pages: GET from anywhere, cached a day.
fn preflight_answer() -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"))
        .insert_header((
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "If-None-Match, If-Modified-Since, Accept-Language",
        ))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .finish()
}

/// The caller's address for the rate limit: the proxy's word for it only when trusted.
fn client_ip(req: &ServiceRequest, trust_proxy: bool) -> std::net::IpAddr {
    if trust_proxy {
        req.connection_info()
            .realip_remote_addr()
            .and_then(|a| a.parse().ok())
    } else {
        None
    }
    .or_else(|| req.peer_addr().map(|a| a.ip()))
    .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]))
}

/// 429 in problem details, in the caller's language, for a request past the limit.
fn rate_limited(req: ServiceRequest, decision: &Decision) -> ServiceResponse<BoxBody> {
    let e = AppError::too_many(i64::try_from(decision.reset_secs).unwrap_or(60))
        .with_code(Code::RateLimited);
    let lang = Lang::from_accept_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let (http_req, _) = req.into_parts();
    let rendered = render(&http_req, &e, lang);
    ServiceResponse::new(http_req, rendered)
}

/// The CORS headers of every public answer, and the `RateLimit-*` ones when a limit applies.
fn edge_headers(res: &mut ServiceResponse<BoxBody>, limit: Option<(Decision, u64)>) {
    let headers = res.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Last-Modified, Link, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, Retry-After"),
    );
    rate_limit_headers(res, limit);
}

/// `RateLimit-*` (draft-ietf-httpapi-ratelimit-headers) when a limit applies.
fn rate_limit_headers(res: &mut ServiceResponse<BoxBody>, limit: Option<(Decision, u64)>) {
    let headers = res.headers_mut();
    let Some((d, window_secs)) = limit.filter(|(d, _)| d.limit > 0) else {
        return;
    };
    for (name, value) in [
        ("ratelimit-limit", d.limit.to_string()),
        ("ratelimit-remaining", d.remaining.to_string()),
        ("ratelimit-reset", d.reset_secs.to_string()),
        ("ratelimit-policy", format!("{};w={window_secs}", d.limit)),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    }
}

/// The API's own limit per client address (`THIDUA_API_RATE_LIMIT`), with `RateLimit-*` on
/// every answer and 429 with `Retry-After` past it: a program gone wrong cannot take the service
/// from the others. Sign-in has its own, tighter lockout besides.
pub async fn api_edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if !req.path().starts_with("/api/") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let limit = req.app_data::<web::Data<AppState>>().map(|s| {
        let decision = s
            .api_limiter
            .check(client_ip(&req, s.config.trust_proxy), Instant::now());
        (decision, s.api_limiter.window_secs())
    });
    let mut res = match &limit {
        Some((d, _)) if !d.allowed => rate_limited(req, d),
        _ => next.call(req).await?.map_into_boxed_body(),
    };
    rate_limit_headers(&mut res, limit);
    Ok(res)
}

/// The public edge: CORS open for GET (preflights answered here), and the rate limit per
/// client address with `RateLimit-*` headers, 429 with `Retry-After` past it.
pub async fn public_edge(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if !req.path().starts_with("/public/") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    if is_preflight(&req) {
        return Ok(req.into_response(preflight_answer()));
    }
    // HEAD is GET without the body (RFC 9110 §9.3.2), as the CORS answer offers: the handlers
    // answer GET, and the connection, which saw the HEAD, sends the headers alone.
    let mut req = req;
    if req.method() == actix_web::http::Method::HEAD {
        req.head_mut().method = actix_web::http::Method::GET;
    }
    let limit = req.app_data::<web::Data<AppState>>().map(|s| {
        let decision = s
            .public_limiter
            .check(client_ip(&req, s.config.trust_proxy), Instant::now());
        (decision, s.public_limiter.window_secs())
    });
    let mut res = match &limit {
        Some((d, _)) if !d.allowed => rate_limited(req, d),
        _ => next.call(req).await?.map_into_boxed_body(),
    };
    edge_headers(&mut res, limit);
    Ok(res)
}

/// Parameters as the spec gives them, before the router and the extractors see them: a query
/// parameter or header longer than its `maxLength` is 400 (`malformed_query`, or `bad_request`
/// for a header, naming it); an integer parameter written as a whole number with a fraction
/// (`?year=2025.0`, as JSON Schema's `integer` allows) is taken as that integer (`2025.5`
/// still fails as not an integer).
pub async fn parameters(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let op = state
        .as_ref()
        .and_then(|s| s.routes.operation(req.method().as_str(), req.path()));
    let Some(op) = op else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let headers = req.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(long) = op.too_long(req.query_string(), header) {
        let detail = crate::t!("Dài quá {} ký tự.", "Longer than {} characters.", long.max);
        let mut e = AppError::invalid_param(&long.name, detail);
        if long.place == "query" {
            e = e.with_code(Code::MalformedQuery);
        }
        return Err(e.into());
    }
    if let Some((place, name)) = op.nul_in(req.path(), req.query_string()) {
        let detail = crate::t!(
            "Chứa ký tự NUL, không được phép.",
            "Holds a NUL character, which is not allowed."
        );
        let code = match place {
            "query" => Code::MalformedQuery,
            _ => Code::MalformedPath,
        };
        return Err(AppError::invalid_param(&name, detail)
            .with_code(code)
            .into());
    }
    if let Some(uri) = op
        .whole_numbers(req.path(), req.query_string())
        .and_then(|r| r.parse::<actix_web::http::Uri>().ok())
    {
        req.match_info_mut().get_mut().update(&uri);
        req.head_mut().uri = uri;
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}
