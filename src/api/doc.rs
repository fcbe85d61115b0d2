//! The OpenAPI document: generated from the handlers, completed once with the error answers
//! every operation can give, and used by the router to tell 405 from 404.

use actix_web::http::header;
use actix_web::{web, HttpRequest};
use serde_json::{json, Value};
use utoipa::openapi::security::{
    ClientCredentials, Flow, Http, HttpAuthScheme, OAuth2, Scopes, SecurityScheme,
};
use utoipa::{Modify, OpenApi};

use crate::domain::access::Scope;
use crate::error::{AppError, Kind};
#[cfg(test)]
use crate::http::routes::Routes;
use crate::{t, AppState};

/// The document around the paths: info, tags, security schemes and the schemas no handler
/// names (problem details). [`super::app`] merges the paths it registers into it.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "thidua API",
        description = "**thidua — Thi đua, khen thưởng tỉnh Hưng Yên.** API của hệ thống quản lý công tác thi đua, khen thưởng: đơn vị, Cụm/Khối thi đua, văn bản, \
phong trào thi đua, điển hình tiên tiến, chế độ báo cáo và đề nghị khen thưởng, theo Công văn \
1801/UBND-NC ngày 15/7/2022 của UBND tỉnh Hưng Yên.\n\n\
Lỗi trả về theo RFC 9457 (`application/problem+json`), tiếng Việt mặc định, tiếng Anh với \
`Accept-Language: en`. Danh sách phân trang bằng `limit`, `cursor`, `next_cursor` và tiêu đề `Link`.",
        version = "1.0.0",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    servers((url = "/", description = "Máy chủ phục vụ tài liệu này / the server serving this document")),
    components(schemas(crate::error::Problem, crate::error::ProblemField)),
    modifiers(&Security),
    tags(
        (name = "auth", description = "Đăng nhập, cấp mã truy cập, đăng xuất, đặt mật khẩu bằng mã dùng một lần"),
        (name = "users", description = "Tài khoản người dùng: tạo, phân quyền, ngừng và mở lại, đặt lại mật khẩu, gỡ khóa đăng nhập; tài khoản của mình"),
        (name = "api-clients", description = "Ứng dụng của đơn vị (client credentials): quyền (scope), đổi khóa bí mật có thời gian chuyển tiếp, ngừng hoạt động"),
        (name = "units", description = "Cơ quan, đơn vị"),
        (name = "emulation-groups", description = "Cụm, Khối thi đua"),
        (name = "documents", description = "Văn bản (công văn, kế hoạch, quyết định)"),
        (name = "movements", description = "Phong trào thi đua: tên, lịch sử đổi tên, đơn vị chủ trì"),
        (name = "plans", description = "Kế hoạch triển khai: hạn ban hành, chỉ tiêu và tiến độ"),
        (name = "criteria", description = "Bộ tiêu chí đánh giá, lựa chọn điển hình tiên tiến (có phiên bản)"),
        (name = "funding", description = "Quỹ thi đua, khen thưởng và hỗ trợ kinh phí cho cơ quan chủ trì"),
        (name = "quotas", description = "Số lượng khen thưởng tối đa (điểm 6c, 6d Công văn 1801/UBND-NC)"),
        (name = "nominations", description = "Đề nghị khen thưởng: hồ sơ, quy trình xét, chấm điểm, chỉ tiêu, lấy ý kiến nhân dân, xuất danh sách; hình thức khen thưởng; ngày nghỉ lễ"),
        (name = "reporting", description = "Chế độ báo cáo: loại báo cáo, kỳ và hạn (Nghị định 09/2019), gửi báo cáo tự động an toàn khi gửi lại (Idempotency-Key), tình hình chấp hành"),
        (name = "inspections", description = "Kiểm tra, giám sát các đơn vị: nội dung, kết luận và các việc phải khắc phục, có hạn"),
        (name = "reminders", description = "Đôn đốc các đơn vị chưa gửi báo cáo, chậm ban hành kế hoạch, chưa đăng tin; webhook của đơn vị (Standard Webhooks, ký HMAC-SHA256)"),
        (name = "exemplary-models", description = "Điển hình tiên tiến: phát hiện, bồi dưỡng, nhân rộng"),
        (name = "publicity", description = "Tin bài tuyên truyền theo kênh: cổng thông tin, phát thanh - truyền hình, báo"),
        (name = "public", description = "Công khai cho Cổng thông tin điện tử tỉnh: không cần đăng nhập, có ETag, Last-Modified, 304, CORS và giới hạn tần suất"),
        (name = "stats", description = "Số liệu: điển hình theo giai đoạn, tỷ lệ đối tượng ưu tiên, tuyên truyền theo kênh, đơn vị cần nhắc nhở"),
        (name = "audit", description = "Nhật ký thay đổi"),
        (name = "operations", description = "Vận hành"),
    )
)]
pub(super) struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.bearer_format = Some("JWT".to_owned());
        bearer.description =
            Some("Mã truy cập từ /api/v1/auth/login hoặc /api/v1/auth/token".to_owned());
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
        components.add_security_scheme(
            "client_basic",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Basic)),
        );
        let scopes = Scopes::from_iter(Scope::ALL.iter().map(|s| (s.as_str(), s.as_str())));
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::new([Flow::ClientCredentials(
                ClientCredentials::new("/api/v1/auth/token", scopes),
            )])),
        );
    }
}

