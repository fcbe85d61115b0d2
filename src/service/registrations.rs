//! Registration of emulation titles (đăng ký thi đua) and the deadlines of each award stream:
//! at the start of a year units register the titles their collectives and individuals aim for,
//! by the deadline the coordinator sets; a nomination of the merit stream for a title whose
//! version requires registration is refused without one; and each stream's nominations are
//! received until the stream's deadline for the year.

use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{doors, Caller, Role};
use crate::domain::awardees::{AwardNature, AwardStream};
use crate::domain::nominations::NominationState;
use crate::error::{unknown_reference, AppError, AppResult, Code, Ext};
use crate::store::award_types::{self, AwardTypeRow};
use crate::store::nominations::NominationRow;
use crate::store::registrations as store;
pub use crate::store::registrations::{DeadlineRow, Filter, RegistrationRow};
use crate::store::{audit, awardees, lock_key};
use crate::t;

/// A stream's deadlines for a year, as set (absent members stay as they were).
#[derive(Clone, Default)]
pub struct DeadlineChange {
    pub registration_due: Option<Option<NaiveDate>>,
    pub nominations_due: Option<Option<NaiveDate>>,
    pub note: Option<Option<String>>,
}

/// A new registration, its fields checked.
#[derive(Clone)]
pub struct NewRegistration {
    pub year: i32,
    pub awardee_id: String,
    pub award_type_id: String,
}

impl Record for DeadlineRow {
    const ENTITY: &'static str = "stream_deadline";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(serde_json::to_value(self).unwrap_or_default())
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update_deadline(conn, row, expected)
    }
}

/// The deadlines, of one year or all, the latest year first.
pub fn deadlines(conn: &mut DbConn, year: Option<i32>) -> AppResult<Vec<DeadlineRow>> {
    store::deadlines(conn, year)
}

