//! The one error type of the service and its single mapping to RFC 9457 problem details,
//! in Vietnamese by default and in English when the caller asks for it (`Accept-Language: en`).

mod code;
mod ext;

pub use code::Code;
pub use ext::Ext;

use std::borrow::Cow;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

pub type AppResult<T> = Result<T, AppError>;

/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Where `type` URIs of problems live unless `THIDUA_PROBLEM_BASE` says otherwise; each code
/// has a stable one below it, which this service answers at `/problems/{code}`.
pub const PROBLEM_BASE: &str = "https://thidua.hungyen.gov.vn/problems/";

static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the base of `type` URIs for this process, once (`THIDUA_PROBLEM_BASE`); `false` when
/// another base was set before and stays.
pub fn set_problem_base(base: &str) -> bool {
    BASE.get_or_init(|| base.to_owned()) == base
}

/// The base of `type` URIs: the one set at start, else [`PROBLEM_BASE`].
pub fn problem_base() -> &'static str {
    BASE.get().map_or(PROBLEM_BASE, String::as_str)
}

/// The `type` URI of problems with `code`: below the base, the code with hyphens.
pub fn type_uri(code: Code) -> String {
    format!("{}{}", problem_base(), code.as_str().replace('_', "-"))
}

/// The language of an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    /// Picks English only when the caller prefers it to Vietnamese; Vietnamese otherwise.
    pub fn from_accept_language(value: Option<&str>) -> Lang {
        let Some(value) = value else { return Lang::Vi };
        let mut best: Option<(Lang, f32)> = None;
        for part in value.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else if tag == "vi" || tag.starts_with("vi-") {
                Lang::Vi
            } else {
                continue;
            };
            if best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l).unwrap_or(Lang::Vi)
    }
}

/// A message in both languages of the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub vi: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Text {
    pub fn new(vi: impl Into<Cow<'static, str>>, en: impl Into<Cow<'static, str>>) -> Text {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Shorthand for a two-language message: `t!("Tiếng Việt", "English")`, with `format!` arguments.
#[macro_export]
macro_rules! t {
    ($vi:literal, $en:literal) => {
        $crate::error::Text::new($vi, $en)
    };
    ($vi:literal, $en:literal, $($arg:tt)*) => {
        $crate::error::Text::new(format!($vi, $($arg)*), format!($en, $($arg)*))
    };
}

/// One invalid input: a body member (`pointer`, RFC 6901) or a query or path parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub pointer: Option<String>,
    pub parameter: Option<String>,
    pub detail: Text,
}

impl FieldError {
    pub fn body(pointer: impl Into<String>, detail: Text) -> FieldError {
        FieldError {
            pointer: Some(pointer.into()),
            parameter: None,
            detail,
        }
    }
    pub fn param(name: impl Into<String>, detail: Text) -> FieldError {
        FieldError {
            pointer: None,
            parameter: Some(name.into()),
            detail,
        }
    }
}

