//! Idempotency keys: the first answer to a write, kept per caller and key so that a retry
//! gets it again instead of writing twice (see `http::idempotency`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::idempotency_keys;
use super::DbConn;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = idempotency_keys)]
pub struct KeyRow {
    /// Who asked and where: `user:<id> POST /api/v1/reports`.
    pub scope: String,
    pub idem_key: String,
    /// SHA-256 of the request body as JSON with sorted keys: a replay must match it.
    pub request_hash: String,
    /// The first answer, replayed for the key.
    pub status: i32,
    pub response: String,
    pub created_at: NaiveDateTime,
    /// The first answer's headers worth replaying (Location, ETag), as a JSON array of pairs.
    pub headers: String,
}

pub fn get(conn: &mut DbConn, scope: &str, key: &str) -> AppResult<Option<KeyRow>> {
    Ok(idempotency_keys::table
        .find((scope, key))
        .select(KeyRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, row: &KeyRow) -> AppResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Forgets keys created before `before` (they live at least 24 hours).
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> AppResult<()> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before)))
        .execute(conn)?;
    Ok(())
}
