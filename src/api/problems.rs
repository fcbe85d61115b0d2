//! `/problems/{code}`: what each problem `type` URI names, for people (a page in Vietnamese,
//! then English) and for programs (JSON), so that a `type` leads somewhere.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{AppError, AppResult, Code};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(read);
}

/// A text in both languages.
#[derive(Serialize, ToSchema)]
pub struct Bilingual {
    #[schema(max_length = 500)]
    pub vi: String,
    #[schema(max_length = 500)]
    pub en: String,
}

/// What a problem code means.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "code": "stale_etag", "type": "https://thidua.hungyen.gov.vn/problems/stale-etag", "status": 412,
    "title": {"vi": "Bản ghi đã thay đổi", "en": "The record changed"},
    "cause": {"vi": "If-Match không còn khớp với phiên bản hiện tại.", "en": "If-Match no longer names the current version."},
    "fix": {"vi": "Đọc lại bản ghi, lấy ETag mới rồi gửi lại.", "en": "Read the record again and send its new ETag."}
}))]
pub struct ProblemType {
    #[schema(max_length = 40, pattern = "^[a-z_]+$")]
    pub code: String,
    #[schema(max_length = 200, format = "uri")]
    pub r#type: String,
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    pub title: Bilingual,
    pub cause: Bilingual,
    pub fix: Bilingual,
}

/// Every problem code, as JSON.
#[derive(Serialize, ToSchema)]
pub struct ProblemTypes {
    #[schema(max_items = 200)]
    pub items: Vec<ProblemType>,
}

fn problem_type(code: Code) -> ProblemType {
    let e = crate::texts::explain(code);
    let both = |vi: &str, en: &str| Bilingual {
        vi: vi.to_owned(),
        en: en.to_owned(),
    };
    ProblemType {
        code: code.as_str().to_owned(),
        r#type: crate::error::type_uri(code),
        status: code.kind().status().as_u16(),
        title: both(e.title_vi, e.title_en),
        cause: both(e.cause_vi, e.cause_en),
        fix: both(e.fix_vi, e.fix_en),
    }
}

/// Whether the caller asks for a page first (a browser), rather than JSON.
fn wants_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|first| {
            let media = first.split(';').next().unwrap_or_default().trim();
            media.eq_ignore_ascii_case("text/html")
                || media.eq_ignore_ascii_case("application/xhtml+xml")
        })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page of one code: Vietnamese first, then English.
fn page(p: &ProblemType) -> String {
    let e = |s: &str| escape(s);
    format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{code} — {title_vi}</title></head><body>\
<h1>{title_vi}</h1><p><code>{code}</code> · HTTP {status}</p>\
<h2>Nguyên nhân</h2><p>{cause_vi}</p><h2>Cách khắc phục</h2><p>{fix_vi}</p>\
<hr><section lang=\"en\"><h1>{title_en}</h1><h2>Cause</h2><p>{cause_en}</p>\
<h2>What to do</h2><p>{fix_en}</p></section>\
<p><a href=\"/problems\">Mọi mã lỗi (every code)</a> · <a href=\"/docs/\">Tài liệu API</a></p>\
</body></html>\n",
        code = e(&p.code),
        status = p.status,
        title_vi = e(&p.title.vi),
        title_en = e(&p.title.en),
        cause_vi = e(&p.cause.vi),
        cause_en = e(&p.cause.en),
        fix_vi = e(&p.fix.vi),
        fix_en = e(&p.fix.en),
    )
}

fn cached(mut res: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    res.insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .insert_header((header::VARY, "Accept"));
    res
}

/// Every problem code with its meaning.
#[utoipa::path(tag = "problems", responses(
    (status = 200, description = "Mọi mã lỗi (every problem code)", body = ProblemTypes),
))]
#[get("/problems")]
pub async fn list(req: HttpRequest) -> HttpResponse {
    let items: Vec<ProblemType> = Code::ALL.iter().map(|c| problem_type(*c)).collect();
    if wants_html(&req) {
        let rows: String = items
            .iter()
            .map(|p| {
                format!(
                    "<li><a href=\"/problems/{slug}\"><code>{code}</code></a> — {vi} ({en})</li>",
                    slug = p.code.replace('_', "-"),
                    code = escape(&p.code),
                    vi = escape(&p.title.vi),
                    en = escape(&p.title.en),
                )
            })
            .collect();
        let body = format!(
            "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Mã lỗi — Problem codes</title></head>\
<body><h1>Mã lỗi của API thidua (problem codes)</h1><ul>{rows}</ul></body></html>\n"
        );
        return cached(HttpResponse::Ok())
            .content_type("text/html; charset=utf-8")
            .body(body);
    }
    cached(HttpResponse::Ok()).json(ProblemTypes { items })
}

/// What one problem code means; `code` as in the `type` URI (`stale-etag`) or the `code`
/// member (`stale_etag`).
#[utoipa::path(tag = "problems",
    params(("code" = String, Path, max_length = 40, pattern = "^[a-z_-]+$", example = "stale-etag")),
    responses(
        (status = 200, description = "Giải thích mã lỗi (the code explained)", content(
            (ProblemType = "application/json"),
            (String = "text/html"),
        )),
    )
)]
#[get("/problems/{code}")]
pub async fn read(req: HttpRequest, code: web::Path<String>) -> AppResult<HttpResponse> {
    let Some(code) = Code::parse(&code.replace('-', "_")) else {
        return Err(AppError::not_found("problem code"));
    };
    let p = problem_type(code);
    if wants_html(&req) {
        return Ok(cached(HttpResponse::Ok())
            .content_type("text/html; charset=utf-8")
            .body(page(&p)));
    }
    Ok(cached(HttpResponse::Ok()).json(p))
}
