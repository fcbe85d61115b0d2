//! The statutory base salaries, dated: each in force from its day until the next one's.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::base_salaries;
use super::DbConn;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = base_salaries)]
pub struct BaseSalaryRow {
    pub id: String,
    /// Whole đồng a month.
    pub amount: i64,
    pub valid_from: NaiveDate,
    pub legal_basis: String,
    pub document_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Every base salary, the earliest first.
pub fn all(conn: &mut DbConn) -> AppResult<Vec<BaseSalaryRow>> {
    Ok(base_salaries::table
        .select(BaseSalaryRow::as_select())
        .order(base_salaries::valid_from)
        .load(conn)?)
}

/// The base salary in force on `day`: the latest to begin on or before it.
pub fn on(conn: &mut DbConn, day: NaiveDate) -> AppResult<Option<BaseSalaryRow>> {
    Ok(base_salaries::table
        .filter(base_salaries::valid_from.le(day))
        .select(BaseSalaryRow::as_select())
        .order(base_salaries::valid_from.desc())
        .first(conn)
        .optional()?)
}

pub fn starting(conn: &mut DbConn, day: NaiveDate) -> AppResult<Option<BaseSalaryRow>> {
    Ok(base_salaries::table
        .filter(base_salaries::valid_from.eq(day))
        .select(BaseSalaryRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, row: &BaseSalaryRow) -> AppResult<()> {
    diesel::insert_into(base_salaries::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}
