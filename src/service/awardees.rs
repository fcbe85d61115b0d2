//! Awardees: recording and changing the individuals and collectives that commendations are
//! given to. An awardee's personal data is kept once, here; an exemplary model shows its
//! awardee's. The audit log keeps only that personal data changed.

use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{doors, Caller};
use crate::domain::awardees::Gender;
use crate::domain::models::{redact, Category, ModelKind};
use crate::domain::{page as paging, text};
use crate::error::{AppError, AppResult};
use crate::store::audit;
use crate::store::awardees as store;
pub use crate::store::awardees::{AwardeeRow, Filter};

/// The personal data of an individual, checked; stored only when given.
#[derive(Default, Clone)]
pub struct Personal {
    pub birth_date: Option<NaiveDate>,
    pub phone: Option<String>,
    pub national_id: Option<String>,
    pub home_address: Option<String>,
}

impl Personal {
    /// The personal data an awardee holds.
    pub fn of(row: &AwardeeRow) -> Personal {
        Personal {
            birth_date: row.birth_date,
            phone: row.phone.clone(),
            national_id: row.national_id.clone(),
            home_address: row.home_address.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.birth_date.is_none()
            && self.phone.is_none()
            && self.national_id.is_none()
            && self.home_address.is_none()
    }

    fn write_to(self, row: &mut AwardeeRow) {
        row.birth_date = self.birth_date;
        row.phone = self.phone;
        row.national_id = self.national_id;
        row.home_address = self.home_address;
    }
}

/// A new awardee, its fields checked.
#[derive(Clone)]
pub struct NewAwardee {
    pub kind: ModelKind,
    pub name: String,
    pub unit_id: String,
    pub category: Category,
    pub position: Option<String>,
    pub gender: Option<Gender>,
    pub personal: Personal,
}

/// Changes to an awardee, checked; `None` leaves a member as it is.
#[derive(Default)]
pub struct AwardeeChange {
    pub name: Option<String>,
    pub category: Option<Category>,
    /// `Some(None)` erases it.
    pub position: Option<Option<String>>,
    pub gender: Option<Option<Gender>>,
    /// Replaces the personal data (all absent erases it).
    pub personal: Option<Personal>,
}

impl Record for AwardeeRow {
    const ENTITY: &'static str = "awardee";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(redact(serde_json::to_value(self).unwrap_or_default()))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

fn search_text(name: &str, position: Option<&str>) -> String {
    text::fold(&format!("{name} {}", position.unwrap_or_default()))
}

/// Records a new awardee under `id` (a new one when `None`), audited; the caller is already
/// allowed to act for its unit.
pub fn record_new(
    conn: &mut DbConn,
    who: &Who,
    a: NewAwardee,
    id: Option<String>,
) -> AppResult<AwardeeRow> {
    let at = now();
    let mut row = AwardeeRow {
        id: id.unwrap_or_else(new_id),
        kind: a.kind,
        name_key: text::sort_key(&a.name),
        search_text: search_text(&a.name, a.position.as_deref()),
        name: a.name,
        unit_id: a.unit_id,
        category: a.category,
        position: a.position,
        gender: a.gender,
        birth_date: None,
        phone: None,
        national_id: None,
        home_address: None,
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    a.personal.write_to(&mut row);
    // A unit that has ended takes no new awardee (its successor does).
    let unit = std::slice::from_ref(&row.unit_id);
    super::units::working_on(conn, "/unit_id", unit, crate::domain::today())?;
    store::insert(conn, &row)?;
    let after = row.snapshot(conn)?;
    audit::record(conn, who, "create", "awardee", &row.id, None, Some(&after))?;
    Ok(row)
}

/// Awardee rows with the units their answers name, read at once.
pub struct Shown {
    pub rows: Vec<AwardeeRow>,
    /// (unit id, code, name).
    pub units: Vec<(String, String, String)>,
}

/// Loads the units the answers for `rows` name.
pub fn show(conn: &mut DbConn, rows: Vec<AwardeeRow>) -> AppResult<Shown> {
    let ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let units = crate::store::units::names(conn, &ids)?;
    Ok(Shown { rows, units })
}

/// A page of awardees in Vietnamese alphabetical order, and the cursor of the next.
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

/// Records a new awardee for a caller allowed to act for its unit, and answers it.
pub fn create(conn: &mut DbConn, who: &Who, a: NewAwardee) -> AppResult<Shown> {
    let row = record_new(conn, who, a, None)?;
    show(conn, vec![row])
}

/// One awardee.
pub fn read(conn: &mut DbConn, id: &str) -> AppResult<AwardeeRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("cá nhân, tập thể (awardee)"))
}

/// An awardee the caller may change: its unit's officers, or a registrar.
pub fn editable(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<AwardeeRow> {
    let row = read(conn, id)?;
    doors::AWARDEES_WRITE.for_unit(caller, &row.unit_id)?;
    Ok(row)
}

/// Changes an awardee the caller may change (see [`editable`]).
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    before: AwardeeRow,
    c: AwardeeChange,
    if_match: Option<&str>,
) -> AppResult<AwardeeRow> {
    let mut row = before.clone();
    if let Some(v) = c.name {
        row.name_key = text::sort_key(&v);
        row.name = v;
    }
    if let Some(v) = c.category {
        row.category = v;
    }
    if let Some(v) = c.position {
        row.position = v;
    }
    if let Some(v) = c.gender {
        row.gender = v;
    }
    if let Some(p) = c.personal {
        p.write_to(&mut row);
    }
    row.search_text = search_text(&row.name, row.position.as_deref());
    save_versioned(conn, who, "update", if_match, &before, row)
}

/// Changes an awardee for a caller allowed to (see [`editable`]), and answers it.
pub fn change(
    conn: &mut DbConn,
    who: &Who,
    before: AwardeeRow,
    c: AwardeeChange,
    if_match: Option<&str>,
) -> AppResult<Shown> {
    let row = update(conn, who, before, c, if_match)?;
    show(conn, vec![row])
}

/// Hands an awardee over to the unit `to`: a step of a reorganisation.
pub fn hand_over(conn: &mut DbConn, who: &Who, id: &str, to: &str) -> AppResult<()> {
    let before = store::get_any(conn, id)?
        .ok_or_else(|| AppError::not_found("cá nhân, tập thể (awardee)"))?;
    let mut row = before.clone();
    row.unit_id = to.to_owned();
    save_versioned(conn, who, "reorganise", None, &before, row)?;
    Ok(())
}
