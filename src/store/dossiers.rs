//! The items of each nomination's dossier: files (or links carried over from before files),
//! each under a code of its award type's checklist.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::dossier_items;
use super::DbConn;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = dossier_items)]
pub struct ItemRow {
    pub id: String,
    pub nomination_id: String,
    /// A code of the award type's checklist, or `khac` (another document).
    pub item_code: String,
    /// The file it points to; `None` for a link carried over from before files.
    pub file_id: Option<String>,
    /// The link of an item carried over from before files.
    pub url: Option<String>,
    pub name: String,
    pub media_type: Option<String>,
    pub size: Option<i64>,
    /// The file's hash, or the one a carried-over link claimed.
    pub sha256: Option<String>,
    pub note: Option<String>,
    pub added_by_type: Option<String>,
    pub added_by_id: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn items(conn: &mut DbConn, nomination_id: &str) -> AppResult<Vec<ItemRow>> {
    Ok(dossier_items::table
        .filter(dossier_items::nomination_id.eq(nomination_id))
        .select(ItemRow::as_select())
        .order((dossier_items::created_at, dossier_items::id))
        .load(conn)?)
}

pub fn item(conn: &mut DbConn, id: &str) -> AppResult<Option<ItemRow>> {
    Ok(dossier_items::table
        .find(id)
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, row: &ItemRow) -> AppResult<()> {
    diesel::insert_into(dossier_items::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(dossier_items::table.find(id)).execute(conn)?;
    Ok(())
}
