//! Use cases of emulation groups (Cụm, Khối thi đua): a unit belongs to at most one active
//! group a year, checked here and enforced by the database for every instance.

use crate::error::{Code, Ext};
use std::collections::HashMap;

use chrono::NaiveDate;

use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::page as paging;
use crate::domain::text;
use crate::domain::vocab::GroupKind;
use crate::error::{AppError, AppResult};
use crate::store::groups as store;
pub use crate::store::groups::{Filter, GroupRow, Member};
use crate::store::{audit, units};
use crate::t;

/// A group as the API shows it: the row and its members in name order.
pub type Listed = (GroupRow, Vec<Member>);

/// A new group, its fields checked.
pub struct NewGroup {
    pub kind: GroupKind,
    pub name: String,
    pub year: i32,
    pub chair_unit_id: Option<String>,
    pub deputy_chair_unit_id: Option<String>,
    pub member_unit_ids: Vec<String>,
}

/// Changes to a group: `None` keeps, `Some(None)` clears; a member list replaces the old one.
pub struct GroupChange {
    pub name: Option<String>,
    pub chair_unit_id: Option<Option<String>>,
    pub deputy_chair_unit_id: Option<Option<String>>,
    pub member_unit_ids: Option<Vec<String>>,
}

impl Record for GroupRow {
    const ENTITY: &'static str = "emulation_group";

    row_versioning!();

    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        snapshot(conn, self)
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

/// A group with the member list it is written with: its change stores both, so the audit
/// row's `after` shows the new members.
#[derive(Clone)]
struct WithMembers {
    row: GroupRow,
    members: Vec<String>,
}

impl Record for WithMembers {
    const ENTITY: &'static str = GroupRow::ENTITY;

    row_versioning!(row);

    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        snapshot(conn, &self.row)
    }

    fn store(conn: &mut DbConn, w: &Self, expected: i64) -> AppResult<bool> {
        if !store::update(conn, &w.row, expected)? {
            return Ok(false);
        }
        store_members(conn, &w.row, &w.members)?;
        Ok(true)
    }
}

/// The member list with the chair and deputy in it, each unit once, in first order.
pub fn member_list(
    ids: Vec<String>,
    chair: Option<&String>,
    deputy: Option<&String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len() + 2);
    for id in ids.iter().chain([chair, deputy].into_iter().flatten()) {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// Checks that every member exists and sits in no other active group of the year, then stores them.
fn store_members(conn: &mut DbConn, group: &GroupRow, ids: &[String]) -> AppResult<()> {
    let missing = units::missing(conn, ids)?;
    if !missing.is_empty() {
        return Err(AppError::invalid_field(
            "/member_unit_ids",
            t!(
                "Không tồn tại các đơn vị: {}.",
                "No such units: {}.",
                missing.join(", ")
            ),
        ));
    }
    let first_day = NaiveDate::from_ymd_opt(group.year, 1, 1).unwrap_or_default();
    super::units::working_on(conn, "/member_unit_ids", ids, first_day)?;
    if group.active {
        for unit in ids {
            if let Some((other_id, other_name)) =
                store::group_of_unit(conn, unit, group.year, &group.id)?
            {
                return Err(AppError::conflict(
                    Code::AlreadyInGroup,
                    t!(
                        "Đơn vị {} đã thuộc \"{}\" trong năm {}; mỗi đơn vị chỉ thuộc một Cụm, Khối thi đua mỗi năm.",
                        "Unit {} already belongs to \"{}\" in {}; a unit belongs to one emulation group a year.",
                        unit, other_name, group.year
                    ),
                )
                .with_ext(Ext::UnitId, unit.clone())
                .with_ext(Ext::GroupId, other_id));
            }
        }
    }
    store::set_members(conn, &group.id, group.year, group.active, ids)
}

fn member_ids(conn: &mut DbConn, row: &GroupRow) -> AppResult<Vec<String>> {
    Ok(store::members(conn, std::slice::from_ref(&row.id))?
        .into_iter()
        .map(|(_, (id, _, _))| id)
        .collect())
}

/// The group as the audit log keeps it: the row and its member ids.
fn snapshot(conn: &mut DbConn, row: &GroupRow) -> AppResult<Value> {
    let mut v = serde_json::to_value(row).unwrap_or_default();
    v["member_unit_ids"] = member_ids(conn, row)?.into();
    Ok(v)
}

fn with_members(conn: &mut DbConn, row: GroupRow) -> AppResult<Listed> {
    let members = store::members(conn, std::slice::from_ref(&row.id))?
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    Ok((row, members))
}

fn find(conn: &mut DbConn, id: &str) -> AppResult<GroupRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("Cụm, Khối thi đua (emulation group)"))
}

/// One group with its members; 404 when there is none.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Listed> {
    let row = find(conn, id)?;
    with_members(conn, row)
}

/// A page of groups by year, then name, each with its members, and the next page's cursor.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(i32, String, String)>,
    limit: i64,
) -> AppResult<(Vec<Listed>, Option<String>)> {
    let rows = store::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.year, r.name_key.clone(), r.id.clone()));
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_group: HashMap<String, Vec<Member>> = HashMap::new();
    for (g, m) in store::members(conn, &ids)? {
        by_group.entry(g).or_default().push(m);
    }
    let groups = rows
        .into_iter()
        .map(|r| {
            let members = by_group.remove(&r.id).unwrap_or_default();
            (r, members)
        })
        .collect();
    Ok((groups, next))
}

