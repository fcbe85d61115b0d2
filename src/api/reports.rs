//! The reporting regime (issue 5): report types with a JSON Schema for their content and a due
//! rule; submissions by a unit's officer or its software, safe to retry with an
//! `Idempotency-Key`; revisions, acceptance and locked periods; compliance computed at request
//! time from who was expected on the due date.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{page, utc, Check, Ctx};
use crate::domain::access::{Actor, Caller, Role, Scope};
use crate::domain::page as paging;
use crate::domain::periods::{last_day, local_day, on_time, Period, PeriodType, ACCEPTED_FORMS};
use crate::domain::vocab::{Audience, ComplianceStatus};
use crate::error::{AppError, AppResult, FieldError};
use crate::http::idempotency::{self, Answer, Idempotent};
use crate::store::reporting::{self as store, ReportRow, ReportTypeRow, RequestRow};
use crate::store::{audit, lock_key, movements, new_id, now, units, DbConn};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/report-types")
            .service(create_type)
            .service(list_types)
            .service(read_type)
            .service(lock_period),
    )
    .service(
        scope("/api/v1/report-requests")
            .service(create_request)
            .service(list_requests)
            .service(read_request),
    )
    .service(
        scope("/api/v1/reports")
            .service(submit)
            .service(list)
            .service(read)
            .service(accept),
    )
    .service(compliance);
}

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

