//! A nomination's dossier: the items it lists, each under a code of its award type's checklist
//! (the `dossier_items` of the version in force on the day the dossier was received, today while
//! it is not yet) and pointing to a file. Submission is refused until every required item is
//! there.

use chrono::NaiveDate;

use super::award_types::version_on;
use super::nominations::{ensure_readable, load};
use super::{files, new_id, now, DbConn, Who};
use crate::domain::access::{doors, Caller};
use crate::domain::files::{ChecklistItem, OTHER_ITEM};
use crate::error::{unknown_reference, AppError, AppResult, Code, FieldError};
use crate::store::audit;
use crate::store::award_types::VersionRow;
use crate::store::dossiers::{self as store, ItemRow};
use crate::store::nominations::NominationRow;
use crate::t;

/// The most items a dossier lists.
pub const MAX_ITEMS: usize = 50;

/// One document of the checklist, and how many items of the dossier hold it.
pub struct Entry {
    pub item: ChecklistItem,
    pub present: usize,
}

/// A nomination's dossier.
pub struct Dossier {
    pub nomination_id: String,
    /// The day whose checklist applies: the day the dossier was received, else today.
    pub checklist_on: NaiveDate,
    pub received: bool,
    /// The award type's version in force that day, whose checklist applies.
    pub version: Option<VersionRow>,
    pub checklist: Vec<Entry>,
    pub items: Vec<ItemRow>,
}

impl Dossier {
    /// The required documents with no item.
    pub fn missing(&self) -> Vec<&ChecklistItem> {
        self.checklist
            .iter()
            .filter(|e| e.item.required && e.present == 0)
            .map(|e| &e.item)
            .collect()
    }
}

/// A new item: a file the caller may read, under a code of the checklist (or `khac`).
#[derive(Clone)]
pub struct NewItem {
    pub code: String,
    pub file_id: String,
    pub note: Option<String>,
}

/// The checklist of `n`'s award type on `day`, each entry with the items that hold it.
fn assemble(
    conn: &mut DbConn,
    n: &NominationRow,
    day: NaiveDate,
    received: bool,
) -> AppResult<Dossier> {
    let version = version_on(conn, &n.form_id, day)?;
    let items = store::items(conn, &n.id)?;
    let checklist = version
        .as_ref()
        .map(VersionRow::checklist)
        .unwrap_or_default()
        .into_iter()
        .map(|item| Entry {
            present: items.iter().filter(|i| i.item_code == item.code).count(),
            item,
        })
        .collect();
    Ok(Dossier {
        nomination_id: n.id.clone(),
        checklist_on: day,
        received,
        version,
        checklist,
        items,
    })
}

/// The dossier as of the day it was received (today while it is not yet).
fn of(conn: &mut DbConn, n: &NominationRow) -> AppResult<Dossier> {
    let (day, received) = super::eligibility::judging_day(conn, &n.id)?;
    assemble(conn, n, day, received)
}

/// A nomination's dossier, for those who may read the nomination.
pub fn view(conn: &mut DbConn, caller: &Caller, nomination_id: &str) -> AppResult<Dossier> {
    let n = load(conn, nomination_id)?;
    ensure_readable(caller, &n)?;
    of(conn, &n)
}

/// The nomination, if the caller may change its dossier now: the proposing unit or the
/// registrars, before submission.
fn editable(conn: &mut DbConn, caller: &Caller, nomination_id: &str) -> AppResult<NominationRow> {
    let n = load(conn, nomination_id)?;
    ensure_readable(caller, &n)?;
    doors::NOMINATION_EDIT.for_unit(caller, &n.proposing_unit_id)?;
    if !n.state.editable() {
        return Err(AppError::conflict(
            Code::NotEditable,
            t!(
                "Chỉ sửa thành phần hồ sơ trước khi nộp: hồ sơ ở trạng thái nháp hoặc bị trả lại (hiện: {}).",
                "The dossier changes only before submission: a draft or returned nomination (now: {}).",
                n.state.as_str()
            ),
        ));
    }
    Ok(n)
}

