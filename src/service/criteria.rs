//! Criteria sets' use cases: the concrete criteria by which exemplary models of a movement are
//! evaluated and selected (letter point 2). Versioned: a version that any score has used is
//! never changed in place; a change makes a new version.

use crate::error::{Code, Ext};
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{new_id, now, DbConn, Who};
use crate::domain::access::{doors, Caller};
use crate::domain::page as paging;
use crate::domain::vocab::AppliesTo;
use crate::error::{AppError, AppResult};
use crate::store::criteria::{self as store, CriterionRow, SetRow};
use crate::store::{audit, movements};
use crate::t;

/// One criterion.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ được giao", "description": "Có minh chứng kết quả năm", "max_points": 30, "mandatory": true, "pass_mark": 20}))]
pub struct Criterion {
    #[schema(min_length = 1, max_length = 20)]
    pub code: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[schema(minimum = 1, maximum = 1000)]
    pub max_points: i32,
    #[serde(default)]
    pub mandatory: bool,
    /// For a mandatory criterion: the least points that pass.
    #[schema(minimum = 0, maximum = 1000)]
    pub pass_mark: Option<i32>,
}

/// A version of a movement's criteria set.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e01", "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "version": 1,
    "title": "Bộ tiêu chí điển hình tiên tiến phong trào \"Vì người nghèo-Không để ai bị bỏ lại phía sau\"",
    "applies_to": "both", "threshold": 70, "max_total": 100, "in_use": false,
    "criteria": [{"code": "TC1", "title": "Hoàn thành xuất sắc nhiệm vụ được giao", "description": null, "max_points": 30, "mandatory": true, "pass_mark": 20}],
    "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct CriteriaSet {
    pub id: String,
    pub movement_id: String,
    pub version: i32,
    pub title: String,
    pub applies_to: AppliesTo,
    /// The total a nominee needs to qualify.
    pub threshold: i32,
    /// The sum of the criteria's maximum points.
    pub max_total: i32,
    /// Whether a score has used this version (then it is frozen).
    pub in_use: bool,
    pub criteria: Vec<Criterion>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn criterion_rows(set_id: &str, criteria: &[Criterion]) -> Vec<CriterionRow> {
    criteria
        .iter()
        .enumerate()
        .map(|(i, k)| CriterionRow {
            id: new_id(),
            criteria_set_id: set_id.to_owned(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            code: k.code.clone(),
            title: k.title.clone(),
            description: k.description.clone(),
            max_points: k.max_points,
            mandatory: k.mandatory,
            pass_mark: k.pass_mark,
        })
        .collect()
}

/// Builds the answers for set rows, loading their criteria at once.
fn assemble(conn: &mut DbConn, rows: Vec<SetRow>) -> AppResult<Vec<CriteriaSet>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut by_set: HashMap<String, Vec<Criterion>> = HashMap::new();
    for k in store::criteria(conn, &ids)? {
        by_set
            .entry(k.criteria_set_id.clone())
            .or_default()
            .push(Criterion {
                code: k.code,
                title: k.title,
                description: k.description,
                max_points: k.max_points,
                mandatory: k.mandatory,
                pass_mark: k.pass_mark,
            });
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let criteria = by_set.remove(&r.id).unwrap_or_default();
            CriteriaSet {
                max_total: criteria.iter().map(|k| k.max_points).sum(),
                criteria,
                applies_to: r.applies_to,
                in_use: r.used_at.is_some(),
                id: r.id,
                movement_id: r.movement_id,
                version: r.version,
                title: r.title,
                threshold: r.threshold,
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            }
        })
        .collect())
}

/// The answer for one set row.
fn one(conn: &mut DbConn, row: SetRow) -> AppResult<CriteriaSet> {
    assemble(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("criteria set vanished"))
}

/// Set `id` of movement `movement_id`, or 404.
fn set_of(conn: &mut DbConn, movement_id: &str, id: &str) -> AppResult<SetRow> {
    store::get(conn, id)?
        .filter(|s| s.movement_id == movement_id)
        .ok_or_else(|| AppError::not_found("bộ tiêu chí (criteria set)"))
}

/// 404 unless movement `id` exists.
fn ensure_movement(conn: &mut DbConn, id: &str) -> AppResult<()> {
    movement(conn, id).map(drop)
}

fn movement(conn: &mut DbConn, id: &str) -> AppResult<movements::MovementRow> {
    movements::get(conn, id)?.ok_or_else(|| AppError::not_found("phong trào (movement)"))
}

