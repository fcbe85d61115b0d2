//! The extension members a problem may carry (RFC 9457 §3.2), each named once, with the JSON
//! it holds: [`Problem`](super::Problem)'s schema lists every one of them.

use serde_json::{json, Value};

/// The JSON a member holds.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    Text,
    Integer,
    Date,
    Texts,
}

impl Shape {
    /// Whether `value` is what the schema says.
    fn fits(self, value: &Value) -> bool {
        match self {
            Shape::Text | Shape::Date => value.is_string(),
            Shape::Integer => value.as_u64().is_some(),
            Shape::Texts => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
        }
    }

    fn schema(self) -> Value {
        match self {
            Shape::Text => json!({"type": "string", "maxLength": 2000}),
            Shape::Integer => {
                json!({"type": "integer", "format": "int64", "minimum": 0, "maximum": i64::MAX})
            }
            Shape::Date => json!({"type": "string", "format": "date", "maxLength": 10}),
            Shape::Texts => json!({
                "type": "array", "maxItems": 100,
                "items": {"type": "string", "maxLength": 200}
            }),
        }
    }
}

macro_rules! extensions {
    ($($variant:ident => $name:literal as $shape:ident : $vi:literal, $en:literal;)+) => {
        /// An extension member of a problem.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Ext {
            $($variant),+
        }

        impl Ext {
            pub const ALL: &'static [Ext] = &[$(Ext::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Ext::$variant => $name),+
                }
            }

            fn shape(self) -> Shape {
                match self {
                    $(Ext::$variant => Shape::$shape),+
                }
            }

            /// Whether `value` is what the member's schema says.
            pub fn fits(self, value: &Value) -> bool {
                self.shape().fits(value)
            }

            /// The member's schema, with its description in both languages.
            pub fn schema(self) -> Value {
                let (shape, vi, en) = match self {
                    $(Ext::$variant => (Shape::$shape, $vi, $en)),+
                };
                let mut schema = shape.schema();
                schema["description"] = json!(format!("{vi} ({en})"));
                schema
            }
        }
    };
}

extensions! {
    AcceptedForms => "accepted_forms" as Text:
        "Các dạng kỳ báo cáo được chấp nhận", "the accepted forms of a reporting period";
    AllowedActions => "allowed_actions" as Texts:
        "Các thao tác được phép ở trạng thái hiện tại", "the actions the current state allows";
    AllowedStages => "allowed_stages" as Texts:
        "Giai đoạn tiếp theo được phép", "the stage that may come next";
    Approved => "approved" as Integer:
        "Số tiền đã duyệt từ quỹ (đồng)", "the amount already approved from the fund (VND)";
    CommentClosesOn => "comment_closes_on" as Date:
        "Ngày kết thúc lấy ý kiến nhân dân", "the last day of public comment";
    CurrentEtag => "current_etag" as Text:
        "ETag hiện tại của bản ghi", "the record's current ETag";
    DocumentId => "document_id" as Text:
        "Văn bản liên quan", "the document concerned";
    Entity => "entity" as Text:
        "Loại bản ghi không tìm thấy", "the kind of record not found";
    AwardId => "award_id" as Text:
        "Khen thưởng đã có trong sổ", "the award already in the register";
    Error => "error" as Text:
        "Mã lỗi OAuth 2.0 (RFC 6749 §5.2), chỉ ở /api/v1/auth/token", "the OAuth 2.0 error code (RFC 6749 §5.2), at the token endpoint only";
    ErrorDescription => "error_description" as Text:
        "Mô tả lỗi OAuth 2.0", "the OAuth 2.0 error description";
    GroupId => "group_id" as Text:
        "Cụm, Khối thi đua liên quan", "the emulation group concerned";
    Limit => "limit" as Integer:
        "Giới hạn (số lượng hoặc số tiền)", "the limit (a count or an amount)";
    Deadline => "deadline" as Date:
        "Hạn cuối đã qua", "the deadline that passed";
    LastDay => "last_day" as Date:
        "Ngày hoạt động cuối cùng của đơn vị", "the unit's last day";
    Members => "members" as Integer:
        "Tổng số thành viên Hội đồng vào ngày họp", "the council's total membership on the session's day";
    Needed => "needed" as Integer:
        "Số thành viên có mặt cần có", "the members present needed";
    Present => "present" as Integer:
        "Số thành viên có mặt", "the members present";
    AwardTypeIds => "award_type_ids" as Texts:
        "Các loại khen thưởng liên quan", "the award types concerned";
    DecisionId => "decision_id" as Text:
        "Quyết định khen thưởng liên quan", "the decision concerned";
    Fields => "fields" as Texts:
        "Các trường liên quan", "the fields concerned";
    KnownFields => "known_fields" as Texts:
        "Các trường được dùng trong mẫu", "the fields a template may use";
    NominationId => "nomination_id" as Text:
        "Đề nghị khen thưởng đã có", "the nomination already there";
    Pointer => "pointer" as Text:
        "Trường gây xung đột (JSON Pointer, RFC 6901)", "the member in conflict (a JSON Pointer, RFC 6901)";
    Remaining => "remaining" as Integer:
        "Phần còn lại", "what is left";
    Requested => "requested" as Integer:
        "Số được yêu cầu (số lượng hoặc số tiền)", "what was asked for (a count or an amount)";
    RequiredRoles => "required_roles" as Texts:
        "Các vai trò được phép", "the roles that may do this";
    RequiredScope => "required_scope" as Text:
        "Scope cần có", "the scope needed";
    RequiredScopes => "required_scopes" as Texts:
        "Các scope, một trong số đó là đủ", "the scopes, any one of which is enough";
    RetryAfter => "retry_after" as Integer:
        "Số giây phải chờ trước khi thử lại", "seconds to wait before trying again";
    Role => "role" as Text:
        "Vai trò liên quan", "the role concerned";
    Rule => "rule" as Text:
        "Quy định số lượng áp dụng", "the quota rule that applies";
    State => "state" as Text:
        "Trạng thái hiện tại", "the current state";
    UnitId => "unit_id" as Text:
        "Đơn vị liên quan", "the unit concerned";
    Used => "used" as Integer:
        "Phần đã dùng", "what is used";
    Version => "version" as Integer:
        "Phiên bản liên quan", "the version concerned";
}
