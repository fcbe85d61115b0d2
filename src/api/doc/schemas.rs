//! Rewrites of the schemas utoipa makes, so that generators make good types of them.

use serde_json::{json, Value};

use crate::texts;

/// `Page<T>` comes out with `T` copied inline, and generators make a second class of it: each
/// `Page_T` refers to the component `T` instead.
pub(super) fn pages_refer_to_their_items(schemas: &mut serde_json::Map<String, Value>) {
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
pub(super) fn open_free_form_objects(schema: &mut Value) {
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

/// The largest file the spec lets a body or an answer be (the default `THIDUA_IMPORT_LIMIT`).
const FILE_MAX: u64 = 32 * 1024 * 1024;

/// A body or an answer that is a file (XLSX, CSV) is a string of bytes of bounded length, not
/// the array of integers a `Vec<u8>` would say; a file's `Content-Disposition` is bounded too.
pub(super) fn binary_answers(op: &mut Value) {
    let Some(op) = op.as_object_mut() else { return };
    let mut places: Vec<&mut Value> = Vec::new();
    for (key, value) in op.iter_mut() {
        match key.as_str() {
            "requestBody" => places.push(value),
            "responses" => places.extend(
                value
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|r| r.values_mut()),
            ),
            _ => {}
        }
    }
    for place in places {
        if let Some(disposition) = place.pointer_mut("/headers/Content-Disposition/schema") {
            disposition["maxLength"] = json!(300);
        }
        let contents = place.get_mut("content").and_then(Value::as_object_mut);
        for (media, content) in contents.into_iter().flatten() {
            let textual = media.contains("json")
                || media.starts_with("text/")
                || media.ends_with("+xml")
                || media.ends_with("/xml");
            // A form's body is its fields; only a `Vec<u8>` body is a file.
            let bytes =
                content["schema"]["type"] == "array" || content["schema"]["format"] == "binary";
            if !textual && (bytes || content["schema"].get("$ref").is_none()) {
                content["schema"] =
                    json!({"type": "string", "format": "binary", "maxLength": FILE_MAX});
            } else if media == "text/csv" && content["schema"]["type"] == "string" {
                // A CSV file is a file too: its bytes, whatever they say.
                content["schema"] =
                    json!({"type": "string", "format": "binary", "maxLength": FILE_MAX});
            }
        }
    }
}

/// Each enum value's gloss, in the schema's description and in `x-enum-descriptions` (which
/// openapi-generator turns into comments on the generated constants).
pub(super) fn glossed_enums(schemas: &mut serde_json::Map<String, Value>) {
    for (name, schema) in schemas.iter_mut() {
        let Some(glosses) = texts::enum_glosses(name) else {
            continue;
        };
        let Some(values) = schema.get("enum").and_then(Value::as_array).cloned() else {
            continue;
        };
        let gloss = |v: &Value| {
            glosses
                .values
                .iter()
                .find(|(value, _, _)| Some(*value) == v.as_str())
        };
        let lines: Vec<String> = values
            .iter()
            .filter_map(|v| gloss(v).map(|(value, vi, en)| format!("- `{value}`: {vi} ({en})")))
            .collect();
        let said = schema["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let list = lines.join("\n");
        schema["description"] = json!(if said.is_empty() {
            list
        } else {
            format!("{said}\n\n{list}")
        });
        schema["x-enum-descriptions"] = values
            .iter()
            .map(|v| json!(gloss(v).map(|(_, vi, en)| format!("{vi} ({en})"))))
            .collect();
    }
}

/// A serde enum tagged by a member (`#[serde(tag = "action")]`) comes out as a `oneOf` of
/// anonymous objects. Each becomes a component of its own (`ActionRequestApprove`), and the
/// union names its tag as the discriminator, so generators make one class per variant and pick
/// it by the tag.
pub(super) fn discriminated_unions(schemas: &mut serde_json::Map<String, Value>) {
    let names: Vec<String> = schemas.keys().cloned().collect();
    for name in names {
        let Some(variants) = schemas
            .get(&name)
            .and_then(|s| s.get("oneOf"))
            .and_then(Value::as_array)
            .cloned()
        else {
            continue;
        };
        let Some(tag) = common_tag(&variants) else {
            continue;
        };
        let mut refs = Vec::new();
        let mut mapping = serde_json::Map::new();
        for variant in variants {
            let Some(value) = variant["properties"][&tag]["enum"][0].as_str() else {
                continue;
            };
            let component = format!("{name}{}", pascal(value));
            let reference = format!("#/components/schemas/{component}");
            mapping.insert(value.to_owned(), json!(reference));
            refs.push(json!({"$ref": reference}));
            schemas.insert(component, variant);
        }
        if let Some(union) = schemas.get_mut(&name) {
            union["oneOf"] = Value::Array(refs);
            union["discriminator"] = json!({"propertyName": tag, "mapping": mapping});
        }
    }
}

/// The member every variant requires with a single value of its own, if there is one.
fn common_tag(variants: &[Value]) -> Option<String> {
    let first = variants.first()?;
    let candidates = first["required"].as_array()?;
    candidates.iter().filter_map(Value::as_str).find_map(|tag| {
        let tagged = variants.iter().all(|v| {
            v.get("$ref").is_none()
                && v["required"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|m| m == tag))
                && v["properties"][tag]["enum"]
                    .as_array()
                    .is_some_and(|e| e.len() == 1)
        });
        (tagged && variants.len() > 1).then(|| tag.to_owned())
    })
}

/// `start_review` → `StartReview`.
fn pascal(value: &str) -> String {
    value
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Ids the service makes are UUIDs; these members hold something else.
const NOT_UUIDS: &[&str] = &["request_id", "national_id", "entity_id", "client_id"];

/// Members whose length the service fixes wherever they appear.
fn fixed_bound(name: &str) -> Option<u64> {
    use crate::domain::page::MAX_CURSOR;
    match name {
        // SHA-256 in hex.
        "sha256" | "content_sha256" => Some(64),
        // `X-Request-Id` as the service takes it (`sane_request_id`).
        "request_id" => Some(64),
        "next_cursor" | "cursor" | "sync_token" | "since" => Some(MAX_CURSOR as u64),
        // The token endpoint takes no longer ones (`api::auth`).
        "client_id" => Some(100),
        "client_secret" => Some(200),
        _ => None,
    }
}

/// The bounds of what the service takes and sends, where utoipa left them out: a generator or
/// a gateway that checks sizes (the OWASP API rules) needs them on every string, integer and
/// array. Each is derived, not guessed: a date is 10 characters, an id a UUID, an integer its
/// Rust type's range; a member of an answer is bounded as the same member of a request is
/// (what is stored came in through one), a page by the largest `limit`. What has no such
/// source is left unbounded.
pub(super) fn bounded(doc: &mut Value) {
    let taken = request_bounds(doc);
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        for (name, schema) in schemas.iter_mut() {
            let page = name.starts_with("Page_");
            bound_schema(schema, None, &taken, page);
        }
    }
    let paths = doc["paths"].as_object_mut();
    for item in paths.into_iter().flat_map(|p| p.values_mut()) {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|o| o.values_mut())
        {
            let parameters = op.get_mut("parameters").and_then(Value::as_array_mut);
            for p in parameters.into_iter().flatten() {
                let name = p["name"].as_str().unwrap_or_default().to_owned();
                let place = p["in"].as_str().unwrap_or_default().to_owned();
                if let Some(schema) = p.get_mut("schema") {
                    let string = schema["type"] == "string"
                        || schema["type"]
                            .as_array()
                            .is_some_and(|t| t.iter().any(|x| x == "string"));
                    if string && !has_bound(schema) {
                        let max = match place.as_str() {
                            _ if fixed_bound(&name).is_some() => fixed_bound(&name).unwrap_or(200),
                            "path" if is_uuid(&name) => 36,
                            "header" if name == "Idempotency-Key" => 255,
                            "path" | "header" => 100,
                            _ if is_uuid(&name) => 36,
                            _ => taken.get(&name).copied().unwrap_or(200),
                        };
                        schema["maxLength"] = json!(max);
                    }
                    bound_schema(schema, Some(&name), &taken, false);
                }
            }
        }
    }
}

