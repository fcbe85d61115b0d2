//! The error answers of every operation: the problem codes it can answer under each status,
//! found from the operation's shape (its door, parameters and body) and from [`RAISES`], each
//! with its example. The running service checks every problem it sends against this list
//! ([`Declared`]), so the document and the code cannot drift apart.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Value};

use super::raises::RAISES;
use crate::domain::access::doors::{Door, Operation, SignIn};
use crate::error::{type_uri, Code, Ext, Lang, Text};
use crate::texts;

/// What the document says of each status of an error answer.
fn status_description(status: u16) -> &'static str {
    match status {
        400 => "Yêu cầu sai cú pháp, tham số không hợp lệ (Bad request: malformed syntax or an invalid parameter)",
        401 => "Chưa đăng nhập hoặc mã truy cập không hợp lệ (Not signed in, or the access token is not valid)",
        403 => "Không có quyền với thao tác hoặc đơn vị này (Forbidden for this operation or unit)",
        404 => "Không tìm thấy (Not found)",
        408 => "Nội dung yêu cầu không đến kịp (THIDUA_BODY_TIMEOUT_SECS); kết nối bị đóng (The body did not arrive in time; the connection is closed)",
        409 => "Xung đột với dữ liệu hiện có (Conflict with what is stored)",
        412 => "If-Match không khớp: bản ghi đã thay đổi (If-Match does not match: the record changed)",
        413 => "Nội dung vượt giới hạn (The body is too large)",
        415 => "Kiểu nội dung không được hỗ trợ (Unsupported media type)",
        422 => "Dữ liệu không hợp lệ; `errors` chỉ ra từng trường (Invalid data; `errors` names each member)",
        429 => "Quá nhiều yêu cầu; chờ theo `Retry-After` (Too many requests; wait as `Retry-After` says)",
        500 => "Lỗi hệ thống; báo quản trị viên kèm `request_id` (An internal error; report it with the `request_id`)",
        503 => "Cơ sở dữ liệu tạm thời không sẵn sàng; thử lại sau `Retry-After` (The database is unavailable for now; retry after `Retry-After`)",
        _ => "Lỗi (Error)",
    }
}

/// What the document tells of an operation, beside its door.
pub(super) struct Shape {
    pub path_params: bool,
    pub query_params: bool,
    pub body: bool,
    pub if_match: bool,
    pub idempotency: bool,
    pub public: bool,
    /// Under a rate limit: the public feed's or the API's.
    pub limited: bool,
    pub uses_db: bool,
    pub write: bool,
}

impl Shape {
    pub(super) fn of(path: &str, method: &str, op: &Value) -> Shape {
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let has = |place: &str| params.iter().any(|p| p["in"] == place);
        let named = |name: &str| params.iter().any(|p| p["name"] == name);
        Shape {
            path_params: has("path"),
            query_params: has("query"),
            body: op.get("requestBody").is_some(),
            if_match: named("If-Match"),
            idempotency: named("Idempotency-Key"),
            public: path.starts_with("/public/"),
            limited: path.starts_with("/public/") || path.starts_with("/api/"),
            uses_db: !matches!(path, "/healthz" | "/metrics" | "/openapi.json")
                && !path.starts_with("/problems"),
            write: method != "get",
        }
    }
}

/// The codes an operation can answer, by status.
pub(super) fn codes_of(o: &Operation, shape: &Shape) -> BTreeMap<u16, Vec<Code>> {
    let mut codes = vec![Code::BadRequest, Code::Internal];
    if shape.query_params {
        codes.push(Code::MalformedQuery);
    }
    if shape.path_params {
        codes.extend([Code::MalformedPath, Code::NotFound]);
    }
    if shape.body {
        codes.extend([
            Code::MalformedBody,
            Code::InvalidCharacter,
            Code::BodyTimeout,
            Code::PayloadTooLarge,
            Code::UnsupportedMediaType,
            Code::Validation,
        ]);
    }
    codes.extend(door_codes(o.door));
    if shape.if_match {
        codes.push(Code::StaleEtag);
    }
    if shape.idempotency {
        codes.extend([
            Code::IdempotencyKeyRequired,
            Code::IdempotencyKeyReused,
            Code::IdempotencyInProgress,
        ]);
    }
    if shape.limited {
        codes.push(Code::RateLimited);
    }
    if shape.uses_db {
        codes.extend([Code::DatabaseBusy, Code::DatabaseUnavailable]);
        if shape.write {
            codes.extend([Code::Reference, Code::Duplicate]);
        }
    }
    if let Some((_, raised)) = RAISES.iter().find(|(id, _)| *id == o.id) {
        codes.extend(raised.iter().copied());
    }
    let mut by_status: BTreeMap<u16, Vec<Code>> = BTreeMap::new();
    for code in codes {
        let listed = by_status.entry(code.kind().status().as_u16()).or_default();
        if !listed.contains(&code) {
            listed.push(code);
        }
    }
    by_status
}

/// The codes a door refuses with.
fn door_codes(door: &Door) -> Vec<Code> {
    if door.sign_in != SignIn::Token {
        return Vec::new();
    }
    let mut codes = vec![Code::MissingToken, Code::InvalidToken, Code::RoleRequired];
    if !door.scopes.is_empty() {
        codes.push(Code::MissingScope);
    }
    if !door.own_unit_roles.is_empty() || !door.scopes.is_empty() || door.lead_unit {
        codes.push(Code::OtherUnit);
    }
    if door.lead_unit {
        codes.push(Code::NotLeadUnit);
    }
    codes
}

