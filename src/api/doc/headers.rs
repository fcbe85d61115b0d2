//! The headers the service honours and sends, declared once under `components/headers` and
//! referred to from each operation whose shape has them.

use serde_json::{json, Value};

use super::problems::Shape;

/// Every header an answer may carry.
pub(super) fn components() -> Value {
    let text = |vi: &str, en: &str, max: u32| json!({"description": format!("{vi} ({en})"), "schema": {"type": "string", "maxLength": max}});
    let number = |vi: &str, en: &str| {
        json!({"description": format!("{vi} ({en})"),
               "schema": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 4_294_967_295_u64}})
    };
    json!({
        "ETag": text("Phiên bản của câu trả lời; gửi lại trong If-None-Match hoặc If-Match", "the answer's version; send it back in If-None-Match or If-Match", 100),
        "Last-Modified": text("Thời điểm thay đổi gần nhất (RFC 9110 HTTP-date)", "the time of the last change, an HTTP-date", 40),
        "Link": text("Trang tiếp theo: `<…?cursor=…>; rel=\"next\"` (RFC 8288)", "the next page, as an RFC 8288 link", 2000),
        "RateLimit-Limit": number("Số yêu cầu được phép trong một cửa sổ", "requests allowed per window"),
        "RateLimit-Remaining": number("Số yêu cầu còn lại trong cửa sổ này", "requests left in this window"),
        "RateLimit-Reset": number("Số giây đến khi cửa sổ mới bắt đầu", "seconds until the window resets"),
        "RateLimit-Policy": text("Chính sách giới hạn: `600;w=60`", "the policy, such as `600;w=60`", 100),
        "Retry-After": number("Số giây nên chờ trước khi thử lại", "seconds to wait before retrying"),
        "Idempotent-Replayed": {
            "description": "`true` khi đây là câu trả lời đã lưu của yêu cầu đầu tiên cùng Idempotency-Key; không có gì được ghi thêm (`true` when this is the stored answer of the first request with the same Idempotency-Key; nothing more was written)",
            "schema": {"type": "string", "enum": ["true"]}
        },
        "Access-Control-Allow-Origin": {
            "description": "CORS: mọi nguồn được đọc dữ liệu công khai (CORS: any origin may read the public feed)",
            "schema": {"type": "string", "enum": ["*"]}
        },
        "Cache-Control": text("Ai được giữ câu trả lời và bao lâu", "who may keep the answer, and how long", 100),
        "Location": text("Địa chỉ của bản ghi vừa tạo", "the address of the record just made", 2000),
        "WWW-Authenticate": text("`Bearer realm=\"thidua\"`", "how to authenticate", 200),
    })
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/headers/{name}")})
}

/// Adds `names` to the headers of the answers whose status passes `which`.
fn add(op: &mut Value, which: impl Fn(&str) -> bool, names: &[&str]) {
    let answers = op.get_mut("responses").and_then(Value::as_object_mut);
    for (status, answer) in answers.into_iter().flatten() {
        if !which(status) || answer.get("$ref").is_some() {
            continue;
        }
        let headers = answer
            .as_object_mut()
            .map(|a| a.entry("headers").or_insert_with(|| json!({})));
        if let Some(headers) = headers.and_then(Value::as_object_mut) {
            for name in names {
                headers.insert((*name).to_owned(), reference(name));
            }
        }
    }
}

fn header_parameter(op: &mut Value, name: &str, vi: &str, en: &str) {
    let parameters = op
        .as_object_mut()
        .map(|o| o.entry("parameters").or_insert_with(|| json!([])));
    let Some(parameters) = parameters.and_then(Value::as_array_mut) else {
        return;
    };
    if parameters.iter().any(|p| p["name"] == name) {
        return;
    }
    parameters.push(json!({
        "name": name, "in": "header", "required": false,
        "description": crate::texts::both(vi, en),
        "schema": {"type": "string", "maxLength": 200}
    }));
}

/// The headers an operation declares inline that are components: one definition each.
const SHARED: &[&str] = &[
    "ETag",
    "Last-Modified",
    "Cache-Control",
    "Location",
    "Link",
    "Retry-After",
];

/// Declares on `op` the headers its shape implies.
pub(super) fn declare(shape: &Shape, op: &mut Value) {
    let answers = op.get_mut("responses").and_then(Value::as_object_mut);
    for answer in answers.into_iter().flat_map(|a| a.values_mut()) {
        let headers = answer.get_mut("headers").and_then(Value::as_object_mut);
        for (name, header) in headers.into_iter().flatten() {
            if SHARED.contains(&name.as_str()) {
                *header = reference(name);
            }
        }
    }
    let pages = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .is_some_and(|r| r.starts_with("#/components/schemas/Page_"));
    if pages {
        add(op, |s| s == "200", &["Link"]);
    }
    if shape.idempotency {
        add(op, |s| s.starts_with('2'), &["Idempotent-Replayed"]);
    }
    let success_or_client = |s: &str| s.starts_with('2') || s.starts_with('4') || s == "304";
    if shape.limited {
        add(
            op,
            success_or_client,
            &[
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "RateLimit-Policy",
            ],
        );
    }
    if shape.public {
        add(op, success_or_client, &["Access-Control-Allow-Origin"]);
    }
    let revalidates = op["responses"].get("304").is_some();
    if revalidates {
        header_parameter(
            op,
            "If-None-Match",
            "ETag của câu trả lời đã có; trùng thì dịch vụ trả 304 không kèm nội dung.",
            "The ETag of the answer held; when it matches, the answer is 304 with no body.",
        );
        header_parameter(
            op,
            "If-Modified-Since",
            "Last-Modified của câu trả lời đã có; không có gì mới thì trả 304 (If-None-Match được ưu tiên).",
            "The Last-Modified of the answer held; 304 when nothing is newer (If-None-Match wins).",
        );
        add(op, |s| s == "304", &["ETag", "Last-Modified"]);
    }
}
