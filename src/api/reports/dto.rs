//! The request and answer types of the reporting regime, with their OpenAPI schemas.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::utc;
use crate::domain::periods::PeriodType;
use crate::domain::vocab::{Audience, ComplianceStatus};
use crate::error::AppResult;
use crate::service::reports::{
    audience_units, last_day_of, ComplianceFilter, ReportRow, ReportTypeRow, RequestRow, Submitted,
};
pub use crate::service::reports::{
    Compliance, GroupCompliance, MovementCompliance, Tally, UnitCompliance,
};

/// A new report type.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "BC-TDKT-QUY", "title": "Báo cáo công tác thi đua, khen thưởng hằng quý", "period_type": "quarter",
    "content_schema": {"type": "object", "required": ["so_phong_trao", "so_dien_hinh"],
        "properties": {"so_phong_trao": {"type": "integer", "minimum": 0}, "so_dien_hinh": {"type": "integer", "minimum": 0}, "ghi_chu": {"type": "string"}}},
    "due_days": 5, "grace_days": 30, "audience": "groups"
}))]
pub struct NewReportType {
    #[schema(min_length = 1, max_length = 50)]
    pub code: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    /// `month`, `quarter`, `half_year`, `year`, or `ad_hoc` (reports answer report requests,
    /// each with its own due date and recipients).
    pub period_type: PeriodType,
    /// A JSON Schema (2020-12) every submission's `content` must satisfy.
    #[schema(value_type = Object)]
    pub content_schema: serde_json::Value,
    /// Days after the data cut-off (Decree 09/2019) the report is due; ignored for `ad_hoc`.
    #[schema(minimum = 0, maximum = 90)]
    pub due_days: i32,
    /// Days after the due date submissions are still taken (default 30); then `expired`.
    #[schema(minimum = 0, maximum = 365)]
    pub grace_days: Option<i32>,
    /// Who must report; an `ad_hoc` type's reports are due from each request's recipients.
    pub audience: Audience,
    /// For audience `units`.
    #[serde(default)]
    #[schema(max_items = 1000)]
    pub unit_ids: Vec<String>,
    /// The movement the report serves, if any.
    pub movement_id: Option<String>,
}

/// A report type.
#[derive(Serialize, ToSchema)]
pub struct ReportType {
    pub id: String,
    pub code: String,
    pub title: String,
    pub period_type: PeriodType,
    #[schema(value_type = Object)]
    pub content_schema: serde_json::Value,
    pub due_days: i32,
    pub grace_days: i32,
    pub audience: Audience,
    pub unit_ids: Vec<String>,
    pub movement_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl ReportType {
    /// The type as the API shows it; a bad stored list of units is a loud error.
    pub fn of(r: ReportTypeRow) -> AppResult<ReportType> {
        Ok(ReportType {
            period_type: r.period_type,
            content_schema: serde_json::from_str(&r.content_schema).unwrap_or_default(),
            audience: r.audience,
            unit_ids: audience_units(&r)?,
            id: r.id,
            code: r.code,
            title: r.title,
            due_days: r.due_days,
            grace_days: r.grace_days,
            movement_id: r.movement_id,
            created_at: utc(r.created_at),
        })
    }
}

/// A submission.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01", "period": "2025Q3",
    "content": {"so_phong_trao": 3, "so_dien_hinh": 12, "ghi_chu": "Đã tuyên truyền trên Cổng thông tin của đơn vị."}}))]
pub struct NewReport {
    pub report_type_id: String,
    /// `2025`, `2025S1`, `2025Q3` or `2025M07`, matching the type's period type.
    #[schema(max_length = 20)]
    pub period: String,
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

/// The proof of a submission the unit software keeps.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"report_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8b01", "report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "period": "2025Q3", "revision": 1, "submitted_at": "2025-09-18T03:15:00Z",
    "due_date": "2025-09-19", "on_time": true, "content_sha256": "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8", "stored": true}))]
pub struct Receipt {
    /// Null for a dry run.
    pub report_id: Option<String>,
    pub report_type_id: String,
    pub unit_id: String,
    pub period: String,
    /// 1 for the first submission; each later one is a new revision and the latest counts.
    pub revision: i32,
    pub submitted_at: DateTime<Utc>,
    pub due_date: NaiveDate,
    pub on_time: bool,
    /// SHA-256 of the content as stored (compact JSON, keys sorted).
    pub content_sha256: String,
    /// False for a dry run.
    pub stored: bool,
}

