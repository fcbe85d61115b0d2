//! Emulation groups (Cụm, Khối thi đua) and their members, year by year.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{emulation_groups, group_members, units};
use super::DbConn;
use crate::domain::vocab::GroupKind;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = emulation_groups, treat_none_as_null = true)]
pub struct GroupRow {
    pub id: String,
    pub kind: GroupKind,
    pub name: String,
    #[serde(skip)]
    pub name_key: String,
    #[serde(skip)]
    pub search_text: String,
    pub year: i32,
    pub chair_unit_id: Option<String>,
    pub deputy_chair_unit_id: Option<String>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Default, Debug)]
pub struct Filter {
    pub terms: Vec<String>,
    pub kind: Option<GroupKind>,
    pub year: Option<i32>,
    pub member_unit_id: Option<String>,
    pub active: Option<bool>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<GroupRow>> {
    Ok(emulation_groups::table
        .find(id)
        .select(GroupRow::as_select())
        .first(conn)
        .optional()?)
}

/// Groups by year, then Vietnamese alphabetical order; `after` is the last (year, name_key, id).
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(i32, String, String)>,
    limit: i64,
) -> AppResult<Vec<GroupRow>> {
    let mut q = emulation_groups::table
        .select(GroupRow::as_select())
        .into_boxed();
    for term in &f.terms {
        q = q.filter(emulation_groups::search_text.like(format!("%{term}%")));
    }
    if let Some(kind) = f.kind {
        q = q.filter(emulation_groups::kind.eq(kind));
    }
    if let Some(year) = f.year {
        q = q.filter(emulation_groups::year.eq(year));
    }
    if let Some(active) = f.active {
        q = q.filter(emulation_groups::active.eq(active));
    }
    if let Some(unit) = &f.member_unit_id {
        let ids = group_members::table
            .filter(group_members::unit_id.eq(unit.clone()))
            .select(group_members::group_id);
        q = q.filter(emulation_groups::id.eq_any(ids));
    }
    if let Some((year, key, id)) = after {
        q = q.filter(
            emulation_groups::year
                .gt(year)
                .or(emulation_groups::year.eq(year).and(
                    emulation_groups::name_key
                        .gt(key.clone())
                        .or(emulation_groups::name_key
                            .eq(key)
                            .and(emulation_groups::id.gt(id))),
                )),
        );
    }
    Ok(q.order((
        emulation_groups::year.asc(),
        emulation_groups::name_key.asc(),
        emulation_groups::id.asc(),
    ))
    .limit(limit + 1)
    .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &GroupRow) -> AppResult<()> {
    diesel::insert_into(emulation_groups::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &GroupRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        emulation_groups::table
            .filter(emulation_groups::id.eq(&row.id))
            .filter(emulation_groups::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// A member: (unit id, code, name).
pub type Member = (String, String, String);

/// The members of the given groups, by group, in Vietnamese alphabetical order.
pub fn members(conn: &mut DbConn, group_ids: &[String]) -> AppResult<Vec<(String, Member)>> {
    let rows: Vec<(String, String, String, String)> = group_members::table
        .inner_join(units::table)
        .filter(group_members::group_id.eq_any(group_ids))
        .order((group_members::group_id, units::name_key, units::id))
        .select((group_members::group_id, units::id, units::code, units::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(g, id, code, name)| (g, (id, code, name)))
        .collect())
}

/// The active group, other than `except`, that holds `unit` in `year`.
pub fn group_of_unit(
    conn: &mut DbConn,
    unit: &str,
    year: i32,
    except: &str,
) -> AppResult<Option<(String, String)>> {
    Ok(group_members::table
        .inner_join(emulation_groups::table)
        .filter(group_members::unit_id.eq(unit))
        .filter(group_members::year.eq(year))
        .filter(group_members::active.eq(true))
        .filter(group_members::group_id.ne(except))
        .select((emulation_groups::id, emulation_groups::name))
        .first(conn)
        .optional()?)
}

/// Replaces the members of a group.
pub fn set_members(
    conn: &mut DbConn,
    group_id: &str,
    year: i32,
    active: bool,
    unit_ids: &[String],
) -> AppResult<()> {
    diesel::delete(group_members::table.filter(group_members::group_id.eq(group_id)))
        .execute(conn)?;
    for unit in unit_ids {
        diesel::insert_into(group_members::table)
            .values((
                group_members::group_id.eq(group_id),
                group_members::unit_id.eq(unit),
                group_members::year.eq(year),
                group_members::active.eq(active),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Frees the members of a deactivated group for other groups of the year; the list stays.
pub fn deactivate_members(conn: &mut DbConn, group_id: &str) -> AppResult<()> {
    diesel::update(group_members::table.filter(group_members::group_id.eq(group_id)))
        .set(group_members::active.eq(false))
        .execute(conn)?;
    Ok(())
}
