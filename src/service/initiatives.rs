//! The facts eligibility reads besides the award register: an awardee's initiatives (recorded
//! by the coordinator or the awardee's unit) and restrictions (by the coordinator; read by
//! those who judge, and by the awardee's unit).

use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{doors, Caller};
use crate::domain::awardees::{InitiativeReach, RestrictionKind};
use crate::error::{unknown_reference, AppError, AppResult};
use crate::store::awardees::{self, AwardeeRow};
use crate::store::initiatives as store;
pub use crate::store::initiatives::{InitiativeRow, RestrictionRow};
use crate::store::{audit, documents};

/// A new initiative, its fields checked.
#[derive(Clone)]
pub struct NewInitiative {
    pub awardee_id: String,
    pub title: String,
    pub reach: InitiativeReach,
    pub document_number: String,
    pub recognised_on: NaiveDate,
    pub document_id: Option<String>,
}

/// A new restriction, its fields checked.
#[derive(Clone)]
pub struct NewRestriction {
    pub kind: RestrictionKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub document_number: String,
    pub document_id: Option<String>,
    pub note: Option<String>,
}

impl Record for RestrictionRow {
    const ENTITY: &'static str = "restriction";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(serde_json::to_value(self).unwrap_or_default())
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update_restriction(conn, row, expected)
    }
}

fn document_known(conn: &mut DbConn, id: Option<&str>) -> AppResult<()> {
    match id {
        Some(d) if documents::get(conn, d)?.is_none() => {
            Err(unknown_reference("/document_id", "văn bản / document"))
        }
        _ => Ok(()),
    }
}

fn awardee(conn: &mut DbConn, id: &str) -> AppResult<AwardeeRow> {
    awardees::get(conn, id)?.ok_or_else(|| AppError::not_found("cá nhân, tập thể (awardee)"))
}

/// Records an initiative of an awardee (the coordinator, or the officers of its unit).
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    n: &NewInitiative,
) -> AppResult<InitiativeRow> {
    let owner = awardees::get(conn, &n.awardee_id)?
        .ok_or_else(|| unknown_reference("/awardee_id", "cá nhân, tập thể / awardee"))?;
    doors::AWARDEES_WRITE.for_unit(caller, &owner.unit_id)?;
    document_known(conn, n.document_id.as_deref())?;
    let at = now();
    let row = InitiativeRow {
        id: new_id(),
        awardee_id: n.awardee_id.clone(),
        title: n.title.clone(),
        reach: n.reach,
        document_number: n.document_number.clone(),
        recognised_on: n.recognised_on,
        document_id: n.document_id.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(
        conn,
        who,
        "create",
        "initiative",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// Initiatives, the latest recognised first.
pub fn list(
    conn: &mut DbConn,
    awardee_id: Option<&str>,
    reach: Option<InitiativeReach>,
) -> AppResult<Vec<InitiativeRow>> {
    store::list(conn, awardee_id, reach)
}

/// One initiative.
pub fn read(conn: &mut DbConn, id: &str) -> AppResult<InitiativeRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("sáng kiến (initiative)"))
}

/// An awardee's restrictions, for those who may read them.
pub fn restrictions(
    conn: &mut DbConn,
    caller: &Caller,
    awardee_id: &str,
) -> AppResult<Vec<RestrictionRow>> {
    let owner = awardee(conn, awardee_id)?;
    doors::RESTRICTIONS_READ.for_unit(caller, &owner.unit_id)?;
    store::restrictions_of(conn, awardee_id)
}

/// Records a restriction on an awardee (the caller is a registrar).
pub fn restrict(
    conn: &mut DbConn,
    who: &Who,
    awardee_id: &str,
    r: &NewRestriction,
) -> AppResult<RestrictionRow> {
    awardee(conn, awardee_id)?;
    document_known(conn, r.document_id.as_deref())?;
    let at = now();
    let row = RestrictionRow {
        id: new_id(),
        awardee_id: awardee_id.to_owned(),
        kind: r.kind,
        starts_on: r.starts_on,
        ends_on: r.ends_on,
        document_number: r.document_number.clone(),
        document_id: r.document_id.clone(),
        note: r.note.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert_restriction(conn, &row)?;
    let after = row.snapshot(conn)?;
    audit::record(
        conn,
        who,
        "create",
        "restriction",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// Sets the last day of a restriction (`None`: it lasts), and its note when given.
pub fn end_restriction(
    conn: &mut DbConn,
    who: &Who,
    (awardee_id, id): (&str, &str),
    ends_on: Option<NaiveDate>,
    note: Option<String>,
    if_match: Option<&str>,
) -> AppResult<RestrictionRow> {
    let before = store::restriction(conn, id)?
        .filter(|r| r.awardee_id == awardee_id)
        .ok_or_else(|| AppError::not_found("hạn chế (restriction)"))?;
    if ends_on.is_some_and(|e| e < before.starts_on) {
        return Err(AppError::invalid_field(
            "/ends_on",
            crate::t!(
                "Ngày kết thúc không thể trước ngày bắt đầu ({}).",
                "The last day cannot precede the first ({}).",
                before.starts_on
            ),
        ));
    }
    let mut row = before.clone();
    row.ends_on = ends_on;
    if note.is_some() {
        row.note = note;
    }
    save_versioned(conn, who, "update", if_match, &before, row)
}
