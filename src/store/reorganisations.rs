//! Reorganisations of units: events on legal documents, effective on a date.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::reorganisations;
use super::DbConn;
use crate::domain::vocab::ReorganisationKind;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = reorganisations, treat_none_as_null = true)]
pub struct ReorganisationRow {
    pub id: String,
    pub kind: ReorganisationKind,
    pub unit_id: String,
    pub document_id: String,
    pub effective_on: NaiveDate,
    pub new_name: Option<String>,
    pub new_code: Option<String>,
    pub new_parent_id: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &ReorganisationRow) -> AppResult<()> {
    diesel::insert_into(reorganisations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<ReorganisationRow>> {
    Ok(reorganisations::table
        .find(id)
        .select(ReorganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Events in the order they took effect (then recorded); `after` is the last (day, id) seen;
/// one more than `limit` tells whether a page follows.
pub fn list(
    conn: &mut DbConn,
    unit: Option<&str>,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<Vec<ReorganisationRow>> {
    let mut q = reorganisations::table
        .select(ReorganisationRow::as_select())
        .into_boxed();
    if let Some(unit) = unit {
        q = q.filter(reorganisations::unit_id.eq(unit.to_owned()));
    }
    if let Some((day, id)) = after {
        q = q.filter(
            reorganisations::effective_on
                .gt(day)
                .or(reorganisations::effective_on
                    .eq(day)
                    .and(reorganisations::id.gt(id))),
        );
    }
    Ok(
        q.order((reorganisations::effective_on, reorganisations::id))
            .limit(limit + 1)
            .load(conn)?,
    )
}
