//! Use cases of units: the register of agencies. A unit is created, changed and deactivated
//! (with a successor), never deleted, so its history stays findable.

use crate::error::{Code, Ext};
use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::text;
use crate::domain::vocab::UnitKind;
use crate::error::{unknown_reference, AppError, AppResult};
use crate::store::units as store;
pub use crate::store::units::{Filter, UnitRow};
use crate::store::{audit, changes};
use crate::t;

impl Record for UnitRow {
    const ENTITY: &'static str = "unit";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(json(self))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

fn json(row: &UnitRow) -> Value {
    serde_json::to_value(row).unwrap_or_default()
}

/// A new unit, its fields already checked.
#[derive(Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
}

/// Changes to a unit, checked: `None` keeps a field, `Some(None)` clears an optional one.
#[derive(Default)]
pub struct UnitChange {
    pub name: Option<String>,
    /// A new code (by a reorganisation only), unique like any.
    pub code: Option<String>,
    /// The first day of a new name or parent (today when absent).
    pub effective_on: Option<NaiveDate>,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<Option<String>>,
    pub valid_from: Option<Option<NaiveDate>>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub website: Option<Option<String>>,
    /// The document behind a change of name or parent, kept with the former name.
    pub document_id: Option<String>,
}

/// The end of a unit: its last day (today when absent) and who takes over.
pub struct Deactivation {
    pub valid_to: Option<NaiveDate>,
    pub successor_id: Option<String>,
}

/// The error of an end date before the start date, at `/valid_to`.
pub fn dates_reversed() -> AppError {
    AppError::invalid_field(
        "/valid_to",
        t!(
            "Ngày kết thúc phải sau ngày bắt đầu.",
            "valid_to must not be before valid_from."
        ),
    )
}

/// Whether a unit may run from `from` to `to`.
pub fn dates_in_order(from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    !matches!((from, to), (Some(from), Some(to)) if to < from)
}

/// Refuses a parent that does not exist, or that `id` is an ancestor of (`None`: a new unit,
/// which is nobody's ancestor yet).
fn ensure_parent(conn: &mut DbConn, id: Option<&str>, parent: Option<&str>) -> AppResult<()> {
    let Some(parent) = parent else { return Ok(()) };
    if store::get(conn, parent)?.is_none() {
        return Err(unknown_reference(
            "/parent_id",
            "đơn vị cấp trên / parent unit",
        ));
    }
    let cycles = match id {
        Some(id) => store::would_cycle(conn, id, parent)?,
        None => false,
    };
    if cycles {
        return Err(AppError::invalid_field(
            "/parent_id",
            t!(
                "Đơn vị không thể là cấp trên của chính nó.",
                "A unit cannot be its own ancestor."
            ),
        ));
    }
    Ok(())
}

/// Refuses, at `/unit_id`, a unit that does not exist or no longer works (for an account or a
/// client bound to it); `None` binds to no unit and passes.
pub fn ensure_active(conn: &mut DbConn, unit: Option<&str>) -> AppResult<()> {
    let Some(unit) = unit else { return Ok(()) };
    match store::get(conn, unit)? {
        Some(u) if u.active => Ok(()),
        Some(_) => Err(AppError::invalid_field(
            "/unit_id",
            t!(
                "Đơn vị đã ngừng hoạt động.",
                "The unit is no longer active."
            ),
        )),
        None => Err(unknown_reference("/unit_id", "đơn vị / unit")),
    }
}

/// Refuses, at `pointer`, any of `ids` that names no unit (422 `reference`) or a unit that had
/// ended before `day` (422 `unit_ended`, with its id and last day): after its last day a unit
/// cannot lead, succeed, belong, be asked for reports or act.
pub fn working_on(
    conn: &mut DbConn,
    pointer: &str,
    ids: &[String],
    day: NaiveDate,
) -> AppResult<()> {
    // One read: whether each exists, and whether it had ended before `day` (a unit deactivated
    // before last days were recorded has none).
    let lives = store::lives(conn, ids)?;
    if ids
        .iter()
        .any(|id| !lives.iter().any(|(found, _, _)| found == id))
    {
        return Err(unknown_reference(pointer, "đơn vị / unit"));
    }
    let ended = lives.into_iter().find(|(_, active, last)| match last {
        Some(last) => *last < day,
        None => !active,
    });
    let Some((id, _, last_day)) = ended else {
        return Ok(());
    };
    let until = last_day.map_or_else(|| "—".to_owned(), |d| d.to_string());
    let mut e = AppError::invalid_field(
        pointer,
        t!(
            "Đơn vị {} đã chấm dứt hoạt động (ngày cuối cùng: {}); không thể dùng cho ngày {}.",
            "Unit {} has ended (last day: {}); it cannot be named for {}.",
            id,
            until,
            day
        ),
    )
    .with_code(Code::UnitEnded)
    .with_ext(Ext::UnitId, id);
    if let Some(last_day) = last_day {
        e = e.with_ext(Ext::LastDay, last_day.to_string());
    }
    Err(e)
}

