//! The figures the coordinator watches, read straight from the data (no nightly batch).

use chrono::NaiveDate;
use diesel::prelude::*;

use super::schema::{
    exemplary_models, model_movements, plans, publicity_items, publicity_links, units,
};
use super::DbConn;
use crate::domain::models::{Category, ModelKind, Stage};
use crate::domain::register::Channel;
use crate::error::AppResult;

/// Which models or items a figure counts.
#[derive(Default, Debug, Clone)]
pub struct Scope {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub movement_id: Option<String>,
    /// One unit and the units it took over from.
    pub unit_ids: Option<Vec<String>>,
}

/// (stage, category, kind) of the active models discovered in the scope.
pub fn model_facts(conn: &mut DbConn, s: &Scope) -> AppResult<Vec<(Stage, Category, ModelKind)>> {
    let mut q = exemplary_models::table
        .filter(exemplary_models::active.eq(true))
        .select((
            exemplary_models::stage,
            exemplary_models::category,
            exemplary_models::kind,
        ))
        .into_boxed();
    if let Some(from) = s.from {
        q = q.filter(exemplary_models::discovered_on.ge(from));
    }
    if let Some(to) = s.to {
        q = q.filter(exemplary_models::discovered_on.le(to));
    }
    if let Some(units) = &s.unit_ids {
        q = q.filter(exemplary_models::managing_unit_id.eq_any(units));
    }
    if let Some(m) = &s.movement_id {
        let ids = model_movements::table
            .filter(model_movements::movement_id.eq(m.clone()))
            .select(model_movements::model_id);
        q = q.filter(exemplary_models::id.eq_any(ids));
    }
    Ok(q.load(conn)?)
}

/// The channels of the publicity items published in the scope.
pub fn item_channels(conn: &mut DbConn, s: &Scope) -> AppResult<Vec<Channel>> {
    let mut q = publicity_items::table
        .select(publicity_items::channel)
        .into_boxed();
    if let Some(from) = s.from {
        q = q.filter(publicity_items::published_on.ge(from));
    }
    if let Some(to) = s.to {
        q = q.filter(publicity_items::published_on.le(to));
    }
    if let Some(units) = &s.unit_ids {
        q = q.filter(publicity_items::unit_id.eq_any(units));
    }
    if let Some(m) = &s.movement_id {
        let models = model_movements::table
            .filter(model_movements::movement_id.eq(m.clone()))
            .select(model_movements::model_id)
            .load::<String>(conn)?;
        let ids = publicity_links::table
            .filter(
                publicity_links::movement_id
                    .eq(m.clone())
                    .or(publicity_links::model_id.eq_any(models)),
            )
            .select(publicity_links::item_id);
        q = q.filter(publicity_items::id.eq_any(ids));
    }
    Ok(q.load(conn)?)
}

/// (id, code, name) of the active units, in Vietnamese order.
pub fn active_units(conn: &mut DbConn) -> AppResult<Vec<(String, String, String)>> {
    Ok(units::table
        .filter(units::active.eq(true))
        .order((units::name_key, units::id))
        .select((units::id, units::code, units::name))
        .load(conn)?)
}

/// Units that published at least one item on their own portal between `from` and `to`.
pub fn units_with_portal_items(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<String>> {
    Ok(publicity_items::table
        .filter(publicity_items::channel.eq(Channel::UnitPortal))
        .filter(publicity_items::published_on.between(from, to))
        .select(publicity_items::unit_id)
        .distinct()
        .load(conn)?)
}

/// Units that issued a plan covering `year` (for `movement` if given).
pub fn units_with_issued_plans(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
    movement: Option<&str>,
) -> AppResult<Vec<String>> {
    let mut q = plans::table
        .filter(plans::issued_on.is_not_null())
        .filter(plans::period_start.le(to))
        .filter(plans::period_end.ge(from))
        .select(plans::unit_id)
        .distinct()
        .into_boxed();
    if let Some(m) = movement {
        q = q.filter(plans::movement_id.eq(m.to_owned()));
    }
    Ok(q.load(conn)?)
}

/// Units that introduced (discovered) at least one model between `from` and `to`.
pub fn units_with_models(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<String>> {
    Ok(exemplary_models::table
        .filter(exemplary_models::active.eq(true))
        .filter(exemplary_models::discovered_on.between(from, to))
        .select(exemplary_models::managing_unit_id)
        .distinct()
        .load(conn)?)
}
