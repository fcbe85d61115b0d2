//! Compliance with one report type for one period, computed from the data at request time:
//! who was expected on the due date and whether each reported on time, late or not at all.
//! The compliance report and the reminders of missing reports share it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{audience_of, last_day_of, resolve, store, Due, ReportTypeRow};
use crate::domain::access::doors::{self, Reach};
use crate::domain::access::Caller;
use crate::domain::periods::on_time;
use crate::domain::vocab::ComplianceStatus;
use crate::error::{AppError, AppResult};
use crate::service::reorganisations::Lineage;
use crate::service::DbConn;
use crate::store::movements;
use crate::store::reporting::ExpectedUnit;
use crate::t;

/// What compliance is asked for; errors name the query parameters (`type`, `period`,
/// `movement`).
pub struct ComplianceFilter {
    /// The report type's id or code.
    pub report_type: String,
    pub period: String,
    /// Only the units of this emulation group.
    pub group: Option<String>,
    /// Only the units taking part in this movement.
    pub movement: Option<String>,
    /// List only the units in this state; tallies count all.
    pub status: Option<ComplianceStatus>,
}

#[derive(Serialize, ToSchema)]
pub struct UnitCompliance {
    pub unit_id: String,
    pub code: String,
    pub name: String,
    pub group_id: Option<String>,
    /// The movements the unit takes part in that year.
    pub movement_ids: Vec<String>,
    pub status: ComplianceStatus,
    /// The first submission (timeliness is judged on it); the latest revision counts as content.
    /// For a successor met by its predecessors' reports, the latest of their first ones.
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub revisions: i64,
    /// For a successor that has not reported: the predecessors whose reports for the period
    /// count for it (all of them, or `partial`).
    #[schema(max_items = 200)]
    pub met_by_predecessors: Vec<String>,
    /// For a `partial` successor: the predecessors that did not report.
    #[schema(max_items = 200)]
    pub missing_predecessors: Vec<String>,
}

#[derive(Serialize, ToSchema, Default)]
pub struct Tally {
    pub expected: i64,
    pub on_time: i64,
    pub late: i64,
    /// Successors for which only some predecessors reported.
    pub partial: i64,
    pub missing: i64,
    /// `on_time / expected` (0 when none are expected).
    pub on_time_rate: f64,
    /// `(on_time + late) / expected`.
    pub submitted_rate: f64,
}

#[derive(Serialize, ToSchema)]
pub struct GroupCompliance {
    pub group_id: String,
    pub name: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Serialize, ToSchema)]
pub struct MovementCompliance {
    pub movement_id: String,
    pub name: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Serialize, ToSchema)]
pub struct Compliance {
    pub report_type_id: String,
    pub period: String,
    pub due_date: NaiveDate,
    /// Submissions are taken until the end of this day; then the period is expired.
    pub last_day: NaiveDate,
    pub locked: bool,
    #[serde(flatten)]
    pub total: Tally,
    pub by_group: Vec<GroupCompliance>,
    pub by_movement: Vec<MovementCompliance>,
    pub units: Vec<UnitCompliance>,
}

impl Tally {
    fn add(&mut self, status: ComplianceStatus) {
        self.expected += 1;
        match status {
            ComplianceStatus::OnTime => self.on_time += 1,
            ComplianceStatus::Late => self.late += 1,
            ComplianceStatus::Partial => self.partial += 1,
            ComplianceStatus::Missing => self.missing += 1,
        }
        let e = self.expected as f64;
        self.on_time_rate = self.on_time as f64 / e;
        self.submitted_rate = (self.on_time + self.late) as f64 / e;
    }
}

/// The tallies being counted: in total, per emulation group and per movement.
#[derive(Default)]
struct Tallies {
    total: Tally,
    by_group: BTreeMap<(String, String), Tally>,
    by_movement: BTreeMap<String, Tally>,
}

impl Tallies {
    /// Counts one expected unit in the total and in its group's and movements' tallies.
    fn add(
        &mut self,
        group: Option<&(String, String)>,
        movement_ids: &[String],
        status: ComplianceStatus,
    ) {
        self.total.add(status);
        if let Some(g) = group {
            self.by_group.entry(g.clone()).or_default().add(status);
        }
        for m in movement_ids {
            self.by_movement.entry(m.clone()).or_default().add(status);
        }
    }

    /// The total, and the tallies per group and per movement (named), in order of their keys.
    fn finish(
        self,
        movement_names: &HashMap<String, String>,
    ) -> (Tally, Vec<GroupCompliance>, Vec<MovementCompliance>) {
        let by_group = self
            .by_group
            .into_iter()
            .map(|((group_id, name), tally)| GroupCompliance {
                group_id,
                name,
                tally,
            })
            .collect();
        let by_movement = self
            .by_movement
            .into_iter()
            .map(|(movement_id, tally)| MovementCompliance {
                name: movement_names
                    .get(&movement_id)
                    .cloned()
                    .unwrap_or_default(),
                movement_id,
                tally,
            })
            .collect();
        (self.total, by_group, by_movement)
    }
}

