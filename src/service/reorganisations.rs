//! Use cases of reorganisations: a rename, a move under another parent or a dissolution of a
//! unit, each an event on a legal document in force, effective on a day that has come. The
//! unit changes in the event's transaction; its former name and parent stay in its history.

use chrono::NaiveDate;

use super::units::{self, Deactivation, UnitChange, UnitRow};
use super::{new_id, now, DbConn, Who};
use crate::domain::vocab::ReorganisationKind;
use crate::domain::{page as paging, today};
use crate::error::{AppError, AppResult};
use crate::store::audit;
use crate::store::reorganisations as store;
pub use crate::store::reorganisations::ReorganisationRow;
use crate::t;

/// A reorganisation to record, its fields checked for form.
pub struct NewReorganisation {
    pub kind: ReorganisationKind,
    pub unit_id: String,
    pub document_id: String,
    pub effective_on: NaiveDate,
    /// For `rename`: the new name, and the new code if it changes.
    pub name: Option<String>,
    pub code: Option<String>,
    /// For `move`: the new parent.
    pub parent_id: Option<String>,
}

/// The event and the unit as it leaves it.
pub struct Recorded {
    pub event: ReorganisationRow,
    pub unit: UnitRow,
}

/// Records a reorganisation and applies it to its unit, in one transaction.
pub fn record(conn: &mut DbConn, who: &Who, cmd: &NewReorganisation) -> AppResult<Recorded> {
    let doc = super::movements::document(conn, "/document_id", &cmd.document_id)?;
    let day = cmd.effective_on;
    super::movements::not_before_document("/effective_on", day, &doc)?;
    if day > today() {
        return Err(AppError::invalid_field(
            "/effective_on",
            t!(
                "Ngày hiệu lực {} chưa đến; hãy ghi nhận từ ngày đó.",
                "The effective date {} has not come; record the change from that day.",
                day
            ),
        ));
    }
    // The unit must still exist on the day it changes.
    units::working_on(conn, "/unit_id", std::slice::from_ref(&cmd.unit_id), day)?;
    let change = |c: UnitChange| UnitChange {
        document_id: Some(cmd.document_id.clone()),
        effective_on: Some(day),
        ..c
    };
    let unit = match cmd.kind {
        ReorganisationKind::Rename => {
            let c = change(UnitChange {
                name: cmd.name.clone(),
                code: cmd.code.clone(),
                ..UnitChange::default()
            });
            units::update(conn, who, &cmd.unit_id, None, &c)?
        }
        ReorganisationKind::Move => {
            let parent = cmd.parent_id.clone().unwrap_or_default();
            units::working_on(conn, "/parent_id", std::slice::from_ref(&parent), day)?;
            let c = change(UnitChange {
                parent_id: Some(Some(parent)),
                ..UnitChange::default()
            });
            units::update(conn, who, &cmd.unit_id, None, &c)?
        }
        ReorganisationKind::Dissolve => {
            let end = Deactivation {
                valid_to: Some(day.pred_opt().unwrap_or(day)),
                successor_id: None,
            };
            units::deactivate(conn, who, &cmd.unit_id, None, &end)?
        }
    };
    let event = ReorganisationRow {
        id: new_id(),
        kind: cmd.kind,
        unit_id: cmd.unit_id.clone(),
        document_id: cmd.document_id.clone(),
        effective_on: day,
        new_name: cmd.name.clone(),
        new_code: cmd.code.clone(),
        new_parent_id: cmd.parent_id.clone(),
        created_by: who.actor_id.clone(),
        created_at: now(),
    };
    store::insert(conn, &event)?;
    let after = serde_json::to_value(&event).unwrap_or_default();
    audit::record(
        conn,
        who,
        "create",
        "reorganisation",
        &event.id,
        None,
        Some(&after),
    )?;
    Ok(Recorded { event, unit })
}

/// One event; 404 when there is none.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<ReorganisationRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("sắp xếp tổ chức (reorganisation)"))
}

/// A page of events in the order they took effect, of one unit or all.
pub fn list(
    conn: &mut DbConn,
    unit: Option<&str>,
    cursor: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<ReorganisationRow>, Option<String>)> {
    let after: Option<(NaiveDate, String)> = paging::decode(cursor)?;
    let rows = store::list(conn, unit, after, limit)?;
    Ok(paging::split(rows, limit, |r| {
        (r.effective_on, r.id.clone())
    }))
}
