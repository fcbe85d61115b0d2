//! Use cases of reorganisations: a rename, a move under another parent, a dissolution, a
//! merger, an absorption or a split of units, each an event on a legal document, effective on
//! a day that has come. The units change in the event's transaction; their former names and
//! parents stay in their history, and what the units that end still hold passes to their
//! successors ([`handover`]). An event is undone only by another event.

mod handover;
mod lineage;

use chrono::NaiveDate;

pub use self::handover::Assignment;
pub use self::lineage::Lineage;
use super::units::{self, Deactivation, NewUnit, UnitChange, UnitRow};
use super::{new_id, now, DbConn, Who};
use crate::domain::vocab::{LineageRole, ReorganisationKind};
use crate::domain::{page as paging, today};
use crate::error::{AppError, AppResult, Code, FieldError};
use crate::store::audit;
use crate::store::reorganisations as store;
pub use crate::store::reorganisations::{LinkRow, MoveRow, ReorganisationRow};
use crate::t;

/// A reorganisation to record, its fields checked for form.
pub struct NewReorganisation {
    pub kind: ReorganisationKind,
    /// The unit renamed, moved, dissolved or split; the units a merger or absorption ends.
    pub unit_ids: Vec<String>,
    /// The legal document it rests on; only a deactivation may have none.
    pub document_id: Option<String>,
    pub effective_on: NaiveDate,
    /// For `rename`: the new name, and the new code if it changes.
    pub name: Option<String>,
    pub code: Option<String>,
    /// For `move`: the new parent.
    pub parent_id: Option<String>,
    /// For `absorb`: the one existing successor; for `split`: several.
    pub successor_ids: Vec<String>,
    /// For `merge`: the unit the event creates (it starts on the effective date).
    pub new_unit: Option<NewUnit>,
    /// Where open records go: required for each of a split's, optional otherwise.
    pub mapping: Vec<Assignment>,
}

/// An event with the units it ended and the units that took over, and what it handed over.
pub struct Shown {
    pub row: ReorganisationRow,
    pub predecessor_ids: Vec<String>,
    pub successor_ids: Vec<String>,
    pub moves: Vec<MoveRow>,
}

/// The event and its principal unit as it leaves it (for a merger or an absorption, the
/// successor).
pub struct Recorded {
    pub event: Shown,
    pub unit: UnitRow,
}

/// Records a reorganisation and applies it, in one transaction.
pub fn record(conn: &mut DbConn, who: &Who, cmd: &NewReorganisation) -> AppResult<Recorded> {
    super::movements::not_after_today("/effective_on", cmd.effective_on)?;
    record_by(conn, who, cmd, None)
}

/// Ends a unit (`POST /api/v1/units/{id}/deactivate`): a dissolution, or with a successor an
/// absorption into it; the unit's last day may be today at the latest.
pub fn deactivate(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    end: &Deactivation,
    document_id: Option<String>,
) -> AppResult<UnitRow> {
    if !units::get(conn, id)?.active {
        return Err(units::already_inactive());
    }
    let last_day = end.valid_to.unwrap_or_else(today);
    super::movements::not_after_today("/valid_to", last_day)?;
    let cmd = NewReorganisation {
        kind: match end.successor_id {
            Some(_) => ReorganisationKind::Absorb,
            None => ReorganisationKind::Dissolve,
        },
        unit_ids: vec![id.to_owned()],
        document_id,
        effective_on: last_day.succ_opt().unwrap_or(last_day),
        name: None,
        code: None,
        parent_id: None,
        successor_ids: end.successor_id.iter().cloned().collect(),
        new_unit: None,
        mapping: Vec::new(),
    };
    record_by(conn, who, &cmd, if_match)?;
    units::get(conn, id)
}