/// Sets a stream's deadlines for a year (the coordinator): the first time it records them, after
/// that it changes them under If-Match.
pub fn set_deadline(
    conn: &mut DbConn,
    who: &Who,
    year: i32,
    stream: AwardStream,
    c: &DeadlineChange,
    if_match: Option<&str>,
) -> AppResult<DeadlineRow> {
    lock_key(conn, &format!("stream-deadline:{year}:{}", stream.as_str()))?;
    let apply = |row: &mut DeadlineRow| {
        if let Some(v) = c.registration_due {
            row.registration_due = v;
        }
        if let Some(v) = c.nominations_due {
            row.nominations_due = v;
        }
        if let Some(v) = &c.note {
            row.note.clone_from(v);
        }
    };
    if let Some(before) = store::deadline(conn, year, stream)? {
        let mut row = before.clone();
        apply(&mut row);
        return save_versioned(conn, who, "update", if_match, &before, row);
    }
    let at = now();
    let mut row = DeadlineRow {
        id: format!("{year}/{}", stream.as_str()),
        year,
        stream,
        registration_due: None,
        nominations_due: None,
        note: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    apply(&mut row);
    store::insert_deadline(conn, &row)?;
    let key = format!("{year}/{}", stream.as_str());
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(
        conn,
        who,
        "create",
        DeadlineRow::ENTITY,
        &key,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// A unit's officer registers until the year's deadline; the coordinator records late ones
/// (say, received on paper in time).
fn ensure_open(conn: &mut DbConn, caller: &Caller, year: i32) -> AppResult<()> {
    if caller.is(&[Role::Admin, Role::Coordinator]) {
        return Ok(());
    }
    let due = store::deadline(conn, year, AwardStream::Merit)?.and_then(|d| d.registration_due);
    match due {
        Some(due) if crate::domain::today() > due => Err(AppError::conflict(
            Code::RegistrationClosed,
            t!(
                "Hạn đăng ký thi đua năm {} đã hết ngày {}; liên hệ Sở Nội vụ.",
                "Registration for {} closed on {}; ask the coordinator.",
                year,
                due
            ),
        )
        .with_ext(Ext::Deadline, due.to_string())),
        _ => Ok(()),
    }
}

/// Registers an awardee for a title in a year (its unit's officer or the coordinator).
pub fn register(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    n: &NewRegistration,
) -> AppResult<RegistrationRow> {
    let awardee = awardees::get(conn, &n.awardee_id)?
        .ok_or_else(|| unknown_reference("/awardee_id", "cá nhân, tập thể / awardee"))?;
    doors::AWARDEES_WRITE.for_unit(caller, &awardee.unit_id)?;
    let title = award_types::get(conn, &n.award_type_id)?
        .ok_or_else(|| unknown_reference("/award_type_id", "loại khen thưởng / award type"))?;
    if title.nature != AwardNature::Title || !title.active || !title.recipient.admits(awardee.kind)
    {
        return Err(AppError::invalid_field(
            "/award_type_id",
            t!(
                "Chỉ đăng ký danh hiệu thi đua đang dùng, dành cho {}: {} thì không.",
                "Only a title in use, for a nominee of kind {}, is registered: {} is not.",
                awardee.kind.as_str(),
                title.name
            ),
        ));
    }
    ensure_open(conn, caller, n.year)?;
    lock_key(conn, &format!("registration:{}:{}", n.year, n.awardee_id))?;
    if let Some(held) = store::find(conn, n.year, &n.awardee_id, &n.award_type_id)? {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!(
                "{} đã đăng ký {} năm {} (ngày {}).",
                "{} already registered for {} in {} (on {}).",
                awardee.name,
                title.name,
                n.year,
                held.registered_on
            ),
        ));
    }
    let row = RegistrationRow {
        id: new_id(),
        year: n.year,
        awardee_id: awardee.id,
        award_type_id: title.id,
        unit_id: awardee.unit_id,
        registered_on: crate::domain::today(),
        created_at: now(),
    };
    store::insert(conn, &row)?;
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(
        conn,
        who,
        "create",
        "title_registration",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// Withdraws a registration, on the same terms as it was made.
pub fn withdraw(conn: &mut DbConn, caller: &Caller, who: &Who, id: &str) -> AppResult<()> {
    let row = read(conn, id)?;
    doors::AWARDEES_WRITE.for_unit(caller, &row.unit_id)?;
    ensure_open(conn, caller, row.year)?;
    store::delete(conn, id)?;
    let before = serde_json::to_value(&row).unwrap_or_default();
    audit::record(
        conn,
        who,
        "delete",
        "title_registration",
        id,
        Some(&before),
        None,
    )
}

pub fn read(conn: &mut DbConn, id: &str) -> AppResult<RegistrationRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("đăng ký thi đua (title registration)"))
}

pub fn list(conn: &mut DbConn, f: &Filter) -> AppResult<Vec<RegistrationRow>> {
    store::list(conn, f)
}

/// Every active unit with its registrations in `year`: who registered and who did not.
pub fn by_unit(conn: &mut DbConn, year: i32) -> AppResult<Vec<(String, String, String, i64)>> {
    store::by_unit(conn, year)
}

/// A merit nomination for a title whose version in force today requires registration needs
/// the nominee's registration for that title and year (422 `not_registered` at `/form_id`).
pub fn ensure_registered(
    conn: &mut DbConn,
    award_type: &AwardTypeRow,
    awardee_id: &str,
    year: i32,
    stream: AwardStream,
) -> AppResult<()> {
    if stream != AwardStream::Merit || award_type.nature != AwardNature::Title {
        return Ok(());
    }
    let version = super::award_types::version_on(conn, &award_type.id, crate::domain::today())?;
    if !version.is_some_and(|v| v.registration_required) {
        return Ok(());
    }
    if store::find(conn, year, awardee_id, &award_type.id)?.is_some() {
        return Ok(());
    }
    let mut e = AppError::invalid_field(
        "/form_id",
        t!(
            "{} phải đăng ký thi đua từ đầu năm: chưa có đăng ký năm {} (/api/v1/title-registrations).",
            "{} requires registration at the start of the year: none for {} (/api/v1/title-registrations).",
            award_type.name,
            year
        ),
    )
    .with_code(Code::NotRegistered);
    e.detail = t!(
        "Danh hiệu này phải đăng ký thi đua; người, tập thể được đề nghị chưa đăng ký năm {}.",
        "This title requires registration; the nominee did not register for {}.",
        year
    );
    Err(e)
}

/// A new nomination (from draft) is received until its stream's deadline for the year; a
/// returned one comes back whenever the coordinator asked for it (409 `deadline_passed`).
pub fn ensure_before_deadline(
    conn: &mut DbConn,
    n: &NominationRow,
    from: NominationState,
) -> AppResult<()> {
    if from != NominationState::Draft {
        return Ok(());
    }
    let due = store::deadline(conn, n.year, n.stream)?.and_then(|d| d.nominations_due);
    match due {
        Some(due) if crate::domain::today() > due => Err(AppError::conflict(
            Code::DeadlinePassed,
            t!(
                "Hạn nhận hồ sơ {} năm {} đã hết ngày {}.",
                "The {} nominations of {} closed on {}.",
                n.stream.as_str(),
                n.year,
                due
            ),
        )
        .with_ext(Ext::Deadline, due.to_string())),
        _ => Ok(()),
    }
}
