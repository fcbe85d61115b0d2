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
use crate::{t, texts, AppState};

mod headers;
mod problems;
mod raises;
mod schemas;
pub(crate) use schemas::is_uuid;
mod webhooks;

pub use problems::{explanation_json, Declared};

use schemas::{
    binary_answers, bounded, discriminated_unions, glossed_enums, open_free_form_objects,
    pages_refer_to_their_items,
};

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
        contact(name = "Ban Thi đua – Khen thưởng tỉnh Hưng Yên (thidua)", url = "https://thidua.hungyen.gov.vn"),
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    servers((url = "/", description = "Máy chủ phục vụ tài liệu này: production ở tỉnh, local khi chạy thử (the server serving this document: production at the province, local in a trial)")),
    components(schemas(
        crate::error::Problem,
        crate::error::ProblemField,
        crate::service::reminders::ReminderMessage
    )),
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
        (name = "funding", description = "Quỹ thi đua, khen thưởng và hỗ trợ kinh phí cho cơ quan chủ trì; mức lương cơ sở theo từng thời kỳ, căn cứ tính tiền thưởng"),
        (name = "quotas", description = "Số lượng khen thưởng tối đa (điểm 6c, 6d Công văn 1801/UBND-NC) theo văn bản, có hiệu lực từ ngày; các Đại hội Thi đua yêu nước"),
        (name = "nominations", description = "Đề nghị khen thưởng: hồ sơ, quy trình xét, chấm điểm, chỉ tiêu, lấy ý kiến nhân dân, xuất danh sách; hình thức khen thưởng; ngày nghỉ lễ"),
        (name = "reporting", description = "Chế độ báo cáo: loại báo cáo, kỳ và hạn (Nghị định 09/2019), gửi báo cáo tự động an toàn khi gửi lại (Idempotency-Key), tình hình chấp hành"),
        (name = "inspections", description = "Kiểm tra, giám sát các đơn vị: nội dung, kết luận và các việc phải khắc phục, có hạn"),
        (name = "reminders", description = "Đôn đốc các đơn vị chưa gửi báo cáo, chậm ban hành kế hoạch, chưa đăng tin; webhook của đơn vị (Standard Webhooks, ký HMAC-SHA256)"),
        (name = "exemplary-models", description = "Điển hình tiên tiến: phát hiện, bồi dưỡng, nhân rộng"),
        (name = "award-types", description = "Loại khen thưởng: danh hiệu thi đua và hình thức khen thưởng (không lẫn nhau), đối tượng, cấp, loại khen thưởng; các phiên bản theo căn cứ pháp lý, có hiệu lực từ ngày: thẩm quyền, hệ số tiền thưởng, bỏ phiếu của Hội đồng, đăng ký thi đua, thành phần hồ sơ"),
        (name = "awards", description = "Sổ khen thưởng: mọi danh hiệu, hình thức khen thưởng đã tặng cho cá nhân, tập thể, theo quyết định; khen thưởng bị thu hồi vẫn được giữ"),
        (name = "awardees", description = "Cá nhân, tập thể được khen thưởng: đối tượng, chức vụ, giới tính và dữ liệu cá nhân cho hồ sơ (chỉ người có quyền mới xem được)"),
        (name = "publicity", description = "Tin bài tuyên truyền theo kênh: cổng thông tin, phát thanh - truyền hình, báo"),
        (name = "public", description = "Công khai cho Cổng thông tin điện tử tỉnh: không cần đăng nhập, có ETag, Last-Modified, 304, CORS và giới hạn tần suất"),
        (name = "stats", description = "Số liệu: điển hình theo giai đoạn, tỷ lệ đối tượng ưu tiên, tuyên truyền theo kênh, đơn vị cần nhắc nhở"),
        (name = "council", description = "Hội đồng Thi đua – Khen thưởng: thành viên theo nhiệm kỳ, phiên họp có túc số, bỏ phiếu kín tính trên tổng số thành viên, kết quả kiểm phiếu"),
        (name = "decisions", description = "Quyết định khen thưởng: dự thảo từ các hồ sơ đã được đề xuất kèm tờ trình (DOCX, PDF) theo mẫu, ban hành với số và ngày, tiền thưởng tính trên mức lương cơ sở và chi từ Quỹ thi đua, khen thưởng"),
        (name = "files", description = "Tệp của hồ sơ (PDF, DOCX, XLSX, JPEG, PNG): loại xác định từ nội dung, SHA-256 do hệ thống tính, lưu một lần theo nội dung; quyền đọc theo đơn vị sở hữu và hồ sơ đề nghị có tệp"),
        (name = "imports", description = "Nhập dữ liệu từ danh mục nơi khác (bảng tính .xlsx, tệp CSV) theo mẫu: chạy thử, tất cả hoặc không, không ghi đè"),
        (name = "audit", description = "Nhật ký thay đổi"),
        (name = "operations", description = "Vận hành"),
        (name = "problems", description = "Mã lỗi: nguyên nhân và cách khắc phục, trang tiếng Việt và tiếng Anh hoặc JSON (problem codes: cause and fix)"),
    )
)]
pub(super) struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        const JWT: &str = "JWT theo RFC8725 (JSON Web Token Best Current Practices): chỉ HS256, \
kiểm tra `iss`, `aud`, `exp`; mã bị thu hồi khi đăng xuất hoặc khi tài khoản, ứng dụng ngừng hoạt động. \
(A JWT following RFC8725: HS256 only, `iss`, `aud` and `exp` checked; revoked at sign-out or \
when the account or client is deactivated.)";
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut bearer = Http::new(HttpAuthScheme::Bearer);
        bearer.bearer_format = Some("JWT".to_owned());
        bearer.description = Some(format!(
            "Mã truy cập từ /api/v1/auth/login hoặc /api/v1/auth/token (an access token from either). {JWT}"
        ));
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
        let mut basic = Http::new(HttpAuthScheme::Basic);
        basic.description = Some(
            "Chỉ ở /api/v1/auth/token: `client_id` và `client_secret` của ứng dụng, như RFC 6749 §2.3.1 quy định (at the token endpoint only, as RFC 6749 §2.3.1 says)".to_owned(),
        );
        components.add_security_scheme("client_basic", SecurityScheme::Http(basic));
        let gloss = texts::enum_glosses("Scope");
        let described = |s: &Scope| {
            let text = gloss
                .and_then(|g| g.values.iter().find(|(v, _, _)| *v == s.as_str()))
                .map_or_else(
                    || s.as_str().to_owned(),
                    |(_, vi, en)| format!("{vi} ({en})"),
                );
            (s.as_str().to_owned(), text)
        };
        let scopes = Scopes::from_iter(Scope::ALL.iter().map(described));
        let mut oauth = OAuth2::new([Flow::ClientCredentials(ClientCredentials::new(
            "/api/v1/auth/token",
            scopes,
        ))]);
        oauth.description = Some(format!(
            "Ứng dụng của đơn vị nhận mã truy cập ngắn hạn bằng client credentials; không có refresh token, hết hạn thì xin mã mới (a unit's software takes short-lived tokens with client credentials; there is no refresh token, it asks again). {JWT}"
        ));
        components.add_security_scheme("oauth2", SecurityScheme::OAuth2(oauth));
    }
}