/// The kinds of error; each has a stable `type` URI, a status and a title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    BadRequest,
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl Kind {
    pub fn status(self) -> StatusCode {
        match self {
            Kind::BadRequest => StatusCode::BAD_REQUEST,
            Kind::Validation => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::Unauthorized => StatusCode::UNAUTHORIZED,
            Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Kind::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Kind::Conflict => StatusCode::CONFLICT,
            Kind::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Kind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Kind::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Kind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Kind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Kind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The code of a problem of this kind that has no more particular one.
    pub fn code(self) -> Code {
        match self {
            Kind::BadRequest => Code::BadRequest,
            Kind::Validation => Code::Validation,
            Kind::Unauthorized => Code::Unauthorized,
            Kind::Forbidden => Code::Forbidden,
            Kind::NotFound => Code::NotFound,
            Kind::MethodNotAllowed => Code::MethodNotAllowed,
            Kind::NotAcceptable => Code::NotAcceptable,
            Kind::Conflict => Code::Conflict,
            Kind::PreconditionFailed => Code::PreconditionFailed,
            Kind::PayloadTooLarge => Code::PayloadTooLarge,
            Kind::RequestTimeout => Code::RequestTimeout,
            Kind::UnsupportedMediaType => Code::UnsupportedMediaType,
            Kind::TooManyRequests => Code::TooManyRequests,
            Kind::Unavailable => Code::Unavailable,
            Kind::Internal => Code::Internal,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Kind::BadRequest => "bad-request",
            Kind::Validation => "validation",
            Kind::Unauthorized => "unauthorized",
            Kind::Forbidden => "forbidden",
            Kind::NotFound => "not-found",
            Kind::MethodNotAllowed => "method-not-allowed",
            Kind::NotAcceptable => "not-acceptable",
            Kind::Conflict => "conflict",
            Kind::PreconditionFailed => "precondition-failed",
            Kind::PayloadTooLarge => "payload-too-large",
            Kind::RequestTimeout => "request-timeout",
            Kind::UnsupportedMediaType => "unsupported-media-type",
            Kind::TooManyRequests => "too-many-requests",
            Kind::Unavailable => "unavailable",
            Kind::Internal => "internal",
        }
    }

    pub fn title(self) -> Text {
        match self {
            Kind::BadRequest => t!("Yêu cầu không hợp lệ", "Bad request"),
            Kind::Validation => t!("Dữ liệu không hợp lệ", "Invalid data"),
            Kind::Unauthorized => t!("Chưa xác thực", "Not authenticated"),
            Kind::Forbidden => t!("Không có quyền", "Forbidden"),
            Kind::NotFound => t!("Không tìm thấy", "Not found"),
            Kind::MethodNotAllowed => t!("Phương thức không được hỗ trợ", "Method not allowed"),
            Kind::NotAcceptable => t!("Không có định dạng phù hợp", "Not acceptable"),
            Kind::Conflict => t!("Xung đột dữ liệu", "Conflict"),
            Kind::PreconditionFailed => t!("Dữ liệu đã thay đổi", "Precondition failed"),
            Kind::PayloadTooLarge => t!("Nội dung quá lớn", "Payload too large"),
            Kind::RequestTimeout => t!("Gửi yêu cầu quá chậm", "Request timeout"),
            Kind::UnsupportedMediaType => {
                t!("Kiểu nội dung không được hỗ trợ", "Unsupported media type")
            }
            Kind::TooManyRequests => t!("Quá nhiều yêu cầu", "Too many requests"),
            Kind::Unavailable => t!("Dịch vụ tạm thời không sẵn sàng", "Service unavailable"),
            Kind::Internal => t!("Lỗi hệ thống", "Internal error"),
        }
    }

    fn from_status(status: StatusCode) -> Kind {
        match status.as_u16() {
            401 => Kind::Unauthorized,
            403 => Kind::Forbidden,
            404 => Kind::NotFound,
            405 => Kind::MethodNotAllowed,
            406 => Kind::NotAcceptable,
            409 => Kind::Conflict,
            412 => Kind::PreconditionFailed,
            408 => Kind::RequestTimeout,
            413 => Kind::PayloadTooLarge,
            415 => Kind::UnsupportedMediaType,
            422 => Kind::Validation,
            429 => Kind::TooManyRequests,
            503 => Kind::Unavailable,
            s if s >= 500 => Kind::Internal,
            _ => Kind::BadRequest,
        }
    }
}

/// The error of every handler. Built with the constructors below; rendered once, in
/// [`AppError::render`]. Boxed, so that `Result`s stay small on the happy path.
#[derive(Clone, Debug)]
pub struct AppError(Box<ErrorData>);

/// What an [`AppError`] says; reached through `Deref`.
#[derive(Clone, Debug)]
pub struct ErrorData {
    pub kind: Kind,
    /// A stable machine code inside the kind (`quota_exceeded`, `stale_etag`, …).
    pub code: Option<Code>,
    pub detail: Text,
    pub errors: Vec<FieldError>,
    /// Extension members (RFC 9457 §3.2), e.g. `limit`, `used`, `allowed_actions`, OAuth2's `error`.
    pub extensions: Map<String, Value>,
    pub headers: Vec<(header::HeaderName, String)>,
}

impl std::ops::Deref for AppError {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for AppError {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.slug(), self.detail.en)
    }
}

impl std::error::Error for AppError {}

impl AppError {
    pub fn new(kind: Kind, detail: Text) -> AppError {
        AppError(Box::new(ErrorData {
            kind,
            code: None,
            detail,
            errors: Vec::new(),
            extensions: Map::new(),
            headers: Vec::new(),
        }))
    }

    pub fn with_code(mut self, code: Code) -> AppError {
        self.code = Some(code);
        self
    }

    /// Adds an extension member; in debug builds (the tests) a value its schema in the spec
    /// does not describe is a panic, so the spec and the answers cannot part.
    pub fn with_ext(mut self, key: Ext, value: impl Into<Value>) -> AppError {
        let value = value.into();
        debug_assert!(
            key.fits(&value),
            "{} = {value} is not what the Problem schema says",
            key.as_str()
        );
        self.extensions.insert(key.as_str().to_owned(), value);
        self
    }

    pub fn with_header(mut self, name: header::HeaderName, value: impl Into<String>) -> AppError {
        self.headers.push((name, value.into()));
        self
    }

    pub fn bad_request(detail: Text) -> AppError {
        AppError::new(Kind::BadRequest, detail)
    }

    /// Invalid input, naming each field.
    pub fn invalid(errors: Vec<FieldError>) -> AppError {
        let mut e = AppError::new(
            Kind::Validation,
            t!(
                "Một số trường dữ liệu không hợp lệ.",
                "Some fields are invalid."
            ),
        );
        e.errors = errors;
        e
    }

    /// One invalid body member.
    pub fn invalid_field(pointer: &str, detail: Text) -> AppError {
        AppError::invalid(vec![FieldError::body(pointer, detail)])
    }

    /// One invalid query or path parameter (a 400: the request itself is malformed).
    pub fn invalid_param(name: &str, detail: Text) -> AppError {
        let mut e = AppError::new(
            Kind::BadRequest,
            t!("Tham số không hợp lệ: {}.", "Invalid parameter: {}.", name),
        );
        e.errors = vec![FieldError::param(name, detail)];
        e
    }

    pub fn unauthorized(detail: Text) -> AppError {
        AppError::new(Kind::Unauthorized, detail)
            .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"thidua\"")
    }

    pub fn forbidden(detail: Text) -> AppError {
        AppError::new(Kind::Forbidden, detail)
    }

    pub fn not_found(entity: &str) -> AppError {
        AppError::new(
            Kind::NotFound,
            t!(
                "Không tìm thấy {} được yêu cầu.",
                "The requested {} was not found.",
                entity
            ),
        )
        .with_ext(Ext::Entity, entity)
    }

    pub fn conflict(code: Code, detail: Text) -> AppError {
        AppError::new(Kind::Conflict, detail).with_code(code)
    }

    pub fn stale(current_etag: &str) -> AppError {
        AppError::new(
            Kind::PreconditionFailed,
            t!(
                "Bản ghi đã được người khác thay đổi; hãy tải lại rồi thử lại.",
                "The record was changed by someone else; reload it and try again."
            ),
        )
        .with_code(Code::StaleEtag)
        .with_ext(Ext::CurrentEtag, current_etag)
    }

    pub fn too_many(retry_after_secs: i64) -> AppError {
        let secs = retry_after_secs.max(1);
        AppError::new(
            Kind::TooManyRequests,
            t!(
                "Quá nhiều lần thử; hãy thử lại sau {} giây.",
                "Too many attempts; try again in {} seconds.",
                secs
            ),
        )
        .with_ext(Ext::RetryAfter, secs)
        .with_header(header::RETRY_AFTER, secs.to_string())
    }

    pub fn unavailable(detail: Text) -> AppError {
        AppError::new(Kind::Unavailable, detail).with_header(header::RETRY_AFTER, "1")
    }

    pub fn internal(cause: impl std::fmt::Display) -> AppError {
        tracing::error!(error = %cause, "internal error");
        AppError::new(
            Kind::Internal,
            t!(
                "Đã xảy ra lỗi hệ thống; hãy báo cho quản trị viên kèm mã yêu cầu.",
                "An internal error occurred; report it with the request id."
            ),
        )
    }

    /// A generic problem for an answer that carries no `AppError` (the router's 404 and 405, …).
    pub fn from_status(status: StatusCode) -> AppError {
        let kind = Kind::from_status(status);
        let detail = kind.title();
        AppError::new(kind, detail)
    }

    /// The problem's code: the one it was given, or its kind's own.
    pub fn code(&self) -> Code {
        self.code.unwrap_or(self.kind.code())
    }

    /// The `type` URI of this error.
    pub fn type_uri(&self) -> String {
        type_uri(self.code())
    }

    pub fn body(&self, lang: Lang, instance: Option<&str>, request_id: Option<&str>) -> Value {
        let mut body = Map::new();
        body.insert("type".into(), self.type_uri().into());
        body.insert("title".into(), self.kind.title().get(lang).into());
        body.insert("status".into(), self.kind.status().as_u16().into());
        body.insert("detail".into(), self.detail.get(lang).into());
        if let Some(instance) = instance {
            body.insert("instance".into(), instance.into());
        }
        body.insert("code".into(), self.code().as_str().into());
        if !self.errors.is_empty() {
            let errors: Vec<Value> = self
                .errors
                .iter()
                .map(|f| {
                    let mut m = Map::new();
                    if let Some(p) = &f.pointer {
                        m.insert("pointer".into(), p.clone().into());
                    }
                    if let Some(p) = &f.parameter {
                        m.insert("parameter".into(), p.clone().into());
                    }
                    m.insert("detail".into(), f.detail.get(lang).into());
                    Value::Object(m)
                })
                .collect();
            body.insert("errors".into(), errors.into());
        }
        if let Some(id) = request_id {
            body.insert("request_id".into(), id.into());
        }
        for (k, v) in &self.extensions {
            body.entry(k.clone()).or_insert_with(|| v.clone());
        }
        Value::Object(body)
    }

    pub fn render(
        &self,
        lang: Lang,
        instance: Option<&str>,
        request_id: Option<&str>,
    ) -> HttpResponse {
        let mut res = HttpResponse::build(self.kind.status());
        res.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        res.insert_header((header::CACHE_CONTROL, "no-store"));
        res.insert_header((
            header::CONTENT_LANGUAGE,
            match lang {
                Lang::Vi => "vi",
                Lang::En => "en",
            },
        ));
        for (name, value) in &self.headers {
            res.insert_header((name.clone(), value.clone()));
        }
        res.body(self.body(lang, instance, request_id).to_string())
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.kind.status()
    }
    fn error_response(&self) -> HttpResponse {
        self.render(Lang::Vi, None, None)
    }
}