impl From<ReportTypeRow> for ReportType {
    fn from(r: ReportTypeRow) -> Self {
        ReportType {
            period_type: r.period_type,
            content_schema: serde_json::from_str(&r.content_schema).unwrap_or_default(),
            audience: r.audience,
            unit_ids: serde_json::from_str(&r.audience_unit_ids).unwrap_or_default(),
            id: r.id,
            code: r.code,
            title: r.title,
            due_days: r.due_days,
            grace_days: r.grace_days,
            movement_id: r.movement_id,
            created_at: utc(r.created_at),
        }
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
pub struct SubmitQuery {
    /// Validate and answer without storing anything.
    pub dry_run: Option<bool>,
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

#[derive(Serialize, ToSchema)]
pub struct UnitCompliance {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub group_id: Option<String>,
    /// The movements the unit takes part in that year.
    pub movement_ids: Vec<String>,
    pub status: ComplianceStatus,
    /// The first submission (timeliness is judged on it); the latest revision counts as content.
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub revisions: i64,
}

#[derive(Serialize, ToSchema, Default)]
pub struct Tally {
    pub expected: i64,
    pub on_time: i64,
    pub late: i64,
    pub missing: i64,
    /// `on_time / expected` (0 when none are expected).
    pub on_time_rate: f64,
    /// `(on_time + late) / expected`.
    pub submitted_rate: f64,
}

#[derive(Serialize, ToSchema)]
pub struct GroupCompliance {
    pub group_id: String,
    pub name: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Serialize, ToSchema)]
pub struct MovementCompliance {
    pub movement_id: String,
    pub name: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Serialize, ToSchema)]
pub struct Compliance {
    pub report_type_id: String,
    pub period: String,
    pub due_date: NaiveDate,
    /// Submissions are taken until the end of this day; then the period is expired.
    pub last_day: NaiveDate,
    pub locked: bool,
    #[serde(flatten)]
    pub total: Tally,
    pub by_group: Vec<GroupCompliance>,
    pub by_movement: Vec<MovementCompliance>,
    pub units: Vec<UnitCompliance>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The 400 of a period that is not one: names the member or parameter and shows the forms.
fn invalid_period(at: &str, detail: crate::error::Text) -> AppError {
    let mut e = AppError::bad_request(t!(
        "Kỳ báo cáo không hợp lệ.",
        "Not a valid reporting period."
    ));
    e.errors = vec![if at.starts_with('/') {
        FieldError::body(at, detail)
    } else {
        FieldError::param(at, detail)
    }];
    e.with_code("invalid_period")
        .with_ext("accepted_forms", ACCEPTED_FORMS)
}

/// Checks the code of a report request: 1–20 letters, digits, `-`, `_` or `.` (it is the
/// period of the reports that answer it); 400 `invalid_period` otherwise.
fn request_code(pointer_or_param: &str, code: &str) -> AppResult<String> {
    let code = code.trim();
    if (1..=20).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Ok(code.to_owned());
    }
    Err(invalid_period(
        pointer_or_param,
        t!(
            "Kỳ báo cáo là một kỳ ({}) hoặc mã yêu cầu báo cáo đột xuất (1–20 chữ, số, -, _, .).",
            "A period ({}) or an ad-hoc request's code (1–20 letters, digits, -, _, .).",
            ACCEPTED_FORMS
        ),
    ))
}

/// Parses a period of `kind`; a 400 that shows the accepted forms otherwise.
fn period_of(pointer_or_param: &str, code: &str, kind: PeriodType) -> AppResult<Period> {
    let p = Period::parse(code).ok_or_else(|| {
        invalid_period(
            pointer_or_param,
            t!(
                "Kỳ báo cáo không hợp lệ. Dạng được nhận: {}.",
                "Not a reporting period. Accepted forms: {}.",
                ACCEPTED_FORMS
            ),
        )
    })?;
    if p.kind != kind {
        return Err(invalid_period(
            pointer_or_param,
            t!(
                "Loại báo cáo này theo kỳ {}.",
                "This report type is per {}.",
                kind.as_str()
            ),
        ));
    }
    Ok(p)
}

/// A period of a report type, resolved: its code, due date and, for the code of an ad-hoc
/// request, the units it was sent to.
struct Due {
    code: String,
    due: NaiveDate,
    /// The year whose emulation groups and plans count: the period's, or the due date's.
    year: i32,
    recipients: Option<Vec<String>>,
}

/// Resolves `code` against a report type: a calendar period of the type's kind, or for an
/// ad-hoc type the code of one of its requests (400 `invalid_period` otherwise).
fn resolve(
    conn: &mut DbConn,
    t: &ReportTypeRow,
    pointer_or_param: &str,
    code: &str,
) -> AppResult<Due> {
    let kind = t.period_type;
    if kind != PeriodType::AdHoc {
        let p = period_of(pointer_or_param, code, kind)?;
        return Ok(Due {
            code: p.code(),
            due: p.due(u32::try_from(t.due_days).unwrap_or(0)),
            year: p.end().year(),
            recipients: None,
        });
    }
    match store::request_by_code(conn, code.trim())?.filter(|r| r.report_type_id == t.id) {
        Some(r) => Ok(Due {
            recipients: Some(r.recipients()),
            code: r.code,
            due: r.due_on,
            year: r.due_on.year(),
        }),
        None => Err(invalid_period(
            pointer_or_param,
            t!(
                "Báo cáo đột xuất: kỳ là mã của một yêu cầu báo cáo loại này.",
                "An ad-hoc report's period is the code of one of its type's report requests."
            ),
        )),
    }
}

/// Adds a report type (admins and coordinators).
#[utoipa::path(
    tag = "reporting", request_body = NewReportType,
    responses((status = 201, description = "Đã thêm loại báo cáo", body = ReportType, headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create_type(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<NewReportType>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let b = body.into_inner();
    let mut c = Check::new();
    let code = c.name("/code", &b.code, 50);
    let title = c.name("/title", &b.title, 500);
    if !b.content_schema.is_object() || jsonschema::validator_for(&b.content_schema).is_err() {
        c.fail(
            "/content_schema",
            t!(
                "Không phải một JSON Schema hợp lệ.",
                "Not a valid JSON Schema."
            ),
        );
    }
    if !(0..=90).contains(&b.due_days) {
        c.fail(
            "/due_days",
            t!("Phải từ 0 đến 90 ngày.", "Must be 0 to 90 days."),
        );
    }
    let grace = b.grace_days.unwrap_or(30);
    if !(0..=365).contains(&grace) {
        c.fail(
            "/grace_days",
            t!("Phải từ 0 đến 365 ngày.", "Must be 0 to 365 days."),
        );
    }
    let ids = super::unique(&b.unit_ids);
    if b.audience == Audience::Units && b.period_type != PeriodType::AdHoc && ids.is_empty() {
        c.fail(
            "/unit_ids",
            t!("Cần ít nhất một đơn vị.", "At least one unit is required."),
        );
    }
    c.finish()?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            if !units::missing(conn, &ids)?.is_empty() {
                return Err(super::unknown_reference("/unit_ids", "đơn vị / unit"));
            }
            if let Some(m) = &b.movement_id {
                if movements::get(conn, m)?.is_none() {
                    return Err(super::unknown_reference(
                        "/movement_id",
                        "phong trào / movement",
                    ));
                }
            }
            if store::report_type_by_code(conn, &code)?.is_some() {
                return Err(AppError::conflict(
                    "duplicate",
                    t!("Mã {} đã có.", "The code {} is taken.", code),
                ));
            }
            let at = now();
            let row = ReportTypeRow {
                id: new_id(),
                code: code.clone(),
                title: title.clone(),
                period_type: b.period_type,
                content_schema: b.content_schema.to_string(),
                due_days: b.due_days,
                grace_days: grace,
                audience: b.audience,
                audience_unit_ids: serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
                movement_id: b.movement_id.clone(),
                version: 1,
                created_at: at,
                updated_at: at,
            };
            store::insert_report_type(conn, &row)?;
            audit::record(
                conn,
                &who,
                "create",
                "report_type",
                &row.id,
                None,
                Some(&serde_json::to_value(&row).unwrap_or_default()),
            )?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/report-types/{}", row.id)))
        .json(ReportType::from(row)))
}

/// Lists report types by code.
#[utoipa::path(
    tag = "reporting", params(TypeListQuery),
    responses((status = 200, description = "Các loại báo cáo", body = super::Page<ReportType>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list_types(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<TypeListQuery>,
) -> AppResult<HttpResponse> {
    let limit = paging::limit(query.limit)?;
    let after: Option<String> = paging::decode(query.cursor.as_deref())?;
    let (items, next) = state
        .db
        .read(move |conn| {
            let rows = store::report_types(conn, after.as_deref(), limit)?;
            let (rows, next) = paging::split(rows, limit, |r| r.code.clone());
            Ok((
                rows.into_iter().map(ReportType::from).collect::<Vec<_>>(),
                next,
            ))
        })
        .await?;
    Ok(page(&req, items, next))
}

fn load_type(conn: &mut DbConn, id: &str) -> AppResult<ReportTypeRow> {
    store::report_type(conn, id)?.ok_or_else(|| AppError::not_found("loại báo cáo (report type)"))
}

/// Reads a report type.
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Loại báo cáo", body = ReportType)),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read_type(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let row = state.db.read(move |conn| load_type(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(ReportType::from(row)))
}

/// Locks a period of a report type (coordinators): no further submissions.
#[utoipa::path(
    tag = "reporting",
    params(("id" = String, Path, description = "Mã định danh"), ("period" = String, Path, description = "Kỳ báo cáo, ví dụ 2025Q3")),
    responses((status = 204, description = "Đã khoá kỳ báo cáo")),
    security(("bearer" = []))
)]
#[post("/{id}/periods/{period}/lock")]
pub async fn lock_period(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let (id, period) = path.into_inner();
    let who = ctx.who();
    state
        .db
        .write(move |conn| {
            let t = load_type(conn, &id)?;
            let p = resolve(conn, &t, "period", &period)?;
            store::lock(conn, &t.id, &p.code)?;
            audit::record(
                conn,
                &who,
                "lock",
                "report_period",
                &format!("{}/{}", t.id, p.code),
                None,
                None,
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Submits a report for the caller's own unit (a unit officer, or a client with
/// `reports:write`).
///
/// Retry safely with the same `Idempotency-Key`: a replay with the same body returns the first
/// answer (with `Idempotent-Replayed: true`) and creates nothing; the same key with another
/// body is 422 `idempotency_key_reused`; a replay while the first is still being answered is
/// 409 `idempotency_in_progress`. Keys are kept at least 24 hours. A later submission for the
/// same type and period is a new revision; refused once the report is `accepted`, the period
/// locked (`period_locked`) or past its last day (`expired`).
#[utoipa::path(
    tag = "reporting", request_body = NewReport,
    params(SubmitQuery, ("Idempotency-Key" = String, Header, description = "Khoá chống gửi trùng, ví dụ một UUID mới cho mỗi báo cáo")),
    responses(
        (status = 201, description = "Đã nhận báo cáo (biên nhận)", body = Receipt),
        (status = 200, description = "Kiểm tra thử (dry_run): hợp lệ, không lưu", body = Receipt)
    ),
    security(("bearer" = []))
)]
#[post("")]
pub async fn submit(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<SubmitQuery>,
    body: Idempotent,
) -> AppResult<HttpResponse> {
    let key = body.required_key()?;
    let b: NewReport = body.body()?;
    let submitter = ctx.caller.id().to_owned();
    let dry_run = query.dry_run.unwrap_or(false);
    let caller = ctx.caller.clone();
    let allowed = match &caller.actor {
        Actor::User { role, .. } => *role == Role::UnitOfficer,
        Actor::Client { scopes, .. } => scopes.contains(&Scope::ReportsWrite),
    };
    let Some(unit_id) = caller.unit.clone().filter(|_| allowed) else {
        return Err(AppError::forbidden(t!(
            "Chỉ cán bộ của đơn vị hoặc phần mềm của đơn vị (quyền reports:write) gửi báo cáo của đơn vị mình.",
            "Only a unit's officer or its software (scope reports:write) submits the unit's reports."
        ))
        .with_code("unit_submitter_required"));
    };
    if dry_run {
        let receipt = state
            .db
            .read(move |conn| {
                let (t, p) = type_and_period(conn, &b)?;
                prepare(conn, &t, &p, &unit_id, "", &b).map(|(_, r)| Receipt {
                    report_id: None,
                    stored: false,
                    ..r
                })
            })
            .await?;
        return Ok(HttpResponse::Ok().json(receipt));
    }
    let who = ctx.who();
    idempotency::run(&state.db, &ctx.who(), Some(key), move |conn| {
        let (t, p) = type_and_period(conn, &b)?;
        // Revisions of one report are numbered one at a time.
        lock_key(conn, &format!("report:{}:{}:{}", t.id, unit_id, p.code))?;
        let (row, receipt) = prepare(conn, &t, &p, &unit_id, &submitter, &b)?;
        store::insert_report(conn, &row)?;
        audit::record(
            conn,
            &who,
            "submit",
            "report",
            &row.id,
            None,
            Some(&serde_json::json!({"report_type": t.code, "unit_id": row.unit_id,
                "period": row.period, "revision": row.revision, "content_sha256": row.content_sha256})),
        )?;
        Ok(Answer::json(StatusCode::CREATED, &receipt).finish())
    })
    .await
}

/// The compiled content schema of a report type. Types never change once added, so each is
/// compiled once per process.
fn validator_of(t: &ReportTypeRow) -> AppResult<std::sync::Arc<jsonschema::Validator>> {
    use std::sync::{Arc, Mutex, OnceLock};
    static COMPILED: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let cache = COMPILED.get_or_init(Mutex::default);
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&t.id).cloned()) {
        return Ok(v);
    }
    let schema: serde_json::Value = serde_json::from_str(&t.content_schema).unwrap_or_default();
    let validator = Arc::new(
        jsonschema::validator_for(&schema).map_err(|e| AppError::internal(e.to_string()))?,
    );
    if let Ok(mut c) = cache.lock() {
        c.insert(t.id.clone(), validator.clone());
    }
    Ok(validator)
}

/// The type a submission names and its resolved period.
fn type_and_period(conn: &mut DbConn, b: &NewReport) -> AppResult<(ReportTypeRow, Due)> {
    let t = store::report_type(conn, &b.report_type_id)?
        .ok_or_else(|| super::unknown_reference("/report_type_id", "loại báo cáo / report type"))?;
    let p = resolve(conn, &t, "/period", &b.period)?;
    Ok((t, p))
}

/// The units a report type expects for a period, before dating them: an ad-hoc request's
/// recipients, or the type's audience.
fn audience_of(conn: &mut DbConn, t: &ReportTypeRow, p: &Due) -> AppResult<Vec<String>> {
    Ok(match (&p.recipients, t.audience) {
        (Some(recipients), _) => recipients.clone(),
        (None, Audience::Groups) => store::group_units(conn, p.year)?,
        (None, Audience::MovementLeads) => store::leads_on(conn, t.movement_id.as_deref(), p.due)?,
        (None, Audience::Units) => serde_json::from_str(&t.audience_unit_ids).unwrap_or_default(),
    })
}

/// Whether a unit is asked for a report of this type and period (one unit's rows only: this
/// runs on every submission).
fn expected_of(conn: &mut DbConn, t: &ReportTypeRow, p: &Due, unit_id: &str) -> AppResult<bool> {
    Ok(match (&p.recipients, t.audience) {
        (Some(recipients), _) => recipients.iter().any(|u| u == unit_id),
        (None, Audience::Groups) => store::in_a_group(conn, unit_id, p.year)?,
        (None, Audience::MovementLeads) => store::leads_on(conn, t.movement_id.as_deref(), p.due)?
            .iter()
            .any(|u| u == unit_id),
        (None, Audience::Units) => serde_json::from_str::<Vec<String>>(&t.audience_unit_ids)
            .unwrap_or_default()
            .iter()
            .any(|u| u == unit_id),
    })
}

/// Validates a submission against its type, period and the unit's history: the row to store
/// and its receipt.
fn prepare(
    conn: &mut DbConn,
    t: &ReportTypeRow,
    p: &Due,
    unit_id: &str,
    submitter: &str,
    b: &NewReport,
) -> AppResult<(ReportRow, Receipt)> {
    if !expected_of(conn, t, p, unit_id)? {
        return Err(AppError::invalid(vec![FieldError::body(
            "/period",
            t!(
                "Đơn vị này không thuộc diện phải gửi báo cáo {} kỳ {}.",
                "This unit is not asked for report {} of {}.",
                t.code,
                p.code
            ),
        )])
        .with_code("not_requested"));
    }
    let validator = validator_of(t)?;
    let errors: Vec<FieldError> = validator
        .iter_errors(&b.content)
        .take(50)
        .map(|e| {
            FieldError::body(
                format!("/content{}", e.instance_path()),
                t!(
                    "Nội dung không đúng lược đồ: {}",
                    "The content does not match the schema: {}",
                    e
                ),
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(AppError::invalid(errors).with_code("content_invalid"));
    }
    let (period, due) = (p.code.clone(), p.due);
    let last = last_day(due, u32::try_from(t.grace_days).unwrap_or(30));
    // Stored to the microsecond on both databases; the receipt shows the stored value.
    let submitted = now().and_utc();
    if local_day(submitted) > last {
        return Err(AppError::conflict(
            "expired",
            t!(
                "Kỳ {} đã hết hạn nhận báo cáo (ngày cuối {}).",
                "Period {} no longer takes reports (last day {}).",
                period,
                last
            ),
        ));
    }
    if store::is_locked(conn, &t.id, &period)? {
        return Err(AppError::conflict(
            "period_locked",
            t!("Kỳ {} đã khoá.", "Period {} is locked.", period),
        ));
    }
    let (latest, accepted) = store::latest_revision(conn, &t.id, unit_id, &period)?;
    if accepted {
        return Err(AppError::conflict(
            "accepted",
            t!(
                "Báo cáo kỳ {} đã được tiếp nhận; không gửi lại được.",
                "The report for {} was accepted; it cannot be resubmitted.",
                period
            ),
        ));
    }
    let content = b.content.to_string();
    let hash = sha256_hex(content.as_bytes());
    let revision = latest.map_or(1, |r| r + 1);
    let at = submitted.naive_utc();
    let id = new_id();
    let receipt = Receipt {
        report_id: Some(id.clone()),
        report_type_id: t.id.clone(),
        unit_id: unit_id.to_owned(),
        period: period.clone(),
        revision,
        submitted_at: utc(at),
        due_date: due,
        on_time: on_time(submitted, due),
        content_sha256: hash.clone(),
        stored: true,
    };
    let row = ReportRow {
        id,
        report_type_id: t.id.clone(),
        unit_id: unit_id.to_owned(),
        period,
        revision,
        content,
        content_sha256: hash,
        submitted_at: at,
        submitted_by: submitter.to_owned(),
        accepted_at: None,
    };
    Ok((row, receipt))
}

/// Whether the caller may read a unit's reports: the council and registrars all, a unit's
/// officer or software (`reports:read`) its own.
fn may_read(caller: &Caller, unit_id: &str) -> bool {
    match &caller.actor {
        Actor::User { role, .. } if *role == Role::UnitOfficer => {
            caller.unit.as_deref() == Some(unit_id)
        }
        Actor::User { .. } => true,
        Actor::Client { scopes, .. } => {
            caller.unit.as_deref() == Some(unit_id)
                && (scopes.contains(&Scope::ReportsRead) || scopes.contains(&Scope::ReportsWrite))
        }
    }
}

/// Lists report revisions, newest first; a unit's officer or software sees its own unit's.
#[utoipa::path(
    tag = "reporting", params(ReportQuery),
    responses((status = 200, description = "Các báo cáo đã gửi", body = super::Page<Report>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ReportQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let mut filter = store::Filter {
        report_type_id: q.report_type_id,
        unit_id: q.unit_id,
        // Checked and normalised like the stored codes, so a typo is a 400, not an empty page.
        period: match q.period.as_deref() {
            Some(code) => Some(match Period::parse(code) {
                Some(p) => p.code(),
                None => request_code("period", code)?,
            }),
            None => None,
        },
    };
    // Unit officers and clients see their own unit's; everyone else, every unit's.
    if let Some(own) = super::bound_to_unit(&caller) {
        if filter.unit_id.as_ref().is_some_and(|u| u != own) {
            return Err(other_unit());
        }
        filter.unit_id = Some(own.to_owned());
    }
    if let Some(u) = &filter.unit_id {
        if !may_read(&caller, u) {
            return Err(other_unit());
        }
    }
    let (items, next) = state
        .db
        .read(move |conn| {
            let rows = store::list(conn, &filter, after.as_deref(), limit)?;
            let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
            Ok((rows.into_iter().map(Report::from).collect::<Vec<_>>(), next))
        })
        .await?;
    Ok(page(&req, items, next))
}

fn other_unit() -> AppError {
    AppError::forbidden(t!(
        "Bạn chỉ xem được báo cáo của đơn vị mình.",
        "You may read only your own unit's reports."
    ))
    .with_code("other_unit")
}

fn load_report(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<ReportRow> {
    let r = store::report(conn, id)?.ok_or_else(|| AppError::not_found("báo cáo (report)"))?;
    if !may_read(caller, &r.unit_id) {
        return Err(other_unit());
    }
    Ok(r)
}

/// Reads one report revision.
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Báo cáo", body = Report)),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let r = state
        .db
        .read(move |conn| load_report(conn, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Report::from(r)))
}

/// The coordinator accepts the latest revision of a unit's report: no more submissions for it.
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đã tiếp nhận", body = Report)),
    security(("bearer" = []))
)]
#[post("/{id}/accept")]
pub async fn accept(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let (id, who, caller) = (id.into_inner(), ctx.who(), ctx.caller);
    let r = state
        .db
        .write(move |conn| {
            let r = load_report(conn, &caller, &id)?;
            lock_key(
                conn,
                &format!("report:{}:{}:{}", r.report_type_id, r.unit_id, r.period),
            )?;
            let latest = store::latest_revision(conn, &r.report_type_id, &r.unit_id, &r.period)?
                .0
                .unwrap_or(r.revision);
            if latest != r.revision {
                return Err(AppError::conflict(
                    "not_latest",
                    t!(
                        "Chỉ tiếp nhận bản mới nhất (lần {}).",
                        "Only the latest revision ({}) can be accepted.",
                        latest
                    ),
                ));
            }
            store::accept(conn, &r.id)?;
            audit::record(conn, &who, "accept", "report", &r.id, None, None)?;
            load_report(conn, &caller, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Report::from(r)))
}

impl Tally {
    fn add(&mut self, status: ComplianceStatus) {
        self.expected += 1;
        match status {
            ComplianceStatus::OnTime => self.on_time += 1,
            ComplianceStatus::Late => self.late += 1,
            ComplianceStatus::Missing => self.missing += 1,
        }
        let e = self.expected as f64;
        self.on_time_rate = self.on_time as f64 / e;
        self.submitted_rate = (self.on_time + self.late) as f64 / e;
    }
}

/// Compliance with one report type for one period, computed now: every unit expected on the
/// due date (a unit created later or merged away before is not expected), whether it reported
/// on time, late or not at all, with totals per emulation group. `status=missing` is the list
/// to remind.
#[utoipa::path(
    tag = "reporting", params(ComplianceQuery),
    responses((status = 200, description = "Tình hình chấp hành chế độ báo cáo", body = Compliance)),
    security(("bearer" = []))
)]
#[get("/api/v1/reporting/compliance")]
pub async fn compliance(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<ComplianceQuery>,
) -> AppResult<HttpResponse> {
    caller.require(&[
        Role::Admin,
        Role::Coordinator,
        Role::Approver,
        Role::Viewer,
        Role::Reviewer,
    ])?;
    let q = query.into_inner();
    let answer = state.db.read(move |conn| compliance_of(conn, &q)).await?;
    Ok(HttpResponse::Ok().json(answer))
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
    fn of(r: RequestRow, grace_days: i32) -> ReportRequest {
        ReportRequest {
            unit_ids: r.recipients(),
            last_day: last_day(r.due_on, u32::try_from(grace_days).unwrap_or(30)),
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

/// Requests an ad-hoc report from some units (admins and coordinators), with its own due date.
/// The request's code is the period of the reports that answer it.
#[utoipa::path(
    tag = "reporting", request_body = NewReportRequest,
    responses((status = 201, description = "Đã gửi yêu cầu báo cáo", body = ReportRequest, headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create_request(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<NewReportRequest>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let b = body.into_inner();
    let mut c = Check::new();
    let code = b.code.trim().to_owned();
    if request_code("/code", &code).is_err() || Period::parse(&code).is_some() {
        c.fail(
            "/code",
            t!(
                "Mã yêu cầu: 1–20 chữ, số, -, _, . và không trùng dạng một kỳ (như 2025Q3).",
                "A request code: 1–20 letters, digits, -, _, . and not shaped like a period (such as 2025Q3)."
            ),
        );
    }
    let title = c.name("/title", &b.title, 500);
    let ids = super::unique(&b.unit_ids);
    if ids.is_empty() || ids.len() > 1000 {
        c.fail(
            "/unit_ids",
            t!("Cần từ 1 đến 1000 đơn vị.", "1 to 1000 units are required."),
        );
    }
    c.finish()?;
    let who = ctx.who();
    let creator = ctx.caller.id().to_owned();
    let (row, grace) = state
        .db
        .write(move |conn| {
            let t = store::report_type(conn, &b.report_type_id)?.ok_or_else(|| {
                super::unknown_reference("/report_type_id", "loại báo cáo / report type")
            })?;
            if t.period_type != PeriodType::AdHoc {
                return Err(AppError::invalid(vec![FieldError::body(
                    "/report_type_id",
                    t!(
                        "Chỉ loại báo cáo đột xuất (ad_hoc) mới có yêu cầu báo cáo.",
                        "Only an ad_hoc report type takes report requests."
                    ),
                )]));
            }
            if !units::missing(conn, &ids)?.is_empty() {
                return Err(super::unknown_reference("/unit_ids", "đơn vị / unit"));
            }
            if store::request_by_code(conn, &code)?.is_some() {
                return Err(AppError::conflict(
                    "duplicate",
                    t!("Mã {} đã có.", "The code {} is taken.", code),
                ));
            }
            let row = RequestRow {
                id: new_id(),
                code: code.clone(),
                report_type_id: t.id.clone(),
                title: title.clone(),
                due_on: b.due_date,
                unit_ids: serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
                created_by: creator.clone(),
                created_at: now(),
            };
            store::insert_request(conn, &row)?;
            audit::record(
                conn,
                &who,
                "create",
                "report_request",
                &row.id,
                None,
                Some(&serde_json::to_value(&row).unwrap_or_default()),
            )?;
            Ok((row, t.grace_days))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/report-requests/{}", row.id),
        ))
        .json(ReportRequest::of(row, grace)))
}

/// Lists report requests, newest first; a unit's officer or software sees those sent to it.
#[utoipa::path(
    tag = "reporting", params(RequestListQuery),
    responses((status = 200, description = "Các yêu cầu báo cáo đột xuất", body = super::Page<ReportRequest>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list_requests(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<RequestListQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let own = super::bound_to_unit(&caller).map(str::to_owned);
    let (items, next) = state
        .db
        .read(move |conn| {
            let mut items = Vec::new();
            let mut cursor = after;
            // Requests not sent to the caller's unit are skipped; keep reading to fill the page.
            loop {
                let rows =
                    store::requests(conn, q.report_type_id.as_deref(), cursor.as_deref(), limit)?;
                let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
                for r in rows {
                    if own.as_ref().is_none_or(|u| r.recipients().contains(u)) {
                        let grace = store::report_type(conn, &r.report_type_id)?
                            .map_or(30, |t| t.grace_days);
                        items.push(ReportRequest::of(r, grace));
                    }
                }
                match next {
                    Some(n) if (items.len() as i64) < limit => cursor = paging::decode(Some(&n))?,
                    next => return Ok((items, next)),
                }
            }
        })
        .await?;
    Ok(page(&req, items, next))
}

/// Reads a report request (a unit's officer or software: one sent to its unit).
#[utoipa::path(
    tag = "reporting", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Yêu cầu báo cáo", body = ReportRequest)),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read_request(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let own = super::bound_to_unit(&caller).map(str::to_owned);
    let answer = state
        .db
        .read(move |conn| {
            let r = store::request(conn, &id)?
                .filter(|r| own.as_ref().is_none_or(|u| r.recipients().contains(u)))
                .ok_or_else(|| AppError::not_found("yêu cầu báo cáo (report request)"))?;
            let grace = store::report_type(conn, &r.report_type_id)?.map_or(30, |t| t.grace_days);
            Ok(ReportRequest::of(r, grace))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Compliance with one report type for one period, computed from the data now (the handler
/// above and the reminders of missing reports share it).
pub(crate) fn compliance_of(conn: &mut DbConn, q: &ComplianceQuery) -> AppResult<Compliance> {
    let t = match store::report_type(conn, &q.report_type)? {
        Some(t) => t,
        None => store::report_type_by_code(conn, &q.report_type)?.ok_or_else(|| {
            AppError::invalid_param(
                "type",
                t!("Không có loại báo cáo này.", "No such report type."),
            )
        })?,
    };
    let p = resolve(conn, &t, "period", &q.period)?;
    let (due, year) = (p.due, p.year);
    let ids = audience_of(conn, &t, &p)?;
    // Every unit active on the due date, kept if expected: one query without a list of ids.
    let ids: HashSet<String> = ids.into_iter().collect();
    let mut expected = store::units_active_on(conn, due, year)?;
    expected.retain(|u| ids.contains(&u.id));
    // unit id → the movements it takes part in that year, and each movement's name.
    let mut taking_part: HashMap<String, Vec<String>> = HashMap::new();
    let mut movement_names: HashMap<String, String> = HashMap::new();
    for (movement, name, unit) in store::participants(conn, year, due)? {
        taking_part.entry(unit).or_default().push(movement.clone());
        movement_names.insert(movement, name);
    }
    if let Some(g) = &q.group {
        expected.retain(|u| u.group.as_ref().is_some_and(|(id, _)| id == g));
    }
    if let Some(m) = &q.movement {
        if movements::get(conn, m)?.is_none() {
            return Err(AppError::invalid_param(
                "movement",
                t!("Không có phong trào này.", "No such movement."),
            ));
        }
        expected.retain(|u| taking_part.get(&u.id).is_some_and(|ms| ms.contains(m)));
    }
    // unit id → (first submission, number of revisions)
    let submitted: HashMap<String, (NaiveDateTime, i64)> =
        store::first_submissions(conn, &t.id, &p.code)?
            .into_iter()
            .map(|(unit, first, n)| (unit, (first, n)))
            .collect();
    let mut total = Tally::default();
    let mut by_group: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut by_movement: BTreeMap<String, Tally> = BTreeMap::new();
    let mut units = Vec::with_capacity(expected.len());
    for u in expected {
        let mine = submitted.get(&u.id).copied();
        let status = match mine {
            None => ComplianceStatus::Missing,
            Some((at, _)) if on_time(at.and_utc(), due) => ComplianceStatus::OnTime,
            Some(_) => ComplianceStatus::Late,
        };
        total.add(status);
        if let Some(g) = &u.group {
            by_group.entry(g.clone()).or_default().add(status);
        }
        let movement_ids = taking_part.get(&u.id).cloned().unwrap_or_default();
        for m in &movement_ids {
            by_movement.entry(m.clone()).or_default().add(status);
        }
        if q.status.is_none_or(|s| s == status) {
            units.push(UnitCompliance {
                group_id: u.group.map(|(g, _)| g),
                movement_ids,
                unit_id: u.id,
                code: u.code,
                name: u.name,
                status,
                first_submitted_at: mine.map(|(at, _)| utc(at)),
                revisions: mine.map_or(0, |(_, n)| n),
            });
        }
    }
    Ok(Compliance {
        locked: store::is_locked(conn, &t.id, &p.code)?,
        report_type_id: t.id,
        period: p.code,
        due_date: due,
        last_day: last_day(due, u32::try_from(t.grace_days).unwrap_or(30)),
        total,
        by_group: by_group
            .into_iter()
            .map(|((group_id, name), tally)| GroupCompliance {
                group_id,
                name,
                tally,
            })
            .collect(),
        by_movement: by_movement
            .into_iter()
            .map(|(movement_id, tally)| MovementCompliance {
                name: movement_names
                    .get(&movement_id)
                    .cloned()
                    .unwrap_or_default(),
                movement_id,
                tally,
            })
            .collect(),
        units,
    })
}
