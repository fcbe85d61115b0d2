//! Imports of another register: what was read, created and skipped, by whom.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::imports;
use super::DbConn;
use crate::domain::vocab::{ImportKind, OnClash};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = imports)]
pub struct ImportRow {
    pub id: String,
    pub kind: ImportKind,
    pub file_name: Option<String>,
    pub sha256: String,
    pub rows_read: i32,
    pub created: i32,
    pub skipped: i32,
    pub on_clash: OnClash,
    /// The clashes, as JSON: each row whose record was already there, with its id.
    pub clashes: String,
    pub actor_type: String,
    pub actor_id: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &ImportRow) -> AppResult<()> {
    diesel::insert_into(imports::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<ImportRow>> {
    Ok(imports::table
        .find(id)
        .select(ImportRow::as_select())
        .first(conn)
        .optional()?)
}