/// The finished document, as JSON: the paths the app registers, completed with their errors.
pub fn openapi_json() -> Value {
    let (_, api) = super::app();
    let mut doc = serde_json::to_value(api).unwrap_or_default();
    doc["components"]["examples"] = Value::Object(problems::examples());
    doc["components"]["headers"] = headers::components();
    // Who a server is for (the OWASP inventory rules): this one serves the public and the units.
    if let Some(server) = doc["servers"].get_mut(0) {
        server["x-internal"] = json!(false);
    }
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
    webhooks::declare(&mut doc);
    problems::drop_unused_examples(&mut doc);
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        schemas.values_mut().for_each(open_free_form_objects);
        glossed_enums(schemas);
        if let Some(problem) = schemas.get_mut("Problem") {
            problems::complete_problem_schema(problem);
        }
        discriminated_unions(schemas);
        pages_refer_to_their_items(schemas);
    }
    bounded(&mut doc);
    doc
}

/// The summary, description and parameter texts of `texts`, Vietnamese then English.
fn in_vietnamese_first(id: &str, op: &mut Value) {
    if let Some(t) = texts::operation(id) {
        op["summary"] = json!(texts::summary(t));
        op["description"] = json!(texts::both(t.vi, t.en));
    }
    let parameters = op.get_mut("parameters").and_then(Value::as_array_mut);
    for p in parameters.into_iter().flatten() {
        let Some(name) = p["name"].as_str() else {
            continue;
        };
        if let Some((vi, en)) = texts::parameter(id, name) {
            p["description"] = json!(texts::both(vi, en));
        }
    }
}

/// Completes one operation: its id, door and texts, its error answers with their codes, the
/// headers it honours and sends.
fn complete_operation(path: &str, method: &str, op: &mut Value) {
    binary_answers(op);
    let Some(o) = crate::domain::access::doors::operation(method, path) else {
        return;
    };
    op["operationId"] = json!(o.id);
    op["x-thidua-access"] = o.door.to_json();
    in_vietnamese_first(o.id, op);
    let shape = problems::Shape::of(path, method, op);
    let codes = problems::codes_of(o, &shape);
    if let Some(responses) = op["responses"].as_object_mut() {
        for (status, answer) in problems::answers(&codes) {
            responses.insert(status, answer);
        }
    }
    headers::declare(&shape, op);
}

/// `GET /openapi.json`: the document, as committed in `openapi/openapi.json`.
pub async fn serve(spec: web::Data<String>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(spec.get_ref().clone())
}

