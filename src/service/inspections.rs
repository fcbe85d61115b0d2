//! Use cases of inspections (kiểm tra, giám sát): the coordinator records what was checked
//! and found, with follow-up actions; the inspected unit reports them done. A unit's officer
//! reads only its own unit's inspections.

use crate::error::Code;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::page as paging;
use crate::domain::today;
use crate::domain::vocab::{ActionStatus, InspectionScope};
use crate::error::{unknown_reference, AppError, AppResult};
use crate::store::inspections as store;
pub use crate::store::inspections::{ActionRow, Filter, InspectionRow};
use crate::store::{audit, movements, units};
use crate::t;

#[derive(Serialize, ToSchema)]
pub struct Action {
    pub id: String,
    pub description: String,
    pub due_date: NaiveDate,
    pub status: ActionStatus,
    pub done_on: Option<NaiveDate>,
    pub note: Option<String>,
    /// Still open after its due date (in Asia/Ho_Chi_Minh).
    pub overdue: bool,
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8c01", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03",
    "inspected_on": "2025-11-20", "scopes": ["reporting", "publicity"], "movement_id": null,
    "findings": "Đơn vị chưa gửi báo cáo quý III đúng hạn.",
    "actions": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8c02", "description": "Gửi bổ sung báo cáo quý III", "due_date": "2025-12-05",
        "status": "open", "done_on": null, "note": null, "overdue": false}],
    "version": 1, "created_at": "2025-11-21T02:00:00Z", "updated_at": "2025-11-21T02:00:00Z"
}))]
pub struct Inspection {
    pub id: String,
    pub unit_id: String,
    pub inspected_on: NaiveDate,
    pub scopes: Vec<InspectionScope>,
    pub movement_id: Option<String>,
    pub findings: String,
    pub actions: Vec<Action>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new inspection, its fields checked; `scopes` holds each scope once.
pub struct NewInspection {
    pub unit_id: String,
    pub inspected_on: NaiveDate,
    pub scopes: Vec<InspectionScope>,
    pub movement_id: Option<String>,
    pub findings: String,
    /// (description, due date) of each follow-up action, in order.
    pub actions: Vec<(String, NaiveDate)>,
}

/// Corrections to an inspection's record, checked; `None` keeps a field.
pub struct InspectionChange {
    pub inspected_on: Option<NaiveDate>,
    pub scopes: Option<Vec<InspectionScope>>,
    pub findings: Option<String>,
}

/// A change to a follow-up action, checked and authorised.
pub struct ActionChange {
    pub status: Option<ActionStatus>,
    pub done_on: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Record for InspectionRow {
    const ENTITY: &'static str = "inspection";

    row_versioning!();

    /// The inspection as the API shows it, with its actions.
    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        let view = with_actions(conn, self.clone())?;
        Ok(serde_json::to_value(&view).unwrap_or_default())
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

/// The scopes of a stored inspection; a text that is no JSON list of known scopes is a loud
/// error naming the column, never a shorter list.
fn scopes_of(row: &InspectionRow) -> AppResult<Vec<InspectionScope>> {
    let bad = || {
        AppError::internal(format!(
            "unknown inspections.scopes value {:?} in the database",
            row.scopes
        ))
    };
    serde_json::from_str::<Vec<String>>(&row.scopes)
        .map_err(|_| bad())?
        .iter()
        .map(|s| InspectionScope::parse(s).ok_or_else(bad))
        .collect()
}

/// The column text of a list of scopes.
fn scopes_text(scopes: &[InspectionScope]) -> String {
    let texts: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    serde_json::to_string(&texts).unwrap_or_else(|_| "[]".into())
}

fn view(r: InspectionRow, actions: Vec<ActionRow>) -> AppResult<Inspection> {
    let today = today();
    Ok(Inspection {
        scopes: scopes_of(&r)?,
        actions: actions
            .into_iter()
            .map(|a| {
                let status = a.status;
                Action {
                    overdue: status == ActionStatus::Open && a.due_on < today,
                    id: a.id,
                    description: a.description,
                    due_date: a.due_on,
                    status,
                    done_on: a.done_on,
                    note: a.note,
                }
            })
            .collect(),
        id: r.id,
        unit_id: r.unit_id,
        inspected_on: r.inspected_on,
        movement_id: r.movement_id,
        findings: r.findings,
        version: r.version,
        created_at: r.created_at.and_utc(),
        updated_at: r.updated_at.and_utc(),
    })
}

fn with_actions(conn: &mut DbConn, r: InspectionRow) -> AppResult<Inspection> {
    let actions = store::actions(conn, std::slice::from_ref(&r.id))?;
    view(r, actions)
}

/// An inspection the reader may see: `unit` confines it to one unit's (404 for another's, as
/// if it did not exist).
fn load(conn: &mut DbConn, id: &str, unit: Option<&str>) -> AppResult<InspectionRow> {
    store::get(conn, id)?
        .filter(|r| unit.is_none_or(|u| u == r.unit_id))
        .ok_or_else(|| AppError::not_found("đợt kiểm tra (inspection)"))
}

fn open_action(
    inspection_id: &str,
    position: i32,
    description: &str,
    due_on: NaiveDate,
) -> ActionRow {
    ActionRow {
        id: new_id(),
        inspection_id: inspection_id.to_owned(),
        position,
        description: description.to_owned(),
        due_on,
        status: ActionStatus::Open,
        done_on: None,
        note: None,
    }
}

/// Records an inspection of an existing unit (and movement), with its follow-up actions.
pub fn create(
    conn: &mut DbConn,
    who: &Who,
    created_by: &str,
    cmd: &NewInspection,
) -> AppResult<Inspection> {
    if !units::missing(conn, std::slice::from_ref(&cmd.unit_id))?.is_empty() {
        return Err(unknown_reference("/unit_id", "đơn vị / unit"));
    }
    if let Some(m) = &cmd.movement_id {
        if movements::get(conn, m)?.is_none() {
            return Err(unknown_reference("/movement_id", "phong trào / movement"));
        }
    }
    let at = now();
    let row = InspectionRow {
        id: new_id(),
        unit_id: cmd.unit_id.clone(),
        inspected_on: cmd.inspected_on,
        scopes: scopes_text(&cmd.scopes),
        movement_id: cmd.movement_id.clone(),
        findings: cmd.findings.clone(),
        created_by: created_by.to_owned(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    for (i, (description, due_on)) in cmd.actions.iter().enumerate() {
        let position = i32::try_from(i).unwrap_or(i32::MAX);
        store::insert_action(conn, &open_action(&row.id, position, description, *due_on))?;
    }
    let dto = with_actions(conn, row)?;
    audit::record(
        conn,
        who,
        "create",
        InspectionRow::ENTITY,
        &dto.id,
        None,
        Some(&serde_json::to_value(&dto).unwrap_or_default()),
    )?;
    Ok(dto)
}

/// A page of inspections, newest first, with their actions, and the next page's cursor.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<Inspection>, Option<String>)> {
    let rows = store::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut actions: HashMap<String, Vec<ActionRow>> = HashMap::new();
    for a in store::actions(conn, &ids)? {
        actions.entry(a.inspection_id.clone()).or_default().push(a);
    }
    let items = rows
        .into_iter()
        .map(|r| {
            let mine = actions.remove(&r.id).unwrap_or_default();
            view(r, mine)
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok((items, next))
}

/// One inspection with its actions, if the reader (confined to `unit`) may see it.
pub fn get(conn: &mut DbConn, id: &str, unit: Option<&str>) -> AppResult<Inspection> {
    let row = load(conn, id, unit)?;
    with_actions(conn, row)
}

/// Saves a changed inspection through [`save_versioned`] and answers its new state.
fn save(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    if_match: Option<&str>,
    before: &InspectionRow,
    row: InspectionRow,
) -> AppResult<Inspection> {
    let row = save_versioned(conn, who, action, if_match, before, row)?;
    with_actions(conn, row)
}

/// Corrects an inspection's record; scope `movement` needs the movement it names.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    change: &InspectionChange,
) -> AppResult<Inspection> {
    let before = load(conn, id, None)?;
    let mut row = before.clone();
    if let Some(d) = change.inspected_on {
        row.inspected_on = d;
    }
    if let Some(s) = &change.scopes {
        if s.contains(&InspectionScope::Movement) && row.movement_id.is_none() {
            return Err(AppError::invalid_field(
                "/scopes",
                t!(
                    "Đợt kiểm tra này không nêu phong trào.",
                    "This inspection names no movement."
                ),
            ));
        }
        row.scopes = scopes_text(s);
    }
    if let Some(f) = &change.findings {
        row.findings.clone_from(f);
    }
    save(conn, who, "update", if_match, &before, row)
}

/// Adds a follow-up action (at most 100 an inspection).
pub fn add_action(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    description: &str,
    due_on: NaiveDate,
) -> AppResult<Inspection> {
    let before = load(conn, id, None)?;
    let existing = store::actions(conn, std::slice::from_ref(&before.id))?;
    if existing.len() >= 100 {
        return Err(AppError::conflict(
            Code::TooManyActions,
            t!("Tối đa 100 việc.", "At most 100 actions."),
        ));
    }
    let position = existing.last().map_or(0, |a| a.position + 1);
    store::insert_action(
        conn,
        &open_action(&before.id, position, description, due_on),
    )?;
    save(conn, who, "add_action", None, &before, before.clone())
}

/// Changes a follow-up action of an inspection the caller (confined to `unit`) may see.
pub fn update_action(
    conn: &mut DbConn,
    who: &Who,
    (id, action_id): (&str, &str),
    unit: Option<&str>,
    if_match: Option<&str>,
    change: &ActionChange,
) -> AppResult<Inspection> {
    let before = load(conn, id, unit)?;
    let mut action = store::actions(conn, std::slice::from_ref(&before.id))?
        .into_iter()
        .find(|a| a.id == action_id)
        .ok_or_else(|| AppError::not_found("việc cần làm (action)"))?;
    if let Some(s) = change.status {
        action.status = s;
        action.done_on = match s {
            ActionStatus::Done => Some(change.done_on.unwrap_or_else(today)),
            _ => None,
        };
    }
    if let Some(d) = change.due_date {
        action.due_on = d;
    }
    if change.note.is_some() {
        action.note.clone_from(&change.note);
    }
    store::update_action(conn, &action)?;
    save(
        conn,
        who,
        "update_action",
        if_match,
        &before,
        before.clone(),
    )
}
