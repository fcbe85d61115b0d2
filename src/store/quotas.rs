//! Quota rules (letter points 6c and 6d) as data, each with the document that sets it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::quota_rules;
use super::DbConn;
use crate::domain::awardees::AwardStream;
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
    /// For a congress track: the congress whose pool it counts.
    pub congress_id: Option<String>,
    /// The first day it counts (`None`: from always, as the letter's rules).
    pub valid_from: Option<NaiveDate>,
    /// The rule of the same pools it replaced from `valid_from`.
    pub supersedes_id: Option<String>,
    /// For a stream's own pool: the stream (never merit, whose pools are the movements').
    pub stream: Option<AwardStream>,
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

/// Writes a rule's limit and description.
pub fn update(conn: &mut DbConn, row: &QuotaRuleRow) -> AppResult<()> {
    diesel::update(quota_rules::table.find(&row.id))
        .set((
            quota_rules::max_count.eq(row.max_count),
            quota_rules::description.eq(&row.description),
        ))
        .execute(conn)?;
    Ok(())
}
