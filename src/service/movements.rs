//! The emulation movements' use cases: adding a movement on the basis of a legal document,
//! renaming it or handing it to another lead unit by an event resting on a document (its former
//! names stay findable), changing its other fields, and the answers with their histories.
//! The seed adds the province's movements through these too.

use crate::error::{Code, Ext};
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::page as paging;
use crate::domain::register::{close_current, MovementStatus, Scale};
use crate::domain::text;
use crate::domain::version::{check_if_match, etag};
use crate::error::{unknown_reference, AppError, AppResult, FieldError, Text};
use crate::store::audit;
use crate::store::documents::{self as documents, DocumentRow};
use crate::store::movements::{self as store, LeadRow, NameRow, ScaleRow};
pub use crate::store::movements::{Filter, MovementRow};
use crate::store::units;
use crate::t;

/// A legal document as other records cite it.
#[derive(Serialize, ToSchema, Clone)]
pub struct DocumentRef {
    pub id: String,
    #[schema(example = "1801/UBND-NC")]
    pub number: String,
    pub issued_on: NaiveDate,
}

/// A unit as other records cite it.
#[derive(Serialize, ToSchema, Clone)]
pub struct UnitRef {
    pub id: String,
    #[schema(example = "SLDTBXH")]
    pub code: String,
    #[schema(example = "Sở Lao động-Thương binh và Xã hội")]
    pub name: String,
}

/// One name of a movement, with the document that gave it.
#[derive(Serialize, ToSchema)]
pub struct MovementName {
    pub name: String,
    pub valid_from: NaiveDate,
    /// The last day of this name; `null` for the current name.
    pub valid_to: Option<NaiveDate>,
    pub document: Option<DocumentRef>,
}

/// One lead unit of a movement, with the document that assigned it.
#[derive(Serialize, ToSchema)]
pub struct MovementLead {
    pub unit: Option<UnitRef>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub document: Option<DocumentRef>,
}

/// One participation scale of a movement, with the document that set it.
#[derive(Serialize, ToSchema)]
pub struct MovementScale {
    pub scale: Scale,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub document: Option<DocumentRef>,
}

/// An emulation movement (phong trào thi đua), with its history.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "code": "PT-NGUOI-NGHEO",
    "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau",
    "lead_unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"},
    "names": [
        {"name": "Vì một Hưng Yên không còn đói nghèo", "valid_from": "2021-06-11", "valid_to": "2022-07-14",
         "document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c01", "number": "90/KH-UBND", "issued_on": "2021-06-11"}},
        {"name": "Vì người nghèo-Không để ai bị bỏ lại phía sau", "valid_from": "2022-07-15", "valid_to": null,
         "document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c02", "number": "1801/UBND-NC", "issued_on": "2022-07-15"}}
    ],
    "lead_units": [],
    "scales": [{"scale": "standard", "valid_from": "2021-06-11", "valid_to": null,
        "document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c01", "number": "90/KH-UBND", "issued_on": "2021-06-11"}}],
    "basis_document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c01", "number": "90/KH-UBND", "issued_on": "2021-06-11"},
    "programme_document": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4c01", "number": "90/KH-UBND", "issued_on": "2021-06-11"},
    "phase_from": 2021, "phase_to": 2025, "start_on": "2021-06-11", "end_on": null,
    "participation_scale": "standard", "status": "active", "description": null, "version": 2,
    "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Movement {
    pub id: String,
    pub code: String,
    /// The current name.
    pub name: String,
    pub lead_unit: Option<UnitRef>,
    /// Every name the movement has had, oldest first.
    pub names: Vec<MovementName>,
    /// Every lead unit the movement has had, oldest first.
    pub lead_units: Vec<MovementLead>,
    /// Every participation scale the movement has had, oldest first.
    #[schema(max_items = 200)]
    pub scales: Vec<MovementScale>,
    /// The legal document the movement was added by.
    pub basis_document: Option<DocumentRef>,
    /// The programme (plan) it belongs to, e.g. Plan 90/KH-UBND.
    pub programme_document: Option<DocumentRef>,
    pub phase_from: Option<i32>,
    pub phase_to: Option<i32>,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub participation_scale: Scale,
    pub status: MovementStatus,
    pub description: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The units with these ids, as records cite them, by id.
