//! Implementation plans' use cases: the coordinator sets which plans are due and by when, a
//! unit records when it issued its own; the answers carry the state derived from the dates as
//! of today and each target's progress, measured from the data.

use crate::error::Code;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::movements::{unit_refs, UnitRef};
use super::reorganisations::Lineage;
use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::register::{year_span, Channel, Indicator, PlanKind, PlanState};
use crate::domain::today;
use crate::error::{AppError, AppResult};
use crate::store::audit;
use crate::store::movements::{self as movements, MovementRow};
pub use crate::store::plans::Filter;
use crate::store::plans::{self as store, PlanRow, Scope, Step, TargetRow};
use crate::t;

/// A target with its progress.
#[derive(Serialize, ToSchema)]
pub struct Target {
    pub indicator: Indicator,
    pub channel: Option<Channel>,
    pub target: i32,
    pub description: Option<String>,
    /// What the data shows so far; `null` for `other`, which the service does not measure.
    pub achieved: Option<i64>,
    /// `achieved` as a percentage of `target` (rounded down).
    pub percent: Option<i64>,
}

/// An implementation plan with its derived state and measured targets.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d01", "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b03",
    "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a05", "code": "STTTT", "name": "Sở Thông tin và Truyền thông"},
    "kind": "annual", "year": 2023, "period_start": "2023-01-01", "period_end": "2023-12-31",
    "title": "Kế hoạch triển khai phong trào thi đua \"Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số\" năm 2023",
    "due_on": "2023-02-28", "issued_on": "2023-03-10", "document_number": "15/KH-STTTT", "state": "issued_late",
    "targets": [{"indicator": "models_discovered", "channel": null, "target": 10, "description": null, "achieved": 4, "percent": 40}],
    "version": 2, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Plan {
    pub id: String,
    pub movement_id: String,
    pub unit: Option<UnitRef>,
    pub kind: PlanKind,
    pub year: Option<i32>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub title: String,
    pub due_on: NaiveDate,
    pub issued_on: Option<NaiveDate>,
    pub document_number: Option<String>,
    pub state: PlanState,
    pub targets: Vec<Target>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A target of a plan, checked.
#[derive(Clone)]
pub struct NewTarget {
    pub indicator: Indicator,
    /// For `publicity_items`: count only this channel.
    pub channel: Option<Channel>,
    pub target: i32,
    pub description: Option<String>,
}

fn target_rows(plan_id: &str, targets: &[NewTarget]) -> Vec<TargetRow> {
    targets
        .iter()
        .enumerate()
        .map(|(i, t)| TargetRow {
            id: new_id(),
            plan_id: plan_id.to_owned(),
            position: i32::try_from(i).unwrap_or(i32::MAX),
            indicator: t.indicator,
            channel: t.channel,
            target: t.target,
            description: t.description.clone(),
        })
        .collect()
}

/// Measures a target over the plan's movement, period and (for a unit's plan) unit, with the
/// records of the units it took over from.
fn measure(
    conn: &mut DbConn,
    plan: &PlanRow,
    (kind, lineage): (PlanKind, &Lineage),
    t: &TargetRow,
) -> AppResult<Option<i64>> {
    let line = (!kind.movement_wide()).then(|| lineage.line_of(&plan.unit_id));
    let scope = Scope {
        movement_id: &plan.movement_id,
        unit_ids: line.as_deref(),
        from: plan.period_start,
        to: plan.period_end,
    };
    Ok(match t.indicator {
        Indicator::ModelsDiscovered => Some(store::count_models(conn, &scope, Step::Discovered)?),
        Indicator::ModelsNurtured => Some(store::count_models(conn, &scope, Step::Nurtured)?),
        Indicator::ModelsReplicated => Some(store::count_models(conn, &scope, Step::Replicated)?),
        Indicator::PublicityItems => Some(store::count_publicity(conn, &scope, t.channel)?),
        Indicator::UnitPlansIssued => Some(store::count_unit_plans_issued(conn, &scope)?),
        Indicator::Other => None,
    })
}

/// Builds the answers for plan rows: units, state as of today, targets and their progress.
fn assemble(conn: &mut DbConn, rows: Vec<PlanRow>) -> AppResult<Vec<Plan>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut targets_by: HashMap<String, Vec<TargetRow>> = HashMap::new();
    for t in store::targets(conn, &ids)? {
        targets_by.entry(t.plan_id.clone()).or_default().push(t);
    }
    let unit_ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let unit_refs = unit_refs(conn, &unit_ids)?;
    let today = today();
    let lineage = Lineage::load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let kind = r.kind;
        let mut targets = Vec::new();
        for t in targets_by.remove(&r.id).unwrap_or_default() {
            let achieved = measure(conn, &r, (kind, &lineage), &t)?;
            targets.push(Target {
                indicator: t.indicator,
                channel: t.channel,
                percent: achieved
                    .and_then(|a| (t.target > 0).then(|| a * 100 / i64::from(t.target))),
                target: t.target,
                description: t.description,
                achieved,
            });
        }
        out.push(Plan {
            state: PlanState::of(r.due_on, r.issued_on, today),
            unit: unit_refs.get(&r.unit_id).cloned(),
            kind,
            targets,
            id: r.id,
            movement_id: r.movement_id,
            year: r.year,
            period_start: r.period_start,
            period_end: r.period_end,
            title: r.title,
            due_on: r.due_on,
            issued_on: r.issued_on,
            document_number: r.document_number,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        });
    }
    Ok(out)
}

