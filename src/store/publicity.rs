//! Publicity items (tuyên truyền) and their links to exemplary models and movements.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{publicity_items, publicity_links};
use super::{new_id, DbConn};
use crate::domain::register::Channel;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = publicity_items, treat_none_as_null = true)]
pub struct ItemRow {
    pub id: String,
    pub channel: Channel,
    pub title: String,
    pub url: String,
    pub published_on: NaiveDate,
    pub unit_id: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Default, Debug)]
pub struct Filter {
    pub unit_id: Option<String>,
    pub channel: Option<Channel>,
    pub model_id: Option<String>,
    pub movement_id: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<ItemRow>> {
    Ok(publicity_items::table
        .find(id)
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?)
}

/// Items, newest publication first; `after` is the last (published_on, id) seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<Vec<ItemRow>> {
    let mut q = publicity_items::table
        .select(ItemRow::as_select())
        .into_boxed();
    if let Some(v) = &f.unit_id {
        q = q.filter(publicity_items::unit_id.eq(v.clone()));
    }
    if let Some(v) = f.channel {
        q = q.filter(publicity_items::channel.eq(v));
    }
    if let Some(m) = &f.model_id {
        let ids = publicity_links::table
            .filter(publicity_links::model_id.eq(m.clone()))
            .select(publicity_links::item_id);
        q = q.filter(publicity_items::id.eq_any(ids));
    }
    if let Some(m) = &f.movement_id {
        let ids = publicity_links::table
            .filter(publicity_links::movement_id.eq(m.clone()))
            .select(publicity_links::item_id);
        q = q.filter(publicity_items::id.eq_any(ids));
    }
    if let Some(v) = f.from {
        q = q.filter(publicity_items::published_on.ge(v));
    }
    if let Some(v) = f.to {
        q = q.filter(publicity_items::published_on.le(v));
    }
    if let Some((day, id)) = after {
        q = q.filter(
            publicity_items::published_on
                .lt(day)
                .or(publicity_items::published_on
                    .eq(day)
                    .and(publicity_items::id.lt(id))),
        );
    }
    Ok(q.order((
        publicity_items::published_on.desc(),
        publicity_items::id.desc(),
    ))
    .limit(limit + 1)
    .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &ItemRow) -> AppResult<()> {
    diesel::insert_into(publicity_items::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &ItemRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        publicity_items::table
            .filter(publicity_items::id.eq(&row.id))
            .filter(publicity_items::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete(conn: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(publicity_links::table.filter(publicity_links::item_id.eq(id))).execute(conn)?;
    diesel::delete(publicity_items::table.find(id)).execute(conn)?;
    Ok(())
}

/// A link of an item: (item id, model id, movement id).
pub type Link = (String, Option<String>, Option<String>);

/// The links of the given items.
pub fn links(conn: &mut DbConn, item_ids: &[String]) -> AppResult<Vec<Link>> {
    Ok(publicity_links::table
        .filter(publicity_links::item_id.eq_any(item_ids))
        .select((
            publicity_links::item_id,
            publicity_links::model_id,
            publicity_links::movement_id,
        ))
        .load(conn)?)
}

/// Replaces the links of an item.
pub fn set_links(
    conn: &mut DbConn,
    item_id: &str,
    model_ids: &[String],
    movement_ids: &[String],
) -> AppResult<()> {
    diesel::delete(publicity_links::table.filter(publicity_links::item_id.eq(item_id)))
        .execute(conn)?;
    for m in model_ids {
        diesel::insert_into(publicity_links::table)
            .values((
                publicity_links::id.eq(new_id()),
                publicity_links::item_id.eq(item_id),
                publicity_links::model_id.eq(m),
            ))
            .execute(conn)?;
    }
    for m in movement_ids {
        diesel::insert_into(publicity_links::table)
            .values((
                publicity_links::id.eq(new_id()),
                publicity_links::item_id.eq(item_id),
                publicity_links::movement_id.eq(m),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The items linked to each of the given models, newest first: (model id, item).
pub fn for_models(conn: &mut DbConn, model_ids: &[String]) -> AppResult<Vec<(String, ItemRow)>> {
    let rows: Vec<(Option<String>, ItemRow)> = publicity_links::table
        .inner_join(publicity_items::table)
        .filter(publicity_links::model_id.eq_any(model_ids))
        .order((
            publicity_items::published_on.desc(),
            publicity_items::id.desc(),
        ))
        .select((publicity_links::model_id, ItemRow::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, item)| m.map(|m| (m, item)))
        .collect())
}