pub fn unit_refs(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, UnitRef>> {
    Ok(units::names(conn, ids)?
        .into_iter()
        .map(|(id, code, name)| (id.clone(), UnitRef { id, code, name }))
        .collect())
}

/// The documents with these ids, as records cite them, by id.
fn document_refs(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, DocumentRef>> {
    Ok(documents::refs(conn, ids)?
        .into_iter()
        .map(|(id, number, issued_on)| {
            let r = DocumentRef {
                id: id.clone(),
                number,
                issued_on,
            };
            (id, r)
        })
        .collect())
}

/// Each movement's scales, oldest first, with their documents.
fn scales_by_movement(
    scales: Vec<ScaleRow>,
    docs: &HashMap<String, DocumentRef>,
) -> HashMap<String, Vec<MovementScale>> {
    let mut by: HashMap<String, Vec<MovementScale>> = HashMap::new();
    for v in scales {
        by.entry(v.movement_id.clone())
            .or_default()
            .push(MovementScale {
                scale: v.scale,
                valid_from: v.valid_from,
                valid_to: v.valid_to,
                document: docs.get(&v.document_id).cloned(),
            });
    }
    by
}

/// Builds the answers for movement rows, loading their histories, documents and units at once.
pub fn assemble(conn: &mut DbConn, rows: Vec<MovementRow>) -> AppResult<Vec<Movement>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let names = store::names(conn, &ids)?;
    let leads = store::leads(conn, &ids)?;
    let scales = store::scales(conn, &ids)?;
    let mut doc_ids: Vec<String> = names.iter().map(|n| n.document_id.clone()).collect();
    doc_ids.extend(leads.iter().map(|l| l.document_id.clone()));
    doc_ids.extend(scales.iter().map(|l| l.document_id.clone()));
    doc_ids.extend(rows.iter().map(|r| r.basis_document_id.clone()));
    doc_ids.extend(rows.iter().filter_map(|r| r.programme_document_id.clone()));
    let docs = document_refs(conn, &doc_ids)?;
    let mut unit_ids: Vec<String> = leads.iter().map(|l| l.unit_id.clone()).collect();
    unit_ids.extend(rows.iter().map(|r| r.lead_unit_id.clone()));
    let unit_refs = unit_refs(conn, &unit_ids)?;
    let mut names_by: HashMap<String, Vec<MovementName>> = HashMap::new();
    for n in names {
        names_by
            .entry(n.movement_id.clone())
            .or_default()
            .push(MovementName {
                document: docs.get(&n.document_id).cloned(),
                name: n.name,
                valid_from: n.valid_from,
                valid_to: n.valid_to,
            });
    }
    let mut leads_by: HashMap<String, Vec<MovementLead>> = HashMap::new();
    for l in leads {
        leads_by
            .entry(l.movement_id.clone())
            .or_default()
            .push(MovementLead {
                unit: unit_refs.get(&l.unit_id).cloned(),
                valid_from: l.valid_from,
                valid_to: l.valid_to,
                document: docs.get(&l.document_id).cloned(),
            });
    }
    let mut scales_by = scales_by_movement(scales, &docs);
    Ok(rows
        .into_iter()
        .map(|r| Movement {
            names: names_by.remove(&r.id).unwrap_or_default(),
            lead_units: leads_by.remove(&r.id).unwrap_or_default(),
            scales: scales_by.remove(&r.id).unwrap_or_default(),
            lead_unit: unit_refs.get(&r.lead_unit_id).cloned(),
            basis_document: docs.get(&r.basis_document_id).cloned(),
            programme_document: r
                .programme_document_id
                .as_ref()
                .and_then(|d| docs.get(d).cloned()),
            participation_scale: r.participation_scale,
            status: r.status,
            id: r.id,
            code: r.code,
            name: r.name,
            phase_from: r.phase_from,
            phase_to: r.phase_to,
            start_on: r.start_on,
            end_on: r.end_on,
            description: r.description,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
        .collect())
}

/// The answer for one movement row.
pub fn one(conn: &mut DbConn, row: MovementRow) -> AppResult<Movement> {
    assemble(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("movement vanished"))
}

/// The document `id` at `pointer`: it must exist and be in force.
pub fn document(conn: &mut DbConn, pointer: &str, id: &str) -> AppResult<DocumentRow> {
    match documents::get(conn, id)? {
        Some(d) if d.active => Ok(d),
        Some(_) => Err(AppError::invalid_field(
            pointer,
            t!(
                "Văn bản này đã ngừng sử dụng.",
                "That document is no longer in force."
            ),
        )),
        None => Err(unknown_reference(pointer, "văn bản / document")),
    }
}

/// Refuses, at `pointer`, a day that has not come: an event is recorded on or after the day
/// it takes effect, never ahead of it.
pub(crate) fn not_after_today(pointer: &str, day: NaiveDate) -> AppResult<()> {
    if day > crate::domain::today() {
        return Err(AppError::invalid_field(
            pointer,
            t!(
                "Ngày {} chưa đến; hãy ghi nhận từ ngày đó.",
                "{} has not come; record it from that day.",
                day
            ),
        ));
    }
    Ok(())
}

pub(crate) fn not_before_document(
    pointer: &str,
    day: NaiveDate,
    doc: &DocumentRow,
) -> AppResult<()> {
    if day < doc.issued_on {
        return Err(AppError::invalid_field(
            pointer,
            t!(
                "Ngày hiệu lực không thể trước ngày ban hành văn bản {} ({}).",
                "The effective date cannot precede document {} ({}).",
                doc.number,
                doc.issued_on
            ),
        ));
    }
    Ok(())
}

fn snapshot(conn: &mut DbConn, row: &MovementRow) -> AppResult<serde_json::Value> {
    let m = one(conn, row.clone())?;
    Ok(serde_json::to_value(m).unwrap_or_default())
}

/// Everything needed to add a movement, checked.
pub struct NewMovement {
    pub code: String,
    pub name: String,
    pub lead_unit_id: String,
    pub basis_document_id: String,
    pub programme_document_id: Option<String>,
    pub phase_from: Option<i32>,
    pub phase_to: Option<i32>,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub scale: Scale,
    pub description: Option<String>,
}

/// Checks a new movement against the register: its code is free, its lead unit active, its
/// documents in force, its dates not before the basis document; returns its first day.
fn check_new(conn: &mut DbConn, m: &NewMovement) -> AppResult<NaiveDate> {
    if store::by_code(conn, &m.code)?.is_some() {
        return Err(AppError::conflict(
            Code::DuplicateCode,
            t!(
                "Đã có phong trào mang mã {}.",
                "A movement with code {} already exists.",
                m.code
            ),
        )
        .with_ext(Ext::Pointer, "/code"));
    }
    let basis = document(conn, "/basis_document_id", &m.basis_document_id)?;
    if let Some(p) = &m.programme_document_id {
        document(conn, "/programme_document_id", p)?;
    }
    let start_on = m.start_on.unwrap_or(basis.issued_on);
    let lead = std::slice::from_ref(&m.lead_unit_id);
    super::units::working_on(conn, "/lead_unit_id", lead, start_on)?;
    not_before_document("/start_on", start_on, &basis)?;
    if m.end_on.is_some_and(|end| end < start_on) {
        return Err(AppError::invalid_field(
            "/end_on",
            t!(
                "Ngày kết thúc phải sau ngày bắt đầu.",
                "end_on must not be before start_on."
            ),
        ));
    }
    Ok(start_on)
}

/// Adds a movement with its first name and lead unit, both resting on the basis document.
/// Shared by the API and the province's seed.
pub fn create(conn: &mut DbConn, who: &Who, m: &NewMovement) -> AppResult<Movement> {
    let row = record_new(conn, who, m)?;
    one(conn, row)
}

/// Records a new movement with its first name, lead and scale, audited, and answers its row
/// (an import needs no more).
pub fn record_new(conn: &mut DbConn, who: &Who, m: &NewMovement) -> AppResult<MovementRow> {
    let start_on = check_new(conn, m)?;
    let at = now();
    let row = MovementRow {
        id: new_id(),
        code: m.code.clone(),
        name: m.name.clone(),
        name_key: text::sort_key(&m.name),
        search_text: store::search_text(&m.code, std::slice::from_ref(&m.name)),
        lead_unit_id: m.lead_unit_id.clone(),
        basis_document_id: m.basis_document_id.clone(),
        programme_document_id: m.programme_document_id.clone(),
        phase_from: m.phase_from,
        phase_to: m.phase_to,
        start_on,
        end_on: m.end_on,
        participation_scale: m.scale,
        status: MovementStatus::Active,
        description: m.description.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    store::insert_name(
        conn,
        &NameRow {
            id: new_id(),
            movement_id: row.id.clone(),
            name: row.name.clone(),
            valid_from: start_on,
            valid_to: None,
            document_id: row.basis_document_id.clone(),
            created_at: at,
        },
    )?;
    store::insert_lead(
        conn,
        &LeadRow {
            id: new_id(),
            movement_id: row.id.clone(),
            unit_id: row.lead_unit_id.clone(),
            valid_from: start_on,
            valid_to: None,
            document_id: row.basis_document_id.clone(),
            created_at: at,
        },
    )?;
    store::insert_scale(
        conn,
        &ScaleRow {
            id: new_id(),
            movement_id: row.id.clone(),
            scale: row.participation_scale,
            valid_from: start_on,
            valid_to: None,
            document_id: row.basis_document_id.clone(),
            created_at: at,
        },
    )?;
    let after = snapshot(conn, &row)?;
    audit::record(conn, who, "create", "movement", &row.id, None, Some(&after))?;
    Ok(row)
}

/// Saves `row`, changed by an event whose history rows are already written: like
/// [`save_versioned`], but with the snapshot `before_json` taken before the history changed.
fn save_event(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    expected: Option<&str>,
    (before, before_json): (&MovementRow, &Value),
    mut row: MovementRow,
) -> AppResult<MovementRow> {
    check_if_match(expected, before.version)?;
    row.bump(now());
    if !store::update(conn, &row, before.version)? {
        return Err(AppError::stale(&etag(before.version)));
    }
    let after = snapshot(conn, &row)?;
    audit::record(
        conn,
        who,
        action,
        "movement",
        &row.id,
        Some(before_json),
        Some(&after),
    )?;
    Ok(row)
}

/// A rename, effective on a day, by a legal document; the name is checked.
pub struct Rename {
    pub name: String,
    pub effective_on: NaiveDate,
    pub document_id: String,
}

/// Renames movement `id` from `effective_on`, by `document_id`: the current name ends the day
/// before and stays in the history. `expected` is the caller's `If-Match`. Shared by the API
/// and the seed.
pub fn rename(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    cmd: &Rename,
    expected: Option<&str>,
) -> AppResult<Movement> {
    let Rename {
        name,
        effective_on,
        document_id,
    } = cmd;
    let (name, effective_on) = (name.as_str(), *effective_on);
    let before = found(conn, id)?;
    let doc = document(conn, "/document_id", document_id)?;
    not_before_document("/effective_on", effective_on, &doc)?;
    let history = store::names(conn, std::slice::from_ref(&before.id))?;
    let current = history
        .iter()
        .find(|n| n.valid_to.is_none())
        .ok_or_else(|| AppError::internal("movement without a current name"))?;
    if current.name == name {
        return Err(AppError::invalid_field(
            "/name",
            t!(
                "Tên mới trùng tên hiện tại.",
                "The new name is the current name."
            ),
        ));
    }
    let last_day = close_current(current.valid_from, effective_on).ok_or_else(|| {
        AppError::invalid_field(
            "/effective_on",
            t!(
                "Ngày hiệu lực phải sau ngày {} của tên hiện tại.",
                "effective_on must be after {}, when the current name began.",
                current.valid_from
            ),
        )
    })?;
    let before_json = snapshot(conn, &before)?;
    store::close_name(conn, &current.id, last_day)?;
    store::insert_name(
        conn,
        &NameRow {
            id: new_id(),
            movement_id: before.id.clone(),
            name: name.to_owned(),
            valid_from: effective_on,
            valid_to: None,
            document_id: document_id.to_owned(),
            created_at: now(),
        },
    )?;
    let mut all: Vec<String> = history.into_iter().map(|n| n.name).collect();
    all.push(name.to_owned());
    let mut row = before.clone();
    row.name = name.to_owned();
    row.name_key = text::sort_key(name);
    row.search_text = store::search_text(&row.code, &all);
    let row = save_event(conn, who, "rename", expected, (&before, &before_json), row)?;
    // The models' public pages show the movement's name.
    let touched = crate::store::changes::models_of_movement(conn, &row.id)?;
    crate::store::changes::touch(conn, &touched)?;
    one(conn, row)
}

/// A change of lead unit, effective on a day, by a legal document.
pub struct LeadChange {
    pub unit_id: String,
    pub effective_on: NaiveDate,
    pub document_id: String,
}

/// Hands movement `id` to another lead unit from `effective_on`, by `document_id`; the former
/// lead stays in the history. `expected` is the caller's `If-Match`.
pub fn change_lead(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    cmd: &LeadChange,
    expected: Option<&str>,
) -> AppResult<Movement> {
    let LeadChange {
        unit_id,
        effective_on,
        document_id,
    } = cmd;
    let (unit_id, effective_on) = (unit_id.as_str(), *effective_on);
    let before = found(conn, id)?;
    super::units::working_on(conn, "/unit_id", &[unit_id.to_owned()], effective_on)?;
    let doc = document(conn, "/document_id", document_id)?;
    not_before_document("/effective_on", effective_on, &doc)?;
    let history = store::leads(conn, std::slice::from_ref(&before.id))?;
    let current = history
        .iter()
        .find(|l| l.valid_to.is_none())
        .ok_or_else(|| AppError::internal("movement without a lead unit"))?;
    if current.unit_id == unit_id {
        return Err(AppError::invalid_field(
            "/unit_id",
            t!(
                "Đơn vị này đang chủ trì phong trào.",
                "That unit already leads the movement."
            ),
        ));
    }
    let last_day = close_current(current.valid_from, effective_on).ok_or_else(|| {
        AppError::invalid_field(
            "/effective_on",
            t!(
                "Ngày hiệu lực phải sau ngày {} của đơn vị chủ trì hiện tại.",
                "effective_on must be after {}, when the current lead began.",
                current.valid_from
            ),
        )
    })?;
    let before_json = snapshot(conn, &before)?;
    store::close_lead(conn, &current.id, last_day)?;
    store::insert_lead(
        conn,
        &LeadRow {
            id: new_id(),
            movement_id: before.id.clone(),
            unit_id: unit_id.to_owned(),
            valid_from: effective_on,
            valid_to: None,
            document_id: document_id.to_owned(),
            created_at: now(),
        },
    )?;
    let mut row = before.clone();
    row.lead_unit_id = unit_id.to_owned();
    let row = save_event(
        conn,
        who,
        "change_lead",
        expected,
        (&before, &before_json),
        row,
    )?;
    one(conn, row)
}

/// A change of participation scale, effective on a day, by a legal document.
pub struct ScaleChange {
    pub scale: Scale,
    pub effective_on: NaiveDate,
    pub document_id: String,
}

/// Whether a scale change may take effect when it says: on or after its document's day, not
/// after today, and after every day a quota place was taken under the current scale.
fn scale_change_may_start(conn: &mut DbConn, m: &MovementRow, cmd: &ScaleChange) -> AppResult<()> {
    let doc = document(conn, "/document_id", &cmd.document_id)?;
    not_before_document("/effective_on", cmd.effective_on, &doc)?;
    not_after_today("/effective_on", cmd.effective_on)?;
    // A day on which a quota place was taken keeps the scale it was taken under.
    if let Some(day) = crate::store::nominations::last_place_taken(conn, &m.id)?
        .filter(|day| *day >= cmd.effective_on)
    {
        return Err(AppError::invalid_field(
            "/effective_on",
            t!(
                "Đã có suất khen thưởng được dùng theo quy mô hiện tại vào ngày {}; quy mô mới chỉ có hiệu lực từ sau ngày đó.",
                "A quota place was taken under the current scale on {}; a new scale can take effect only after that day.",
                day
            ),
        ));
    }
    Ok(())
}

/// Changes movement `id`'s participation scale from `effective_on` (not after today), by
/// `document_id`; the former scale stays in the history, and a year whose quota place was
/// already taken keeps the scale of that day. `expected` is the caller's `If-Match`.
pub fn change_scale(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    cmd: &ScaleChange,
    expected: Option<&str>,
) -> AppResult<Movement> {
    let before = found(conn, id)?;
    scale_change_may_start(conn, &before, cmd)?;
    let history = store::scales(conn, std::slice::from_ref(&before.id))?;
    let current = history
        .iter()
        .find(|v| v.valid_to.is_none())
        .ok_or_else(|| AppError::internal("movement without a scale"))?;
    if current.scale == cmd.scale {
        return Err(AppError::invalid_field(
            "/scale",
            t!(
                "Phong trào đang ở quy mô này.",
                "The movement already has that scale."
            ),
        ));
    }
    let last_day = close_current(current.valid_from, cmd.effective_on).ok_or_else(|| {
        AppError::invalid_field(
            "/effective_on",
            t!(
                "Ngày hiệu lực phải sau ngày {} của quy mô hiện tại.",
                "effective_on must be after {}, when the current scale began.",
                current.valid_from
            ),
        )
    })?;
    let before_json = snapshot(conn, &before)?;
    store::close_scale(conn, &current.id, last_day)?;
    store::insert_scale(
        conn,
        &ScaleRow {
            id: new_id(),
            movement_id: before.id.clone(),
            scale: cmd.scale,
            valid_from: cmd.effective_on,
            valid_to: None,
            document_id: cmd.document_id.clone(),
            created_at: now(),
        },
    )?;
    let mut row = before.clone();
    row.participation_scale = cmd.scale;
    let row = save_event(
        conn,
        who,
        "change_scale",
        expected,
        (&before, &before_json),
        row,
    )?;
    one(conn, row)
}

/// What is wrong with a phase: each year within 2000..=2100, and `to` not before `from`, as
/// (JSON pointer, message) pairs.
pub fn phase_problems(from: Option<i32>, to: Option<i32>) -> Vec<(&'static str, Text)> {
    let mut out = Vec::new();
    for (pointer, year) in [("/phase_from", from), ("/phase_to", to)] {
        if year.is_some_and(|y| !(2000..=2100).contains(&y)) {
            out.push((
                pointer,
                t!(
                    "Năm phải từ 2000 đến 2100.",
                    "The year must be between 2000 and 2100."
                ),
            ));
        }
    }
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            out.push((
                "/phase_to",
                t!(
                    "Năm kết thúc giai đoạn phải sau năm bắt đầu.",
                    "phase_to must not be before phase_from."
                ),
            ));
        }
    }
    out
}

impl Record for MovementRow {
    const ENTITY: &'static str = "movement";

    row_versioning!();

    /// The movement as its answer shows it, histories included.
    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        snapshot(conn, self)
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

/// Changes that are not events: status, dates, description, programme, phase; each `Some`
/// sets its field (`Some(None)` clears it). The description is checked. (Names, lead units and
/// scales change by events on documents.)
pub struct MovementChanges {
    pub status: Option<MovementStatus>,
    pub description: Option<Option<String>>,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<Option<NaiveDate>>,
    pub programme_document_id: Option<Option<String>>,
    pub phase_from: Option<Option<i32>>,
    pub phase_to: Option<Option<i32>>,
}

/// The movement `id`, or 404.
fn found(conn: &mut DbConn, id: &str) -> AppResult<MovementRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("phong trào (movement)"))
}

/// Applies `changes` to movement `id` and checks the result as a whole (the phase, the dates
/// against each other and against the basis document); `expected` is the caller's `If-Match`.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    changes: &MovementChanges,
    expected: Option<&str>,
) -> AppResult<Movement> {
    let before = found(conn, id)?;
    let mut row = before.clone();
    if let Some(v) = changes.status {
        row.status = v;
    }
    if let Some(v) = &changes.description {
        row.description = v.clone();
    }
    if let Some(v) = changes.start_on {
        row.start_on = v;
    }
    if let Some(v) = changes.end_on {
        row.end_on = v;
    }
    if let Some(v) = &changes.programme_document_id {
        if let Some(doc) = v {
            document(conn, "/programme_document_id", doc)?;
        }
        row.programme_document_id = v.clone();
    }
    if let Some(v) = changes.phase_from {
        row.phase_from = v;
    }
    if let Some(v) = changes.phase_to {
        row.phase_to = v;
    }
    let mut errors: Vec<FieldError> = phase_problems(row.phase_from, row.phase_to)
        .into_iter()
        .map(|(pointer, detail)| FieldError::body(pointer, detail))
        .collect();
    if row.end_on.is_some_and(|end| end < row.start_on) {
        errors.push(FieldError::body(
            "/end_on",
            t!(
                "Ngày kết thúc phải sau ngày bắt đầu.",
                "end_on must not be before start_on."
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let basis = document(conn, "/start_on", &row.basis_document_id)?;
    not_before_document("/start_on", row.start_on, &basis)?;
    let row = save_versioned(conn, who, "update", expected, &before, row)?;
    one(conn, row)
}

/// One page of movements matching `filter`, in the order of their current names, after the
/// cursor's (name key, id); with the cursor of the next page.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<(Vec<Movement>, Option<String>)> {
    let rows = store::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
    Ok((assemble(conn, rows)?, next))
}

/// Movement `id` with its history, or 404.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Movement> {
    let row = found(conn, id)?;
    one(conn, row)
}
