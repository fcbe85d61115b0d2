//! Inspections of units (kiểm tra, giám sát) and their follow-up actions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{inspection_actions, inspections};
use super::DbConn;
use crate::domain::vocab::ActionStatus;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = inspections, treat_none_as_null = true)]
pub struct InspectionRow {
    pub id: String,
    pub unit_id: String,
    pub inspected_on: NaiveDate,
    /// A JSON array of scopes: `plans`, `reporting`, `publicity`, `movement`.
    pub scopes: String,
    pub movement_id: Option<String>,
    pub findings: String,
    pub created_by: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = inspection_actions, treat_none_as_null = true)]
pub struct ActionRow {
    pub id: String,
    pub inspection_id: String,
    pub position: i32,
    pub description: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Default, Debug)]
pub struct Filter {
    pub unit_id: Option<String>,
    pub year: Option<i32>,
    /// Only inspections with an action still open past its due date on this day.
    pub overdue_on: Option<NaiveDate>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<InspectionRow>> {
    Ok(inspections::table
        .find(id)
        .select(InspectionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Inspections, newest first; `after` is the last id seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<InspectionRow>> {
    let mut q = inspections::table
        .select(InspectionRow::as_select())
        .into_boxed();
    if let Some(u) = &f.unit_id {
        q = q.filter(inspections::unit_id.eq(u.clone()));
    }
    if let Some(y) = f.year {
        if let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        ) {
            q = q.filter(inspections::inspected_on.between(first, last));
        }
    }
    if let Some(day) = f.overdue_on {
        q = q.filter(
            inspections::id.eq_any(
                inspection_actions::table
                    .filter(inspection_actions::status.eq(ActionStatus::Open))
                    .filter(inspection_actions::due_on.lt(day))
                    .select(inspection_actions::inspection_id),
            ),
        );
    }
    if let Some(id) = after {
        q = q.filter(inspections::id.lt(id.to_owned()));
    }
    Ok(q.order(inspections::id.desc())
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &InspectionRow) -> AppResult<()> {
    diesel::insert_into(inspections::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Writes `row` if the stored version is still `expected`; false when another write won.
pub fn update(conn: &mut DbConn, row: &InspectionRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        inspections::table
            .find(&row.id)
            .filter(inspections::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// The actions of some inspections, in their order.
pub fn actions(conn: &mut DbConn, inspection_ids: &[String]) -> AppResult<Vec<ActionRow>> {
    Ok(inspection_actions::table
        .filter(inspection_actions::inspection_id.eq_any(inspection_ids))
        .order((
            inspection_actions::inspection_id,
            inspection_actions::position,
        ))
        .select(ActionRow::as_select())
        .load(conn)?)
}

pub fn insert_action(conn: &mut DbConn, row: &ActionRow) -> AppResult<()> {
    diesel::insert_into(inspection_actions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update_action(conn: &mut DbConn, row: &ActionRow) -> AppResult<()> {
    diesel::update(inspection_actions::table.find(&row.id))
        .set(row)
        .execute(conn)?;
    Ok(())
}
