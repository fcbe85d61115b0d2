//! Report types, the reports units submit (every revision kept), locked periods and ad-hoc
//! report requests.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{
    emulation_groups, group_members, movement_leads, movements, period_locks, plans,
    report_requests, report_types, reports, units,
};
use super::{now, DbConn};
use crate::domain::periods::PeriodType;
use crate::domain::vocab::Audience;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = report_types, treat_none_as_null = true)]
pub struct ReportTypeRow {
    pub id: String,
    pub code: String,
    pub title: String,
    pub period_type: PeriodType,
    pub content_schema: String,
    pub due_days: i32,
    pub grace_days: i32,
    pub audience: Audience,
    /// For audience `units`: a JSON array of unit ids.
    pub audience_unit_ids: String,
    pub movement_id: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: String,
    pub report_type_id: String,
    pub unit_id: String,
    pub period: String,
    pub revision: i32,
    pub content: String,
    pub content_sha256: String,
    pub submitted_at: NaiveDateTime,
    pub submitted_by: String,
    pub accepted_at: Option<NaiveDateTime>,
}

/// A coordinator's request for an ad-hoc report; its code is the report's period.
#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = report_requests)]
pub struct RequestRow {
    pub id: String,
    pub code: String,
    pub report_type_id: String,
    pub title: String,
    pub due_on: NaiveDate,
    /// A JSON array of the recipients' unit ids.
    pub unit_ids: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl RequestRow {
    pub fn recipients(&self) -> Vec<String> {
        serde_json::from_str(&self.unit_ids).unwrap_or_default()
    }
}

pub fn report_type(conn: &mut DbConn, id: &str) -> AppResult<Option<ReportTypeRow>> {
    Ok(report_types::table
        .find(id)
        .select(ReportTypeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn report_type_by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<ReportTypeRow>> {
    Ok(report_types::table
        .filter(report_types::code.eq(code))
        .select(ReportTypeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Report types by code; `after` is the last code seen.
pub fn report_types(
    conn: &mut DbConn,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<ReportTypeRow>> {
    let mut q = report_types::table
        .select(ReportTypeRow::as_select())
        .into_boxed();
    if let Some(code) = after {
        q = q.filter(report_types::code.gt(code.to_owned()));
    }
    Ok(q.order(report_types::code).limit(limit + 1).load(conn)?)
}

pub fn insert_report_type(conn: &mut DbConn, row: &ReportTypeRow) -> AppResult<()> {
    diesel::insert_into(report_types::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn report(conn: &mut DbConn, id: &str) -> AppResult<Option<ReportRow>> {
    Ok(reports::table
        .find(id)
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?)
}

/// Per unit that reported for a type and period: its first submission and how many revisions.
pub fn first_submissions(
    conn: &mut DbConn,
    type_id: &str,
    period: &str,
) -> AppResult<Vec<(String, NaiveDateTime, i64)>> {
    use diesel::dsl::{count_star, min};
    let rows: Vec<(String, Option<NaiveDateTime>, i64)> = reports::table
        .filter(reports::report_type_id.eq(type_id))
        .filter(reports::period.eq(period))
        .group_by(reports::unit_id)
        .select((reports::unit_id, min(reports::submitted_at), count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(unit, first, n)| first.map(|f| (unit, f, n)))
        .collect())
}

/// The latest revision number of one unit's report for a type and period, and whether any
/// revision was accepted.
pub fn latest_revision(
    conn: &mut DbConn,
    type_id: &str,
    unit_id: &str,
    period: &str,
) -> AppResult<(Option<i32>, bool)> {
    let rows: Vec<(i32, Option<NaiveDateTime>)> = reports::table
        .filter(reports::report_type_id.eq(type_id))
        .filter(reports::unit_id.eq(unit_id))
        .filter(reports::period.eq(period))
        .select((reports::revision, reports::accepted_at))
        .load(conn)?;
    Ok((
        rows.iter().map(|(r, _)| *r).max(),
        rows.iter().any(|(_, a)| a.is_some()),
    ))
}

#[derive(Default, Debug)]
pub struct Filter {
    pub report_type_id: Option<String>,
    pub unit_id: Option<String>,
    pub period: Option<String>,
}

/// Reports, newest first; `after` is the last id seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<ReportRow>> {
    let mut q = reports::table.select(ReportRow::as_select()).into_boxed();
    if let Some(v) = &f.report_type_id {
        q = q.filter(reports::report_type_id.eq(v.clone()));
    }
    if let Some(v) = &f.unit_id {
        q = q.filter(reports::unit_id.eq(v.clone()));
    }
    if let Some(v) = &f.period {
        q = q.filter(reports::period.eq(v.clone()));
    }
    if let Some(id) = after {
        q = q.filter(reports::id.lt(id.to_owned()));
    }
    Ok(q.order(reports::id.desc()).limit(limit + 1).load(conn)?)
}

pub fn insert_report(conn: &mut DbConn, row: &ReportRow) -> AppResult<()> {
    diesel::insert_into(reports::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn accept(conn: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::update(reports::table.find(id))
        .set(reports::accepted_at.eq(Some(now())))
        .execute(conn)?;
    Ok(())
}

pub fn is_locked(conn: &mut DbConn, type_id: &str, period: &str) -> AppResult<bool> {
    let n: i64 = period_locks::table
        .filter(period_locks::report_type_id.eq(type_id))
        .filter(period_locks::period.eq(period))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn lock(conn: &mut DbConn, type_id: &str, period: &str) -> AppResult<()> {
    if !is_locked(conn, type_id, period)? {
        diesel::insert_into(period_locks::table)
            .values((
                period_locks::report_type_id.eq(type_id),
                period_locks::period.eq(period),
                period_locks::locked_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A unit expected to report: id, code, name, and the emulation group it is in that year.
#[derive(Clone, Debug)]
pub struct ExpectedUnit {
    pub id: String,
    pub code: String,
    pub name: String,
    pub group: Option<(String, String)>,
}

/// The units active on `day`, with their group of `year`.
pub fn units_active_on(
    conn: &mut DbConn,
    day: NaiveDate,
    year: i32,
) -> AppResult<Vec<ExpectedUnit>> {
    let rows: Vec<(String, String, String, bool, Option<NaiveDate>)> = units::table
        .filter(units::valid_from.is_null().or(units::valid_from.le(day)))
        .filter(units::valid_to.is_null().or(units::valid_to.ge(day)))
        .select((
            units::id,
            units::code,
            units::name,
            units::active,
            units::valid_to,
        ))
        .order(units::code)
        .load(conn)?;
    let groups: std::collections::HashMap<String, (String, String)> = group_members::table
        .inner_join(emulation_groups::table)
        .filter(group_members::year.eq(year))
        .filter(group_members::active.eq(true))
        .select((
            group_members::unit_id,
            emulation_groups::id,
            emulation_groups::name,
        ))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(unit, group, name)| (unit, (group, name)))
        .collect();
    Ok(rows
        .into_iter()
        // A unit deactivated without an end date is gone; one with an end date counts until it.
        .filter(|(_, _, _, active, valid_to)| *active || valid_to.is_some())
        .map(|(id, code, name, _, _)| ExpectedUnit {
            group: groups.get(&id).cloned(),
            id,
            code,
            name,
        })
        .collect())
}

/// Whether a unit is in an emulation group in `year`.
pub fn in_a_group(conn: &mut DbConn, unit_id: &str, year: i32) -> AppResult<bool> {
    let n: i64 = group_members::table
        .filter(group_members::unit_id.eq(unit_id))
        .filter(group_members::year.eq(year))
        .filter(group_members::active.eq(true))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The units in an emulation group in `year`.
pub fn group_units(conn: &mut DbConn, year: i32) -> AppResult<Vec<String>> {
    Ok(group_members::table
        .filter(group_members::year.eq(year))
        .filter(group_members::active.eq(true))
        .select(group_members::unit_id)
        .load(conn)?)
}

/// The units leading a movement on `day` (one movement, or all).
pub fn leads_on(
    conn: &mut DbConn,
    movement_id: Option<&str>,
    day: NaiveDate,
) -> AppResult<Vec<String>> {
    let mut q = movement_leads::table
        .filter(movement_leads::valid_from.le(day))
        .filter(
            movement_leads::valid_to
                .is_null()
                .or(movement_leads::valid_to.ge(day)),
        )
        .select(movement_leads::unit_id)
        .into_boxed();
    if let Some(m) = movement_id {
        q = q.filter(movement_leads::movement_id.eq(m.to_owned()));
    }
    Ok(q.load(conn)?)
}

pub fn request(conn: &mut DbConn, id: &str) -> AppResult<Option<RequestRow>> {
    Ok(report_requests::table
        .find(id)
        .select(RequestRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn request_by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<RequestRow>> {
    Ok(report_requests::table
        .filter(report_requests::code.eq(code))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()?)
}

/// Requests, newest first; `after` is the last id seen.
pub fn requests(
    conn: &mut DbConn,
    report_type_id: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<RequestRow>> {
    let mut q = report_requests::table
        .select(RequestRow::as_select())
        .into_boxed();
    if let Some(t) = report_type_id {
        q = q.filter(report_requests::report_type_id.eq(t.to_owned()));
    }
    if let Some(id) = after {
        q = q.filter(report_requests::id.lt(id.to_owned()));
    }
    Ok(q.order(report_requests::id.desc())
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert_request(conn: &mut DbConn, row: &RequestRow) -> AppResult<()> {
    diesel::insert_into(report_requests::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Who takes part in which movement in `year`: (movement id, current name, unit id) for its
/// lead units on `day` and every unit with a plan of the movement covering part of the year.
pub fn participants(
    conn: &mut DbConn,
    year: i32,
    day: NaiveDate,
) -> AppResult<Vec<(String, String, String)>> {
    let (first, last) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(day),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(day),
    );
    let mut rows: Vec<(String, String, String)> = plans::table
        .inner_join(movements::table)
        .filter(plans::period_start.le(last))
        .filter(plans::period_end.ge(first))
        .select((plans::movement_id, movements::name, plans::unit_id))
        .load(conn)?;
    rows.extend(
        movement_leads::table
            .inner_join(movements::table)
            .filter(movement_leads::valid_from.le(day))
            .filter(
                movement_leads::valid_to
                    .is_null()
                    .or(movement_leads::valid_to.ge(day)),
            )
            .select((
                movement_leads::movement_id,
                movements::name,
                movement_leads::unit_id,
            ))
            .load::<(String, String, String)>(conn)?,
    );
    rows.sort();
    rows.dedup();
    Ok(rows)
}
