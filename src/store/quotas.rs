//! Quota rules (letter points 6c and 6d) as data, each with the document that sets it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::quota_rules;
use super::DbConn;
use crate::domain::register::Scale;
use crate::domain::vocab::Track;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = quota_rules)]
pub struct QuotaRuleRow {
    pub id: String,
    pub code: String,
    pub track: Track,
    pub scale: Option<Scale>,
    pub year: Option<i32>,
    pub max_count: i32,
    pub description: String,
    pub document_id: String,
    pub created_at: NaiveDateTime,
}

pub fn all(conn: &mut DbConn) -> AppResult<Vec<QuotaRuleRow>> {
    Ok(quota_rules::table
        .order(quota_rules::code)
        .select(QuotaRuleRow::as_select())
        .load(conn)?)
}

pub fn by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<QuotaRuleRow>> {
    Ok(quota_rules::table
        .filter(quota_rules::code.eq(code))
        .select(QuotaRuleRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, row: &QuotaRuleRow) -> AppResult<()> {
    diesel::insert_into(quota_rules::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}