/// Whether a member of this name holds a record id (at most 36 characters, in the spec and
/// in what the service accepts).
pub(crate) fn is_uuid(name: &str) -> bool {
    // An item of `missing_predecessors` is a predecessor's id.
    (name == "id" || name.ends_with("_id") || name.ends_with("_predecessor"))
        && !NOT_UUIDS.contains(&name)
}

fn has_bound(schema: &Value) -> bool {
    ["maxLength", "enum", "const"]
        .iter()
        .any(|k| schema.get(k).is_some())
}

/// The largest `maxLength` (and, under `name[]`, `maxItems`) each member name has in any
/// schema that carries one.
fn request_bounds(doc: &Value) -> std::collections::HashMap<String, u64> {
    let mut out = std::collections::HashMap::new();
    fn walk(v: &Value, out: &mut std::collections::HashMap<String, u64>) {
        let Some(o) = v.as_object() else {
            if let Some(items) = v.as_array() {
                items.iter().for_each(|i| walk(i, out));
            }
            return;
        };
        if let Some(props) = o.get("properties").and_then(Value::as_object) {
            for (name, p) in props {
                if let Some(max) = p["maxLength"].as_u64() {
                    let e = out.entry(name.clone()).or_insert(0);
                    *e = (*e).max(max);
                }
                if let Some(max) = p["maxItems"].as_u64() {
                    let e = out.entry(format!("{name}[]")).or_insert(0);
                    *e = (*e).max(max);
                }
            }
        }
        for (k, child) in o {
            if k != "example" && k != "examples" {
                walk(child, out);
            }
        }
    }
    walk(&doc["components"], &mut out);
    out
}

