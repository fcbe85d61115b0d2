//! Publicity items: recording, correcting and deleting what was published about exemplary
//! models and movements, with their links; each change marks the linked models in the public
//! change log and writes an audit row holding the item as its answer shows it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::register::Channel;
use crate::domain::version::check_if_match;
use crate::error::{unknown_reference, AppError, AppResult};
use crate::store::publicity as store;
pub use crate::store::publicity::{Filter, ItemRow, Link};
use crate::store::{audit, changes, models, units};

/// Item rows with what their answers show besides the row, read at once.
pub struct Shown {
    pub rows: Vec<ItemRow>,
    /// (item id, model id, movement id): each link names a model or a movement.
    pub links: Vec<Link>,
    /// (unit id, code, name) of the publishing units.
    pub units: Vec<(String, String, String)>,
}

/// A new publicity item, its fields checked and its links each once.
pub struct NewItem {
    pub channel: Channel,
    pub title: String,
    pub url: String,
    pub published_on: NaiveDate,
    pub unit_id: String,
    pub model_ids: Vec<String>,
    pub movement_ids: Vec<String>,
}

/// Corrections to an item, checked; `None` leaves a member (or the links) as it is.
pub struct ItemChange {
    pub channel: Option<Channel>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published_on: Option<NaiveDate>,
    /// Each once.
    pub model_ids: Option<Vec<String>>,
    /// Each once.
    pub movement_ids: Option<Vec<String>>,
}

/// Loads what the answers for `rows` show besides the rows.
pub fn show(conn: &mut DbConn, rows: Vec<ItemRow>) -> AppResult<Shown> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let links = store::links(conn, &ids)?;
    let unit_ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let units = units::names(conn, &unit_ids)?;
    Ok(Shown { rows, links, units })
}

/// A page of items, newest first, and the cursor of the next.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<(Shown, Option<String>)> {
    let rows = store::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.published_on, r.id.clone()));
    Ok((show(conn, rows)?, next))
}

/// One item.
pub fn read(conn: &mut DbConn, id: &str) -> AppResult<Shown> {
    let row = load(conn, id)?;
    show(conn, vec![row])
}

/// Refuses with 404 unless the exemplary model exists.
pub fn ensure_model(conn: &mut DbConn, id: &str) -> AppResult<()> {
    models::get(conn, id)?
        .map(drop)
        .ok_or_else(|| AppError::not_found("điển hình tiên tiến (exemplary model)"))
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<ItemRow> {
    store::get(conn, id)?
        .ok_or_else(|| AppError::not_found("tin bài tuyên truyền (publicity item)"))
}

fn ensure_links(conn: &mut DbConn, model_ids: &[String], movement_ids: &[String]) -> AppResult<()> {
    for m in model_ids {
        if models::get(conn, m)?.is_none() {
            return Err(unknown_reference(
                "/model_ids",
                "điển hình tiên tiến / exemplary model",
            ));
        }
    }
    let missing = models::missing_movements(conn, movement_ids)?;
    if !missing.is_empty() {
        return Err(unknown_reference("/movement_ids", "phong trào / movement"));
    }
    Ok(())
}

/// The model and movement ids item `id` links to, in the order stored.
fn linked(links: &[Link], id: &str) -> (Vec<String>, Vec<String>) {
    let of = || links.iter().filter(move |(item, _, _)| item == id);
    let model_ids = of().filter_map(|(_, m, _)| m.clone()).collect();
    let movement_ids = of().filter_map(|(_, _, m)| m.clone()).collect();
    (model_ids, movement_ids)
}

/// The unit of an item as its answer shows it (the `UnitRef` of the API).
#[derive(Serialize)]
struct UnitSnapshot<'a> {
    id: &'a str,
    code: &'a str,
    name: &'a str,
}

/// An item as its answer shows it (the `Item` of the API), which is what the audit log keeps.
#[derive(Serialize)]
struct Snapshot<'a> {
    id: &'a str,
    channel: Channel,
    title: &'a str,
    url: &'a str,
    published_on: NaiveDate,
    unit: Option<UnitSnapshot<'a>>,
    model_ids: Vec<String>,
    movement_ids: Vec<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The audit snapshots of the items shown, in their order: each as its answer shows it.
pub fn snapshots(shown: &Shown) -> Vec<Value> {
    shown
        .rows
        .iter()
        .map(|r| {
            let (model_ids, movement_ids) = linked(&shown.links, &r.id);
            let unit = shown
                .units
                .iter()
                .find(|(id, _, _)| *id == r.unit_id)
                .map(|(id, code, name)| UnitSnapshot { id, code, name });
            let s = Snapshot {
                id: &r.id,
                channel: r.channel,
                title: &r.title,
                url: &r.url,
                published_on: r.published_on,
                unit,
                model_ids,
                movement_ids,
                version: r.version,
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            };
            serde_json::to_value(s).unwrap_or_default()
        })
        .collect()
}

