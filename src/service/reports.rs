//! Use cases of the reporting regime: report types, submissions (validated against the type's
//! JSON Schema, its period, grace days and locks, numbered as revisions), acceptance, ad-hoc
//! report requests, and compliance (in [`compliance`], which the reminders reuse).

pub mod compliance;

use crate::error::{Code, Ext};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub use self::compliance::{
    compliance, of_units, Compliance, ComplianceFilter, GroupCompliance, MovementCompliance, Tally,
    UnitCompliance,
};
use super::{new_id, now, DbConn, Who};
use crate::domain::access::{Actor, Caller, Role, Scope};
use crate::domain::page as paging;
use crate::domain::periods::{last_day, local_day, on_time, Period, PeriodType, ACCEPTED_FORMS};
use crate::domain::vocab::Audience;
use crate::error::{unknown_reference, AppError, AppResult, FieldError, Text};
use crate::store::reporting as store;
pub use crate::store::reporting::{Filter, ReportRow, ReportTypeRow, RequestRow};
use crate::store::{audit, lock_key, movements, units};
use crate::t;

/// Reads a JSON column; a stored text that is not what the column holds is a loud error
/// (a generic 500; the column and the value go to the log), never quietly a default.
pub(crate) fn stored_json<T: DeserializeOwned>(column: &str, text: &str) -> AppResult<T> {
    serde_json::from_str(text)
        .map_err(|e| AppError::internal(format!("bad stored value {text:?} in {column}: {e}")))
}

/// The units a report type of audience `units` names (empty for the other audiences).
pub fn audience_units(t: &ReportTypeRow) -> AppResult<Vec<String>> {
    stored_json("report_types.audience_unit_ids", &t.audience_unit_ids)
}

/// The 400 of a period that is not one: names the member or parameter and shows the forms.
fn invalid_period(at: &str, detail: Text) -> AppError {
    let mut e = AppError::bad_request(t!(
        "Kỳ báo cáo không hợp lệ.",
        "Not a valid reporting period."
    ));
    e.errors = vec![if at.starts_with('/') {
        FieldError::body(at, detail)
    } else {
        FieldError::param(at, detail)
    }];
    e.with_code(Code::InvalidPeriod)
        .with_ext(Ext::AcceptedForms, ACCEPTED_FORMS)
}