/// 409 `already_inactive`: the unit has ended already.
pub fn already_inactive() -> AppError {
    AppError::conflict(
        Code::AlreadyInactive,
        t!(
            "Đơn vị đã ngừng hoạt động.",
            "The unit is already inactive."
        ),
    )
}

/// Refuses, at `pointer`, any of `ids` that begins after `day` (its `valid_from`): it does not
/// exist yet on that day. The ids are known to exist.
pub fn begun_by(conn: &mut DbConn, pointer: &str, ids: &[String], day: NaiveDate) -> AppResult<()> {
    for id in ids {
        if let Some(from) = get(conn, id)?.valid_from.filter(|from| *from > day) {
            return Err(AppError::invalid_field(
                pointer,
                t!(
                    "Đơn vị {} bắt đầu hoạt động từ ngày {}; không thể dùng cho ngày {}.",
                    "Unit {} begins on {}; it cannot be named for {}.",
                    id,
                    from,
                    day
                ),
            )
            .with_ext(Ext::UnitId, id.clone()));
        }
    }
    Ok(())
}

/// One unit; 404 when there is none.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<UnitRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("đơn vị (unit)"))
}

/// A unit by its id or, failing that, its code (any case); `None` when neither names one.
pub fn by_id_or_code(conn: &mut DbConn, key: &str) -> AppResult<Option<UnitRow>> {
    match store::get(conn, key)? {
        Some(u) => Ok(Some(u)),
        None => store::by_code(conn, &key.to_uppercase()),
    }
}

/// A page of units in Vietnamese alphabetical order, one more than `limit` when more follow.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<Vec<UnitRow>> {
    store::list(conn, filter, after, limit)
}

/// Creates a unit: its code (upper-cased) is unique and its parent exists.
pub fn create(conn: &mut DbConn, who: &Who, cmd: &NewUnit) -> AppResult<UnitRow> {
    let at = now();
    let code = cmd.code.to_uppercase();
    let row = UnitRow {
        id: new_id(),
        name_key: text::sort_key(&cmd.name),
        search_text: search_text(&cmd.name, &cmd.code, &[]),
        code,
        name: cmd.name.clone(),
        kind: cmd.kind,
        parent_id: cmd.parent_id.clone(),
        active: true,
        valid_from: cmd.valid_from,
        valid_to: cmd.valid_to,
        successor_id: None,
        email: cmd.email.clone(),
        phone: cmd.phone.clone(),
        website: cmd.website.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    if store::by_code(conn, &row.code)?.is_some() {
        return Err(taken_code(&row.code));
    }
    ensure_parent(conn, None, row.parent_id.as_deref())?;
    store::insert(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "unit",
        &row.id,
        None,
        Some(&json(&row)),
    )?;
    Ok(row)
}

/// Changes a unit. A new name is also a change of the public pages of the models it manages.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    change: &UnitChange,
) -> AppResult<UnitRow> {
    let before = get(conn, id)?;
    let mut row = before.clone();
    if let Some(name) = &change.name {
        row.name_key = text::sort_key(name);
        row.name.clone_from(name);
    }
    if let Some(code) = change.code.as_ref().filter(|c| **c != before.code) {
        if store::by_code(conn, code)?.is_some() {
            return Err(taken_code(code));
        }
        row.code.clone_from(code);
    }
    if let Some(kind) = change.kind {
        row.kind = kind;
    }
    if let Some(parent) = &change.parent_id {
        ensure_parent(conn, Some(&row.id), parent.as_deref())?;
        row.parent_id.clone_from(parent);
    }
    if let Some(v) = change.valid_from {
        row.valid_from = v;
    }
    if !dates_in_order(row.valid_from, row.valid_to) {
        return Err(dates_reversed());
    }
    if let Some(v) = &change.email {
        row.email.clone_from(v);
    }
    if let Some(v) = &change.phone {
        row.phone.clone_from(v);
    }
    if let Some(v) = &change.website {
        row.website.clone_from(v);
    }
    if row.name != before.name || row.code != before.code || row.parent_id != before.parent_id {
        let since = change.effective_on.unwrap_or_else(crate::domain::today);
        keep_former_name(conn, &before, change.document_id.as_deref(), since)?;
        let formers = store::former_names(conn, std::slice::from_ref(&row.id))?;
        row.search_text = search_text(&row.name, &row.code, &formers);
    }
    let row = save_versioned(conn, who, "update", if_match, &before, row)?;
    if row.name != before.name {
        let touched = changes::models_of_unit(conn, &row.id)?;
        changes::touch(conn, &touched)?;
    }
    Ok(row)
}