/// `GET /docs/`: Swagger UI's page, titled and introduced in Vietnamese, its fixed labels
/// translated as they appear; the files it loads are Swagger UI's own, served beside it.
pub async fn page() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(include_str!("docs.html"))
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
    use crate::error::Code;

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
    fn the_runtime_check_knows_what_each_operation_declares() {
        let declared = Declared::from_doc(&openapi_json());
        let units = "/api/v1/units";
        assert_eq!(
            declared.declares("POST", units, 409, Code::DuplicateCode),
            Some(true)
        );
        assert_eq!(
            declared.declares("POST", units, 409, Code::QuotaExceeded),
            Some(false)
        );
        assert_eq!(
            declared.declares("HEAD", "/public/v1/honours", 400, Code::MalformedQuery),
            Some(true)
        );
        assert_eq!(
            declared.declares("GET", "/nowhere", 404, Code::NotFound),
            None
        );
    }

    /// A code no operation declares is either dead or raised where the spec does not say.
    #[test]
    fn every_code_is_declared_by_some_operation() {
        let doc = openapi_json();
        let declared = Declared::from_doc(&doc);
        let mut operations = Vec::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for method in item.as_object().into_iter().flatten().map(|(m, _)| m) {
                operations.push((method.to_ascii_uppercase(), path.clone()));
            }
        }
        // A kind's own code stands for a status without a particular cause (an answer of
        // the framework's own, mapped by its status); only the particular ones are checked.
        let nowhere: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.kind().code() != **c)
            .filter(|c| {
                let status = c.kind().status().as_u16();
                !operations
                    .iter()
                    .any(|(m, p)| declared.declares(m, p, status, **c) == Some(true))
            })
            .map(|c| c.as_str())
            .collect();
        assert!(nowhere.is_empty(), "declared nowhere: {nowhere:?}");
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

    const XLSX_MEDIA: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    #[test]
    fn generators_get_files_as_bytes_and_free_objects_as_open() {
        let doc = openapi_json();
        let xlsx = &doc["paths"]["/api/v1/nominations/recommended.xlsx"]["get"]["responses"]["200"]
            ["content"][XLSX_MEDIA];
        assert_eq!(
            xlsx["schema"],
            json!({"type": "string", "format": "binary", "maxLength": 32 * 1024 * 1024})
        );
        let upload = &doc["paths"]["/api/v1/imports"]["post"]["requestBody"]["content"];
        assert_eq!(
            upload[XLSX_MEDIA]["schema"], xlsx["schema"],
            "a file sent is bytes too"
        );
        assert_eq!(upload["text/csv"]["schema"], xlsx["schema"]);
        let token = &doc["paths"]["/api/v1/auth/token"]["post"]["requestBody"]["content"];
        assert!(
            token["application/x-www-form-urlencoded"]["schema"]["$ref"].is_string(),
            "a form stays its fields"
        );
        let scopes = &doc["components"]["schemas"]["ApiClientCreate"]["properties"]["scopes"];
        assert_eq!(
            scopes["maxItems"],
            Scope::ALL.len(),
            "one of each scope at most"
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

    fn paths_and_webhooks(doc: &Value) -> impl Iterator<Item = (&String, &Value)> {
        let paths = doc["paths"].as_object().into_iter().flatten();
        paths.chain(doc["webhooks"].as_object().into_iter().flatten())
    }

    /// Every operation, parameter and enum value has its texts in `crate::texts`, and every
    /// text there belongs to something in the document.
    #[test]
    fn people_read_every_operation_parameter_and_value_in_vietnamese_first() {
        let doc = openapi_json();
        let mut missing = Vec::new();
        let mut ids = Vec::new();
        for (path, item) in paths_and_webhooks(&doc) {
            for (method, op) in item.as_object().into_iter().flatten() {
                let id = op["operationId"].as_str().unwrap_or_default();
                ids.push(id.to_owned());
                if texts::operation(id).is_none() {
                    missing.push(format!("operation {id} ({method} {path})"));
                }
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let name = p["name"].as_str().unwrap_or_default();
                    if texts::parameter(id, name).is_none() {
                        missing.push(format!("parameter {name} of {id}"));
                    }
                }
            }
        }
        for t in texts::operations() {
            if !ids.iter().any(|id| id == t.id) {
                missing.push(format!("texts for {}, which is no operation", t.id));
            }
        }
        for o in texts::OVERRIDES {
            if !ids.iter().any(|id| id == o.operation) {
                missing.push(format!(
                    "override for {}, which is no operation",
                    o.operation
                ));
            }
        }
        let schemas = doc["components"]["schemas"].as_object();
        let mut glossed = Vec::new();
        for (name, schema) in schemas.into_iter().flatten() {
            let Some(values) = schema["enum"].as_array() else {
                continue;
            };
            glossed.push(name.clone());
            let Some(glosses) = texts::enum_glosses(name) else {
                missing.push(format!("glosses of enum {name}"));
                continue;
            };
            let want: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            let have: Vec<&str> = glosses.values.iter().map(|(v, _, _)| *v).collect();
            if want != have {
                missing.push(format!("enum {name}: values {want:?}, glosses {have:?}"));
            }
        }
        for e in texts::ENUMS {
            if !glossed.iter().any(|n| n == e.schema) {
                missing.push(format!("glosses of {}, which is no enum", e.schema));
            }
        }
        assert!(
            missing.is_empty(),
            "{} missing:\n{}",
            missing.len(),
            missing.join("\n")
        );
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