/// The registrars write any movement's criteria sets, a lead unit its own movement's.
fn may_write(conn: &mut DbConn, caller: &Caller, movement_id: &str) -> AppResult<()> {
    let m = movement(conn, movement_id)?;
    doors::CRITERIA_WRITE.for_movement(caller, None, &m.lead_unit_id)
}

/// The set as the audit log keeps it: its answer.
fn json(conn: &mut DbConn, row: &SetRow) -> AppResult<serde_json::Value> {
    Ok(serde_json::to_value(one(conn, row.clone())?).unwrap_or_default())
}

/// A new version of a criteria set, checked.
pub struct NewSet {
    pub title: String,
    pub applies_to: AppliesTo,
    pub threshold: i32,
    pub criteria: Vec<Criterion>,
}

/// Adds the next version of movement `movement_id`'s criteria set.
pub fn create(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    movement_id: &str,
    s: &NewSet,
) -> AppResult<CriteriaSet> {
    may_write(conn, caller, movement_id)?;
    crate::store::lock_key(conn, &format!("criteria:{movement_id}"))?;
    let at = now();
    let row = SetRow {
        id: new_id(),
        version: store::next_version(conn, movement_id)?,
        movement_id: movement_id.to_owned(),
        title: s.title.clone(),
        applies_to: s.applies_to,
        threshold: s.threshold,
        used_at: None,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    store::set_criteria(conn, &row.id, &criterion_rows(&row.id, &s.criteria))?;
    let after = json(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "criteria_set",
        &row.id,
        None,
        Some(&after),
    )?;
    one(conn, row)
}

/// One page of movement `movement_id`'s versions, newest first, before the cursor's version;
/// with the cursor of the next page. 404 for an unknown movement.
pub fn list(
    conn: &mut DbConn,
    movement_id: &str,
    after: Option<i32>,
    limit: i64,
) -> AppResult<(Vec<CriteriaSet>, Option<String>)> {
    ensure_movement(conn, movement_id)?;
    let rows = store::list(conn, movement_id, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| r.version);
    Ok((assemble(conn, rows)?, next))
}

/// Version `id` of movement `movement_id`'s criteria set, or 404.
pub fn get(conn: &mut DbConn, movement_id: &str, id: &str) -> AppResult<CriteriaSet> {
    let row = set_of(conn, movement_id, id)?;
    one(conn, row)
}

/// Changes to a version; each `Some` replaces its field. The title is checked.
pub struct SetChanges {
    pub title: Option<String>,
    pub applies_to: Option<AppliesTo>,
    pub threshold: Option<i32>,
    pub criteria: Option<Vec<Criterion>>,
}

/// Changes a version that no score has used (409 `criteria_set_in_use` otherwise). The
/// criteria and threshold are checked together, as they will be, by `check` (the request's
/// rules, which return the cleaned criteria).
#[allow(clippy::too_many_arguments)]
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    movement_id: &str,
    id: &str,
    changes: &SetChanges,
    check: impl Fn(i32, &[Criterion]) -> AppResult<Vec<Criterion>>,
) -> AppResult<CriteriaSet> {
    may_write(conn, caller, movement_id)?;
    let before = set_of(conn, movement_id, id)?;
    let in_use = || {
        AppError::conflict(
            Code::CriteriaSetInUse,
            t!(
                "Phiên bản {} đã được dùng để chấm điểm nên không thể sửa; hãy tạo phiên bản mới.",
                "Version {} has been used for a score and cannot change; create a new version.",
                before.version
            ),
        )
        .with_ext(Ext::Version, before.version)
    };
    if before.used_at.is_some() {
        return Err(in_use());
    }
    let current = one(conn, before.clone())?;
    let criteria = changes.criteria.clone().unwrap_or(current.criteria);
    let threshold = changes.threshold.unwrap_or(before.threshold);
    let criteria = check(threshold, &criteria)?;
    let before_json = json(conn, &before)?;
    let mut row = before.clone();
    if let Some(v) = &changes.title {
        row.title = v.clone();
    }
    if let Some(v) = changes.applies_to {
        row.applies_to = v;
    }
    row.threshold = threshold;
    row.updated_at = now();
    if !store::update_unused(conn, &row)? {
        return Err(in_use());
    }
    store::set_criteria(conn, &row.id, &criterion_rows(&row.id, &criteria))?;
    let after = json(conn, &row)?;
    audit::record(
        conn,
        who,
        "update",
        "criteria_set",
        &row.id,
        Some(&before_json),
        Some(&after),
    )?;
    one(conn, row)
}