/// Refuses a deputy chair who is the chair: a group is led by two units, or by one.
fn distinct_leaders(chair: Option<&String>, deputy: Option<&String>) -> AppResult<()> {
    if chair.is_some() && chair == deputy {
        return Err(AppError::invalid_field(
            "/deputy_chair_unit_id",
            t!(
                "Đơn vị Phó Cụm, Khối phải khác đơn vị Trưởng Cụm, Khối.",
                "The deputy chair must be another unit than the chair."
            ),
        ));
    }
    Ok(())
}

/// Creates a group; its chair and deputy chair become members if they are not listed.
pub fn create(conn: &mut DbConn, who: &Who, cmd: &NewGroup) -> AppResult<Listed> {
    distinct_leaders(
        cmd.chair_unit_id.as_ref(),
        cmd.deputy_chair_unit_id.as_ref(),
    )?;
    let at = now();
    let row = GroupRow {
        id: new_id(),
        kind: cmd.kind,
        name_key: text::sort_key(&cmd.name),
        search_text: text::fold(&cmd.name),
        name: cmd.name.clone(),
        year: cmd.year,
        chair_unit_id: cmd.chair_unit_id.clone(),
        deputy_chair_unit_id: cmd.deputy_chair_unit_id.clone(),
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    let ids = member_list(
        cmd.member_unit_ids.clone(),
        cmd.chair_unit_id.as_ref(),
        cmd.deputy_chair_unit_id.as_ref(),
    );
    store::insert(conn, &row)?;
    store_members(conn, &row, &ids)?;
    let after = snapshot(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        GroupRow::ENTITY,
        &row.id,
        None,
        Some(&after),
    )?;
    with_members(conn, row)
}

/// Changes a group's name, chair, deputy chair or whole member list.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    change: &GroupChange,
) -> AppResult<Listed> {
    let row = find(conn, id)?;
    let before = WithMembers {
        members: member_ids(conn, &row)?,
        row,
    };
    let mut row = before.row.clone();
    if let Some(name) = &change.name {
        row.name.clone_from(name);
        row.name_key = text::sort_key(name);
        row.search_text = text::fold(name);
    }
    if let Some(chair) = &change.chair_unit_id {
        row.chair_unit_id.clone_from(chair);
    }
    if let Some(deputy) = &change.deputy_chair_unit_id {
        row.deputy_chair_unit_id.clone_from(deputy);
    }
    distinct_leaders(
        row.chair_unit_id.as_ref(),
        row.deputy_chair_unit_id.as_ref(),
    )?;
    let members = member_list(
        change
            .member_unit_ids
            .clone()
            .unwrap_or_else(|| before.members.clone()),
        row.chair_unit_id.as_ref(),
        row.deputy_chair_unit_id.as_ref(),
    );
    let after = WithMembers { row, members };
    let saved = save_versioned(conn, who, "update", if_match, &before, after)?;
    with_members(conn, saved.row)
}

/// Deactivates a group; its member list stays, and its units may join another group that year.
pub fn deactivate(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<Listed> {
    let before = find(conn, id)?;
    if !before.active {
        return Err(AppError::conflict(
            Code::AlreadyInactive,
            t!(
                "Cụm, Khối thi đua đã ngừng hoạt động.",
                "The group is already inactive."
            ),
        ));
    }
    let mut row = before.clone();
    row.active = false;
    let row = save_versioned(conn, who, "deactivate", if_match, &before, row)?;
    store::deactivate_members(conn, &row.id)?;
    with_members(conn, row)
}

/// Hands a unit's place in a group over to `to` (its membership and its chair or deputy
/// chair role), or takes the unit out when `to` is `None`: a step of a reorganisation.
pub fn hand_over(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    from: &str,
    to: Option<&str>,
) -> AppResult<()> {
    let row = find(conn, id)?;
    let before = WithMembers {
        members: member_ids(conn, &row)?,
        row,
    };
    let mut row = before.row.clone();
    let swap = |unit: &mut Option<String>| {
        if unit.as_deref() == Some(from) {
            *unit = to.map(str::to_owned);
        }
    };
    swap(&mut row.chair_unit_id);
    swap(&mut row.deputy_chair_unit_id);
    // A chair and a deputy merged into one unit: it chairs.
    if row.deputy_chair_unit_id == row.chair_unit_id {
        row.deputy_chair_unit_id = None;
    }
    let ids = before
        .members
        .iter()
        .filter_map(|m| {
            if m == from {
                to.map(str::to_owned)
            } else {
                Some(m.clone())
            }
        })
        .collect();
    let members = member_list(
        ids,
        row.chair_unit_id.as_ref(),
        row.deputy_chair_unit_id.as_ref(),
    );
    let after = WithMembers { row, members };
    save_versioned(conn, who, "reorganise", None, &before, after)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chair_and_deputy_join_the_members_once() {
        let ids = member_list(
            vec!["a".into(), "b".into(), "a".into()],
            Some(&"c".to_owned()),
            Some(&"b".to_owned()),
        );
        assert_eq!(ids, ["a", "b", "c"]);
    }
}
