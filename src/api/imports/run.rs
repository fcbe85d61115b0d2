//! Running an import: each row becomes the API's create request for its kind (references by
//! code or number resolved to ids), passes that request's own checks and is created by the
//! same use case, in a savepoint of one transaction. Every error is kept with its row and
//! column; a record already in the register is a clash, never overwritten.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::rows::{map_headers, Mapped, Refs, RowError};
use super::sheet::{Cell, Table};
use crate::api::awardees::AwardeeCreate;
use crate::api::awards::AwardCreate;
use crate::api::documents::DocumentCreate;
use crate::api::models::ModelCreate;
use crate::api::movements::MovementCreate;
use crate::api::units::UnitCreate;
use crate::domain::text;
use crate::domain::vocab::ImportKind;
use crate::error::{AppError, AppResult};
use crate::service::{self, DbConn, Who};
use crate::store;
use crate::t;

/// A row whose record is already in the register.
#[derive(Clone, Debug)]
pub struct Clash {
    pub row: usize,
    pub column: Option<(String, String, &'static str)>,
    pub value: String,
    pub existing_id: String,
}

/// What an import did, or would do.
#[derive(Debug, Default)]
pub struct Outcome {
    pub rows: usize,
    pub created: usize,
    pub errors: Vec<RowError>,
    pub clashes: Vec<Clash>,
}

/// What the register already holds that rows refer to or may clash with, kept up to date as
/// rows are created.
#[derive(Default)]
struct Known {
    refs: Refs,
    /// The clash key of each record of the kind → its id.
    existing: HashMap<String, String>,
    /// The clash key of each record this import made → its row.
    made: HashMap<String, usize>,
}

impl Known {
    fn load(conn: &mut DbConn, kind: ImportKind) -> AppResult<Known> {
        let mut known = Known::default();
        let refs = &mut known.refs;
        refs.units = store::units::codes(conn)?.into_iter().collect();
        match kind {
            ImportKind::Units => known.existing = refs.units.clone(),
            ImportKind::Documents => {
                for (id, number, unit, day) in store::documents::keys(conn)? {
                    known.existing.insert(document_key(&unit, &number, day), id);
                }
            }
            ImportKind::Movements => {
                for (id, number, _, _) in store::documents::keys(conn)? {
                    refs.documents.entry(number).or_default().push(id);
                }
                refs.movements = store::movements::codes(conn)?.into_iter().collect();
                known.existing = refs.movements.clone();
            }
            ImportKind::Awardees => {
                for (id, unit, kind, name_key) in store::awardees::keys(conn)? {
                    known
                        .existing
                        .insert(model_key(&unit, kind.as_str(), &name_key), id);
                }
            }
            ImportKind::Awards => {
                refs.award_types = store::award_types::codes(conn)?.into_iter().collect();
                for (id, unit, _, name_key) in store::awardees::keys(conn)? {
                    refs.awardees
                        .entry(format!("{unit}\u{1f}{name_key}"))
                        .or_default()
                        .push(id);
                }
                for (id, awardee, award_type, from, to) in store::awards::keys(conn)? {
                    known
                        .existing
                        .insert(award_key(&awardee, &award_type, from, to), id);
                }
            }
            ImportKind::ExemplaryModels => {
                refs.movements = store::movements::codes(conn)?.into_iter().collect();
                for (id, unit, kind, name_key) in store::models::keys(conn)? {
                    known
                        .existing
                        .insert(model_key(&unit, kind.as_str(), &name_key), id);
                }
            }
        }
        Ok(known)
    }

