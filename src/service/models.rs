//! Exemplary models: recording, changing, advancing and removing them with their movements,
//! each change marked in the public change log and written to the audit log (personal data
//! redacted: the log keeps only that it changed).

use std::collections::HashMap;

use crate::error::{Code, Ext};
use chrono::NaiveDate;
use serde_json::Value;

use super::awardees::{self as awardee, AwardeeChange, NewAwardee};
use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::Caller;
use crate::domain::models::{advance, redact, Category, ModelKind, Stage, StageRefusal};
use crate::domain::version::{check_if_match, etag};
use crate::domain::{page as paging, text, today};
use crate::error::{unknown_reference, AppError, AppResult};
use crate::store::models as store;
pub use crate::store::models::{Filter, ModelRow};
use crate::store::{audit, awardees, changes, units};
use crate::t;

/// Model rows with what their answers show besides the row, read at once.
pub struct Shown {
    pub rows: Vec<ModelRow>,
    /// (model id, movement id, code, current name), by model then movement name.
    pub movements: Vec<(String, String, String, String)>,
    /// (unit id, code, name) of the managing units.
    pub units: Vec<(String, String, String)>,
    /// The personal data of each model's awardee, by awardee id.
    pub personal: HashMap<String, Personal>,
}

pub use super::awardees::Personal;

/// A newly discovered model, its fields checked.
pub struct NewModel {
    pub kind: ModelKind,
    pub name: String,
    pub managing_unit_id: String,
    pub movement_ids: Vec<String>,
    pub category: Category,
    pub summary: String,
    pub achievements: String,
    pub discovered_on: NaiveDate,
    /// The awardee the model is; absent, one is recorded from the model (with the model's id).
    pub awardee_id: Option<String>,
    pub personal: Personal,
    pub consent: bool,
    pub published: bool,
}

/// Changes to a model, checked; `None` leaves a member as it is.
pub struct ModelChange {
    pub name: Option<String>,
    pub summary: Option<String>,
    pub achievements: Option<String>,
    pub movement_ids: Option<Vec<String>>,
    pub category: Option<Category>,
    /// Replaces the personal data (all absent erases it).
    pub personal: Option<Personal>,
    /// `true` records consent (once), `false` withdraws it.
    pub consent: Option<bool>,
    pub published: Option<bool>,
}

/// Loads what the answers for `rows` show besides the rows.
pub fn show(conn: &mut DbConn, rows: Vec<ModelRow>) -> AppResult<Shown> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let movements = store::movements_of(conn, &ids)?;
    let unit_ids: Vec<String> = rows.iter().map(|r| r.managing_unit_id.clone()).collect();
    let units = units::names(conn, &unit_ids)?;
    let awardee_ids: Vec<String> = rows.iter().filter_map(|r| r.awardee_id.clone()).collect();
    let personal = awardees::many(conn, &awardee_ids)?
        .into_iter()
        .map(|a| (a.id.clone(), Personal::of(&a)))
        .collect();
    Ok(Shown {
        rows,
        movements,
        units,
        personal,
    })
}

/// A page of models in Vietnamese alphabetical order, and the cursor of the next.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<(Shown, Option<String>)> {
    let rows = store::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
    Ok((show(conn, rows)?, next))
}

/// One model.
pub fn read(conn: &mut DbConn, id: &str) -> AppResult<Shown> {
    let row = load(conn, id)?;
    show(conn, vec![row])
}

/// A model the caller may change: its unit's officers, or a registrar.
pub fn editable(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<ModelRow> {
    let row = load(conn, id)?;
    crate::domain::access::doors::MODELS_WRITE.for_unit(caller, &row.managing_unit_id)?;
    Ok(row)
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<ModelRow> {
    store::get(conn, id)?
        .ok_or_else(|| AppError::not_found("điển hình tiên tiến (exemplary model)"))
}

/// The audit snapshot: the row with its movements, personal data redacted.
fn snapshot(conn: &mut DbConn, row: &ModelRow) -> AppResult<Value> {
    let mut v = serde_json::to_value(row).unwrap_or_default();
    let movements: Vec<String> = store::movements_of(conn, std::slice::from_ref(&row.id))?
        .into_iter()
        .map(|(_, id, _, _)| id)
        .collect();
    v["movement_ids"] = movements.into();
    Ok(redact(v))
}

fn ensure_movements(conn: &mut DbConn, ids: &[String]) -> AppResult<()> {
    let missing = store::missing_movements(conn, ids)?;
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid_field(
            "/movement_ids",
            t!(
                "Không tồn tại các phong trào: {}.",
                "No such movements: {}.",
                missing.join(", ")
            ),
        ))
    }
}

