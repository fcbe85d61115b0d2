//! The successor takes over: a merger, an absorption or a split ends its predecessors the day
//! before it takes effect, and every record they still hold moves to a successor as the
//! event's mapping says (by default, to the one successor), each move audited and listed
//! under the event.

use std::collections::HashMap;

use chrono::Datelike;

use super::{end, link, Applied, NewReorganisation};
use crate::domain::vocab::{HandedOver, LineageRole, ReorganisationKind};
use crate::error::{AppError, AppResult, Code, FieldError};
use crate::service::movements::{self, LeadChange};
use crate::service::units::{self, UnitRow};
use crate::service::{
    accounts, api_clients, awardees, groups, models, new_id, nominations, plans, reminders, DbConn,
    Who,
};
use crate::store::reorganisations::{self as store, MoveRow};
use crate::t;

/// Where one open record of a unit that ends goes: `to` a successor, or `None` to end it
/// (accounts, clients, webhooks) or drop it (memberships).
pub struct Assignment {
    pub record: HandedOver,
    pub id: String,
    pub to: Option<String>,
}

/// Whether a record may end with its unit rather than move.
fn may_end(record: HandedOver) -> bool {
    matches!(
        record,
        HandedOver::User | HandedOver::Client | HandedOver::Webhook | HandedOver::Membership
    )
}

/// An open record of a predecessor: (its unit, what it is, its id).
type Held = (String, HandedOver, String);

/// Applies a merger, an absorption or a split: the successors (a merger creates its own), the
/// records handed over, then the end of the predecessors.
pub(super) fn take_over(
    conn: &mut DbConn,
    who: &Who,
    cmd: &NewReorganisation,
    event_id: &str,
    if_match: Option<&str>,
) -> AppResult<Applied> {
    let day = cmd.effective_on;
    let successors = successors(conn, who, cmd)?;
    // Memberships of the years after the one in which the predecessors end move on.
    let through = if (day.month(), day.day()) == (1, 1) {
        day.year() - 1
    } else {
        day.year()
    };
    let mut held: Vec<Held> = Vec::new();
    for unit in &cmd.unit_ids {
        for (kind, id) in store::open_records(conn, unit, through)? {
            held.push((unit.clone(), kind, id));
        }
    }
    let planned = destinations(cmd, &successors, &held)?;
    if cmd.document_id.is_none() && planned.iter().any(|m| m.record == HandedOver::LeadRole) {
        return Err(AppError::invalid_field(
            "/document_id",
            t!(
                "Đơn vị đang chủ trì phong trào: việc thay đổi cơ quan chủ trì cần văn bản làm căn cứ.",
                "The unit leads movements: the change of their lead unit needs a document."
            ),
        ));
    }
    let mut moves = Vec::with_capacity(planned.len());
    for m in planned {
        moves.push(hand_over(conn, who, cmd, event_id, m)?);
    }
    let heir = (successors.len() == 1).then(|| successors[0].as_str());
    let mut links = Vec::new();
    for (i, unit) in cmd.unit_ids.iter().enumerate() {
        let guard = if i == 0 { if_match } else { None };
        end(conn, who, unit, guard, day, heir)?;
        links.push(link(event_id, unit, LineageRole::Predecessor));
    }
    for unit in &successors {
        links.push(link(event_id, unit, LineageRole::Successor));
    }
    let principal = match cmd.kind {
        ReorganisationKind::Split => cmd.unit_ids.first(),
        _ => successors.first(),
    };
    let principal = units::get(conn, principal.map_or("", String::as_str))?;
    Ok((principal, links, moves))
}

/// The successors: the unit a merger creates, starting on the effective date, or the existing
/// units named, each working on that day and none of them a predecessor.
fn successors(conn: &mut DbConn, who: &Who, cmd: &NewReorganisation) -> AppResult<Vec<String>> {
    if let Some(new) = &cmd.new_unit {
        let new = units::NewUnit {
            valid_from: Some(cmd.effective_on),
            valid_to: None,
            ..new.clone()
        };
        let row: UnitRow = units::create(conn, who, &new)?;
        return Ok(vec![row.id]);
    }
    let pointer = match cmd.kind {
        ReorganisationKind::Split => "/successor_ids",
        _ => "/successor_id",
    };
    if cmd.successor_ids.iter().any(|s| cmd.unit_ids.contains(s)) {
        return Err(AppError::invalid_field(
            pointer,
            t!(
                "Đơn vị không thể kế thừa chính nó.",
                "A unit cannot succeed itself."
            ),
        ));
    }
    units::working_on(conn, pointer, &cmd.successor_ids, cmd.effective_on)?;
    units::begun_by(conn, pointer, &cmd.successor_ids, cmd.effective_on)?;
    Ok(cmd.successor_ids.clone())
}