/// A report type by id or by code; 400 on the `type` parameter when there is none.
fn type_named(conn: &mut DbConn, id_or_code: &str) -> AppResult<ReportTypeRow> {
    match store::report_type(conn, id_or_code)? {
        Some(t) => Ok(t),
        None => store::report_type_by_code(conn, id_or_code)?.ok_or_else(|| {
            AppError::invalid_param(
                "type",
                t!("Không có loại báo cáo này.", "No such report type."),
            )
        }),
    }
}

/// unit id → the movements it takes part in that year; movement id → its name.
type Participation = (HashMap<String, Vec<String>>, HashMap<String, String>);

/// Who takes part in which movement in the year, on the due date.
fn participation(conn: &mut DbConn, year: i32, due: NaiveDate) -> AppResult<Participation> {
    let mut taking_part: HashMap<String, Vec<String>> = HashMap::new();
    let mut movement_names: HashMap<String, String> = HashMap::new();
    for (movement, name, unit) in store::participants(conn, year, due)? {
        taking_part.entry(unit).or_default().push(movement.clone());
        movement_names.insert(movement, name);
    }
    Ok((taking_part, movement_names))
}

/// unit id → (its first submission, its number of revisions) for a type and period.
fn first_submissions(
    conn: &mut DbConn,
    type_id: &str,
    period: &str,
) -> AppResult<HashMap<String, (NaiveDateTime, i64)>> {
    Ok(store::first_submissions(conn, type_id, period)?
        .into_iter()
        .map(|(unit, first, n)| (unit, (first, n)))
        .collect())
}

/// Where a unit stands for a period: its own report, or its predecessors'.
enum Standing {
    /// Its own first submission, or (with `met_by`) every predecessor's, the latest first.
    Filed {
        at: NaiveDateTime,
        revisions: i64,
        met_by: Vec<String>,
    },
    /// Some predecessors reported (`met_by`), the others did not.
    Partial {
        met_by: Vec<String>,
        missing: Vec<String>,
    },
    Missing,
}

impl Standing {
    /// Where it stands against the due date.
    fn status(&self, due: NaiveDate) -> ComplianceStatus {
        match self {
            Standing::Missing => ComplianceStatus::Missing,
            Standing::Partial { .. } => ComplianceStatus::Partial,
            Standing::Filed { at, .. } if on_time(at.and_utc(), due) => ComplianceStatus::OnTime,
            Standing::Filed { .. } => ComplianceStatus::Late,
        }
    }

    /// (first submission, revisions, predecessors that reported, predecessors that did not).
    fn parts(self) -> (Option<NaiveDateTime>, i64, Vec<String>, Vec<String>) {
        match self {
            Standing::Filed {
                at,
                revisions,
                met_by,
            } => (Some(at), revisions, met_by, Vec::new()),
            Standing::Partial { met_by, missing } => (None, 0, met_by, missing),
            Standing::Missing => (None, 0, Vec::new(), Vec::new()),
        }
    }
}

/// A unit's standing: its own report, else its predecessors' that still existed after the
/// period began and had handed over by its due date (`span`), each in turn met by its own
/// predecessors; a chain is followed 8 deep.
fn standing(
    lineage: &Lineage,
    submitted: &HashMap<String, (NaiveDateTime, i64)>,
    unit: &str,
    span: (NaiveDate, NaiveDate),
    depth: usize,
) -> Standing {
    if let Some(&(at, revisions)) = submitted.get(unit) {
        return Standing::Filed {
            at,
            revisions,
            met_by: Vec::new(),
        };
    }
    let predecessors = lineage.predecessors_between(unit, span.0, span.1);
    if predecessors.is_empty() || depth >= 8 {
        return Standing::Missing;
    }
    let (mut latest, mut revisions) = (None::<NaiveDateTime>, 0);
    let (mut met_by, mut missing) = (Vec::new(), Vec::new());
    for p in predecessors {
        match standing(lineage, submitted, p, span, depth + 1) {
            Standing::Filed {
                at, revisions: n, ..
            } => {
                latest = latest.max(Some(at));
                revisions += n;
                met_by.push(p.to_owned());
            }
            Standing::Partial {
                met_by: m,
                missing: x,
            } => {
                met_by.extend(m);
                missing.extend(x);
            }
            Standing::Missing => missing.push(p.to_owned()),
        }
    }
    match latest {
        Some(at) if missing.is_empty() => Standing::Filed {
            at,
            revisions,
            met_by,
        },
        _ if met_by.is_empty() => Standing::Missing,
        _ => Standing::Partial { met_by, missing },
    }
}