/// Checks the code of a report request: 1–20 letters, digits, `-`, `_` or `.` (it is the
/// period of the reports that answer it); 400 `invalid_period` otherwise.
pub fn request_code(pointer_or_param: &str, code: &str) -> AppResult<String> {
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
    /// The first day of the period (of an ad-hoc request, its due date).
    start: NaiveDate,
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
            start: p.start(),
            due: p.due(u32::try_from(t.due_days).unwrap_or(0)),
            year: p.end().year(),
            recipients: None,
        });
    }
    match store::request_by_code(conn, code.trim())?.filter(|r| r.report_type_id == t.id) {
        Some(r) => Ok(Due {
            recipients: Some(r.recipients()),
            code: r.code,
            start: r.due_on,
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

/// The last day submissions for a due date are taken, after the type's grace days.
pub fn last_day_of(due: NaiveDate, grace_days: i32) -> NaiveDate {
    last_day(due, u32::try_from(grace_days).unwrap_or(30))
}

/// A new report type, its fields checked.
pub struct NewType {
    pub code: String,
    pub title: String,
    pub period_type: PeriodType,
    pub content_schema: Value,
    pub due_days: i32,
    pub grace_days: i32,
    pub audience: Audience,
    pub unit_ids: Vec<String>,
    pub movement_id: Option<String>,
}

/// Adds a report type whose units and movement exist and whose code is free.
pub fn create_type(conn: &mut DbConn, who: &Who, cmd: &NewType) -> AppResult<ReportTypeRow> {
    if !units::missing(conn, &cmd.unit_ids)?.is_empty() {
        return Err(unknown_reference("/unit_ids", "đơn vị / unit"));
    }
    if let Some(m) = &cmd.movement_id {
        if movements::get(conn, m)?.is_none() {
            return Err(unknown_reference("/movement_id", "phong trào / movement"));
        }
    }
    if store::report_type_by_code(conn, &cmd.code)?.is_some() {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!("Mã {} đã có.", "The code {} is taken.", cmd.code),
        ));
    }
    let at = now();
    let row = ReportTypeRow {
        id: new_id(),
        code: cmd.code.clone(),
        title: cmd.title.clone(),
        period_type: cmd.period_type,
        content_schema: cmd.content_schema.to_string(),
        due_days: cmd.due_days,
        grace_days: cmd.grace_days,
        audience: cmd.audience,
        audience_unit_ids: serde_json::to_string(&cmd.unit_ids).unwrap_or_else(|_| "[]".into()),
        movement_id: cmd.movement_id.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert_report_type(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "report_type",
        &row.id,
        None,
        Some(&serde_json::to_value(&row).unwrap_or_default()),
    )?;
    Ok(row)
}

/// A page of report types by code, and the cursor of the next.
pub fn report_types(
    conn: &mut DbConn,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<ReportTypeRow>, Option<String>)> {
    let rows = store::report_types(conn, after, limit)?;
    Ok(paging::split(rows, limit, |r| r.code.clone()))
}

/// A report type; 404 when there is none.
pub fn report_type(conn: &mut DbConn, id: &str) -> AppResult<ReportTypeRow> {
    store::report_type(conn, id)?.ok_or_else(|| AppError::not_found("loại báo cáo (report type)"))
}

/// Locks a period of a report type: no further submissions.
pub fn lock_period(conn: &mut DbConn, who: &Who, type_id: &str, period: &str) -> AppResult<()> {
    let t = report_type(conn, type_id)?;
    let p = resolve(conn, &t, "period", period)?;
    store::lock(conn, &t.id, &p.code)?;
    audit::record(
        conn,
        who,
        "lock",
        "report_period",
        &format!("{}/{}", t.id, p.code),
        None,
        None,
    )
}

/// A submission of a unit's report.
pub struct Submit {
    pub report_type_id: String,
    pub period: String,
    pub content: Value,
    pub unit_id: String,
    /// The user or client submitting ("" for a dry run, which stores nothing).
    pub submitter: String,
}

/// A submission accepted: the row (stored unless a dry run) and what its receipt shows.
pub struct Submitted {
    pub row: ReportRow,
    pub due_date: NaiveDate,
    pub on_time: bool,
}

/// Checks a submission as [`submit`] would, without storing anything (a dry run).
pub fn check_submission(conn: &mut DbConn, cmd: &Submit) -> AppResult<Submitted> {
    let (t, p) = type_and_period(conn, cmd)?;
    prepare(conn, &t, &p, cmd)
}

/// Stores a submission as the next revision of the unit's report for the type and period.
pub fn submit(conn: &mut DbConn, who: &Who, cmd: &Submit) -> AppResult<Submitted> {
    let (t, p) = type_and_period(conn, cmd)?;
    // Revisions of one report are numbered one at a time.
    lock_key(conn, &format!("report:{}:{}:{}", t.id, cmd.unit_id, p.code))?;
    let done = prepare(conn, &t, &p, cmd)?;
    let row = &done.row;
    store::insert_report(conn, row)?;
    audit::record(
        conn,
        who,
        "submit",
        "report",
        &row.id,
        None,
        Some(
            &serde_json::json!({"report_type": t.code, "unit_id": row.unit_id,
            "period": row.period, "revision": row.revision, "content_sha256": row.content_sha256}),
        ),
    )?;
    Ok(done)
}

/// The compiled content schema of a report type. Types never change once added, so each is
/// compiled once per process.
fn validator_of(t: &ReportTypeRow) -> AppResult<Arc<jsonschema::Validator>> {
    static COMPILED: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let cache = COMPILED.get_or_init(Mutex::default);
    if let Some(v) = cache.lock().ok().and_then(|c| c.get(&t.id).cloned()) {
        return Ok(v);
    }
    let schema: Value = serde_json::from_str(&t.content_schema).unwrap_or_default();
    let validator = Arc::new(
        jsonschema::validator_for(&schema).map_err(|e| AppError::internal(e.to_string()))?,
    );
    if let Ok(mut c) = cache.lock() {
        c.insert(t.id.clone(), validator.clone());
    }
    Ok(validator)
}

/// The type a submission names and its resolved period.
fn type_and_period(conn: &mut DbConn, cmd: &Submit) -> AppResult<(ReportTypeRow, Due)> {
    let t = store::report_type(conn, &cmd.report_type_id)?
        .ok_or_else(|| unknown_reference("/report_type_id", "loại báo cáo / report type"))?;
    let p = resolve(conn, &t, "/period", &cmd.period)?;
    Ok((t, p))
}

/// The units a report type expects for a period, before dating them: an ad-hoc request's
/// recipients, or the type's audience.
fn audience_of(conn: &mut DbConn, t: &ReportTypeRow, p: &Due) -> AppResult<Vec<String>> {
    Ok(match (&p.recipients, t.audience) {
        (Some(recipients), _) => recipients.clone(),
        (None, Audience::Groups) => store::group_units(conn, p.year)?,
        (None, Audience::MovementLeads) => store::leads_on(conn, t.movement_id.as_deref(), p.due)?,
        (None, Audience::Units) => audience_units(t)?,
    })
}

/// Whether a unit is asked for a report of this type and period (one unit's rows only: this
/// runs on every submission).
fn expected_of(conn: &mut DbConn, t: &ReportTypeRow, p: &Due, unit_id: &str) -> AppResult<bool> {
    if asked_directly(conn, t, p, unit_id)? {
        return Ok(true);
    }
    // A successor answers for the units it took over from by the due date (as compliance
    // expects it to).
    let lineage = super::reorganisations::Lineage::load(conn)?;
    Ok(audience_of(conn, t, p)?
        .iter()
        .any(|a| lineage.heirs_by(a, p.due).iter().any(|h| h == unit_id)))
}

/// Whether the type and period ask `unit_id` itself.
fn asked_directly(conn: &mut DbConn, t: &ReportTypeRow, p: &Due, unit_id: &str) -> AppResult<bool> {
    Ok(match (&p.recipients, t.audience) {
        (Some(recipients), _) => recipients.iter().any(|u| u == unit_id),
        (None, Audience::Groups) => store::in_a_group(conn, unit_id, p.year)?,
        (None, Audience::MovementLeads) => store::leads_on(conn, t.movement_id.as_deref(), p.due)?
            .iter()
            .any(|u| u == unit_id),
        (None, Audience::Units) => audience_units(t)?.iter().any(|u| u == unit_id),
    })
}

/// The content's errors against the type's schema (at most 50), as 422 `content_invalid`.
fn check_content(t: &ReportTypeRow, content: &Value) -> AppResult<()> {
    let validator = validator_of(t)?;
    let errors: Vec<FieldError> = validator
        .iter_errors(content)
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
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(errors).with_code(Code::ContentInvalid))
    }
}