/// The answer for one plan row.
fn one(conn: &mut DbConn, row: PlanRow) -> AppResult<Plan> {
    assemble(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("plan vanished"))
}

/// Movement `id`, or 404.
fn movement(conn: &mut DbConn, id: &str) -> AppResult<MovementRow> {
    movements::get(conn, id)?.ok_or_else(|| AppError::not_found("phong trào (movement)"))
}

/// Plan `id` of movement `movement_id`, or 404.
fn plan_of(conn: &mut DbConn, movement_id: &str, id: &str) -> AppResult<PlanRow> {
    store::get(conn, id)?
        .filter(|p| p.movement_id == movement_id)
        .ok_or_else(|| AppError::not_found("kế hoạch (plan)"))
}

/// The plan as the audit log keeps it: the row with its targets.
fn json(conn: &mut DbConn, row: &PlanRow) -> AppResult<serde_json::Value> {
    let mut v = serde_json::to_value(row).unwrap_or_default();
    let targets = store::targets(conn, std::slice::from_ref(&row.id))?;
    v["targets"] = serde_json::to_value(targets).unwrap_or_default();
    Ok(v)
}

/// A change of a plan: the row, and the targets that replace its own when `Some`.
#[derive(Clone)]
struct PlanEdit {
    row: PlanRow,
    targets: Option<Vec<TargetRow>>,
}

impl Record for PlanEdit {
    const ENTITY: &'static str = "plan";

    row_versioning!(row);

    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        json(conn, &self.row)
    }

    fn store(conn: &mut DbConn, edit: &Self, expected: i64) -> AppResult<bool> {
        if !store::update(conn, &edit.row, expected)? {
            return Ok(false);
        }
        if let Some(targets) = &edit.targets {
            store::set_targets(conn, &edit.row.id, targets)?;
        }
        Ok(true)
    }
}

/// A plan the coordinator expects, checked: the unit is the movement's lead when absent.
pub struct NewPlan {
    pub kind: PlanKind,
    pub unit_id: Option<String>,
    pub year: Option<i32>,
    pub title: String,
    pub due_on: NaiveDate,
    pub targets: Vec<NewTarget>,
}

/// The period a plan of `kind` covers: the movement's phase, or the year.
fn period_of(
    m: &MovementRow,
    kind: PlanKind,
    year: Option<i32>,
) -> AppResult<(NaiveDate, NaiveDate)> {
    match (kind, year) {
        (PlanKind::Phase, _) => {
            let span = m
                .phase_from
                .zip(m.phase_to)
                .and_then(|(f, t)| Some((year_span(f)?.0, year_span(t)?.1)));
            span.ok_or_else(|| {
                AppError::invalid_field(
                    "/kind",
                    t!(
                        "Phong trào chưa có giai đoạn (phase_from, phase_to).",
                        "The movement has no phase (phase_from, phase_to)."
                    ),
                )
            })
        }
        (_, Some(year)) => year_span(year).ok_or_else(|| {
            AppError::invalid_field("/year", t!("Năm không hợp lệ.", "Invalid year."))
        }),
        (_, None) => Err(AppError::invalid_field(
            "/year",
            t!("Thiếu năm.", "year is required."),
        )),
    }
}

