//! Uploaded files: what each is, whose it is, and where its bytes are (under its SHA-256 in the
//! file store, `crate::blobs`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::nominations::NominationRow;
use super::schema::{dossier_items, files, nominations};
use super::DbConn;
use crate::domain::files::FileType;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = files)]
pub struct FileRow {
    pub id: String,
    /// The unit of whoever uploaded it; `None` for the province's own accounts.
    pub owner_unit_id: Option<String>,
    pub name: String,
    pub file_type: FileType,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by_type: String,
    pub uploaded_by_id: String,
    /// When its stored bytes were found not to match its hash.
    pub damaged_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<FileRow>> {
    Ok(files::table
        .find(id)
        .select(FileRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, row: &FileRow) -> AppResult<()> {
    diesel::insert_into(files::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Records (`Some`) or clears (`None`) the damage of every file whose bytes are `sha256`: they
/// share them.
pub fn set_damaged(conn: &mut DbConn, sha256: &str, at: Option<NaiveDateTime>) -> AppResult<usize> {
    Ok(
        diesel::update(files::table.filter(files::sha256.eq(sha256)))
            .set(files::damaged_at.eq(at))
            .execute(conn)?,
    )
}

/// The nominations whose dossiers list the file.
pub fn attached_to(conn: &mut DbConn, file_id: &str) -> AppResult<Vec<NominationRow>> {
    Ok(dossier_items::table
        .inner_join(nominations::table)
        .filter(dossier_items::file_id.eq(file_id))
        .select(NominationRow::as_select())
        .distinct()
        .load(conn)?)
}