/// The error answers of an operation, each status with its codes and their examples.
pub(super) fn answers(codes: &BTreeMap<u16, Vec<Code>>) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for (status, listed) in codes {
        let lines: Vec<String> = listed
            .iter()
            .map(|c| {
                let e = texts::explain(*c);
                format!(
                    "- [`{}`]({}): {} ({})",
                    c.as_str(),
                    type_uri(*c),
                    e.title_vi,
                    e.title_en
                )
            })
            .collect();
        let examples: serde_json::Map<String, Value> = listed
            .iter()
            .map(|c| {
                let reference = format!("#/components/examples/problem_{}", c.as_str());
                (c.as_str().to_owned(), json!({"$ref": reference}))
            })
            .collect();
        let mut answer = json!({
            "description": format!("{}\n\n{}", status_description(*status), lines.join("\n")),
            "content": {"application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "examples": examples,
            }},
        });
        match status {
            401 => {
                answer["headers"] =
                    json!({"WWW-Authenticate": {"$ref": "#/components/headers/WWW-Authenticate"}})
            }
            429 | 503 => {
                answer["headers"] =
                    json!({"Retry-After": {"$ref": "#/components/headers/Retry-After"}})
            }
            _ => {}
        }
        out.insert(status.to_string(), answer);
    }
    out
}

/// One example problem for each code, as the service sends it (in Vietnamese).
pub(super) fn examples() -> serde_json::Map<String, Value> {
    Code::ALL
        .iter()
        .map(|c| {
            let e = texts::explain(*c);
            let kind = c.kind();
            let value = json!({
                "type": type_uri(*c),
                "title": kind.title().get(Lang::Vi),
                "status": kind.status().as_u16(),
                "detail": e.cause_vi,
                "code": c.as_str(),
                "request_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b",
            });
            let example = json!({
                "summary": format!("{}: {}", c.as_str(), e.title_vi),
                "description": texts::both(e.fix_vi, e.fix_en),
                "value": value,
            });
            (format!("problem_{}", c.as_str()), example)
        })
        .collect()
}

/// Keeps the examples of the codes some operation answers.
pub(super) fn drop_unused_examples(doc: &mut Value) {
    let text = doc["paths"].to_string();
    if let Some(examples) = doc["components"]["examples"].as_object_mut() {
        examples.retain(|name, _| text.contains(&format!("\"#/components/examples/{name}\"")));
    }
}

/// The problem schema with every member the service sends: `code` among the codes, and each
/// extension member.
pub(super) fn complete_problem_schema(schema: &mut Value) {
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            "code".to_owned(),
            json!({
                "type": "string", "enum": codes, "maxLength": 40,
                "description": "Mã lỗi ổn định để chương trình rẽ nhánh; giải thích ở `type` (A stable code a program can branch on; explained at `type`)"
            }),
        );
        for ext in Ext::ALL {
            properties
                .entry(ext.as_str().to_owned())
                .or_insert_with(|| ext.schema());
        }
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        if !required.iter().any(|r| r == "code") {
            required.push(json!("code"));
        }
    }
}

/// The codes each operation declares, by method and path, read back from the finished
/// document: what [`crate::api::middleware::problems`] checks each problem against.
#[derive(Default)]
pub struct Declared {
    by_operation: HashMap<(String, String), HashSet<(u16, String)>>,
}

impl Declared {
    pub fn from_doc(doc: &Value) -> Declared {
        let mut by_operation = HashMap::new();
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let mut pairs = HashSet::new();
                for (status, answer) in op["responses"].as_object().into_iter().flatten() {
                    let Ok(status) = status.parse::<u16>() else {
                        continue;
                    };
                    let examples =
                        answer["content"]["application/problem+json"]["examples"].as_object();
                    for code in examples.into_iter().flat_map(|e| e.keys()) {
                        pairs.insert((status, code.clone()));
                    }
                }
                by_operation.insert((method.to_ascii_uppercase(), path.clone()), pairs);
            }
        }
        Declared { by_operation }
    }

    /// Whether the operation at `method` and `path` (the router's pattern) declares `code`
    /// under `status`; `None` when no operation is there.
    pub fn declares(&self, method: &str, path: &str, status: u16, code: Code) -> Option<bool> {
        let method = if method == "HEAD" { "GET" } else { method };
        self.by_operation
            .get(&(method.to_owned(), path.to_owned()))
            .map(|pairs| pairs.contains(&(status, code.as_str().to_owned())))
    }
}

/// The explanation of a code as the `/problems/{code}` page and its JSON give it.
pub fn explanation_json(code: Code) -> Value {
    let e = texts::explain(code);
    let text = |vi: &str, en: &str| Text::new(vi.to_owned(), en.to_owned());
    let kind = code.kind();
    json!({
        "code": code.as_str(),
        "type": type_uri(code),
        "status": kind.status().as_u16(),
        "title": {"vi": text(e.title_vi, e.title_en).get(Lang::Vi), "en": e.title_en},
        "cause": {"vi": e.cause_vi, "en": e.cause_en},
        "fix": {"vi": e.fix_vi, "en": e.fix_en},
    })
}