/// Refuses a submission past the period's last day (`expired`) or in a locked period.
fn check_open(
    conn: &mut DbConn,
    t: &ReportTypeRow,
    period: &str,
    due: NaiveDate,
    submitted: DateTime<Utc>,
) -> AppResult<()> {
    let last = last_day_of(due, t.grace_days);
    if local_day(submitted) > last {
        return Err(AppError::conflict(
            Code::Expired,
            t!(
                "Kỳ {} đã hết hạn nhận báo cáo (ngày cuối {}).",
                "Period {} no longer takes reports (last day {}).",
                period,
                last
            ),
        ));
    }
    if store::is_locked(conn, &t.id, period)? {
        return Err(AppError::conflict(
            Code::PeriodLocked,
            t!("Kỳ {} đã khoá.", "Period {} is locked.", period),
        ));
    }
    Ok(())
}

/// Validates a submission against its type, period and the unit's history: the row to store.
fn prepare(conn: &mut DbConn, t: &ReportTypeRow, p: &Due, cmd: &Submit) -> AppResult<Submitted> {
    let unit_id = cmd.unit_id.as_str();
    // A unit reports for the periods it lived in: from the period's first day (an ad-hoc
    // request's due date).
    let from = match t.period_type {
        PeriodType::AdHoc => p.due,
        _ => Period::parse(&p.code).map_or(p.due, |period| period.start()),
    };
    super::units::working_on(conn, "/unit_id", std::slice::from_ref(&cmd.unit_id), from)?;
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
        .with_code(Code::NotRequested));
    }
    check_content(t, &cmd.content)?;
    let (period, due) = (p.code.clone(), p.due);
    // Stored to the microsecond on both databases; the receipt shows the stored value.
    let submitted = now().and_utc();
    check_open(conn, t, &period, due, submitted)?;
    let (latest, accepted) = store::latest_revision(conn, &t.id, unit_id, &period)?;
    if accepted {
        return Err(AppError::conflict(
            Code::Accepted,
            t!(
                "Báo cáo kỳ {} đã được tiếp nhận; không gửi lại được.",
                "The report for {} was accepted; it cannot be resubmitted.",
                period
            ),
        ));
    }
    let content = cmd.content.to_string();
    let row = ReportRow {
        id: new_id(),
        report_type_id: t.id.clone(),
        unit_id: unit_id.to_owned(),
        period,
        revision: latest.map_or(1, |r| r + 1),
        content_sha256: hex::encode(Sha256::digest(content.as_bytes())),
        content,
        submitted_at: submitted.naive_utc(),
        submitted_by: cmd.submitter.clone(),
        accepted_at: None,
    };
    Ok(Submitted {
        row,
        due_date: due,
        on_time: on_time(submitted, due),
    })
}