/// Records an event whose day its caller has checked; `if_match` guards the (first) unit it
/// changes.
fn record_by(
    conn: &mut DbConn,
    who: &Who,
    cmd: &NewReorganisation,
    if_match: Option<&str>,
) -> AppResult<Recorded> {
    let day = cmd.effective_on;
    if let Some(id) = &cmd.document_id {
        let doc = super::movements::document(conn, "/document_id", id)?;
        super::movements::not_before_document("/effective_on", day, &doc)?;
    }
    // The units must exist on the day they change, and those that end must have begun before.
    let pointer = units_pointer(cmd.kind);
    units::working_on(conn, pointer, &cmd.unit_ids, day)?;
    let before = day.pred_opt().unwrap_or(day);
    units::begun_by(conn, pointer, &cmd.unit_ids, before)?;
    let id = new_id();
    // Every change the event makes is audited under it, the event's own entry too.
    let who = &who.under(&id);
    let (unit, links, moves) = apply(conn, who, cmd, &id, if_match)?;
    let row = ReorganisationRow {
        id,
        kind: cmd.kind,
        unit_id: unit.id.clone(),
        document_id: cmd.document_id.clone(),
        effective_on: day,
        new_name: cmd.name.clone(),
        new_code: cmd.code.clone(),
        new_parent_id: cmd.parent_id.clone(),
        created_by: who.actor_id.clone(),
        created_at: now(),
    };
    store::insert(conn, &row)?;
    store::insert_links(conn, &links)?;
    store::insert_moves(conn, &moves)?;
    let event = shown_with(row, &links, &moves);
    let mut after = serde_json::to_value(&event.row).unwrap_or_default();
    after["predecessor_ids"] = event.predecessor_ids.clone().into();
    after["successor_ids"] = event.successor_ids.clone().into();
    after["moves"] = event.moves.len().into();
    audit::record(
        conn,
        who,
        "create",
        "reorganisation",
        &event.row.id,
        None,
        Some(&after),
    )?;
    Ok(Recorded { event, unit })
}

/// Where a request names the units an event of `kind` changes.
fn units_pointer(kind: ReorganisationKind) -> &'static str {
    match kind {
        ReorganisationKind::Merge | ReorganisationKind::Absorb => "/unit_ids",
        _ => "/unit_id",
    }
}

type Applied = (UnitRow, Vec<LinkRow>, Vec<MoveRow>);

/// Applies the event to its units: the principal unit as it leaves it, the units that ended
/// and took over, and the records handed over.
fn apply(
    conn: &mut DbConn,
    who: &Who,
    cmd: &NewReorganisation,
    event_id: &str,
    if_match: Option<&str>,
) -> AppResult<Applied> {
    let unit_id = cmd.unit_ids.first().cloned().unwrap_or_default();
    let change = |c: UnitChange| UnitChange {
        document_id: cmd.document_id.clone(),
        effective_on: Some(cmd.effective_on),
        ..c
    };
    match cmd.kind {
        ReorganisationKind::Rename => {
            let c = change(UnitChange {
                name: cmd.name.clone(),
                code: cmd.code.clone(),
                ..UnitChange::default()
            });
            Ok((
                units::update(conn, who, &unit_id, if_match, &c)?,
                vec![],
                vec![],
            ))
        }
        ReorganisationKind::Move => {
            let parent = cmd.parent_id.clone().unwrap_or_default();
            let day = cmd.effective_on;
            units::working_on(conn, "/parent_id", std::slice::from_ref(&parent), day)?;
            let c = change(UnitChange {
                parent_id: Some(Some(parent)),
                ..UnitChange::default()
            });
            Ok((
                units::update(conn, who, &unit_id, if_match, &c)?,
                vec![],
                vec![],
            ))
        }
        ReorganisationKind::Dissolve => {
            leads_nothing(conn, &unit_id)?;
            let unit = end(conn, who, &unit_id, if_match, cmd.effective_on, None)?;
            let link = link(event_id, &unit_id, LineageRole::Predecessor);
            Ok((unit, vec![link], vec![]))
        }
        ReorganisationKind::Merge | ReorganisationKind::Absorb | ReorganisationKind::Split => {
            handover::take_over(conn, who, cmd, event_id, if_match)
        }
    }
}

