//! Criteria sets (bộ tiêu chí): versioned per movement; a version used by a score is frozen.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{criteria, criteria_sets};
use super::{now, DbConn};
use crate::domain::vocab::AppliesTo;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = criteria_sets, treat_none_as_null = true)]
pub struct SetRow {
    pub id: String,
    pub movement_id: String,
    pub version: i32,
    pub title: String,
    pub applies_to: AppliesTo,
    pub threshold: i32,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = criteria)]
pub struct CriterionRow {
    pub id: String,
    pub criteria_set_id: String,
    pub position: i32,
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub max_points: i32,
    pub mandatory: bool,
    pub pass_mark: Option<i32>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<SetRow>> {
    Ok(criteria_sets::table
        .find(id)
        .select(SetRow::as_select())
        .first(conn)
        .optional()?)
}

/// The versions of a movement's criteria set, newest first; `after` is the last version seen.
pub fn list(
    conn: &mut DbConn,
    movement_id: &str,
    after: Option<i32>,
    limit: i64,
) -> AppResult<Vec<SetRow>> {
    let mut q = criteria_sets::table
        .filter(criteria_sets::movement_id.eq(movement_id))
        .select(SetRow::as_select())
        .into_boxed();
    if let Some(v) = after {
        q = q.filter(criteria_sets::version.lt(v));
    }
    Ok(q.order(criteria_sets::version.desc())
        .limit(limit + 1)
        .load(conn)?)
}

pub fn next_version(conn: &mut DbConn, movement_id: &str) -> AppResult<i32> {
    let max: Option<i32> = criteria_sets::table
        .filter(criteria_sets::movement_id.eq(movement_id))
        .select(diesel::dsl::max(criteria_sets::version))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn insert(conn: &mut DbConn, row: &SetRow) -> AppResult<()> {
    diesel::insert_into(criteria_sets::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Writes `row` unless a score has used it meanwhile; false when it is frozen.
pub fn update_unused(conn: &mut DbConn, row: &SetRow) -> AppResult<bool> {
    let n = diesel::update(
        criteria_sets::table
            .filter(criteria_sets::id.eq(&row.id))
            .filter(criteria_sets::used_at.is_null()),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn criteria(conn: &mut DbConn, set_ids: &[String]) -> AppResult<Vec<CriterionRow>> {
    Ok(criteria::table
        .filter(criteria::criteria_set_id.eq_any(set_ids))
        .order((criteria::criteria_set_id, criteria::position))
        .select(CriterionRow::as_select())
        .load(conn)?)
}

pub fn set_criteria(conn: &mut DbConn, set_id: &str, rows: &[CriterionRow]) -> AppResult<()> {
    diesel::delete(criteria::table.filter(criteria::criteria_set_id.eq(set_id))).execute(conn)?;
    for row in rows {
        diesel::insert_into(criteria::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Freezes a version: called in the transaction of the first score that uses it.
pub fn mark_used(conn: &mut DbConn, set_id: &str) -> AppResult<()> {
    diesel::update(
        criteria_sets::table
            .filter(criteria_sets::id.eq(set_id))
            .filter(criteria_sets::used_at.is_null()),
    )
    .set(criteria_sets::used_at.eq(now()))
    .execute(conn)?;
    Ok(())
}
