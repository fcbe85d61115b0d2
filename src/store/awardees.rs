//! Awardees (cá nhân, tập thể được khen thưởng): the individuals and collectives the register's
//! commendations are given to, with the personal data the dossier forms need.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::awardees;
use super::DbConn;
use crate::domain::awardees::Gender;
use crate::domain::models::{Category, ModelKind};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = awardees, treat_none_as_null = true)]
pub struct AwardeeRow {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
    #[serde(skip)]
    pub name_key: String,
    #[serde(skip)]
    pub search_text: String,
    pub unit_id: String,
    pub category: Category,
    pub position: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub national_id: Option<String>,
    pub home_address: Option<String>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Default, Debug)]
pub struct Filter {
    pub terms: Vec<String>,
    pub unit_id: Option<String>,
    pub kind: Option<ModelKind>,
    pub category: Option<Category>,
}

/// An awardee even after it was removed (nominations and awards keep pointing at it).
pub fn get_any(conn: &mut DbConn, id: &str) -> AppResult<Option<AwardeeRow>> {
    Ok(awardees::table
        .find(id)
        .select(AwardeeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<AwardeeRow>> {
    Ok(get_any(conn, id)?.filter(|a| a.active))
}

/// The awardees of these ids, removed ones included, in no particular order.
pub fn many(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<AwardeeRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(awardees::table
        .filter(awardees::id.eq_any(ids))
        .select(AwardeeRow::as_select())
        .load(conn)?)
}

/// Awardees in Vietnamese alphabetical order; `after` is the last (name_key, id) seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<Vec<AwardeeRow>> {
    let mut q = awardees::table
        .filter(awardees::active.eq(true))
        .select(AwardeeRow::as_select())
        .into_boxed();
    for term in &f.terms {
        q = q.filter(awardees::search_text.like(format!("%{term}%")));
    }
    if let Some(v) = &f.unit_id {
        q = q.filter(awardees::unit_id.eq(v.clone()));
    }
    if let Some(v) = f.kind {
        q = q.filter(awardees::kind.eq(v));
    }
    if let Some(v) = f.category {
        q = q.filter(awardees::category.eq(v));
    }
    if let Some((key, id)) = after {
        q = q.filter(
            awardees::name_key
                .gt(key.clone())
                .or(awardees::name_key.eq(key).and(awardees::id.gt(id))),
        );
    }
    Ok(q.order((awardees::name_key.asc(), awardees::id.asc()))
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &AwardeeRow) -> AppResult<()> {
    diesel::insert_into(awardees::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &AwardeeRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        awardees::table
            .filter(awardees::id.eq(&row.id))
            .filter(awardees::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// The ids of the active awardees of a unit (a reorganisation hands them over).
pub fn of_unit(conn: &mut DbConn, unit_id: &str) -> AppResult<Vec<String>> {
    Ok(awardees::table
        .filter(awardees::unit_id.eq(unit_id))
        .filter(awardees::active.eq(true))
        .order(awardees::id)
        .select(awardees::id)
        .load(conn)?)
}

/// Every active awardee's (id, unit, kind, name key): what an import matches rows against.
pub fn keys(conn: &mut DbConn) -> AppResult<Vec<(String, String, ModelKind, String)>> {
    Ok(awardees::table
        .filter(awardees::active.eq(true))
        .select((
            awardees::id,
            awardees::unit_id,
            awardees::kind,
            awardees::name_key,
        ))
        .load(conn)?)
}