/// Sets a plan of movement `movement_id` that a unit must issue, and by when.
pub fn create(conn: &mut DbConn, who: &Who, movement_id: &str, p: &NewPlan) -> AppResult<Plan> {
    let m = movement(conn, movement_id)?;
    let unit_id = p.unit_id.clone().unwrap_or_else(|| m.lead_unit_id.clone());
    let (period_start, period_end) = period_of(&m, p.kind, p.year)?;
    // A unit plans for the periods it lives in.
    let unit = std::slice::from_ref(&unit_id);
    super::units::working_on(conn, "/unit_id", unit, period_start)?;
    let at = now();
    let row = PlanRow {
        id: new_id(),
        movement_id: m.id.clone(),
        unit_id,
        kind: p.kind,
        year: p.year,
        period_start,
        period_end,
        title: p.title.clone(),
        due_on: p.due_on,
        issued_on: None,
        document_number: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    store::set_targets(conn, &row.id, &target_rows(&row.id, &p.targets))?;
    let after = json(conn, &row)?;
    audit::record(conn, who, "create", "plan", &row.id, None, Some(&after))?;
    one(conn, row)
}

/// 404 unless movement `id` exists.
pub fn ensure_movement(conn: &mut DbConn, id: &str) -> AppResult<()> {
    movement(conn, id).map(drop)
}

/// One page of plans matching `filter` (the state as of today), by due date after the cursor's
/// (due date, id); with the cursor of the next page.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(NaiveDate, String)>,
    limit: i64,
) -> AppResult<(Vec<Plan>, Option<String>)> {
    let rows = store::list(conn, filter, today(), after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.due_on, r.id.clone()));
    Ok((assemble(conn, rows)?, next))
}

/// Plan `id` of movement `movement_id` with its state and progress, or 404.
pub fn get(conn: &mut DbConn, movement_id: &str, id: &str) -> AppResult<Plan> {
    let row = plan_of(conn, movement_id, id)?;
    one(conn, row)
}

/// The coordinator's changes to a plan, checked; each `Some` replaces its field.
pub struct PlanChanges {
    pub title: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub targets: Option<Vec<NewTarget>>,
}

/// Changes the title, due date or targets of a plan; `expected` is the caller's `If-Match`.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    movement_id: &str,
    id: &str,
    changes: &PlanChanges,
    expected: Option<&str>,
) -> AppResult<Plan> {
    let before = plan_of(conn, movement_id, id)?;
    let mut row = before.clone();
    if let Some(v) = &changes.title {
        row.title = v.clone();
    }
    if let Some(v) = changes.due_on {
        row.due_on = v;
    }
    let targets = changes.targets.as_deref().map(|t| target_rows(&row.id, t));
    let before = PlanEdit {
        row: before,
        targets: None,
    };
    let edit = save_versioned(
        conn,
        who,
        "update",
        expected,
        &before,
        PlanEdit { row, targets },
    )?;
    one(conn, edit.row)
}

/// The unit's record of issuing its plan, checked (not in the future).
pub struct Issue {
    pub issued_on: NaiveDate,
    pub document_number: String,
}

/// Records that the unit issued its plan. Only the plan's unit (or the registrar) may; once
/// recorded, only the registrar corrects it. `expected` is the caller's `If-Match`.
pub fn issue(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    movement_id: &str,
    id: &str,
    cmd: &Issue,
    expected: Option<&str>,
) -> AppResult<Plan> {
    let before = plan_of(conn, movement_id, id)?;
    crate::domain::access::doors::DOCUMENTS_WRITE.for_unit(caller, &before.unit_id)?;
    if before.issued_on.is_some() && !caller.is_registrar() {
        return Err(AppError::conflict(
            Code::AlreadyIssued,
            t!(
                "Kế hoạch đã được ghi nhận ban hành; liên hệ Sở Nội vụ để đính chính.",
                "The plan is already recorded as issued; ask the coordinator to correct it."
            ),
        ));
    }
    let m = movement(conn, movement_id)?;
    if cmd.issued_on < m.start_on {
        return Err(AppError::invalid_field(
            "/issued_on",
            t!(
                "Kế hoạch không thể ban hành trước khi có phong trào ({}).",
                "A plan cannot be issued before its movement exists ({}).",
                m.start_on
            ),
        ));
    }
    let mut row = before.clone();
    row.issued_on = Some(cmd.issued_on);
    row.document_number = Some(cmd.document_number.clone());
    let before = PlanEdit {
        row: before,
        targets: None,
    };
    let edit = PlanEdit { row, targets: None };
    let edit = save_versioned(conn, who, "issue", expected, &before, edit)?;
    one(conn, edit.row)
}

/// Hands a plan not issued yet over to `to`: a step of a reorganisation.
pub fn hand_over(conn: &mut DbConn, who: &Who, id: &str, to: &str) -> AppResult<()> {
    let before = store::get(conn, id)?.ok_or_else(|| AppError::not_found("kế hoạch (plan)"))?;
    let mut row = before.clone();
    row.unit_id = to.to_owned();
    let before = PlanEdit {
        row: before,
        targets: None,
    };
    let row = PlanEdit { row, targets: None };
    save_versioned(conn, who, "reorganise", None, &before, row)?;
    Ok(())
}
