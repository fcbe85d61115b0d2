//! The deadlines of each award stream per year, and the titles units register for at the start
//! of a year (đăng ký thi đua).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{stream_deadlines, title_registrations, units};
use super::DbConn;
use crate::domain::awardees::AwardStream;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = stream_deadlines, treat_none_as_null = true)]
pub struct DeadlineRow {
    /// `{year}/{stream}`.
    pub id: String,
    pub year: i32,
    pub stream: AwardStream,
    /// The last day units register the titles they aim for (the merit stream's).
    pub registration_due: Option<NaiveDate>,
    /// The last day the province receives the stream's nominations.
    pub nominations_due: Option<NaiveDate>,
    pub note: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = title_registrations)]
pub struct RegistrationRow {
    pub id: String,
    pub year: i32,
    pub awardee_id: String,
    pub award_type_id: String,
    /// The awardee's unit when it registered.
    pub unit_id: String,
    pub registered_on: NaiveDate,
    pub created_at: NaiveDateTime,
}

/// Which registrations to list.
#[derive(Default, Debug, Clone)]
pub struct Filter {
    pub year: Option<i32>,
    pub unit_id: Option<String>,
    pub awardee_id: Option<String>,
    pub award_type_id: Option<String>,
}

pub fn deadline(
    conn: &mut DbConn,
    year: i32,
    stream: AwardStream,
) -> AppResult<Option<DeadlineRow>> {
    Ok(stream_deadlines::table
        .filter(stream_deadlines::year.eq(year))
        .filter(stream_deadlines::stream.eq(stream))
        .select(DeadlineRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn deadlines(conn: &mut DbConn, year: Option<i32>) -> AppResult<Vec<DeadlineRow>> {
    let mut q = stream_deadlines::table
        .select(DeadlineRow::as_select())
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(stream_deadlines::year.eq(y));
    }
    Ok(
        q.order((stream_deadlines::year.desc(), stream_deadlines::stream))
            .load(conn)?,
    )
}

pub fn insert_deadline(conn: &mut DbConn, row: &DeadlineRow) -> AppResult<()> {
    diesel::insert_into(stream_deadlines::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update_deadline(conn: &mut DbConn, row: &DeadlineRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        stream_deadlines::table
            .find(&row.id)
            .filter(stream_deadlines::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<RegistrationRow>> {
    Ok(title_registrations::table
        .find(id)
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// The registration of `awardee` for `award_type` in `year`, if there is one.
pub fn find(
    conn: &mut DbConn,
    year: i32,
    awardee: &str,
    award_type: &str,
) -> AppResult<Option<RegistrationRow>> {
    Ok(title_registrations::table
        .filter(title_registrations::year.eq(year))
        .filter(title_registrations::awardee_id.eq(awardee))
        .filter(title_registrations::award_type_id.eq(award_type))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Registrations, by year (latest first), unit and id.
pub fn list(conn: &mut DbConn, f: &Filter) -> AppResult<Vec<RegistrationRow>> {
    let mut q = title_registrations::table
        .select(RegistrationRow::as_select())
        .into_boxed();
    if let Some(y) = f.year {
        q = q.filter(title_registrations::year.eq(y));
    }
    if let Some(v) = &f.unit_id {
        q = q.filter(title_registrations::unit_id.eq(v.clone()));
    }
    if let Some(v) = &f.awardee_id {
        q = q.filter(title_registrations::awardee_id.eq(v.clone()));
    }
    if let Some(v) = &f.award_type_id {
        q = q.filter(title_registrations::award_type_id.eq(v.clone()));
    }
    Ok(q.order((
        title_registrations::year.desc(),
        title_registrations::unit_id,
        title_registrations::id,
    ))
    .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &RegistrationRow) -> AppResult<()> {
    diesel::insert_into(title_registrations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(title_registrations::table.find(id)).execute(conn)?;
    Ok(())
}

/// Every active unit with how many registrations it made in `year`: (id, code, name, count),
/// by code.
pub fn by_unit(conn: &mut DbConn, year: i32) -> AppResult<Vec<(String, String, String, i64)>> {
    let units: Vec<(String, String, String)> = units::table
        .filter(units::active.eq(true))
        .select((units::id, units::code, units::name))
        .order(units::code)
        .load(conn)?;
    let counts: Vec<(String, i64)> = title_registrations::table
        .filter(title_registrations::year.eq(year))
        .group_by(title_registrations::unit_id)
        .select((title_registrations::unit_id, diesel::dsl::count_star()))
        .load(conn)?;
    let counts: std::collections::HashMap<String, i64> = counts.into_iter().collect();
    Ok(units
        .into_iter()
        .map(|(id, code, name)| {
            let n = counts.get(&id).copied().unwrap_or(0);
            (id, code, name, n)
        })
        .collect())
}