/// The reusable error answers, by status.
const ERRORS: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "Yêu cầu sai cú pháp, tham số không hợp lệ",
    ),
    (
        "401",
        "Unauthorized",
        "Chưa đăng nhập hoặc mã truy cập không hợp lệ",
    ),
    (
        "403",
        "Forbidden",
        "Không có quyền với thao tác hoặc đơn vị này",
    ),
    ("404", "NotFound", "Không tìm thấy"),
    (
        "409",
        "Conflict",
        "Xung đột với dữ liệu hiện có (mã lỗi trong `code`)",
    ),
    (
        "412",
        "PreconditionFailed",
        "If-Match không khớp: bản ghi đã thay đổi",
    ),
    (
        "408",
        "RequestTimeout",
        "Nội dung yêu cầu không đến kịp (THIDUA_BODY_TIMEOUT_SECS); kết nối bị đóng",
    ),
    ("413", "PayloadTooLarge", "Nội dung vượt giới hạn"),
    (
        "415",
        "UnsupportedMediaType",
        "Kiểu nội dung không được hỗ trợ",
    ),
    (
        "422",
        "Unprocessable",
        "Dữ liệu không hợp lệ; `errors` chỉ ra từng trường",
    ),
    (
        "503",
        "Unavailable",
        "Cơ sở dữ liệu tạm thời không sẵn sàng",
    ),
];

/// The finished document, as JSON: the paths the app registers, completed with their errors.
pub fn openapi_json() -> Value {
    let (_, api) = super::app();
    let mut doc = serde_json::to_value(api).unwrap_or_default();
    let mut responses = serde_json::Map::new();
    for (status, name, description) in ERRORS {
        let mut r = json!({
            "description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        });
        if *status == "401" {
            r["headers"] = json!({"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer realm=\"thidua\""}});
        }
        responses.insert((*name).to_owned(), r);
    }
    doc["components"]["responses"] = Value::Object(responses);
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                complete_operation(path, method, op);
            }
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.values_mut().for_each(open_free_form_objects);
        pages_refer_to_their_items(schemas);
    }
    doc
}

/// `Page<T>` comes out with `T` copied inline, and generators make a second class of it: each
/// `Page_T` refers to the component `T` instead.
fn pages_refer_to_their_items(schemas: &mut serde_json::Map<String, Value>) {
    let names: Vec<String> = schemas.keys().cloned().collect();
    for name in names {
        let Some(item) = name.strip_prefix("Page_") else {
            continue;
        };
        if !schemas.contains_key(item) {
            continue;
        }
        let reference = json!({"$ref": format!("#/components/schemas/{item}")});
        if let Some(items) = schemas
            .get_mut(&name)
            .and_then(|page| page.get_mut("properties"))
            .and_then(|p| p.get_mut("items"))
        {
            items["items"] = reference;
        }
    }
}

/// A member that is any JSON object (a report's `content`, a type's `content_schema`) says so
/// with `additionalProperties: true`: generators otherwise make it an object of nothing.
fn open_free_form_objects(schema: &mut Value) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for member in properties.values_mut() {
        let free = member["type"] == "object"
            && member.get("properties").is_none()
            && member.get("additionalProperties").is_none();
        if free {
            member["additionalProperties"] = json!(true);
        }
    }
}

/// An answer that is a file (XLSX) is a string of bytes, not the array of integers a `Vec<u8>`
/// would say.
fn binary_answers(op: &mut Value) {
    let answers = op.get_mut("responses").and_then(Value::as_object_mut);
    for answer in answers.into_iter().flat_map(|r| r.values_mut()) {
        let contents = answer.get_mut("content").and_then(Value::as_object_mut);
        for (media, content) in contents.into_iter().flatten() {
            let textual = media.contains("json")
                || media.starts_with("text/")
                || media.ends_with("+xml")
                || media.ends_with("/xml");
            if !textual {
                content["schema"] = json!({"type": "string", "format": "binary"});
            }
        }
    }
}

