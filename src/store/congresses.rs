//! Emulation congresses (Đại hội Thi đua yêu nước) as data: the letter's provincial congress X
//! and national congress XI, and every congress after them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::congresses;
use super::DbConn;
use crate::domain::vocab::{CongressLevel, Track};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = congresses)]
pub struct CongressRow {
    pub id: String,
    pub level: CongressLevel,
    pub number: i32,
    pub name: String,
    pub term_from: i32,
    pub term_to: i32,
    /// The year its honours count for (the year it is held).
    pub year: i32,
    pub held_on: Option<NaiveDate>,
    pub document_id: Option<String>,
    /// The congress whose honourees alone may be put forward to this one.
    pub draws_from_id: Option<String>,
    /// The old track value that names it (`provincial_congress`: X, `national_congress`: XI).
    pub alias: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<CongressRow>> {
    Ok(congresses::table
        .find(id)
        .select(CongressRow::as_select())
        .first(conn)
        .optional()?)
}

/// The congress an old track value names.
pub fn by_alias(conn: &mut DbConn, track: Track) -> AppResult<Option<CongressRow>> {
    Ok(congresses::table
        .filter(congresses::alias.eq(track.as_str()))
        .select(CongressRow::as_select())
        .first(conn)
        .optional()?)
}

/// Congresses held in `year` (all of them when `None`), by year, level and number; `after` is
/// the last (year, id) seen, and one more than `limit` tells whether a page follows.
pub fn list(
    conn: &mut DbConn,
    year: Option<i32>,
    after: Option<(i32, String)>,
    limit: i64,
) -> AppResult<Vec<CongressRow>> {
    let mut q = congresses::table
        .select(CongressRow::as_select())
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(congresses::year.eq(y));
    }
    if let Some((y, id)) = after {
        q = q.filter(
            congresses::year
                .gt(y)
                .or(congresses::year.eq(y).and(congresses::id.gt(id))),
        );
    }
    Ok(q.order((congresses::year, congresses::id))
        .limit(limit + 1)
        .load(conn)?)
}

/// Whether a congress of that level, number and term is on record.
pub fn exists(
    conn: &mut DbConn,
    level: CongressLevel,
    number: i32,
    term_from: i32,
) -> AppResult<bool> {
    let n: i64 = congresses::table
        .filter(congresses::level.eq(level))
        .filter(congresses::number.eq(number))
        .filter(congresses::term_from.eq(term_from))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn insert(conn: &mut DbConn, row: &CongressRow) -> AppResult<()> {
    diesel::insert_into(congresses::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}
