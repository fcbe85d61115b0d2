//! Reorganisations of units: events on legal documents, effective on a date, the units that
//! end and take over in each, and the records each handed over.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{
    api_clients, exemplary_models, group_members, movements, nominations, plans,
    reorganisation_moves, reorganisation_units, reorganisations, users, webhooks,
};
use super::DbConn;
use crate::domain::nominations::NominationState;
use crate::domain::register::MovementStatus;
use crate::domain::vocab::{HandedOver, LineageRole, ReorganisationKind};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = reorganisations, treat_none_as_null = true)]
pub struct ReorganisationRow {
    pub id: String,
    pub kind: ReorganisationKind,
    /// The unit renamed, moved, dissolved or split; for a merger or absorption, the successor.
    pub unit_id: String,
    pub document_id: Option<String>,
    pub effective_on: NaiveDate,
    pub new_name: Option<String>,
    pub new_code: Option<String>,
    pub new_parent_id: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

/// A unit that ends (predecessor) or takes over (successor) in an event.
#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = reorganisation_units)]
pub struct LinkRow {
    pub reorganisation_id: String,
    pub unit_id: String,
    pub role: LineageRole,
}

/// A record an event handed over; `to_unit_id` is `None` when it was deactivated or dropped.
#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = reorganisation_moves, treat_none_as_null = true)]
pub struct MoveRow {
    pub id: String,
    pub reorganisation_id: String,
    pub record: HandedOver,
    pub record_id: String,
    pub from_unit_id: String,
    pub to_unit_id: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &ReorganisationRow) -> AppResult<()> {
    diesel::insert_into(reorganisations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn insert_links(conn: &mut DbConn, rows: &[LinkRow]) -> AppResult<()> {
    for row in rows {
        diesel::insert_into(reorganisation_units::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert_moves(conn: &mut DbConn, rows: &[MoveRow]) -> AppResult<()> {
    for row in rows {
        diesel::insert_into(reorganisation_moves::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<ReorganisationRow>> {
    Ok(reorganisations::table
        .find(id)
        .select(ReorganisationRow::as_select())
        .first(conn)
        .optional()?)
}

/// The units of the given events.
pub fn links(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<LinkRow>> {
    Ok(reorganisation_units::table
        .filter(reorganisation_units::reorganisation_id.eq_any(ids))
        .select(LinkRow::as_select())
        .order((
            reorganisation_units::reorganisation_id,
            reorganisation_units::unit_id,
        ))
        .load(conn)?)
}

/// Every link with its event's effective date: the lineage of every unit (a few rows per
/// event; read whole where lineage counts).
pub fn all_links(conn: &mut DbConn) -> AppResult<Vec<(LinkRow, NaiveDate)>> {
    Ok(reorganisation_units::table
        .inner_join(
            reorganisations::table
                .on(reorganisations::id.eq(reorganisation_units::reorganisation_id)),
        )
        .select((LinkRow::as_select(), reorganisations::effective_on))
        .load(conn)?)
}

/// The records the given events handed over, in the order they moved.
pub fn moves(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<MoveRow>> {
    Ok(reorganisation_moves::table
        .filter(reorganisation_moves::reorganisation_id.eq_any(ids))
        .select(MoveRow::as_select())
        .order(reorganisation_moves::id)
        .load(conn)?)
}

/// Events in the order they took effect (then recorded), of one unit (as its subject, a
/// predecessor or a successor) or all; `after` is the last (day, id) seen; one more than
/// `limit` tells whether a page follows.
pub fn list(
    conn: &mut DbConn,
    unit: Option<&str>,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<Vec<ReorganisationRow>> {
    let mut q = reorganisations::table
        .select(ReorganisationRow::as_select())
        .into_boxed();
    if let Some(unit) = unit {
        let linked = reorganisation_units::table
            .filter(reorganisation_units::unit_id.eq(unit.to_owned()))
            .select(reorganisation_units::reorganisation_id);
        q = q.filter(
            reorganisations::unit_id
                .eq(unit.to_owned())
                .or(reorganisations::id.eq_any(linked)),
        );
    }
    if let Some((day, id)) = after {
        q = q.filter(
            reorganisations::effective_on
                .gt(day)
                .or(reorganisations::effective_on
                    .eq(day)
                    .and(reorganisations::id.gt(id))),
        );
    }
    Ok(
        q.order((reorganisations::effective_on, reorganisations::id))
            .limit(limit + 1)
            .load(conn)?,
    )
}

/// What a unit that ends still holds, to be handed over: its models, its plans not issued, its
/// open nominations, its memberships of active groups of years after `year`, the lead of its
/// movements not closed, its active accounts and clients, and its webhook; in that order.
pub fn open_records(
    conn: &mut DbConn,
    unit: &str,
    year: i32,
) -> AppResult<Vec<(HandedOver, String)>> {
    let mut out = work_of(conn, unit)?;
    let lists = [
        (
            HandedOver::Membership,
            group_members::table
                .filter(group_members::unit_id.eq(unit))
                .filter(group_members::year.gt(year))
                .filter(group_members::active.eq(true))
                .select(group_members::group_id)
                .order(group_members::group_id)
                .load(conn)?,
        ),
        (HandedOver::LeadRole, led_by(conn, unit)?),
    ];
    out.extend(tagged(lists));
    out.extend(access_of(conn, unit)?);
    Ok(out)
}

/// The active movements a unit leads.
pub fn led_by(conn: &mut DbConn, unit: &str) -> AppResult<Vec<String>> {
    Ok(movements::table
        .filter(movements::lead_unit_id.eq(unit))
        .filter(movements::status.eq(MovementStatus::Active))
        .select(movements::id)
        .order(movements::id)
        .load(conn)?)
}

/// Each id of each list, with what it is.
fn tagged<const N: usize>(
    lists: [(HandedOver, Vec<String>); N],
) -> impl Iterator<Item = (HandedOver, String)> {
    lists
        .into_iter()
        .flat_map(|(kind, ids)| ids.into_iter().map(move |id| (kind, id)))
}

/// A unit's models and awardees, its plans not issued and its open nominations.
fn work_of(conn: &mut DbConn, unit: &str) -> AppResult<Vec<(HandedOver, String)>> {
    let open: Vec<NominationState> = NominationState::ALL
        .iter()
        .copied()
        .filter(|s| s.open())
        .collect();
    let lists = [
        (
            HandedOver::Model,
            exemplary_models::table
                .filter(exemplary_models::managing_unit_id.eq(unit))
                .select(exemplary_models::id)
                .order(exemplary_models::id)
                .load(conn)?,
        ),
        (HandedOver::Awardee, super::awardees::of_unit(conn, unit)?),
        (
            HandedOver::Plan,
            plans::table
                .filter(plans::unit_id.eq(unit))
                .filter(plans::issued_on.is_null())
                .select(plans::id)
                .order(plans::id)
                .load(conn)?,
        ),
        (
            HandedOver::Nomination,
            nominations::table
                .filter(nominations::proposing_unit_id.eq(unit))
                .filter(nominations::state.eq_any(open))
                .select(nominations::id)
                .order(nominations::id)
                .load(conn)?,
        ),
    ];
    Ok(tagged(lists).collect())
}

/// A unit's active accounts and clients and its webhook.
fn access_of(conn: &mut DbConn, unit: &str) -> AppResult<Vec<(HandedOver, String)>> {
    let users: Vec<String> = users::table
        .filter(users::unit_id.eq(unit))
        .filter(users::active.eq(true))
        .select(users::id)
        .order(users::id)
        .load(conn)?;
    let clients: Vec<String> = api_clients::table
        .filter(api_clients::unit_id.eq(unit))
        .filter(api_clients::active.eq(true))
        .select(api_clients::id)
        .order(api_clients::id)
        .load(conn)?;
    let hooks: Vec<String> = webhooks::table
        .filter(webhooks::unit_id.eq(unit))
        .select(webhooks::unit_id)
        .load(conn)?;
    Ok(tagged([
        (HandedOver::User, users),
        (HandedOver::Client, clients),
        (HandedOver::Webhook, hooks),
    ])
    .collect())
}
