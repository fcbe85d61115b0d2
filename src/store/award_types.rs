//! Award types (the forms of commendation, now with the titles): what each is, and its
//! versions on a legal basis, each in force from a day.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{award_type_versions, award_types, nominations};
use super::DbConn;
use crate::domain::awardees::{AwardLevel, AwardNature, AwardStream, Recipient};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = award_types, treat_none_as_null = true)]
pub struct AwardTypeRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub nature: AwardNature,
    pub recipient: Recipient,
    pub level: AwardLevel,
    pub stream: AwardStream,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An award type as the forms of commendation show it (the shape before award types).
#[derive(Queryable, Selectable, Serialize, Clone, Debug)]
#[diesel(table_name = award_types)]
pub struct FormRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = award_type_versions, treat_none_as_null = true)]
pub struct VersionRow {
    pub id: String,
    pub award_type_id: String,
    pub legal_basis: String,
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub deciding_authority: String,
    pub bonus_per_mille: Option<i32>,
    pub ballot_required: bool,
    pub ballot_threshold_percent: Option<i32>,
    pub registration_required: bool,
    /// The dossier items as a JSON array (code, name, required).
    pub dossier_items: String,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

impl VersionRow {
    /// The documents its dossier lists (an unreadable list reads as none).
    pub fn checklist(&self) -> Vec<crate::domain::files::ChecklistItem> {
        serde_json::from_str(&self.dossier_items).unwrap_or_default()
    }

    /// Whether this version is the law on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        crate::domain::in_force(self.valid_from, self.valid_to, day)
    }
}

#[derive(Default, Debug, Clone)]
pub struct Filter {
    pub nature: Option<AwardNature>,
    pub recipient: Option<Recipient>,
    pub level: Option<AwardLevel>,
    pub stream: Option<AwardStream>,
    pub active: Option<bool>,
}

/// Every award type as a form of commendation, by code.
pub fn forms(conn: &mut DbConn) -> AppResult<Vec<FormRow>> {
    Ok(award_types::table
        .order(award_types::code)
        .select(FormRow::as_select())
        .load(conn)?)
}

pub fn form(conn: &mut DbConn, id: &str) -> AppResult<Option<FormRow>> {
    Ok(award_types::table
        .find(id)
        .select(FormRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<AwardTypeRow>> {
    Ok(award_types::table
        .find(id)
        .select(AwardTypeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<AwardTypeRow>> {
    Ok(award_types::table
        .filter(award_types::code.eq(code))
        .select(AwardTypeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Award types by code.
pub fn list(conn: &mut DbConn, f: &Filter) -> AppResult<Vec<AwardTypeRow>> {
    let mut q = award_types::table
        .select(AwardTypeRow::as_select())
        .into_boxed();
    if let Some(v) = f.nature {
        q = q.filter(award_types::nature.eq(v));
    }
    if let Some(v) = f.recipient {
        q = q.filter(award_types::recipient.eq(v));
    }
    if let Some(v) = f.level {
        q = q.filter(award_types::level.eq(v));
    }
    if let Some(v) = f.stream {
        q = q.filter(award_types::stream.eq(v));
    }
    if let Some(v) = f.active {
        q = q.filter(award_types::active.eq(v));
    }
    Ok(q.order(award_types::code).load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &AwardTypeRow) -> AppResult<()> {
    diesel::insert_into(award_types::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &AwardTypeRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        award_types::table
            .filter(award_types::id.eq(&row.id))
            .filter(award_types::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// The versions of these types, by type then day.
pub fn versions_of(conn: &mut DbConn, type_ids: &[String]) -> AppResult<Vec<VersionRow>> {
    Ok(award_type_versions::table
        .filter(award_type_versions::award_type_id.eq_any(type_ids))
        .order((
            award_type_versions::award_type_id,
            award_type_versions::valid_from,
        ))
        .select(VersionRow::as_select())
        .load(conn)?)
}

pub fn insert_version(conn: &mut DbConn, row: &VersionRow) -> AppResult<()> {
    diesel::insert_into(award_type_versions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Ends a version on `last_day`.
pub fn close_version(conn: &mut DbConn, id: &str, last_day: NaiveDate) -> AppResult<()> {
    diesel::update(award_type_versions::table.find(id))
        .set(award_type_versions::valid_to.eq(Some(last_day)))
        .execute(conn)?;
    Ok(())
}

/// Whether a nomination names the type.
pub fn in_use(conn: &mut DbConn, id: &str) -> AppResult<bool> {
    let n: i64 = nominations::table
        .filter(nominations::form_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every award type's (code, id).
pub fn codes(conn: &mut DbConn) -> AppResult<Vec<(String, String)>> {
    Ok(award_types::table
        .select((award_types::code, award_types::id))
        .load(conn)?)
}
