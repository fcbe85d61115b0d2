//! Legal documents (văn bản): the letters, plans and decisions that every change of the
//! register rests on.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::documents;
use super::DbConn;
use crate::domain::vocab::DocumentKind;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = documents, treat_none_as_null = true)]
pub struct DocumentRow {
    pub id: String,
    pub number: String,
    pub kind: DocumentKind,
    pub issued_on: NaiveDate,
    pub issuing_unit_id: String,
    pub title: String,
    #[serde(skip)]
    pub search_text: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Default, Debug)]
pub struct Filter {
    pub terms: Vec<String>,
    pub kind: Option<DocumentKind>,
    pub issuing_unit_id: Option<String>,
    pub year: Option<i32>,
    pub active: Option<bool>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<DocumentRow>> {
    Ok(documents::table
        .find(id)
        .select(DocumentRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every document's id, number, issuing unit and day (an import resolves numbers in memory).
pub fn keys(conn: &mut DbConn) -> AppResult<Vec<(String, String, String, NaiveDate)>> {
    Ok(documents::table
        .select((
            documents::id,
            documents::number,
            documents::issuing_unit_id,
            documents::issued_on,
        ))
        .load(conn)?)
}

/// The document with this number from this unit on this day, if any.
pub fn find(
    conn: &mut DbConn,
    unit: &str,
    number: &str,
    issued_on: NaiveDate,
) -> AppResult<Option<DocumentRow>> {
    Ok(documents::table
        .filter(documents::issuing_unit_id.eq(unit))
        .filter(documents::number.eq(number))
        .filter(documents::issued_on.eq(issued_on))
        .select(DocumentRow::as_select())
        .first(conn)
        .optional()?)
}

/// The newest documents first; `after` is the last (issued_on, id) seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<Vec<DocumentRow>> {
    let mut q = documents::table
        .select(DocumentRow::as_select())
        .into_boxed();
    for term in &f.terms {
        q = q.filter(documents::search_text.like(format!("%{term}%")));
    }
    if let Some(kind) = f.kind {
        q = q.filter(documents::kind.eq(kind));
    }
    if let Some(unit) = &f.issuing_unit_id {
        q = q.filter(documents::issuing_unit_id.eq(unit.clone()));
    }
    if let Some(year) = f.year {
        if let (Some(from), Some(to)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year + 1, 1, 1),
        ) {
            q = q
                .filter(documents::issued_on.ge(from))
                .filter(documents::issued_on.lt(to));
        }
    }
    if let Some(active) = f.active {
        q = q.filter(documents::active.eq(active));
    }
    if let Some((day, id)) = after {
        q = q.filter(
            documents::issued_on
                .lt(day)
                .or(documents::issued_on.eq(day).and(documents::id.lt(id))),
        );
    }
    Ok(q.order((documents::issued_on.desc(), documents::id.desc()))
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &DocumentRow) -> AppResult<()> {
    diesel::insert_into(documents::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &DocumentRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        documents::table
            .filter(documents::id.eq(&row.id))
            .filter(documents::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// (id, number, issued_on) of the given documents.
pub fn refs(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<(String, String, NaiveDate)>> {
    Ok(documents::table
        .filter(documents::id.eq_any(ids))
        .select((documents::id, documents::number, documents::issued_on))
        .load(conn)?)
}
