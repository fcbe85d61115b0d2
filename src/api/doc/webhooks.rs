//! The `webhooks` section (OpenAPI 3.1): what the service sends to the units' own software,
//! so that a receiver can be generated and its signature checked from the spec alone.

use serde_json::{json, Value};

/// The message a unit's webhook receives for each reminder, with the Standard Webhooks headers.
pub(super) fn declare(doc: &mut Value) {
    let header = |name: &str, schema: Value, example: Value| json!({"name": name, "in": "header", "required": true, "schema": schema, "example": example});
    let mut op = json!({
        "operationId": "webhooks_reminder_created",
        "tags": ["reminders"],
        "parameters": [
            header("webhook-id", json!({"type": "string", "maxLength": 36}),
                json!("0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8d02")),
            header("webhook-timestamp", json!({"type": "integer", "format": "int64", "minimum": 0, "maximum": 253_402_300_799_i64}),
                json!(1758502800)),
            header("webhook-signature",
                json!({"type": "string", "maxLength": 200, "pattern": "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$"}),
                json!("v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=")),
        ],
        "requestBody": {
            "required": true,
            "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ReminderMessage"}
            }}
        },
        "responses": {
            "2XX": {"description": "Đã nhận; không gửi lại (received; not sent again)"},
            "default": {"description": "Chưa nhận: tin được gửi lại sau (not received: the message is retried later)"}
        },
        "security": []
    });
    super::in_vietnamese_first("webhooks_reminder_created", &mut op);
    doc["webhooks"] = json!({"reminder.created": {"post": op}});
}