    /// Remembers a record a row made, so later rows may name it and may not repeat it.
    fn made(
        &mut self,
        kind: ImportKind,
        planned_key: String,
        reference: Option<String>,
        row: usize,
        id: String,
    ) {
        self.made.insert(planned_key, row);
        let Some(reference) = reference else { return };
        match kind {
            ImportKind::Units => {
                self.refs.units.insert(reference, id);
            }
            ImportKind::Documents => self.refs.documents.entry(reference).or_default().push(id),
            ImportKind::Movements => {
                self.refs.movements.insert(reference, id);
            }
            ImportKind::ExemplaryModels | ImportKind::Awardees | ImportKind::Awards => {}
        }
    }
}

fn document_key(unit: &str, number: &str, day: NaiveDate) -> String {
    format!("{unit}\u{1f}{}\u{1f}{day}", text::clean(number))
}

fn model_key(unit: &str, kind: &str, name_key: &str) -> String {
    format!("{unit}\u{1f}{kind}\u{1f}{name_key}")
}

fn award_key(awardee: &str, award_type: &str, from: i32, to: i32) -> String {
    format!("{awardee}\u{1f}{award_type}\u{1f}{from}\u{1f}{to}")
}

/// Creates a checked row's record and answers its id.
type Make = Box<dyn FnOnce(&mut DbConn, &Who) -> AppResult<String>>;

/// A row checked and ready to be created.
struct Planned {
    /// What makes it the same record as another (its clash key), and the member and value
    /// that show it.
    key: String,
    pointer: &'static str,
    value: String,
    /// The code or number later rows may name it by.
    reference: Option<String>,
    make: Make,
}

fn parse<T: DeserializeOwned>(body: Json) -> AppResult<T> {
    serde_json::from_value(body).map_err(|e| crate::api::middleware::body_error(&e.to_string()))
}

/// The row's request, checked as the API checks it.
fn plan(kind: ImportKind, body: Json) -> AppResult<Planned> {
    Ok(match kind {
        ImportKind::Units => {
            let cmd = parse::<UnitCreate>(body)?.check()?;
            let code = cmd.code.to_uppercase();
            Planned {
                key: code.clone(),
                pointer: "/code",
                value: cmd.code.clone(),
                reference: Some(code),
                make: Box::new(move |c, who| Ok(service::units::create(c, who, &cmd)?.id)),
            }
        }
        ImportKind::Documents => {
            let cmd = parse::<DocumentCreate>(body)?.check()?;
            Planned {
                key: document_key(&cmd.issuing_unit_id, &cmd.number, cmd.issued_on),
                pointer: "/number",
                value: cmd.number.clone(),
                reference: Some(cmd.number.clone()),
                make: Box::new(move |c, who| Ok(service::documents::create(c, who, &cmd)?.id)),
            }
        }
        ImportKind::Movements => {
            let cmd = parse::<MovementCreate>(body)?.check()?;
            Planned {
                key: cmd.code.clone(),
                pointer: "/code",
                value: cmd.code.clone(),
                reference: Some(cmd.code.clone()),
                make: Box::new(move |c, who| Ok(service::movements::record_new(c, who, &cmd)?.id)),
            }
        }
        ImportKind::Awardees | ImportKind::Awards => register_plan(kind, body)?,
        ImportKind::ExemplaryModels => {
            let cmd = crate::api::models::check_new(parse::<ModelCreate>(body)?)?;
            Planned {
                key: model_key(
                    &cmd.managing_unit_id,
                    cmd.kind.as_str(),
                    &text::sort_key(&cmd.name),
                ),
                pointer: "/name",
                value: cmd.name.clone(),
                reference: None,
                make: Box::new(move |c, who| Ok(service::models::record_new(c, who, &cmd)?.id)),
            }
        }
    })
}

/// The row's request of the commendation register's kinds (awardees, awards).
fn register_plan(kind: ImportKind, body: Json) -> AppResult<Planned> {
    Ok(match kind {
        ImportKind::Awardees => {
            let cmd = crate::api::awardees::check_new(parse::<AwardeeCreate>(body)?)?;
            Planned {
                key: model_key(&cmd.unit_id, cmd.kind.as_str(), &text::sort_key(&cmd.name)),
                pointer: "/name",
                value: cmd.name.clone(),
                reference: None,
                make: Box::new(move |c, who| {
                    let shown = service::awardees::create(c, who, cmd)?;
                    shown
                        .rows
                        .first()
                        .map(|r| r.id.clone())
                        .ok_or_else(|| AppError::internal("awardee vanished"))
                }),
            }
        }
        ImportKind::Awards => {
            let cmd = crate::api::awards::check_new(&parse::<AwardCreate>(body)?)?;
            Planned {
                key: award_key(
                    &cmd.awardee_id,
                    &cmd.award_type_id,
                    cmd.period_from,
                    cmd.period_to,
                ),
                pointer: "/awardee_id",
                value: format!("{}–{}", cmd.period_from, cmd.period_to),
                reference: None,
                make: Box::new(move |c, who| {
                    let shown = service::awards::create(c, who, &cmd)?;
                    shown
                        .rows
                        .first()
                        .map(|r| r.id.clone())
                        .ok_or_else(|| AppError::internal("award vanished"))
                }),
            }
        }
        _ => return Err(AppError::internal("not a register kind")),
    })
}

/// The rows in the order they are created: a unit after the parent it names in the same file.
/// Rows whose parents name each other in a ring are errors.
fn order(
    kind: ImportKind,
    mapping: &[Mapped],
    table: &Table,
    errors: &mut Vec<RowError>,
) -> Vec<usize> {
    let cell_of = |member: &str, cells: &[Cell]| {
        mapping
            .iter()
            .find(|m| m.column.member == member)
            .and_then(|m| cells.get(m.index))
            .map(|c| c.text().to_uppercase())
            .unwrap_or_default()
    };
    let all: Vec<usize> = (0..table.rows.len()).collect();
    if kind != ImportKind::Units || !mapping.iter().any(|m| m.column.member == "/parent_id") {
        return all;
    }
    let in_file: HashSet<String> = table
        .rows
        .iter()
        .map(|(_, c)| cell_of("/code", c))
        .collect();
    let mut placed: HashSet<String> = HashSet::new();
    let mut order = Vec::with_capacity(all.len());
    let mut pending = all;
    loop {
        let before = pending.len();
        pending.retain(|&i| {
            let cells = &table.rows[i].1;
            let (code, parent) = (cell_of("/code", cells), cell_of("/parent_id", cells));
            let ready = parent.is_empty()
                || parent == code
                || !in_file.contains(&parent)
                || placed.contains(&parent);
            if ready {
                order.push(i);
                placed.insert(code);
            }
            !ready
        });
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    for i in pending {
        errors.push(RowError {
            row: table.rows[i].0,
            column: mapping
                .iter()
                .find(|m| m.column.member == "/parent_id")
                .and_then(Mapped::at),
            detail: t!(
                "Đơn vị cấp trên ở các dòng của tệp tạo thành vòng.",
                "The parents named on rows of the file form a ring."
            ),
        });
    }
    order
}

/// The errors of a row from the checks or the use case, each at its column when known.
fn row_errors(mapping: &[Mapped], row: usize, e: &AppError) -> Vec<RowError> {
    let at = |pointer: Option<&str>| {
        let pointer = pointer?;
        mapping
            .iter()
            .find(|m| {
                pointer == m.column.member || pointer.starts_with(&format!("{}/", m.column.member))
            })
            .and_then(Mapped::at)
    };
    if e.errors.is_empty() {
        let pointer = e.extensions.get("pointer").and_then(Json::as_str);
        return vec![RowError {
            row,
            column: at(pointer),
            detail: e.detail.clone(),
        }];
    }
    e.errors
        .iter()
        .map(|f| RowError {
            row,
            column: at(f.pointer.as_deref()),
            detail: f.detail.clone(),
        })
        .collect()
}

/// Runs the import of `table` as `who` (whose `cause_id` is the import), within the caller's
/// transaction: every row that passes is created; the caller decides whether to keep them.
pub fn run(conn: &mut DbConn, who: &Who, kind: ImportKind, table: &Table) -> AppResult<Outcome> {
    let mut out = Outcome {
        rows: table.rows.len(),
        ..Outcome::default()
    };
    let mapping = match map_headers(kind, table) {
        Ok(m) => m,
        Err(errors) => {
            out.errors = errors;
            return Ok(out);
        }
    };
    let mut known = Known::load(conn, kind)?;
    for i in order(kind, &mapping, table, &mut out.errors) {
        let (row, cells) = &table.rows[i];
        one_row(
            conn,
            who,
            kind,
            &mapping,
            &mut known,
            (*row, cells),
            &mut out,
        )?;
    }
    out.errors
        .sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
    Ok(out)
}

/// Checks one row and creates its record. The use cases check everything before they write,
/// so a row that fails leaves nothing; a failure of the database itself (a record written by
/// someone else meanwhile, a busy database) ends the import with its error.
fn one_row(
    conn: &mut DbConn,
    who: &Who,
    kind: ImportKind,
    mapping: &[Mapped],
    known: &mut Known,
    (row, cells): (usize, &[Cell]),
    out: &mut Outcome,
) -> AppResult<()> {
    let planned = match known
        .refs
        .request(mapping, row, cells)
        .map(|body| plan(kind, body))
    {
        Err((stand_in, errors)) => {
            // The other members' errors too, but nothing is created from a stand-in.
            if let Err(e) = plan(kind, stand_in) {
                let failed: Vec<_> = errors.iter().map(|e| e.column.clone()).collect();
                out.errors.extend(
                    row_errors(mapping, row, &e)
                        .into_iter()
                        .filter(|e| e.column.is_some() && !failed.contains(&e.column)),
                );
            }
            out.errors.extend(errors);
            return Ok(());
        }
        Ok(Err(e)) => {
            out.errors.extend(row_errors(mapping, row, &e));
            return Ok(());
        }
        Ok(Ok(p)) => p,
    };
    let column = mapping
        .iter()
        .find(|m| m.column.member == planned.pointer)
        .and_then(Mapped::at);
    if let Some(first) = known.made.get(&planned.key) {
        out.errors.push(RowError {
            row,
            column,
            detail: t!(
                "Trùng với dòng {} của tệp («{}»).",
                "Repeats row {} of the file (\"{}\").",
                first,
                planned.value
            ),
        });
        return Ok(());
    }
    if let Some(existing) = known.existing.get(&planned.key) {
        out.clashes.push(Clash {
            row,
            column,
            value: planned.value,
            existing_id: existing.clone(),
        });
        return Ok(());
    }
    match (planned.make)(conn, who) {
        Ok(id) => {
            out.created += 1;
            known.made(kind, planned.key, planned.reference, row, id);
        }
        Err(e) if from_database(&e) => return Err(e),
        Err(e) => out.errors.extend(row_errors(mapping, row, &e)),
    }
    Ok(())
}

/// Whether an error is the database's own (a constraint, a busy or failing database) rather
/// than a use case's refusal: after it, PostgreSQL runs nothing more in the transaction.
fn from_database(e: &AppError) -> bool {
    use crate::error::{Code, Kind};
    e.kind == Kind::Internal
        || e.kind == Kind::Unavailable
        || matches!(
            e.code,
            Some(Code::Duplicate | Code::Reference | Code::InvalidCharacter)
        )
}
