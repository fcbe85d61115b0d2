//! Award types as data: titles and forms, for whom, of which level and stream, and their
//! versions on a legal basis, each in force from a day (the deciding authority, the bonus
//! coefficient, the council's ballot and threshold, registration, the dossier items). A
//! nomination is judged by the version in force when its dossier was received.

use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::awardees::{AwardLevel, AwardNature, AwardStream, Recipient};
use crate::error::{unknown_reference, AppError, AppResult, Code};
use crate::store::award_types as store;
pub use crate::store::award_types::{AwardTypeRow, Filter, FormRow, VersionRow};
use crate::store::{audit, documents};
use crate::t;

/// Award type rows with their versions, read at once.
pub struct Shown {
    pub rows: Vec<AwardTypeRow>,
    /// By type, then day.
    pub versions: Vec<VersionRow>,
}

/// A version of an award type, its fields checked; `dossier_items` as stored (a JSON list).
#[derive(Clone)]
pub struct NewVersion {
    pub legal_basis: String,
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    pub deciding_authority: String,
    pub bonus_per_mille: Option<i32>,
    pub ballot_threshold_percent: Option<i32>,
    pub registration_required: bool,
    pub dossier_items: String,
    pub note: Option<String>,
}

/// A new award type, its fields checked.
#[derive(Clone)]
pub struct NewAwardType {
    pub code: String,
    pub name: String,
    pub nature: AwardNature,
    pub recipient: Recipient,
    pub level: AwardLevel,
    pub stream: AwardStream,
    pub version: Option<NewVersion>,
}

/// Changes to an award type; its nature (title or form) never changes.
#[derive(Clone, Default)]
pub struct TypeChange {
    pub name: Option<String>,
    pub recipient: Option<Recipient>,
    pub level: Option<AwardLevel>,
    pub stream: Option<AwardStream>,
    pub active: Option<bool>,
}

/// A type being saved, with the version it gains, if any.
#[derive(Clone)]
struct Versioned {
    row: AwardTypeRow,
    added: Option<VersionRow>,
}

impl Record for Versioned {
    const ENTITY: &'static str = "award_type";

    row_versioning!(row);

    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        let mut v = serde_json::to_value(&self.row).unwrap_or_default();
        let versions = store::versions_of(conn, std::slice::from_ref(&self.row.id))?;
        v["versions"] = serde_json::to_value(versions).unwrap_or_default();
        Ok(v)
    }

    fn store(conn: &mut DbConn, v: &Self, expected: i64) -> AppResult<bool> {
        if !store::update(conn, &v.row, expected)? {
            return Ok(false);
        }
        if let Some(added) = &v.added {
            add(conn, added)?;
        }
        Ok(true)
    }
}

/// Inserts a version, ending the one in force before it on the day before it starts.
fn add(conn: &mut DbConn, v: &VersionRow) -> AppResult<()> {
    let before = store::versions_of(conn, std::slice::from_ref(&v.award_type_id))?;
    if let Some(last) = before.last() {
        if v.valid_from <= last.valid_from {
            return Err(AppError::invalid_field(
                "/valid_from",
                t!(
                    "Phiên bản mới phải có hiệu lực sau ngày {} của phiên bản trước.",
                    "A new version must take effect after {}, the day of the one before.",
                    last.valid_from
                ),
            ));
        }
        if last.valid_to.is_none_or(|to| to >= v.valid_from) {
            let day_before = v.valid_from.pred_opt().unwrap_or(v.valid_from);
            store::close_version(conn, &last.id, day_before)?;
        }
    }
    store::insert_version(conn, v)
}

fn version_row(conn: &mut DbConn, type_id: &str, v: &NewVersion) -> AppResult<VersionRow> {
    if let Some(d) = &v.document_id {
        if documents::get(conn, d)?.is_none() {
            return Err(unknown_reference("/document_id", "văn bản / document"));
        }
    }
    Ok(VersionRow {
        id: new_id(),
        award_type_id: type_id.to_owned(),
        legal_basis: v.legal_basis.clone(),
        document_id: v.document_id.clone(),
        valid_from: v.valid_from,
        valid_to: None,
        deciding_authority: v.deciding_authority.clone(),
        bonus_per_mille: v.bonus_per_mille,
        ballot_required: v.ballot_threshold_percent.is_some(),
        ballot_threshold_percent: v.ballot_threshold_percent,
        registration_required: v.registration_required,
        dossier_items: v.dossier_items.clone(),
        note: v.note.clone(),
        created_at: now(),
    })
}