fn snapshot(conn: &mut DbConn, row: &ItemRow) -> AppResult<Value> {
    let shown = show(conn, vec![row.clone()])?;
    Ok(snapshots(&shown).pop().unwrap_or_default())
}

/// Records an item (the caller is already allowed to act for its unit).
pub fn create(conn: &mut DbConn, who: &Who, item: &NewItem) -> AppResult<Shown> {
    let unit = std::slice::from_ref(&item.unit_id);
    super::units::working_on(conn, "/unit_id", unit, item.published_on)?;
    let at = now();
    let row = ItemRow {
        id: new_id(),
        channel: item.channel,
        title: item.title.clone(),
        url: item.url.clone(),
        published_on: item.published_on,
        unit_id: item.unit_id.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    if units::get(conn, &row.unit_id)?.is_none() {
        return Err(unknown_reference("/unit_id", "đơn vị / unit"));
    }
    ensure_links(conn, &item.model_ids, &item.movement_ids)?;
    store::insert(conn, &row)?;
    store::set_links(conn, &row.id, &item.model_ids, &item.movement_ids)?;
    changes::touch(conn, &item.model_ids)?;
    let after = snapshot(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "publicity_item",
        &row.id,
        None,
        Some(&after),
    )?;
    show(conn, vec![row])
}

/// An item being saved with the links it is to have: (model ids, movement ids).
#[derive(Clone)]
struct Versioned {
    row: ItemRow,
    links: Option<(Vec<String>, Vec<String>)>,
}

impl Record for Versioned {
    const ENTITY: &'static str = "publicity_item";

    row_versioning!(row);

    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        snapshot(conn, &self.row)
    }

    fn store(conn: &mut DbConn, v: &Self, expected: i64) -> AppResult<bool> {
        if !store::update(conn, &v.row, expected)? {
            return Ok(false);
        }
        if let Some((model_ids, movement_ids)) = &v.links {
            store::set_links(conn, &v.row.id, model_ids, movement_ids)?;
        }
        Ok(true)
    }
}

/// Corrects an item: its unit's officers, or a registrar.
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    c: &ItemChange,
    if_match: Option<&str>,
) -> AppResult<Shown> {
    let before = load(conn, id)?;
    crate::domain::access::doors::MODELS_WRITE.for_unit(caller, &before.unit_id)?;
    // The stored links are each once: every write sets them from lists made unique.
    let (current_models, current_movements) = linked(
        &store::links(conn, std::slice::from_ref(&before.id))?,
        &before.id,
    );
    let model_ids = c.model_ids.clone().unwrap_or(current_models);
    let movement_ids = c.movement_ids.clone().unwrap_or(current_movements);
    ensure_links(conn, &model_ids, &movement_ids)?;
    let mut row = before.clone();
    if let Some(v) = c.channel {
        row.channel = v;
    }
    if let Some(v) = &c.title {
        row.title = v.clone();
    }
    if let Some(v) = &c.url {
        row.url = v.clone();
    }
    if let Some(v) = c.published_on {
        // Not moved to a day after its unit's last one.
        let unit = std::slice::from_ref(&row.unit_id);
        super::units::working_on(conn, "/published_on", unit, v)?;
        row.published_on = v;
    }
    // The models linked until now change too: they may lose this item.
    let mut touched = changes::models_of_item(conn, &row.id)?;
    touched.extend(model_ids.iter().cloned());
    let before = Versioned {
        row: before,
        links: None,
    };
    let row = Versioned {
        row,
        links: Some((model_ids, movement_ids)),
    };
    let saved = save_versioned(conn, who, "update", if_match, &before, row)?;
    changes::touch(conn, &touched)?;
    show(conn, vec![saved.row])
}

/// Deletes an item recorded in error: its unit's officers, or a registrar.
pub fn remove(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<()> {
    let before = load(conn, id)?;
    crate::domain::access::doors::MODELS_WRITE.for_unit(caller, &before.unit_id)?;
    check_if_match(if_match, before.version)?;
    let before_json = snapshot(conn, &before)?;
    let touched = changes::models_of_item(conn, &before.id)?;
    store::delete(conn, &before.id)?;
    changes::touch(conn, &touched)?;
    audit::record(
        conn,
        who,
        "delete",
        "publicity_item",
        &before.id,
        Some(&before_json),
        None,
    )?;
    Ok(())
}