/// Adds a file to a dossier under a code of its award type's checklist (or `khac`).
pub fn add(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    nomination_id: &str,
    new: &NewItem,
) -> AppResult<ItemRow> {
    let n = editable(conn, caller, nomination_id)?;
    let dossier = of(conn, &n)?;
    if new.code != OTHER_ITEM && !dossier.checklist.iter().any(|e| e.item.code == new.code) {
        let codes: Vec<&str> = dossier
            .checklist
            .iter()
            .map(|e| e.item.code.as_str())
            .chain([OTHER_ITEM])
            .collect();
        return Err(AppError::invalid_field(
            "/item_code",
            t!(
                "Danh mục hồ sơ của loại khen thưởng này không có thành phần \"{}\"; các mã dùng được: {}.",
                "The checklist of this award type has no item \"{}\"; the codes it takes: {}.",
                new.code,
                codes.join(", ")
            ),
        ));
    }
    if dossier.items.len() >= MAX_ITEMS {
        return Err(AppError::invalid_field(
            "/file_id",
            t!(
                "Hồ sơ có tối đa {} thành phần.",
                "A dossier holds at most {} items.",
                MAX_ITEMS
            ),
        ));
    }
    // A file the caller may not read is, for the caller, no file at all.
    let file = files::readable(conn, caller, &new.file_id)
        .map_err(|_| unknown_reference("/file_id", "tệp / file"))?;
    let row = ItemRow {
        id: new_id(),
        nomination_id: n.id.clone(),
        item_code: new.code.clone(),
        file_id: Some(file.id.clone()),
        url: None,
        name: file.name.clone(),
        media_type: Some(file.file_type.media_type().to_owned()),
        size: Some(file.size),
        sha256: Some(file.sha256.clone()),
        note: new.note.clone(),
        added_by_type: Some(who.actor_type.clone()),
        added_by_id: Some(who.actor_id.clone()),
        created_at: now(),
    };
    store::insert(conn, &row)?;
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(
        conn,
        who,
        "dossier_add",
        "nomination",
        &n.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// Takes an item out of a dossier (the file stays).
pub fn remove(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    nomination_id: &str,
    item_id: &str,
) -> AppResult<()> {
    let n = editable(conn, caller, nomination_id)?;
    let item = store::item(conn, item_id)?
        .filter(|i| i.nomination_id == n.id)
        .ok_or_else(|| AppError::not_found("thành phần hồ sơ (dossier item)"))?;
    store::delete(conn, &item.id)?;
    let before = serde_json::to_value(&item).unwrap_or_default();
    audit::record(
        conn,
        who,
        "dossier_remove",
        "nomination",
        &n.id,
        Some(&before),
        None,
    )
}

/// The submission gate: every required item of the checklist in force today is there, or 422
/// `dossier_incomplete` naming each missing one at `/dossier/{code}`.
pub fn ensure_complete(conn: &mut DbConn, n: &NominationRow) -> AppResult<()> {
    let dossier = assemble(conn, n, crate::domain::today(), true)?;
    let missing = dossier.missing();
    if missing.is_empty() {
        return Ok(());
    }
    let errors = missing
        .iter()
        .map(|item| {
            FieldError::body(
                format!("/dossier/{}", item.code),
                t!(
                    "Thiếu thành phần bắt buộc: {}.",
                    "A required item is missing: {}.",
                    item.name
                ),
            )
        })
        .collect();
    let mut e = AppError::invalid(errors).with_code(Code::DossierIncomplete);
    e.detail = t!(
        "Hồ sơ chưa đủ thành phần bắt buộc; xem GET /api/v1/nominations/{}/dossier.",
        "The dossier lacks required items; see GET /api/v1/nominations/{}/dossier.",
        n.id
    );
    Err(e)
}
