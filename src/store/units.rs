//! Units (cơ quan, đơn vị): the register of agencies, with their history of reorganisations.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{unit_names, units};
use super::DbConn;
use crate::domain::vocab::UnitKind;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = units, treat_none_as_null = true)]
pub struct UnitRow {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(skip)]
    pub name_key: String,
    #[serde(skip)]
    pub search_text: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
    pub active: bool,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub successor_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a unit was called, and under whom it stood, until a change of its name or parent.
#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = unit_names, treat_none_as_null = true)]
pub struct FormerName {
    pub id: String,
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub parent_id: Option<String>,
    /// The last day it held.
    pub valid_to: NaiveDate,
    pub document_id: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert_former_name(conn: &mut DbConn, row: &FormerName) -> AppResult<()> {
    diesel::insert_into(unit_names::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The former names of the given units, oldest first.
pub fn former_names(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<FormerName>> {
    Ok(unit_names::table
        .filter(unit_names::unit_id.eq_any(ids))
        .order((
            unit_names::unit_id,
            unit_names::valid_to,
            unit_names::created_at,
        ))
        .select(FormerName::as_select())
        .load(conn)?)
}

#[derive(Default, Debug)]
pub struct Filter {
    pub terms: Vec<String>,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<String>,
    pub active: Option<bool>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<UnitRow>> {
    Ok(units::table
        .find(id)
        .select(UnitRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<UnitRow>> {
    Ok(units::table
        .filter(units::code.eq(code))
        .select(UnitRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every unit's code and id (an import resolves codes in memory).
pub fn codes(conn: &mut DbConn) -> AppResult<Vec<(String, String)>> {
    Ok(units::table.select((units::code, units::id)).load(conn)?)
}

/// Units in Vietnamese alphabetical order of their names; `after` is the last (name_key, id) seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<Vec<UnitRow>> {
    let mut q = units::table.select(UnitRow::as_select()).into_boxed();
    for term in &f.terms {
        q = q.filter(units::search_text.like(format!("%{term}%")));
    }
    if let Some(kind) = f.kind {
        q = q.filter(units::kind.eq(kind));
    }
    if let Some(parent) = &f.parent_id {
        q = q.filter(units::parent_id.eq(parent.clone()));
    }
    if let Some(active) = f.active {
        q = q.filter(units::active.eq(active));
    }
    if let Some((key, id)) = after {
        q = q.filter(
            units::name_key
                .gt(key.clone())
                .or(units::name_key.eq(key).and(units::id.gt(id))),
        );
    }
    Ok(q.order((units::name_key.asc(), units::id.asc()))
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &UnitRow) -> AppResult<()> {
    diesel::insert_into(units::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Writes `row` if the stored version is still `expected`; false when someone else got there first.
pub fn update(conn: &mut DbConn, row: &UnitRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        units::table
            .filter(units::id.eq(&row.id))
            .filter(units::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// Whether making `parent` the parent of `id` would close a cycle.
pub fn would_cycle(conn: &mut DbConn, id: &str, parent: &str) -> AppResult<bool> {
    let mut cursor = Some(parent.to_owned());
    let mut steps = 0;
    while let Some(current) = cursor {
        if current == id {
            return Ok(true);
        }
        steps += 1;
        if steps > 64 {
            return Ok(true);
        }
        cursor = units::table
            .find(&current)
            .select(units::parent_id)
            .first::<Option<String>>(conn)
            .optional()?
            .flatten();
    }
    Ok(false)
}

/// Of the given ids, those that name no unit.
pub fn missing(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<String>> {
    let found: Vec<String> = units::table
        .filter(units::id.eq_any(ids))
        .select(units::id)
        .load(conn)?;
    Ok(ids
        .iter()
        .filter(|id| !found.contains(id))
        .cloned()
        .collect())
}

/// Each of the given units that exists: its id, whether it is active and its last day.
pub fn lives(
    conn: &mut DbConn,
    ids: &[String],
) -> AppResult<Vec<(String, bool, Option<NaiveDate>)>> {
    Ok(units::table
        .filter(units::id.eq_any(ids))
        .select((units::id, units::active, units::valid_to))
        .order(units::id)
        .load(conn)?)
}

/// Of the given ids, the units that had ended before `day`, with their last day (`None`: one
/// deactivated before last days were recorded).
pub fn ended_before(
    conn: &mut DbConn,
    ids: &[String],
    day: NaiveDate,
) -> AppResult<Vec<(String, Option<NaiveDate>)>> {
    Ok(units::table
        .filter(units::id.eq_any(ids))
        .filter(
            units::valid_to
                .lt(day)
                .or(units::active.eq(false).and(units::valid_to.is_null())),
        )
        .select((units::id, units::valid_to))
        .order(units::id)
        .load(conn)?)
}

/// (id, code, name) of the given units.
pub fn names(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<(String, String, String)>> {
    Ok(units::table
        .filter(units::id.eq_any(ids))
        .select((units::id, units::code, units::name))
        .load(conn)?)
}