/// Whether the caller may read a unit's reports: the council and registrars all, a unit's
/// officer or software (`reports:read`) its own.
pub fn may_read(caller: &Caller, unit_id: &str) -> bool {
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

/// The 403 of a caller reading another unit's reports.
pub fn other_unit() -> AppError {
    AppError::forbidden(t!(
        "Bạn chỉ xem được báo cáo của đơn vị mình.",
        "You may read only your own unit's reports."
    ))
    .with_code(Code::OtherUnit)
}

/// A page of report revisions, newest first, and the cursor of the next.
pub fn reports(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<ReportRow>, Option<String>)> {
    let rows = store::list(conn, filter, after, limit)?;
    Ok(paging::split(rows, limit, |r| r.id.clone()))
}

/// A report revision the caller may read; 404 when there is none.
pub fn report(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<ReportRow> {
    let r = store::report(conn, id)?.ok_or_else(|| AppError::not_found("báo cáo (report)"))?;
    if !may_read(caller, &r.unit_id) {
        return Err(other_unit());
    }
    Ok(r)
}

/// Accepts the latest revision of a unit's report: no more submissions for it.
pub fn accept(conn: &mut DbConn, who: &Who, caller: &Caller, id: &str) -> AppResult<ReportRow> {
    let r = report(conn, caller, id)?;
    lock_key(
        conn,
        &format!("report:{}:{}:{}", r.report_type_id, r.unit_id, r.period),
    )?;
    let latest = store::latest_revision(conn, &r.report_type_id, &r.unit_id, &r.period)?
        .0
        .unwrap_or(r.revision);
    if latest != r.revision {
        return Err(AppError::conflict(
            Code::NotLatest,
            t!(
                "Chỉ tiếp nhận bản mới nhất (lần {}).",
                "Only the latest revision ({}) can be accepted.",
                latest
            ),
        ));
    }
    store::accept(conn, &r.id)?;
    audit::record(conn, who, "accept", "report", &r.id, None, None)?;
    report(conn, caller, id)
}

/// A request for an ad-hoc report, its fields checked.
pub struct NewRequest {
    pub report_type_id: String,
    pub code: String,
    pub title: String,
    pub due_date: NaiveDate,
    pub unit_ids: Vec<String>,
    /// The user who sends it.
    pub creator: String,
}

/// Sends a request for a report of an `ad_hoc` type to units that exist, under a free code:
/// the request and its type's grace days.
pub fn create_request(conn: &mut DbConn, who: &Who, cmd: &NewRequest) -> AppResult<RequestOf> {
    let t = store::report_type(conn, &cmd.report_type_id)?
        .ok_or_else(|| unknown_reference("/report_type_id", "loại báo cáo / report type"))?;
    if t.period_type != PeriodType::AdHoc {
        return Err(AppError::invalid(vec![FieldError::body(
            "/report_type_id",
            t!(
                "Chỉ loại báo cáo đột xuất (ad_hoc) mới có yêu cầu báo cáo.",
                "Only an ad_hoc report type takes report requests."
            ),
        )]));
    }
    super::units::working_on(conn, "/unit_ids", &cmd.unit_ids, cmd.due_date)?;
    if store::request_by_code(conn, &cmd.code)?.is_some() {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!("Mã {} đã có.", "The code {} is taken.", cmd.code),
        ));
    }
    let row = RequestRow {
        id: new_id(),
        code: cmd.code.clone(),
        report_type_id: t.id.clone(),
        title: cmd.title.clone(),
        due_on: cmd.due_date,
        unit_ids: serde_json::to_string(&cmd.unit_ids).unwrap_or_else(|_| "[]".into()),
        created_by: cmd.creator.clone(),
        created_at: now(),
    };
    store::insert_request(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "report_request",
        &row.id,
        None,
        Some(&serde_json::to_value(&row).unwrap_or_default()),
    )?;
    Ok((row, t.grace_days))
}