/// The mapping's word for each record it names. An entry that names no open record, names
/// one twice, or sends it where it cannot go is 422 at its pointer.
fn chosen<'a>(
    cmd: &'a NewReorganisation,
    successors: &[String],
    held: &[Held],
) -> AppResult<HashMap<(HandedOver, &'a str), Option<String>>> {
    let mut chosen = HashMap::new();
    let mut errors = Vec::new();
    for (i, a) in cmd.mapping.iter().enumerate() {
        let refused = if !held.iter().any(|(_, k, id)| *k == a.record && *id == a.id) {
            Some((
                "id",
                t!(
                    "Không phải bản ghi đang mở của đơn vị chấm dứt hoạt động ({}).",
                    "Not an open record of the units that end ({}).",
                    a.record.as_str()
                ),
            ))
        } else if chosen.contains_key(&(a.record, a.id.as_str())) {
            Some((
                "id",
                t!(
                    "Bản ghi đã được phân giao ở dòng trước.",
                    "The record is mapped above already."
                ),
            ))
        } else if a.to.as_ref().is_some_and(|to| !successors.contains(to)) {
            Some((
                "to",
                t!(
                    "Không phải đơn vị kế thừa của sự kiện này.",
                    "Not a successor of this event."
                ),
            ))
        } else if a.to.is_none() && !may_end(a.record) {
            Some((
                "to",
                t!(
                    "Bản ghi loại này phải chuyển cho một đơn vị kế thừa.",
                    "A record of this kind must go to a successor."
                ),
            ))
        } else {
            None
        };
        match refused {
            Some((member, detail)) => {
                errors.push(FieldError::body(format!("/mapping/{i}/{member}"), detail));
            }
            None => {
                chosen.insert((a.record, a.id.as_str()), a.to.clone());
            }
        }
    }
    if errors.is_empty() {
        Ok(chosen)
    } else {
        Err(AppError::invalid(errors))
    }
}

/// Where each open record goes: the mapping's word for it, else the one successor; a record
/// left with nowhere to go is 422 `unmapped`, each named.
fn destinations(
    cmd: &NewReorganisation,
    successors: &[String],
    held: &[Held],
) -> AppResult<Vec<MoveRow>> {
    let chosen = chosen(cmd, successors, held)?;
    let heir = (successors.len() == 1).then(|| successors[0].clone());
    let (mut out, mut errors) = (Vec::with_capacity(held.len()), Vec::new());
    for (from, record, id) in held {
        let to = match chosen.get(&(*record, id.as_str())) {
            Some(to) => to.clone(),
            None if heir.is_some() => heir.clone(),
            None => {
                errors.push(unmapped(*record, id));
                continue;
            }
        };
        out.push(MoveRow {
            id: new_id(),
            reorganisation_id: String::new(),
            record: *record,
            record_id: id.clone(),
            from_unit_id: from.clone(),
            to_unit_id: to,
        });
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors).with_code(Code::Unmapped));
    }
    Ok(out)
}

fn unmapped(record: HandedOver, id: &str) -> FieldError {
    FieldError::body(
        "/mapping",
        t!(
            "Chưa phân giao {} {} cho đơn vị kế thừa nào.",
            "{} {} has no successor to go to.",
            record.as_str(),
            id
        ),
    )
}

/// Moves one record as planned, in the event's name.
fn hand_over(
    conn: &mut DbConn,
    who: &Who,
    cmd: &NewReorganisation,
    event_id: &str,
    mut m: MoveRow,
) -> AppResult<MoveRow> {
    m.reorganisation_id = event_id.to_owned();
    let to = m.to_unit_id.as_deref();
    let id = m.record_id.as_str();
    let successor = || to.unwrap_or_default();
    match m.record {
        HandedOver::Model => models::hand_over(conn, who, id, successor())?,
        HandedOver::Awardee => awardees::hand_over(conn, who, id, successor())?,
        HandedOver::Plan => plans::hand_over(conn, who, id, successor())?,
        HandedOver::Nomination => nominations::hand_over(conn, who, id, successor())?,
        HandedOver::Membership => groups::hand_over(conn, who, id, &m.from_unit_id, to)?,
        HandedOver::LeadRole => lead(conn, who, cmd, id, successor())?,
        HandedOver::User => accounts::hand_over(conn, who, id, to)?,
        HandedOver::Client => api_clients::hand_over(conn, who, id, to)?,
        HandedOver::Webhook => {
            m.to_unit_id = reminders::hand_over_webhook(conn, who, &m.from_unit_id, to)?;
        }
    }
    Ok(m)
}

/// The lead of a movement passes to the successor by a lead-unit change on the event's
/// document, from its effective date.
fn lead(
    conn: &mut DbConn,
    who: &Who,
    cmd: &NewReorganisation,
    movement_id: &str,
    to: &str,
) -> AppResult<()> {
    let change = LeadChange {
        unit_id: to.to_owned(),
        effective_on: cmd.effective_on,
        document_id: cmd.document_id.clone().unwrap_or_default(),
    };
    movements::change_lead(conn, who, movement_id, &change, None)?;
    Ok(())
}