/// A unit dissolved with no successor must not be left leading a movement: 422 `unmapped`
/// naming each movement, whose lead passes first by a lead-unit change (or the unit is
/// absorbed, and its successor takes the lead on the same document).
fn leads_nothing(conn: &mut DbConn, unit_id: &str) -> AppResult<()> {
    let led = store::led_by(conn, unit_id)?;
    if led.is_empty() {
        return Ok(());
    }
    let errors = led
        .iter()
        .map(|movement| {
            FieldError::body(
                "/unit_id",
                t!(
                    "Đơn vị đang chủ trì phong trào {}: hãy chuyển cơ quan chủ trì trước khi giải thể, hoặc sáp nhập đơn vị vào đơn vị kế thừa.",
                    "The unit leads movement {}: change its lead unit before the dissolution, or record an absorption into a successor.",
                    movement
                ),
            )
        })
        .collect();
    Err(AppError::invalid(errors).with_code(Code::Unmapped))
}

/// Ends a unit the day before `day`, naming its successor when it has one.
fn end(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    day: NaiveDate,
    successor: Option<&str>,
) -> AppResult<UnitRow> {
    let end = Deactivation {
        valid_to: Some(day.pred_opt().unwrap_or(day)),
        successor_id: successor.map(str::to_owned),
    };
    units::deactivate(conn, who, id, if_match, &end)
}

fn link(event_id: &str, unit_id: &str, role: LineageRole) -> LinkRow {
    LinkRow {
        reorganisation_id: event_id.to_owned(),
        unit_id: unit_id.to_owned(),
        role,
    }
}

fn shown_with(row: ReorganisationRow, links: &[LinkRow], moves: &[MoveRow]) -> Shown {
    let of = |role: LineageRole| -> Vec<String> {
        links
            .iter()
            .filter(|l| l.reorganisation_id == row.id && l.role == role)
            .map(|l| l.unit_id.clone())
            .collect()
    };
    Shown {
        predecessor_ids: of(LineageRole::Predecessor),
        successor_ids: of(LineageRole::Successor),
        moves: moves
            .iter()
            .filter(|m| m.reorganisation_id == row.id)
            .cloned()
            .collect(),
        row,
    }
}

/// Events with their units and moves (one query each for all of them).
fn shown(conn: &mut DbConn, rows: Vec<ReorganisationRow>) -> AppResult<Vec<Shown>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let links = store::links(conn, &ids)?;
    let moves = store::moves(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| shown_with(row, &links, &moves))
        .collect())
}

/// One event; 404 when there is none.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Shown> {
    let row = store::get(conn, id)?
        .ok_or_else(|| AppError::not_found("sắp xếp tổ chức (reorganisation)"))?;
    shown(conn, vec![row])?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::internal("an event shown as nothing"))
}

/// A page of events in the order they took effect, of one unit (in any role) or all.
pub fn list(
    conn: &mut DbConn,
    unit: Option<&str>,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<Shown>, Option<String>)> {
    let after: Option<(NaiveDate, String)> = paging::decode(cursor)?;
    let rows = store::list(conn, unit, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.effective_on, r.id.clone()));
    Ok((shown(conn, rows)?, next))
}

/// An event of a unit's history, with the number of the document it rests on.
pub struct HistoryEntry {
    pub event: Shown,
    pub document_number: Option<String>,
}

/// Every event a unit took part in (renamed, moved, ended, took over), in the order they took
/// effect, each with its document: what a unit's own page lists.
pub fn history(conn: &mut DbConn, unit_id: &str) -> AppResult<Vec<HistoryEntry>> {
    let rows = store::list(conn, Some(unit_id), None, HISTORY_LIMIT)?;
    let events = shown(conn, rows)?;
    let ids: Vec<String> = events
        .iter()
        .filter_map(|e| e.row.document_id.clone())
        .collect();
    let docs = crate::store::documents::refs(conn, &ids)?;
    Ok(events
        .into_iter()
        .take(usize::try_from(HISTORY_LIMIT).unwrap_or(usize::MAX))
        .map(|event| {
            let document_number = docs
                .iter()
                .find(|(id, _, _)| Some(id) == event.row.document_id.as_ref())
                .map(|(_, number, _)| number.clone());
            HistoryEntry {
                event,
                document_number,
            }
        })
        .collect())
}

/// The most events a unit's page lists; the rest are at `/api/v1/reorganisations?unit_id=`.
pub const HISTORY_LIMIT: i64 = 100;