/// Adds the error answers an operation can give, unless it documents its own.
fn complete_operation(path: &str, method: &str, op: &mut Value) {
    let secured = op["security"]
        .as_array()
        .is_some_and(|reqs| reqs.iter().any(|r| r.get("bearer").is_some()));
    let has_body = op.get("requestBody").is_some();
    let has_path_param = path.contains('{');
    let uses_db = !matches!(path, "/healthz" | "/metrics");
    let mut wanted = vec!["400"];
    if secured {
        wanted.extend(["401", "403"]);
    }
    if has_path_param {
        wanted.push("404");
    }
    if has_body {
        wanted.extend(["408", "413", "415", "422"]);
    }
    if method != "get" && secured {
        wanted.push("409");
    }
    if method != "get" && has_path_param {
        wanted.push("412");
    }
    if uses_db {
        wanted.push("503");
    }
    binary_answers(op);
    if let Some(o) = crate::domain::access::doors::operation(method, path) {
        op["operationId"] = json!(o.id);
        op["x-thidua-access"] = o.door.to_json();
    }
    let Some(responses) = op["responses"].as_object_mut() else {
        return;
    };
    for status in wanted {
        if responses.contains_key(status) {
            continue;
        }
        if let Some((_, name, _)) = ERRORS.iter().find(|(s, _, _)| *s == status) {
            responses.insert(
                status.to_owned(),
                json!({"$ref": format!("#/components/responses/{name}")}),
            );
        }
    }
}

/// `GET /openapi.json`: the document, as committed in `openapi/openapi.json`.
pub async fn serve(spec: web::Data<String>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(spec.get_ref().clone())
}

/// What the router answers when no route matched: 405 with `Allow` for a documented path,
/// 404 otherwise.
pub async fn fallback(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<actix_web::HttpResponse, AppError> {
    Err(match state.routes.allowed(req.path()) {
        Some(methods) if !methods.is_empty() => AppError::new(
            Kind::MethodNotAllowed,
            t!(
                "Phương thức {} không dùng được ở đây; dùng: {}.",
                "Method {} is not allowed here; use: {}.",
                req.method(),
                methods.join(", ")
            ),
        )
        .with_header(header::ALLOW, methods.join(", ")),
        _ => AppError::new(
            Kind::NotFound,
            t!("Không có địa chỉ này.", "There is no such address."),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_paths_answer_405_for_other_methods() {
        let routes = Routes::from_doc(&openapi_json());
        assert_eq!(
            routes.allowed("/api/v1/units"),
            Some(vec!["GET".to_owned(), "POST".to_owned()])
        );
        assert_eq!(
            routes.allowed("/api/v1/units/abc"),
            Some(vec!["GET".to_owned(), "PATCH".to_owned()])
        );
        assert_eq!(routes.allowed("/api/v1/nothing"), None);
        assert_eq!(routes.allowed("/api/v1/units/"), None);
    }

    #[test]
    fn every_operation_documents_its_errors() {
        let doc = openapi_json();
        let op = &doc["paths"]["/api/v1/units/{id}"]["patch"]["responses"];
        for status in ["400", "401", "403", "404", "409", "412", "422"] {
            assert!(
                op.get(status).is_some(),
                "PATCH /api/v1/units/{{id}} lacks {status}"
            );
        }
        assert_eq!(
            doc["openapi"].as_str().map(|v| v.starts_with("3.1")),
            Some(true)
        );
    }

    #[test]
    fn every_operation_declares_its_door_and_every_door_is_an_operation() {
        let doc = openapi_json();
        let mut operations = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                assert!(
                    op.get("x-thidua-access").is_some(),
                    "{method} {path} has no door in domain::access::doors"
                );
                operations.push((method.clone(), path.clone()));
            }
        }
        for o in crate::domain::access::doors::OPERATIONS {
            assert!(
                operations.contains(&(o.method.to_owned(), o.path.to_owned())),
                "the door of {} {} guards no operation",
                o.method,
                o.path
            );
        }
    }

    #[test]
    fn generators_get_files_as_bytes_and_free_objects_as_open() {
        let doc = openapi_json();
        let xlsx = &doc["paths"]["/api/v1/nominations/recommended.xlsx"]["get"]["responses"]["200"]
            ["content"]["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];
        assert_eq!(
            xlsx["schema"],
            json!({"type": "string", "format": "binary"})
        );
        let content = &doc["components"]["schemas"]["NewReport"]["properties"]["content"];
        assert_eq!(content["additionalProperties"], true);
        assert!(doc["info"]["title"].as_str().is_some_and(|t| t.is_ascii()));
        assert_eq!(doc["info"]["license"]["identifier"], "MIT OR Apache-2.0");
        assert!(doc["servers"][0]["url"].is_string());
        let schemas = doc["components"]["schemas"].as_object();
        let mut pages = 0;
        for (name, schema) in schemas.into_iter().flatten() {
            if let Some(item) = name.strip_prefix("Page_") {
                let reference = format!("#/components/schemas/{item}");
                assert_eq!(
                    schema["properties"]["items"]["items"]["$ref"],
                    reference.as_str(),
                    "{name}"
                );
                pages += 1;
            }
        }
        assert!(pages > 10, "{pages} pages");
    }

    #[test]
    fn the_spec_shows_the_json_text() {
        let doc = openapi_json();
        assert_eq!(
            doc["components"]["schemas"]["UnitKind"]["enum"][0],
            "department"
        );
        assert_eq!(
            doc["components"]["schemas"]["DocumentKind"]["enum"][0],
            "official_letter"
        );
    }
}
