//! Implementation plans and their targets, and the counts that measure progress against them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{
    exemplary_models, model_movements, plan_targets, plans, publicity_items, publicity_links,
};
use super::DbConn;
use crate::domain::register::{Channel, Indicator, PlanKind, PlanState};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = plans, treat_none_as_null = true)]
pub struct PlanRow {
    pub id: String,
    pub movement_id: String,
    pub unit_id: String,
    pub kind: PlanKind,
    pub year: Option<i32>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub title: String,
    pub due_on: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub document_number: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = plan_targets)]
pub struct TargetRow {
    pub id: String,
    pub plan_id: String,
    pub position: i32,
    pub indicator: Indicator,
    pub channel: Option<Channel>,
    pub target: i32,
    pub description: Option<String>,
}

#[derive(Default, Debug)]
pub struct Filter {
    pub movement_id: Option<String>,
    pub unit_id: Option<String>,
    pub year: Option<i32>,
    pub kind: Option<PlanKind>,
    pub state: Option<PlanState>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<PlanRow>> {
    Ok(plans::table
        .find(id)
        .select(PlanRow::as_select())
        .first(conn)
        .optional()?)
}

/// Plans by due date; the state filter is judged against `today` in the database.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    today: NaiveDate,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<Vec<PlanRow>> {
    let mut q = plans::table.select(PlanRow::as_select()).into_boxed();
    if let Some(v) = &f.movement_id {
        q = q.filter(plans::movement_id.eq(v.clone()));
    }
    if let Some(v) = &f.unit_id {
        q = q.filter(plans::unit_id.eq(v.clone()));
    }
    if let Some(v) = f.year {
        q = q.filter(plans::year.eq(v));
    }
    if let Some(v) = f.kind {
        q = q.filter(plans::kind.eq(v));
    }
    q = match f.state {
        None => q,
        Some(PlanState::Pending) => q
            .filter(plans::issued_on.is_null())
            .filter(plans::due_on.ge(today)),
        Some(PlanState::Overdue) => q
            .filter(plans::issued_on.is_null())
            .filter(plans::due_on.lt(today)),
        Some(PlanState::IssuedOnTime) => q.filter(plans::issued_on.le(plans::due_on.nullable())),
        Some(PlanState::IssuedLate) => q.filter(plans::issued_on.gt(plans::due_on.nullable())),
    };
    if let Some((due, id)) = after {
        q = q.filter(
            plans::due_on
                .gt(due)
                .or(plans::due_on.eq(due).and(plans::id.gt(id))),
        );
    }
    Ok(q.order((plans::due_on.asc(), plans::id.asc()))
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &PlanRow) -> AppResult<()> {
    diesel::insert_into(plans::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &PlanRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        plans::table
            .filter(plans::id.eq(&row.id))
            .filter(plans::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn targets(conn: &mut DbConn, plan_ids: &[String]) -> AppResult<Vec<TargetRow>> {
    Ok(plan_targets::table
        .filter(plan_targets::plan_id.eq_any(plan_ids))
        .order((plan_targets::plan_id, plan_targets::position))
        .select(TargetRow::as_select())
        .load(conn)?)
}

pub fn set_targets(conn: &mut DbConn, plan_id: &str, rows: &[TargetRow]) -> AppResult<()> {
    diesel::delete(plan_targets::table.filter(plan_targets::plan_id.eq(plan_id))).execute(conn)?;
    for row in rows {
        diesel::insert_into(plan_targets::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Where a count looks: a movement, a period, and optionally some units (one and those it
/// took over from).
pub struct Scope<'a> {
    pub movement_id: &'a str,
    pub unit_ids: Option<&'a [String]>,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Which step of an exemplary model's life a count looks at.
#[derive(Clone, Copy)]
pub enum Step {
    Discovered,
    Nurtured,
    Replicated,
}

/// Exemplary models of the movement that reached `step` within the period.
pub fn count_models(conn: &mut DbConn, s: &Scope, step: Step) -> AppResult<i64> {
    let in_movement = model_movements::table
        .filter(model_movements::movement_id.eq(s.movement_id.to_owned()))
        .select(model_movements::model_id);
    let mut q = exemplary_models::table
        .filter(exemplary_models::active.eq(true))
        .filter(exemplary_models::id.eq_any(in_movement))
        .into_boxed();
    q = match step {
        Step::Discovered => q.filter(exemplary_models::discovered_on.between(s.from, s.to)),
        Step::Nurtured => q.filter(exemplary_models::nurtured_on.between(s.from, s.to)),
        Step::Replicated => q.filter(exemplary_models::replicated_on.between(s.from, s.to)),
    };
    if let Some(units) = s.unit_ids {
        q = q.filter(exemplary_models::managing_unit_id.eq_any(units));
    }
    Ok(q.count().get_result(conn)?)
}

/// Publicity items about the movement (directly, or through one of its models) published in
/// the period, by the unit if given, on the channel if given.
pub fn count_publicity(conn: &mut DbConn, s: &Scope, channel: Option<Channel>) -> AppResult<i64> {
    let models = model_movements::table
        .filter(model_movements::movement_id.eq(s.movement_id.to_owned()))
        .select(model_movements::model_id)
        .load::<String>(conn)?;
    let linked = publicity_links::table
        .filter(
            publicity_links::movement_id
                .eq(s.movement_id.to_owned())
                .or(publicity_links::model_id.eq_any(models)),
        )
        .select(publicity_links::item_id);
    let mut q = publicity_items::table
        .filter(publicity_items::id.eq_any(linked))
        .filter(publicity_items::published_on.between(s.from, s.to))
        .into_boxed();
    if let Some(units) = s.unit_ids {
        q = q.filter(publicity_items::unit_id.eq_any(units));
    }
    if let Some(channel) = channel {
        q = q.filter(publicity_items::channel.eq(channel));
    }
    Ok(q.count().get_result(conn)?)
}

/// Units' own annual plans for the movement, within the period, that have been issued.
pub fn count_unit_plans_issued(conn: &mut DbConn, s: &Scope) -> AppResult<i64> {
    Ok(plans::table
        .filter(plans::movement_id.eq(s.movement_id))
        .filter(plans::kind.eq(PlanKind::UnitAnnual))
        .filter(plans::issued_on.is_not_null())
        .filter(plans::period_start.ge(s.from))
        .filter(plans::period_end.le(s.to))
        .count()
        .get_result(conn)?)
}
