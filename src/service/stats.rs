//! The figures behind the letter's complaints, read at request time: models by stage and
//! category, publicity by channel, units with nothing on their own portal, units that issued
//! a plan but introduced no model, and the categories of a year's nominations.

use chrono::NaiveDate;

use super::reorganisations::Lineage;
use super::DbConn;
use crate::domain::models::{Category, ModelKind, Stage};
use crate::domain::nominations::NominationState;
use crate::domain::register::Channel;
use crate::error::AppResult;
use crate::store::stats as store;
pub use crate::store::stats::Scope;
use crate::store::{awardees, nominations};

/// The scope with the units its units took over from: their records count for them.
fn with_lineage(conn: &mut DbConn, s: &Scope) -> AppResult<Scope> {
    let mut s = s.clone();
    if let Some(units) = &s.unit_ids {
        let lineage = Lineage::load(conn)?;
        let mut line: Vec<String> = Vec::new();
        for u in units.iter().flat_map(|u| lineage.line_of(u)) {
            if !line.contains(&u) {
                line.push(u);
            }
        }
        s.unit_ids = Some(line);
    }
    Ok(s)
}

/// (stage, category, kind) of each active model in the scope.
pub fn model_facts(conn: &mut DbConn, s: &Scope) -> AppResult<Vec<(Stage, Category, ModelKind)>> {
    let s = with_lineage(conn, s)?;
    store::model_facts(conn, &s)
}

/// The channel of each publicity item in the scope.
pub fn item_channels(conn: &mut DbConn, s: &Scope) -> AppResult<Vec<Channel>> {
    let s = with_lineage(conn, s)?;
    store::item_channels(conn, &s)
}

/// Whether `unit`, or a unit it took over from, is among `with`.
fn in_line(lineage: &Lineage, with: &[String], unit: &str) -> bool {
    lineage.line_of(unit).iter().any(|u| with.contains(u))
}

/// (id, code, name) of the active units with no item on their own portal from `from` to `to`.
pub fn units_without_portal_items(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<(String, String, String)>> {
    let with = store::units_with_portal_items(conn, from, to)?;
    let lineage = Lineage::load(conn)?;
    Ok(store::active_units(conn)?
        .into_iter()
        .filter(|(id, _, _)| !in_line(&lineage, &with, id))
        .collect())
}

/// (id, code, name) of the active units that issued a plan (of `movement_id`, when given)
/// from `from` to `to` but discovered no model then.
pub fn units_with_plan_but_no_models(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
    movement_id: Option<&str>,
) -> AppResult<Vec<(String, String, String)>> {
    let planned = store::units_with_issued_plans(conn, from, to, movement_id)?;
    let with_models = store::units_with_models(conn, from, to)?;
    let lineage = Lineage::load(conn)?;
    Ok(store::active_units(conn)?
        .into_iter()
        .filter(|(id, _, _)| {
            in_line(&lineage, &planned, id) && !in_line(&lineage, &with_models, id)
        })
        .collect())
}

/// (state, the nominee's category) of each nomination of `year`.
pub fn nomination_categories(
    conn: &mut DbConn,
    year: i32,
) -> AppResult<Vec<(NominationState, Category)>> {
    let filter = nominations::Filter {
        year: Some(year),
        ..Default::default()
    };
    let rows = nominations::list(conn, &filter, None, None)?;
    let mut ids: Vec<String> = rows.iter().map(|r| r.awardee_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let categories: std::collections::HashMap<String, Category> = awardees::many(conn, &ids)?
        .into_iter()
        .map(|a| (a.id, a.category))
        .collect();
    Ok(rows
        .iter()
        .map(|r| {
            let category = categories
                .get(&r.awardee_id)
                .copied()
                .unwrap_or(Category::Other);
            (r.state, category)
        })
        .collect())
}
