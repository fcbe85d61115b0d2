//! Initiatives (sáng kiến) and restrictions (kỷ luật, thanh tra, khiếu nại) of awardees: the
//! facts eligibility reads besides the award register.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{initiatives, restrictions};
use super::DbConn;
use crate::domain::awardees::{InitiativeReach, RestrictionKind};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = initiatives, treat_none_as_null = true)]
pub struct InitiativeRow {
    pub id: String,
    pub awardee_id: String,
    pub title: String,
    pub reach: InitiativeReach,
    pub document_number: String,
    pub recognised_on: NaiveDate,
    pub document_id: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = restrictions, treat_none_as_null = true)]
pub struct RestrictionRow {
    pub id: String,
    pub awardee_id: String,
    pub kind: RestrictionKind,
    pub starts_on: NaiveDate,
    /// `None` while it lasts.
    pub ends_on: Option<NaiveDate>,
    pub document_number: String,
    pub document_id: Option<String>,
    pub note: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<InitiativeRow>> {
    Ok(initiatives::table
        .find(id)
        .select(InitiativeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Initiatives, the latest recognised first, of one awardee and of one reach when given.
pub fn list(
    conn: &mut DbConn,
    awardee_id: Option<&str>,
    reach: Option<InitiativeReach>,
) -> AppResult<Vec<InitiativeRow>> {
    let mut q = initiatives::table
        .select(InitiativeRow::as_select())
        .into_boxed();
    if let Some(v) = awardee_id {
        q = q.filter(initiatives::awardee_id.eq(v.to_owned()));
    }
    if let Some(v) = reach {
        q = q.filter(initiatives::reach.eq(v));
    }
    Ok(
        q.order((initiatives::recognised_on.desc(), initiatives::id.desc()))
            .load(conn)?,
    )
}

pub fn insert(conn: &mut DbConn, row: &InitiativeRow) -> AppResult<()> {
    diesel::insert_into(initiatives::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// An awardee's restrictions, the latest first.
pub fn restrictions_of(conn: &mut DbConn, awardee_id: &str) -> AppResult<Vec<RestrictionRow>> {
    Ok(restrictions::table
        .filter(restrictions::awardee_id.eq(awardee_id))
        .order((restrictions::starts_on.desc(), restrictions::id.desc()))
        .select(RestrictionRow::as_select())
        .load(conn)?)
}

pub fn restriction(conn: &mut DbConn, id: &str) -> AppResult<Option<RestrictionRow>> {
    Ok(restrictions::table
        .find(id)
        .select(RestrictionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_restriction(conn: &mut DbConn, row: &RestrictionRow) -> AppResult<()> {
    diesel::insert_into(restrictions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update_restriction(
    conn: &mut DbConn,
    row: &RestrictionRow,
    expected: i64,
) -> AppResult<bool> {
    let n = diesel::update(
        restrictions::table
            .filter(restrictions::id.eq(&row.id))
            .filter(restrictions::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}
