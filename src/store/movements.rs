//! Movements (phong trào thi đua) with the history of their names and lead units.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{movement_leads, movement_names, movement_scales, movements};
use super::DbConn;
use crate::domain::register::{MovementStatus, Scale};
use crate::domain::text;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = movements, treat_none_as_null = true)]
pub struct MovementRow {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(skip)]
    pub name_key: String,
    #[serde(skip)]
    pub search_text: String,
    pub lead_unit_id: String,
    pub basis_document_id: String,
    pub programme_document_id: Option<String>,
    pub phase_from: Option<i32>,
    pub phase_to: Option<i32>,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub participation_scale: Scale,
    pub status: MovementStatus,
    pub description: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One name of a movement, or one lead unit: valid from a day to a day (open when current).
#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = movement_names)]
pub struct NameRow {
    pub id: String,
    pub movement_id: String,
    pub name: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub document_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = movement_leads)]
pub struct LeadRow {
    pub id: String,
    pub movement_id: String,
    pub unit_id: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub document_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Default, Debug)]
pub struct Filter {
    pub terms: Vec<String>,
    pub lead_unit_id: Option<String>,
    pub status: Option<MovementStatus>,
    pub scale: Option<Scale>,
    pub programme_document_id: Option<String>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<MovementRow>> {
    Ok(movements::table
        .find(id)
        .select(MovementRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<MovementRow>> {
    Ok(movements::table
        .filter(movements::code.eq(code))
        .select(MovementRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every movement's code and id (an import resolves codes in memory).
pub fn codes(conn: &mut DbConn) -> AppResult<Vec<(String, String)>> {
    Ok(movements::table
        .select((movements::code, movements::id))
        .load(conn)?)
}

/// Movements in Vietnamese alphabetical order of their current names. The search matches
/// any name the movement has ever had.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<Vec<MovementRow>> {
    let mut q = movements::table
        .select(MovementRow::as_select())
        .into_boxed();
    for term in &f.terms {
        q = q.filter(movements::search_text.like(format!("%{term}%")));
    }
    if let Some(v) = &f.lead_unit_id {
        q = q.filter(movements::lead_unit_id.eq(v.clone()));
    }
    if let Some(v) = f.status {
        q = q.filter(movements::status.eq(v));
    }
    if let Some(v) = f.scale {
        q = q.filter(movements::participation_scale.eq(v));
    }
    if let Some(v) = &f.programme_document_id {
        q = q.filter(movements::programme_document_id.eq(v.clone()));
    }
    if let Some((key, id)) = after {
        q = q.filter(
            movements::name_key
                .gt(key.clone())
                .or(movements::name_key.eq(key).and(movements::id.gt(id))),
        );
    }
    Ok(q.order((movements::name_key.asc(), movements::id.asc()))
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &MovementRow) -> AppResult<()> {
    diesel::insert_into(movements::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &MovementRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        movements::table
            .filter(movements::id.eq(&row.id))
            .filter(movements::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// The names of the given movements, oldest first.
pub fn names(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<NameRow>> {
    Ok(movement_names::table
        .filter(movement_names::movement_id.eq_any(ids))
        .order((movement_names::movement_id, movement_names::valid_from))
        .select(NameRow::as_select())
        .load(conn)?)
}

pub fn leads(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<LeadRow>> {
    Ok(movement_leads::table
        .filter(movement_leads::movement_id.eq_any(ids))
        .order((movement_leads::movement_id, movement_leads::valid_from))
        .select(LeadRow::as_select())
        .load(conn)?)
}

/// One participation scale of a movement, valid from a day to a day (open when current).
#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = movement_scales)]
pub struct ScaleRow {
    pub id: String,
    pub movement_id: String,
    pub scale: Scale,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub document_id: String,
    pub created_at: NaiveDateTime,
}

pub fn scales(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<ScaleRow>> {
    Ok(movement_scales::table
        .filter(movement_scales::movement_id.eq_any(ids))
        .order((movement_scales::movement_id, movement_scales::valid_from))
        .select(ScaleRow::as_select())
        .load(conn)?)
}

pub fn insert_scale(conn: &mut DbConn, row: &ScaleRow) -> AppResult<()> {
    diesel::insert_into(movement_scales::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn close_scale(conn: &mut DbConn, id: &str, valid_to: NaiveDate) -> AppResult<()> {
    diesel::update(movement_scales::table.find(id))
        .set(movement_scales::valid_to.eq(valid_to))
        .execute(conn)?;
    Ok(())
}

/// The scale of a movement in force on `day`, if its history covers the day.
pub fn scale_on(conn: &mut DbConn, movement_id: &str, day: NaiveDate) -> AppResult<Option<Scale>> {
    Ok(movement_scales::table
        .filter(movement_scales::movement_id.eq(movement_id))
        .filter(movement_scales::valid_from.le(day))
        .filter(
            movement_scales::valid_to
                .is_null()
                .or(movement_scales::valid_to.ge(day)),
        )
        .select(movement_scales::scale)
        .first(conn)
        .optional()?)
}

pub fn insert_name(conn: &mut DbConn, row: &NameRow) -> AppResult<()> {
    diesel::insert_into(movement_names::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn insert_lead(conn: &mut DbConn, row: &LeadRow) -> AppResult<()> {
    diesel::insert_into(movement_leads::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn close_name(conn: &mut DbConn, id: &str, valid_to: NaiveDate) -> AppResult<()> {
    diesel::update(movement_names::table.find(id))
        .set(movement_names::valid_to.eq(valid_to))
        .execute(conn)?;
    Ok(())
}

pub fn close_lead(conn: &mut DbConn, id: &str, valid_to: NaiveDate) -> AppResult<()> {
    diesel::update(movement_leads::table.find(id))
        .set(movement_leads::valid_to.eq(valid_to))
        .execute(conn)?;
    Ok(())
}

/// The text searched for a movement: its code and every name it has had, folded.
pub fn search_text(code: &str, names: &[String]) -> String {
    let mut all = vec![code.to_owned()];
    all.extend(names.iter().cloned());
    text::fold(&all.join(" "))
}