/// The grace days of a request's report type (30 when the type is gone).
fn grace_of(conn: &mut DbConn, r: &RequestRow) -> AppResult<i32> {
    Ok(store::report_type(conn, &r.report_type_id)?.map_or(30, |t| t.grace_days))
}

/// A report request and its type's grace days.
pub type RequestOf = (RequestRow, i32);

/// A page of report requests, newest first, each with its type's grace days; `own` keeps only
/// those sent to that unit.
pub fn requests(
    conn: &mut DbConn,
    own: Option<&str>,
    report_type_id: Option<&str>,
    after: Option<String>,
    limit: i64,
) -> AppResult<(Vec<RequestOf>, Option<String>)> {
    let mut items = Vec::new();
    let mut cursor = after;
    // Requests not sent to the caller's unit are skipped; keep reading to fill the page.
    loop {
        let rows = store::requests(conn, report_type_id, cursor.as_deref(), limit)?;
        let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
        for r in rows {
            if own.is_none_or(|u| r.recipients().iter().any(|x| x == u)) {
                let grace = grace_of(conn, &r)?;
                items.push((r, grace));
            }
        }
        match next {
            Some(n) if (items.len() as i64) < limit => cursor = paging::decode(Some(&n))?,
            next => return Ok((items, next)),
        }
    }
}

/// A report request and its type's grace days; `own`: only one sent to that unit (404
/// otherwise).
pub fn request(conn: &mut DbConn, own: Option<&str>, id: &str) -> AppResult<RequestOf> {
    let r = store::request(conn, id)?
        .filter(|r| own.is_none_or(|u| r.recipients().iter().any(|x| x == u)))
        .ok_or_else(|| AppError::not_found("yêu cầu báo cáo (report request)"))?;
    let grace = grace_of(conn, &r)?;
    Ok((r, grace))
}