type Object = serde_json::Map<String, Value>;

/// A string's `maxLength`: from its format, its name's fixed length, or the same member of a
/// request.
fn bound_string(
    o: &mut Object,
    name: Option<&str>,
    taken: &std::collections::HashMap<String, u64>,
) {
    if ["maxLength", "enum", "const"]
        .iter()
        .any(|k| o.contains_key(*k))
    {
        return;
    }
    let max = match o.get("format").and_then(Value::as_str) {
        Some("date") => Some(10),
        Some("date-time") => Some(35),
        Some("uuid") => Some(36),
        _ => match name {
            Some(n) if fixed_bound(n).is_some() => fixed_bound(n),
            Some(n) if is_uuid(n) => Some(36),
            Some(n) => taken.get(n).copied(),
            None => None,
        },
    };
    if let Some(max) = max {
        o.insert("maxLength".to_owned(), json!(max));
    }
}

/// An integer's range: its Rust type's, where the schema gives none narrower.
fn bound_integer(o: &mut Object) {
    let (min, max) = match o.get("format").and_then(Value::as_str) {
        Some("int32") => (i64::from(i32::MIN), i64::from(i32::MAX)),
        _ => (i64::MIN, i64::MAX),
    };
    if !o.contains_key("format") {
        o.insert("format".to_owned(), json!("int64"));
    }
    if !o.contains_key("minimum") && !o.contains_key("exclusiveMinimum") {
        o.insert("minimum".to_owned(), json!(min));
    }
    if !o.contains_key("maximum") && !o.contains_key("exclusiveMaximum") {
        o.insert("maximum".to_owned(), json!(max));
    }
}

/// Bounds one schema and everything inside it; `name` is the member it describes.
fn bound_schema(
    schema: &mut Value,
    name: Option<&str>,
    taken: &std::collections::HashMap<String, u64>,
    page: bool,
) {
    let Some(o) = schema.as_object_mut() else {
        return;
    };
    let types: Vec<String> = match o.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    let is = |t: &str| types.iter().any(|x| x == t);
    if is("string") {
        bound_string(o, name, taken);
    }
    if is("integer") {
        bound_integer(o);
    }
    if is("array") && !o.contains_key("maxItems") {
        let max = match name {
            Some("items") if page => u64::try_from(crate::domain::page::MAX_LIMIT).ok(),
            Some(n) => taken.get(&format!("{n}[]")).copied(),
            None => None,
        };
        if let Some(max) = max {
            o.insert("maxItems".to_owned(), json!(max));
        }
    }
    if let Some(props) = o.get_mut("properties").and_then(Value::as_object_mut) {
        for (member, p) in props.iter_mut() {
            bound_schema(p, Some(member), taken, page);
        }
    }
    if let Some(items) = o.get_mut("items") {
        // The items of `unit_ids` are unit ids.
        let item = name.and_then(|n| n.strip_suffix('s'));
        bound_schema(items, item, taken, false);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(variants) = o.get_mut(key).and_then(Value::as_array_mut) {
            for v in variants {
                bound_schema(v, name, taken, false);
            }
        }
    }
    if let Some(extra) = o.get_mut("additionalProperties") {
        bound_schema(extra, None, taken, false);
    }
}