fn search_text(name: &str, summary: &str) -> String {
    text::fold(&format!("{name} {summary}"))
}

/// Records a newly discovered model (the caller is already allowed to act for its unit).
pub fn create(conn: &mut DbConn, who: &Who, m: &NewModel) -> AppResult<Shown> {
    let row = record_new(conn, who, m)?;
    show(conn, vec![row])
}

/// Records a new model, audited, and answers its row (an import needs no more).
pub fn record_new(conn: &mut DbConn, who: &Who, m: &NewModel) -> AppResult<ModelRow> {
    let at = now();
    let id = new_id();
    let row = ModelRow {
        awardee_id: Some(match &m.awardee_id {
            Some(a) => existing_awardee(conn, a, m)?,
            None => id.clone(),
        }),
        id,
        kind: m.kind,
        name_key: text::sort_key(&m.name),
        search_text: search_text(&m.name, &m.summary),
        name: m.name.clone(),
        managing_unit_id: m.managing_unit_id.clone(),
        category: m.category,
        summary: m.summary.clone(),
        achievements: m.achievements.clone(),
        stage: Stage::Discovered,
        discovered_on: m.discovered_on,
        nurtured_on: None,
        replicated_on: None,
        published: m.published,
        consent_at: m.consent.then_some(at),
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    // A unit that has ended manages no new model (its successor does).
    let unit = std::slice::from_ref(&row.managing_unit_id);
    super::units::working_on(conn, "/managing_unit_id", unit, crate::domain::today())?;
    ensure_movements(conn, &m.movement_ids)?;
    if m.awardee_id.is_none() {
        let new = NewAwardee {
            kind: m.kind,
            name: m.name.clone(),
            unit_id: m.managing_unit_id.clone(),
            category: m.category,
            position: None,
            gender: None,
            personal: m.personal.clone(),
        };
        awardee::record_new(conn, who, new, Some(row.id.clone()))?;
    }
    store::insert(conn, &row)?;
    store::add_movements(conn, &row.id, &m.movement_ids)?;
    let after = snapshot(conn, &row)?;
    changes::touch(conn, std::slice::from_ref(&row.id))?;
    audit::record(
        conn,
        who,
        "create",
        "exemplary_model",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// The awardee a new model names: known, of the model's kind, and keeping its own personal
/// data (the model brings none).
fn existing_awardee(conn: &mut DbConn, id: &str, m: &NewModel) -> AppResult<String> {
    let a = awardees::get(conn, id)?
        .ok_or_else(|| unknown_reference("/awardee_id", "cá nhân, tập thể / awardee"))?;
    if a.kind != m.kind {
        return Err(AppError::invalid_field(
            "/awardee_id",
            t!(
                "Loại điển hình ({}) khác loại của cá nhân, tập thể đã chọn ({}).",
                "The model's kind ({}) differs from the awardee's ({}).",
                m.kind.as_str(),
                a.kind.as_str()
            ),
        ));
    }
    if !m.personal.is_empty() {
        return Err(AppError::invalid_field(
            "/personal_data",
            t!(
                "Dữ liệu cá nhân là của cá nhân đã chọn: sửa tại /api/v1/awardees/{}.",
                "Personal data belongs to the awardee: change it at /api/v1/awardees/{}.",
                a.id
            ),
        ));
    }
    Ok(a.id)
}

/// A model being saved, with the movements it is to have when they change.
#[derive(Clone)]
struct Versioned {
    row: ModelRow,
    movement_ids: Option<Vec<String>>,
}

impl Record for Versioned {
    const ENTITY: &'static str = "exemplary_model";

    row_versioning!(row);

    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value> {
        snapshot(conn, &self.row)
    }

    fn store(conn: &mut DbConn, v: &Self, expected: i64) -> AppResult<bool> {
        if !store::update(conn, &v.row, expected)? {
            return Ok(false);
        }
        if let Some(ids) = &v.movement_ids {
            store::set_movements(conn, &v.row.id, ids)?;
        }
        Ok(true)
    }
}

/// Saves `row` changed from `before` (and its movements when given), marks it in the change
/// log and answers it.
fn save(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    if_match: Option<&str>,
    before: ModelRow,
    row: Versioned,
) -> AppResult<Shown> {
    let before = Versioned {
        row: before,
        movement_ids: None,
    };
    let saved = save_versioned(conn, who, action, if_match, &before, row)?;
    changes::touch(conn, std::slice::from_ref(&saved.row.id))?;
    show(conn, vec![saved.row])
}

/// Changes a model the caller may change (see [`editable`]).
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    before: ModelRow,
    c: &ModelChange,
    if_match: Option<&str>,
) -> AppResult<Shown> {
    if let Some(ids) = &c.movement_ids {
        ensure_movements(conn, ids)?;
    }
    let mut row = before.clone();
    if let Some(v) = &c.name {
        row.name_key = text::sort_key(v);
        row.name = v.clone();
    }
    if let Some(v) = &c.summary {
        row.summary = v.clone();
    }
    row.search_text = search_text(&row.name, &row.summary);
    if let Some(v) = &c.achievements {
        row.achievements = v.clone();
    }
    if let Some(v) = c.category {
        row.category = v;
    }
    if let Some(p) = c.personal.clone() {
        set_personal(conn, who, &before, p)?;
    }
    match c.consent {
        Some(true) if row.consent_at.is_none() => row.consent_at = Some(now()),
        Some(false) => row.consent_at = None,
        _ => {}
    }
    if let Some(v) = c.published {
        row.published = v;
    }
    let row = Versioned {
        row,
        movement_ids: c.movement_ids.clone(),
    };
    save(conn, who, "update", if_match, before, row)
}

/// Replaces the personal data of a model's awardee: a change of the awardee, audited as one.
fn set_personal(conn: &mut DbConn, who: &Who, model: &ModelRow, p: Personal) -> AppResult<()> {
    let id = model.awardee_id.as_deref().unwrap_or(&model.id);
    let before = awardees::get_any(conn, id)?
        .ok_or_else(|| AppError::internal("the model's awardee is missing"))?;
    let change = AwardeeChange {
        personal: Some(p),
        ..AwardeeChange::default()
    };
    awardee::update(conn, who, before, change, None)?;
    Ok(())
}

/// Moves a model to its next stage, reached on `on`.
pub fn change_stage(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    (stage, on): (Stage, NaiveDate),
    if_match: Option<&str>,
) -> AppResult<Shown> {
    let before = editable(conn, caller, id)?;
    let current = before.stage;
    let since = before
        .replicated_on
        .or(before.nurtured_on)
        .unwrap_or(before.discovered_on);
    advance(current, since, stage, on, today()).map_err(|r| refusal(r, current, since))?;
    let mut row = before.clone();
    row.stage = stage;
    match stage {
        Stage::Nurtured => row.nurtured_on = Some(on),
        Stage::Replicated => row.replicated_on = Some(on),
        Stage::Discovered => {}
    }
    let row = Versioned {
        row,
        movement_ids: None,
    };
    save(conn, who, "stage", if_match, before, row)
}

/// The answer to a refused stage change of a model at `current` since `since`.
fn refusal(refusal: StageRefusal, current: Stage, since: NaiveDate) -> AppError {
    match refusal {
        StageRefusal::NotNext(next) => AppError::conflict(
            Code::InvalidStage,
            t!(
                "Điển hình đang ở giai đoạn {}; giai đoạn tiếp theo duy nhất là {}.",
                "The model is {}; the only next stage is {}.",
                current.as_str(),
                next.map_or("—", |s| s.as_str())
            ),
        )
        .with_ext(
            Ext::AllowedStages,
            next.map(|s| vec![s.as_str()]).unwrap_or_default(),
        ),
        StageRefusal::BadDate => AppError::invalid_field(
            "/on",
            t!(
                "Ngày phải từ {} đến hôm nay.",
                "The date must be between {} and today.",
                since
            ),
        ),
    }
}

/// Removes a model recorded in error: it leaves every list and the public feed. The audit
/// row keeps the model as it was, and nothing after.
pub fn remove(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<()> {
    let before = editable(conn, caller, id)?;
    check_if_match(if_match, before.version)?;
    let before_json = snapshot(conn, &before)?;
    let mut row = before.clone();
    row.active = false;
    row.published = false;
    row.version += 1;
    row.updated_at = now();
    if !store::update(conn, &row, before.version)? {
        return Err(AppError::stale(&etag(before.version)));
    }
    changes::touch(conn, std::slice::from_ref(&row.id))?;
    audit::record(
        conn,
        who,
        "delete",
        "exemplary_model",
        &row.id,
        Some(&before_json),
        None,
    )?;
    Ok(())
}

/// Hands the management of a model over to `to`: a step of a reorganisation.
pub fn hand_over(conn: &mut DbConn, who: &Who, id: &str, to: &str) -> AppResult<()> {
    let before = store::get_any(conn, id)?
        .ok_or_else(|| AppError::not_found("mô hình (exemplary model)"))?;
    let mut row = before.clone();
    row.managing_unit_id = to.to_owned();
    let before = Versioned {
        row: before,
        movement_ids: None,
    };
    let row = Versioned {
        row,
        movement_ids: None,
    };
    save_versioned(conn, who, "reorganise", None, &before, row)?;
    changes::touch(conn, &[id.to_owned()])
}