/// Compliance with one report type for one period, computed from the data now.
/// What the caller may see: the province every unit; the lead unit of the movement asked
/// for, that movement's units; a unit's officer or software, its own unit alone.
pub fn compliance(
    conn: &mut DbConn,
    caller: &Caller,
    q: &ComplianceFilter,
) -> AppResult<Compliance> {
    let door = &doors::COMPLIANCE_READ;
    let mut only = match door.reach(caller) {
        Reach::All => None,
        Reach::Unit(unit) => Some(unit),
    };
    if let Some(m) = q
        .movement
        .as_deref()
        .map(|m| movements::get(conn, m))
        .transpose()?
        .flatten()
    {
        if door.for_movement(caller, None, &m.lead_unit_id).is_ok() {
            only = None;
        }
    }
    of_units(conn, q, only.as_deref())
}

/// The units expected on the due date (of the group, movement or `only` unit asked for), and
/// who takes part in which movement that year.
fn expected_units(
    conn: &mut DbConn,
    q: &ComplianceFilter,
    t: &ReportTypeRow,
    p: &Due,
    only: Option<&str>,
    lineage: &Lineage,
) -> AppResult<(Vec<ExpectedUnit>, Participation)> {
    let mut ids: HashSet<String> = audience_of(conn, t, p)?.into_iter().collect();
    // A duty follows lineage: whoever took over from a unit asked by the due date answers for it.
    let heirs: Vec<String> = ids
        .iter()
        .flat_map(|u| lineage.heirs_by(u, p.due))
        .collect();
    ids.extend(heirs);
    // Every unit active on the due date, kept if expected: one query without a list of ids.
    let mut expected = store::units_active_on(conn, p.due, p.year)?;
    expected.retain(|u| ids.contains(&u.id));
    let participation = participation(conn, p.year, p.due)?;
    if let Some(g) = &q.group {
        expected.retain(|u| u.group.as_ref().is_some_and(|(id, _)| id == g));
    }
    if let Some(m) = &q.movement {
        if movements::get(conn, m)?.is_none() {
            return Err(AppError::invalid_param(
                "movement",
                t!("Không có phong trào này.", "No such movement."),
            ));
        }
        let taking_part = &participation.0;
        expected.retain(|u| taking_part.get(&u.id).is_some_and(|ms| ms.contains(m)));
    }
    if let Some(unit) = only {
        expected.retain(|u| u.id == unit);
    }
    Ok((expected, participation))
}

/// Compliance of every unit expected (or of `only` that one), computed from the data now.
pub fn of_units(
    conn: &mut DbConn,
    q: &ComplianceFilter,
    only: Option<&str>,
) -> AppResult<Compliance> {
    let t = type_named(conn, &q.report_type)?;
    let p = resolve(conn, &t, "period", &q.period)?;
    let due = p.due;
    let lineage = Lineage::load(conn)?;
    let (expected, (taking_part, movement_names)) =
        expected_units(conn, q, &t, &p, only, &lineage)?;
    let submitted = first_submissions(conn, &t.id, &p.code)?;
    let ids: Vec<String> = expected.iter().map(|u| u.id.clone()).collect();
    let names_then = crate::service::units::names_on(conn, &ids, due)?;
    let mut tallies = Tallies::default();
    let mut units = Vec::with_capacity(expected.len());
    for u in expected {
        let s = standing(&lineage, &submitted, &u.id, (p.start, due), 0);
        let status = s.status(due);
        let movement_ids = taking_part.get(&u.id).cloned().unwrap_or_default();
        tallies.add(u.group.as_ref(), &movement_ids, status);
        if q.status.is_none_or(|st| st == status) {
            let (code, name) = names_then.get(&u.id).cloned().unwrap_or((u.code, u.name));
            let (first, revisions, met_by, missing) = s.parts();
            units.push(UnitCompliance {
                group_id: u.group.map(|(g, _)| g),
                movement_ids,
                unit_id: u.id,
                code,
                name,
                status,
                first_submitted_at: first.map(|at| at.and_utc()),
                revisions,
                met_by_predecessors: met_by,
                missing_predecessors: missing,
            });
        }
    }
    let (total, by_group, by_movement) = tallies.finish(&movement_names);
    Ok(Compliance {
        locked: store::is_locked(conn, &t.id, &p.code)?,
        report_type_id: t.id,
        period: p.code,
        due_date: due,
        last_day: last_day_of(due, t.grace_days),
        total,
        by_group,
        by_movement,
        units,
    })
}