/// An error and its causes in one line, for the log: for a row that cannot be read, diesel
/// names the field in the error and gives the bad value in its cause.
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::internal(e)
    }
}

/// The problem details document, as the spec shows it.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "type": "https://thidua.hungyen.gov.vn/problems/validation",
    "title": "Dữ liệu không hợp lệ",
    "status": 422,
    "detail": "Một số trường dữ liệu không hợp lệ.",
    "instance": "/api/v1/units",
    "code": "validation",
    "errors": [{"pointer": "/name", "detail": "Tên không được để trống."}],
    "request_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"
}))]
pub struct Problem {
    /// A stable URI for the kind of error.
    pub r#type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: Option<String>,
    /// A stable machine code (`stale_etag`, `already_in_group`, …; the kind's own, such as
    /// `validation`, when there is no more particular one).
    pub code: String,
    /// The invalid inputs: body members as JSON pointers (RFC 6901), query parameters by name.
    pub errors: Option<Vec<ProblemField>>,
    pub request_id: Option<String>,
    /// RFC 6749 error code, on the token endpoint only.
    pub error: Option<String>,
    pub error_description: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProblemField {
    #[schema(example = "/name")]
    pub pointer: Option<String>,
    #[schema(example = "limit")]
    pub parameter: Option<String>,
    pub detail: String,
}

/// A 422 naming the body member that refers to a missing record.
pub fn unknown_reference(pointer: &str, what: &str) -> AppError {
    AppError::invalid_field(pointer, t!("Không tồn tại {} này.", "No such {}.", what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_chosen_only_when_preferred() {
        assert_eq!(Lang::from_accept_language(None), Lang::Vi);
        assert_eq!(Lang::from_accept_language(Some("en")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("en-GB,vi;q=0.5")), Lang::En);
        assert_eq!(Lang::from_accept_language(Some("vi,en;q=0.8")), Lang::Vi);
        assert_eq!(Lang::from_accept_language(Some("fr")), Lang::Vi);
    }

    #[test]
    fn field_errors_are_json_pointers() {
        let e = AppError::invalid_field("/name", t!("Trống", "Empty"));
        let body = e.body(Lang::En, Some("/api/v1/units"), None);
        assert_eq!(body["status"], 422);
        assert_eq!(body["errors"][0]["pointer"], "/name");
        assert_eq!(body["errors"][0]["detail"], "Empty");
        assert_eq!(
            body["type"],
            "https://thidua.hungyen.gov.vn/problems/validation"
        );
    }
}