fn taken_code(code: &str) -> AppError {
    AppError::conflict(
        Code::DuplicateCode,
        t!(
            "Đã có đơn vị mang mã {}.",
            "A unit with code {} already exists.",
            code
        ),
    )
    .with_ext(Ext::Pointer, "/code")
}

/// A unit with its former names, as the API shows it.
pub struct Shown {
    pub row: UnitRow,
    pub former_names: Vec<store::FormerName>,
}

/// Units with their former names (one query for all of them).
pub fn shown(conn: &mut DbConn, rows: Vec<UnitRow>) -> AppResult<Vec<Shown>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut formers: std::collections::HashMap<String, Vec<store::FormerName>> =
        std::collections::HashMap::new();
    // Oldest first, as the query gives them.
    for f in store::former_names(conn, &ids)? {
        formers.entry(f.unit_id.clone()).or_default().push(f);
    }
    Ok(rows
        .into_iter()
        .map(|row| Shown {
            former_names: formers.remove(&row.id).unwrap_or_default(),
            row,
        })
        .collect())
}

/// (code, name) that units had on `day`, for those whose name or code has changed since.
pub fn names_on(
    conn: &mut DbConn,
    ids: &[String],
    day: NaiveDate,
) -> AppResult<std::collections::HashMap<String, (String, String)>> {
    let mut then = std::collections::HashMap::new();
    // Oldest first: the first name still held on the day is the one it had.
    for f in store::former_names(conn, ids)? {
        if f.valid_to >= day && !then.contains_key(&f.unit_id) {
            then.insert(f.unit_id, (f.code, f.name));
        }
    }
    Ok(then)
}

/// One unit with its former names.
pub fn shown_one(conn: &mut DbConn, row: UnitRow) -> AppResult<Shown> {
    shown(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("unit vanished"))
}

/// What a search for a unit matches: its name and code, and every former name and code.
fn search_text(name: &str, code: &str, formers: &[store::FormerName]) -> String {
    let mut words = format!("{name} {code}");
    for f in formers {
        words.push_str(&format!(" {} {}", f.name, f.code));
    }
    text::fold(&words)
}

/// Keeps the name, code and parent a unit had until the day before `since`, with the document
/// behind the change (which must be in force).
fn keep_former_name(
    conn: &mut DbConn,
    before: &UnitRow,
    document: Option<&str>,
    since: NaiveDate,
) -> AppResult<()> {
    if let Some(d) = document {
        super::movements::document(conn, "/document_id", d)?;
    }
    store::insert_former_name(
        conn,
        &store::FormerName {
            id: new_id(),
            unit_id: before.id.clone(),
            code: before.code.clone(),
            name: before.name.clone(),
            parent_id: before.parent_id.clone(),
            valid_to: since.pred_opt().unwrap_or(since),
            document_id: document.map(str::to_owned),
            created_at: now(),
        },
    )
}

/// Deactivates an active unit, naming its successor if any.
pub fn deactivate(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    cmd: &Deactivation,
) -> AppResult<UnitRow> {
    let before = get(conn, id)?;
    if !before.active {
        return Err(already_inactive());
    }
    if let Some(successor) = &cmd.successor_id {
        if successor == id {
            return Err(AppError::invalid_field(
                "/successor_id",
                t!(
                    "Đơn vị không thể kế thừa chính nó.",
                    "A unit cannot succeed itself."
                ),
            ));
        }
    }
    let valid_to = cmd.valid_to.unwrap_or_else(crate::domain::today);
    if let Some(successor) = &cmd.successor_id {
        // The successor takes over on the day after the last: it must exist then.
        let takes_over = valid_to.succ_opt().unwrap_or(valid_to);
        working_on(
            conn,
            "/successor_id",
            std::slice::from_ref(successor),
            takes_over,
        )?;
    }
    if before.valid_from.is_some_and(|from| valid_to < from) {
        return Err(dates_reversed());
    }
    let mut row = before.clone();
    row.active = false;
    row.valid_to = Some(valid_to);
    row.successor_id.clone_from(&cmd.successor_id);
    let row = save_versioned(conn, who, "deactivate", if_match, &before, row)?;
    // The unit's accounts and clients lose their tokens.
    super::auth::tokens_may_have_ended(conn)?;
    Ok(row)
}
