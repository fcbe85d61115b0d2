//! Use cases of legal documents (official letters, plans, decisions): a unit's officer keeps
//! the documents their unit issued; one unit issues one document of a number on a day.

use crate::error::{Code, Ext};
use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::Caller;
use crate::domain::text;
use crate::domain::vocab::DocumentKind;
use crate::error::{unknown_reference, AppError, AppResult};
use crate::store::documents as store;
pub use crate::store::documents::{DocumentRow, Filter};
use crate::store::{audit, units};
use crate::t;

/// A new document, its fields checked.
pub struct NewDocument {
    pub number: String,
    pub kind: DocumentKind,
    pub issued_on: NaiveDate,
    pub issuing_unit_id: String,
    pub title: String,
}

/// Corrections to a document, checked; `None` keeps a field.
pub struct DocumentChange {
    pub number: Option<String>,
    pub kind: Option<DocumentKind>,
    pub issued_on: Option<NaiveDate>,
    pub title: Option<String>,
}

impl Record for DocumentRow {
    const ENTITY: &'static str = "document";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(json(self))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

fn json(row: &DocumentRow) -> Value {
    serde_json::to_value(row).unwrap_or_default()
}

fn ensure_unique(conn: &mut DbConn, row: &DocumentRow) -> AppResult<()> {
    match store::find(conn, &row.issuing_unit_id, &row.number, row.issued_on)? {
        Some(other) if other.id != row.id => Err(AppError::conflict(
            Code::DuplicateDocument,
            t!(
                "Đơn vị đã có văn bản số {} ngày {}.",
                "The unit already has document {} of {}.",
                row.number,
                row.issued_on
            ),
        )
        .with_ext(Ext::DocumentId, other.id)),
        _ => Ok(()),
    }
}

/// One document; 404 when there is none.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<DocumentRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("văn bản (document)"))
}

/// A page of documents, newest first, one more than `limit` when more follow.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<Vec<DocumentRow>> {
    store::list(conn, filter, after, limit)
}

/// Registers a document of an existing unit, unique by (unit, number, day).
pub fn create(conn: &mut DbConn, who: &Who, cmd: &NewDocument) -> AppResult<DocumentRow> {
    let at = now();
    let row = DocumentRow {
        id: new_id(),
        search_text: text::fold(&format!("{} {}", cmd.number, cmd.title)),
        number: cmd.number.clone(),
        kind: cmd.kind,
        issued_on: cmd.issued_on,
        issuing_unit_id: cmd.issuing_unit_id.clone(),
        title: cmd.title.clone(),
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    if units::get(conn, &row.issuing_unit_id)?.is_none() {
        return Err(unknown_reference(
            "/issuing_unit_id",
            "đơn vị ban hành / issuing unit",
        ));
    }
    ensure_unique(conn, &row)?;
    store::insert(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        DocumentRow::ENTITY,
        &row.id,
        None,
        Some(&json(&row)),
    )?;
    Ok(row)
}

/// Corrects a document; the caller must keep the documents of its issuing unit.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    caller: &Caller,
    id: &str,
    if_match: Option<&str>,
    change: &DocumentChange,
) -> AppResult<DocumentRow> {
    let before = get(conn, id)?;
    crate::domain::access::doors::DOCUMENTS_WRITE.for_unit(caller, &before.issuing_unit_id)?;
    let mut row = before.clone();
    if let Some(v) = &change.number {
        row.number.clone_from(v);
    }
    if let Some(v) = &change.title {
        row.title.clone_from(v);
    }
    if let Some(v) = change.kind {
        row.kind = v;
    }
    if let Some(v) = change.issued_on {
        row.issued_on = v;
    }
    row.search_text = text::fold(&format!("{} {}", row.number, row.title));
    ensure_unique(conn, &row)?;
    save_versioned(conn, who, "update", if_match, &before, row)
}

/// Withdraws a document from use; it stays readable.
pub fn deactivate(
    conn: &mut DbConn,
    who: &Who,
    caller: &Caller,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<DocumentRow> {
    let before = get(conn, id)?;
    crate::domain::access::doors::DOCUMENTS_WRITE.for_unit(caller, &before.issuing_unit_id)?;
    if !before.active {
        return Err(AppError::conflict(
            Code::AlreadyInactive,
            t!(
                "Văn bản đã ngừng sử dụng.",
                "The document is already inactive."
            ),
        ));
    }
    let mut row = before.clone();
    row.active = false;
    save_versioned(conn, who, "deactivate", if_match, &before, row)
}