impl Receipt {
    /// The receipt of a submission; a dry run's has no id and is not stored.
    pub fn of(s: Submitted, stored: bool) -> Receipt {
        Receipt {
            report_id: stored.then_some(s.row.id),
            report_type_id: s.row.report_type_id,
            unit_id: s.row.unit_id,
            period: s.row.period,
            revision: s.row.revision,
            submitted_at: utc(s.row.submitted_at),
            due_date: s.due_date,
            on_time: s.on_time,
            content_sha256: s.row.content_sha256,
            stored,
        }
    }
}

/// A stored report revision.
#[derive(Serialize, ToSchema)]
pub struct Report {
    pub id: String,
    pub report_type_id: String,
    pub unit_id: String,
    pub period: String,
    pub revision: i32,
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    pub content_sha256: String,
    pub submitted_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

impl From<ReportRow> for Report {
    fn from(r: ReportRow) -> Self {
        Report {
            content: serde_json::from_str(&r.content).unwrap_or_default(),
            id: r.id,
            report_type_id: r.report_type_id,
            unit_id: r.unit_id,
            period: r.period,
            revision: r.revision,
            content_sha256: r.content_sha256,
            submitted_at: utc(r.submitted_at),
            accepted_at: r.accepted_at.map(utc),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    pub report_type_id: Option<String>,
    /// Unit officers and clients see only their own unit's.
    pub unit_id: Option<String>,
    #[param(max_length = 20)]
    pub period: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TypeListQuery {
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplianceQuery {
    /// The report type's id or code.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub report_type: String,
    #[param(max_length = 20)]
    pub period: String,
    /// Only the units of this emulation group.
    pub group: Option<String>,
    /// Only the units taking part in this movement: its lead units on the due date and the
    /// units with a plan of it in the period's year.
    pub movement: Option<String>,
    /// List only the units in this state (`missing`: the units to remind); tallies count all.
    pub status: Option<ComplianceStatus>,
}

impl From<ComplianceQuery> for ComplianceFilter {
    fn from(q: ComplianceQuery) -> Self {
        ComplianceFilter {
            report_type: q.report_type,
            period: q.period,
            group: q.group,
            movement: q.movement,
            status: q.status,
        }
    }
}

/// A request for an ad-hoc report (báo cáo đột xuất).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a02", "code": "DX-2025-07",
    "title": "Báo cáo nhanh kết quả phong trào \"Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau\"",
    "due_date": "2025-07-25", "unit_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03"]
}))]
pub struct NewReportRequest {
    /// An `ad_hoc` report type.
    pub report_type_id: String,
    /// The period of the reports that answer it: 1–20 letters, digits, `-`, `_` or `.`.
    #[schema(min_length = 1, max_length = 20, pattern = "^[A-Za-z0-9._-]{1,20}$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    /// On time means submitted by 23:59:59 of this day in Asia/Ho_Chi_Minh.
    pub due_date: NaiveDate,
    /// The units asked to report.
    #[schema(min_items = 1, max_items = 1000)]
    pub unit_ids: Vec<String>,
}

/// A request for an ad-hoc report.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8b01", "report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a02",
    "code": "DX-2025-07", "title": "Báo cáo nhanh kết quả phong trào \"Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau\"",
    "due_date": "2025-07-25", "last_day": "2025-08-24", "unit_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03"],
    "created_at": "2025-07-15T02:00:00Z"
}))]
pub struct ReportRequest {
    pub id: String,
    pub report_type_id: String,
    pub code: String,
    pub title: String,
    pub due_date: NaiveDate,
    /// Submissions are taken until the end of this day (the type's grace days after the due date).
    pub last_day: NaiveDate,
    pub unit_ids: Vec<String>,
    pub created_at: DateTime<Utc>,
}

impl ReportRequest {
    /// The request as the API shows it, with its type's grace days.
    pub fn of(r: RequestRow, grace_days: i32) -> ReportRequest {
        ReportRequest {
            unit_ids: r.recipients(),
            last_day: last_day_of(r.due_on, grace_days),
            id: r.id,
            report_type_id: r.report_type_id,
            code: r.code,
            title: r.title,
            due_date: r.due_on,
            created_at: utc(r.created_at),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestListQuery {
    pub report_type_id: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}