fn show(conn: &mut DbConn, rows: Vec<AwardTypeRow>) -> AppResult<Shown> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let versions = store::versions_of(conn, &ids)?;
    Ok(Shown { rows, versions })
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<AwardTypeRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("loại khen thưởng (award type)"))
}

/// The award types, by code.
pub fn list(conn: &mut DbConn, filter: &Filter) -> AppResult<Shown> {
    let rows = store::list(conn, filter)?;
    show(conn, rows)
}

/// One award type with its versions.
pub fn read(conn: &mut DbConn, id: &str) -> AppResult<Shown> {
    let row = load(conn, id)?;
    show(conn, vec![row])
}

/// The version of a type in force on `day`, if one is.
pub fn version_on(
    conn: &mut DbConn,
    type_id: &str,
    day: NaiveDate,
) -> AppResult<Option<VersionRow>> {
    Ok(store::versions_of(conn, &[type_id.to_owned()])?
        .into_iter()
        .find(|v| v.in_force_on(day)))
}

/// Records a new award type (and its first version, if given); 409 `duplicate` when the code
/// is taken.
pub fn create(conn: &mut DbConn, who: &Who, t: &NewAwardType) -> AppResult<Shown> {
    let row = record_new(conn, who, t)?;
    show(conn, vec![row])
}

fn record_new(conn: &mut DbConn, who: &Who, t: &NewAwardType) -> AppResult<AwardTypeRow> {
    if store::by_code(conn, &t.code)?.is_some() {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!("Mã {} đã có.", "The code {} is taken.", t.code),
        ));
    }
    let at = now();
    let row = AwardTypeRow {
        id: new_id(),
        code: t.code.clone(),
        name: t.name.clone(),
        nature: t.nature,
        recipient: t.recipient,
        level: t.level,
        stream: t.stream,
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    if let Some(v) = &t.version {
        let v = version_row(conn, &row.id, v)?;
        store::insert_version(conn, &v)?;
    }
    let after = Versioned {
        row: row.clone(),
        added: None,
    }
    .snapshot(conn)?;
    audit::record(
        conn,
        who,
        "create",
        "award_type",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// Adds a form of commendation as before award types: a form, for individuals and
/// collectives, of the province, in the merit stream, with no version yet.
pub fn create_form(conn: &mut DbConn, who: &Who, code: &str, name: &str) -> AppResult<FormRow> {
    let t = NewAwardType {
        code: code.to_owned(),
        name: name.to_owned(),
        nature: AwardNature::Form,
        recipient: Recipient::Both,
        level: AwardLevel::Provincial,
        stream: AwardStream::Merit,
        version: None,
    };
    let row = record_new(conn, who, &t)?;
    Ok(FormRow {
        id: row.id,
        code: row.code,
        name: row.name,
        created_at: row.created_at,
    })
}

/// Changes an award type (not its nature).
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    c: &TypeChange,
    if_match: Option<&str>,
) -> AppResult<Shown> {
    let before = load(conn, id)?;
    let mut row = before.clone();
    if let Some(v) = &c.name {
        row.name = v.clone();
    }
    if let Some(v) = c.recipient {
        row.recipient = v;
    }
    if let Some(v) = c.level {
        row.level = v;
    }
    if let Some(v) = c.stream {
        row.stream = v;
    }
    if let Some(v) = c.active {
        row.active = v;
    }
    save(conn, who, "update", if_match, before, row, None)
}

/// Adds a version on a new legal basis, in force from its day; the version before it ends the
/// day before.
pub fn add_version(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    v: &NewVersion,
    if_match: Option<&str>,
) -> AppResult<Shown> {
    let before = load(conn, id)?;
    let added = version_row(conn, id, v)?;
    let row = before.clone();
    save(conn, who, "add_version", if_match, before, row, Some(added))
}

fn save(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    if_match: Option<&str>,
    before: AwardTypeRow,
    row: AwardTypeRow,
    added: Option<VersionRow>,
) -> AppResult<Shown> {
    let before = Versioned {
        row: before,
        added: None,
    };
    let saved = save_versioned(
        conn,
        who,
        action,
        if_match,
        &before,
        Versioned { row, added },
    )?;
    show(conn, vec![saved.row])
}
