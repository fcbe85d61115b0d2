//! The emulation fund (Quỹ thi đua, khen thưởng) per year, and the grants paid from it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{emulation_funds, fund_entries, funding_grants};
use super::DbConn;
use crate::domain::register::{FundEntryKind, GrantState};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = emulation_funds, treat_none_as_null = true)]
pub struct FundRow {
    pub year: i32,
    pub amount: i64,
    pub document_id: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = funding_grants, treat_none_as_null = true)]
pub struct GrantRow {
    pub id: String,
    pub movement_id: String,
    pub unit_id: String,
    pub year: i32,
    pub amount: i64,
    pub purpose: String,
    pub state: GrantState,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One movement of a year's fund: income positive, spending negative.
#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = fund_entries)]
pub struct EntryRow {
    pub id: String,
    pub year: i32,
    pub kind: FundEntryKind,
    pub amount: i64,
    pub document_id: Option<String>,
    pub grant_id: Option<String>,
    pub decision_id: Option<String>,
    pub note: String,
    pub created_at: NaiveDateTime,
}

pub fn insert_entry(conn: &mut DbConn, row: &EntryRow) -> AppResult<()> {
    diesel::insert_into(fund_entries::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The entries of a year, oldest first.
pub fn entries(conn: &mut DbConn, year: i32) -> AppResult<Vec<EntryRow>> {
    Ok(fund_entries::table
        .filter(fund_entries::year.eq(year))
        .order((fund_entries::created_at.asc(), fund_entries::id.asc()))
        .select(EntryRow::as_select())
        .load(conn)?)
}

/// The sum of a year's entries of these kinds.
pub fn entries_total(conn: &mut DbConn, year: i32, kinds: &[FundEntryKind]) -> AppResult<i64> {
    let rows: Vec<i64> = fund_entries::table
        .filter(fund_entries::year.eq(year))
        .filter(fund_entries::kind.eq_any(kinds.to_vec()))
        .select(fund_entries::amount)
        .load(conn)?;
    Ok(rows.iter().fold(0i64, |acc, a| acc.saturating_add(*a)))
}

#[derive(Default, Debug)]
pub struct Filter {
    pub year: Option<i32>,
    pub movement_id: Option<String>,
    pub unit_id: Option<String>,
    pub state: Option<GrantState>,
}

pub fn fund(conn: &mut DbConn, year: i32) -> AppResult<Option<FundRow>> {
    Ok(emulation_funds::table
        .find(year)
        .select(FundRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_fund(conn: &mut DbConn, row: &FundRow) -> AppResult<()> {
    diesel::insert_into(emulation_funds::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update_fund(conn: &mut DbConn, row: &FundRow) -> AppResult<()> {
    diesel::update(emulation_funds::table.find(row.year))
        .set(row)
        .execute(conn)?;
    Ok(())
}

/// The sum of the grants of a year in a state.
pub fn total(conn: &mut DbConn, year: i32, state: GrantState) -> AppResult<i64> {
    let rows: Vec<i64> = funding_grants::table
        .filter(funding_grants::year.eq(year))
        .filter(funding_grants::state.eq(state))
        .select(funding_grants::amount)
        .load(conn)?;
    Ok(rows.iter().fold(0i64, |acc, a| acc.saturating_add(*a)))
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<GrantRow>> {
    Ok(funding_grants::table
        .find(id)
        .select(GrantRow::as_select())
        .first(conn)
        .optional()?)
}

/// Grants, newest first; `after` is the last id seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<GrantRow>> {
    let mut q = funding_grants::table
        .select(GrantRow::as_select())
        .into_boxed();
    if let Some(v) = f.year {
        q = q.filter(funding_grants::year.eq(v));
    }
    if let Some(v) = &f.movement_id {
        q = q.filter(funding_grants::movement_id.eq(v.clone()));
    }
    if let Some(v) = &f.unit_id {
        q = q.filter(funding_grants::unit_id.eq(v.clone()));
    }
    if let Some(v) = f.state {
        q = q.filter(funding_grants::state.eq(v));
    }
    if let Some(id) = after {
        q = q.filter(funding_grants::id.lt(id.to_owned()));
    }
    Ok(q.order(funding_grants::id.desc())
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &GrantRow) -> AppResult<()> {
    diesel::insert_into(funding_grants::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &GrantRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        funding_grants::table
            .filter(funding_grants::id.eq(&row.id))
            .filter(funding_grants::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}
