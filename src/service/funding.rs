//! Use cases of the emulation fund (Quỹ thi đua, khen thưởng) per year and of the grants the
//! coordinator advises for lead units. The fund is a ledger: income entries (allocations on
//! their documents, adjustments when the amount is set anew) and spending entries (approved
//! grants, decisions' bonuses); its balance, their sum, never falls below zero: every entry of
//! a year is written under the year's lock key, on every instance, after reading the balance.

use crate::error::{Code, Ext};
use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{Caller, Role};
use crate::domain::page as paging;
use crate::domain::register::{FundEntryKind, GrantAction, GrantActor, GrantRefusal, GrantState};
use crate::error::{unknown_reference, AppError, AppResult};
use crate::store::funding as store;
pub use crate::store::funding::{EntryRow, Filter, FundRow, GrantRow};
use crate::store::{audit, documents, lock_key, movements, units};
use crate::t;

/// A unit as a grant names it: (id, code, name).
pub type UnitName = (String, String, String);

/// Income: what the fund receives.
const INCOME: [FundEntryKind; 2] = [FundEntryKind::Allocation, FundEntryKind::Adjustment];
/// Spending: what is paid from it.
const SPENDING: [FundEntryKind; 2] = [FundEntryKind::Grant, FundEntryKind::Bonuses];

/// A year's fund with what is committed from it and the decision that set it.
pub struct FundView {
    pub row: FundRow,
    /// What was paid from it (grants and bonuses), in đồng.
    pub spent: i64,
    /// What is left: income less spending.
    pub balance: i64,
    pub approved: i64,
    pub recommended: i64,
    pub requested: i64,
    /// (id, number, issued on) of the decision.
    pub document: Option<(String, String, NaiveDate)>,
}

/// A grant with the lead unit that receives it.
pub struct GrantView {
    pub row: GrantRow,
    pub unit: Option<UnitName>,
}

/// The amount of a year's fund, checked, and the decision that sets it (already found active).
pub struct FundSetting {
    pub year: i32,
    pub amount: i64,
    pub document_id: Option<String>,
}

/// A lead unit's request for a grant, checked.
pub struct NewGrant {
    pub movement_id: String,
    pub year: i32,
    pub amount: i64,
    pub purpose: String,
}

/// The approver's decision on a grant, checked.
pub struct Approval {
    pub decision_number: String,
    pub decision_date: NaiveDate,
}

impl Record for GrantRow {
    const ENTITY: &'static str = "funding_grant";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(serde_json::to_value(self).unwrap_or_default())
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

fn fund_lock(year: i32) -> String {
    format!("fund:{year}")
}

fn fund_view(conn: &mut DbConn, row: FundRow) -> AppResult<FundView> {
    let document = match &row.document_id {
        Some(id) => documents::refs(conn, std::slice::from_ref(id))?.pop(),
        None => None,
    };
    Ok(FundView {
        spent: store::entries_total(conn, row.year, &SPENDING)?.saturating_neg(),
        balance: balance(conn, row.year)?,
        approved: store::total(conn, row.year, GrantState::Approved)?,
        recommended: store::total(conn, row.year, GrantState::Recommended)?,
        requested: store::total(conn, row.year, GrantState::Requested)?,
        document,
        row,
    })
}

fn grant_view(conn: &mut DbConn, row: GrantRow) -> AppResult<GrantView> {
    let unit = units::names(conn, std::slice::from_ref(&row.unit_id))?
        .into_iter()
        .find(|(id, _, _)| *id == row.unit_id);
    Ok(GrantView { row, unit })
}

/// The fund of a year; 404 when none is set.
pub fn fund(conn: &mut DbConn, year: i32) -> AppResult<FundView> {
    let row = store::fund(conn, year)?.ok_or_else(|| AppError::not_found("quỹ của năm (fund)"))?;
    fund_view(conn, row)
}

/// The balance of a year's fund: the sum of its entries.
pub fn balance(conn: &mut DbConn, year: i32) -> AppResult<i64> {
    store::entries_total(conn, year, &[INCOME, SPENDING].concat())
}

/// A year's ledger: its totals and its entries, oldest first, with the documents they name.
pub struct Ledger {
    pub year: i32,
    pub income: i64,
    pub spent: i64,
    pub balance: i64,
    pub entries: Vec<EntryRow>,
    /// (id, number, issued on) of each document an entry names.
    pub documents: Vec<(String, String, NaiveDate)>,
}

/// The ledger of a year (empty before any income).
pub fn ledger(conn: &mut DbConn, year: i32) -> AppResult<Ledger> {
    let entries = store::entries(conn, year)?;
    let mut ids: Vec<String> = entries
        .iter()
        .filter_map(|e| e.document_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    let sum = |kinds: &[FundEntryKind]| {
        entries
            .iter()
            .filter(|e| kinds.contains(&e.kind))
            .fold(0i64, |acc, e| acc.saturating_add(e.amount))
    };
    Ok(Ledger {
        year,
        income: sum(&INCOME),
        spent: sum(&SPENDING).saturating_neg(),
        balance: sum(&INCOME).saturating_add(sum(&SPENDING)),
        documents: documents::refs(conn, &ids)?,
        entries,
    })
}

/// Writes an entry of a year's fund, audited, and keeps the year's income on its row. The
/// caller holds the year's lock and has checked the balance.
fn enter(conn: &mut DbConn, who: &Who, entry: &EntryRow) -> AppResult<()> {
    if INCOME.contains(&entry.kind) {
        let at = now();
        match store::fund(conn, entry.year)? {
            Some(f) => store::update_fund(
                conn,
                &FundRow {
                    amount: f.amount.saturating_add(entry.amount),
                    version: f.version + 1,
                    updated_at: at,
                    ..f
                },
            )?,
            None => store::insert_fund(
                conn,
                &FundRow {
                    year: entry.year,
                    amount: entry.amount,
                    document_id: entry.document_id.clone(),
                    version: 1,
                    created_at: at,
                    updated_at: at,
                },
            )?,
        }
    }
    store::insert_entry(conn, entry)?;
    audit::record(
        conn,
        who,
        "create",
        "fund_entry",
        &entry.id,
        None,
        Some(&serde_json::to_value(entry).unwrap_or_default()),
    )
}

/// Sets the amount of a year's fund: the first amount is its allocation, a later one records an
/// adjustment entry of the difference. The balance cannot fall below zero (409
/// `fund_below_approved`, with what was spent).
pub fn set_fund(conn: &mut DbConn, who: &Who, cmd: &FundSetting) -> AppResult<FundView> {
    let year = cmd.year;
    lock_key(conn, &fund_lock(year))?;
    let before = store::fund(conn, year)?;
    let income = store::entries_total(conn, year, &INCOME)?;
    let spent = store::entries_total(conn, year, &SPENDING)?.saturating_neg();
    if cmd.amount < spent {
        return Err(AppError::conflict(
            Code::FundBelowApproved,
            t!(
                "Quỹ không thể nhỏ hơn số đã chi ({} đồng).",
                "The fund cannot be less than what was spent ({} đồng).",
                spent
            ),
        )
        .with_ext(Ext::Approved, spent));
    }
    let delta = cmd.amount.saturating_sub(income);
    if before.is_none() || delta != 0 {
        let kind = if before.is_none() {
            FundEntryKind::Allocation
        } else {
            FundEntryKind::Adjustment
        };
        enter(
            conn,
            who,
            &EntryRow {
                id: new_id(),
                year,
                kind,
                amount: delta,
                document_id: cmd.document_id.clone(),
                grant_id: None,
                decision_id: None,
                note: format!("Số quỹ được xác định là {} đồng", cmd.amount),
                created_at: now(),
            },
        )?;
    }
    let mut row = store::fund(conn, year)?.ok_or_else(|| AppError::internal("fund missing"))?;
    if row.document_id != cmd.document_id {
        row.document_id.clone_from(&cmd.document_id);
        store::update_fund(conn, &row)?;
    }
    let to_json = |r: &FundRow| serde_json::to_value(r).unwrap_or_default();
    audit::record(
        conn,
        who,
        "set",
        "emulation_fund",
        &year.to_string(),
        before.as_ref().map(to_json).as_ref(),
        Some(&to_json(&row)),
    )?;
    fund_view(conn, row)
}

/// An allocation to a year's fund, on its document (already found).
pub struct Allocation {
    pub year: i32,
    pub amount: i64,
    pub document_id: String,
    pub note: String,
}

/// Records an allocation: income of the year's fund, which it creates if needed.
pub fn allocate(conn: &mut DbConn, who: &Who, cmd: &Allocation) -> AppResult<EntryRow> {
    lock_key(conn, &fund_lock(cmd.year))?;
    let entry = EntryRow {
        id: new_id(),
        year: cmd.year,
        kind: FundEntryKind::Allocation,
        amount: cmd.amount,
        document_id: Some(cmd.document_id.clone()),
        grant_id: None,
        decision_id: None,
        note: cmd.note.clone(),
        created_at: now(),
    };
    enter(conn, who, &entry)?;
    Ok(entry)
}

/// What is paid from a year's fund.
pub struct Spending {
    pub year: i32,
    pub kind: FundEntryKind,
    pub amount: i64,
    pub grant_id: Option<String>,
    pub decision_id: Option<String>,
    pub note: String,
}

/// Pays from a year's fund: every payment of the year queues on its lock, on every instance,
/// before it reads the balance; a payment above it is refused (409 `fund_exceeded`, with the
/// year's income, what was spent, what remains and what was asked).
pub fn spend(conn: &mut DbConn, who: &Who, cmd: &Spending) -> AppResult<EntryRow> {
    lock_key(conn, &fund_lock(cmd.year))?;
    let income = store::entries_total(conn, cmd.year, &INCOME)?;
    let remaining = balance(conn, cmd.year)?;
    if cmd.amount > remaining {
        return Err(AppError::conflict(
            Code::FundExceeded,
            t!(
                "Vượt Quỹ thi đua, khen thưởng năm {}: còn {} đồng, cần {} đồng.",
                "This exceeds the {} emulation fund: {} đồng remain, {} đồng are needed.",
                cmd.year,
                remaining,
                cmd.amount
            ),
        )
        .with_ext(Ext::Limit, income)
        .with_ext(Ext::Used, income.saturating_sub(remaining))
        .with_ext(Ext::Remaining, remaining)
        .with_ext(Ext::Requested, cmd.amount));
    }
    let entry = EntryRow {
        id: new_id(),
        year: cmd.year,
        kind: cmd.kind,
        amount: cmd.amount.saturating_neg(),
        document_id: None,
        grant_id: cmd.grant_id.clone(),
        decision_id: cmd.decision_id.clone(),
        note: cmd.note.clone(),
        created_at: now(),
    };
    enter(conn, who, &entry)?;
    Ok(entry)
}

/// What is left of a year's fund to ask for: 422 at `/year` when the year has no fund.
fn remaining_to_request(conn: &mut DbConn, year: i32) -> AppResult<i64> {
    store::fund(conn, year)?.ok_or_else(|| {
        AppError::invalid_field(
            "/year",
            t!(
                "Chưa có Quỹ thi đua, khen thưởng cho năm {}.",
                "There is no emulation fund for {} yet.",
                year
            ),
        )
    })?;
    balance(conn, year)
}

/// A movement's lead unit requests a grant within the balance of the year's fund.
pub fn request(
    conn: &mut DbConn,
    who: &Who,
    caller: &Caller,
    cmd: &NewGrant,
) -> AppResult<GrantView> {
    let m = movements::get(conn, &cmd.movement_id)?
        .ok_or_else(|| unknown_reference("/movement_id", "phong trào / movement"))?;
    // Only the movement's lead unit asks for its grant.
    // The grant is the lead unit's own.
    crate::domain::access::doors::FUNDING_REQUEST.for_movement(
        caller,
        Some(&m.lead_unit_id),
        &m.lead_unit_id,
    )?;
    lock_key(conn, &fund_lock(cmd.year))?;
    let remaining = remaining_to_request(conn, cmd.year)?;
    if cmd.amount > remaining {
        return Err(AppError::invalid_field(
            "/amount",
            t!(
                "Số tiền vượt số dư của quỹ năm {} ({} đồng).",
                "The amount exceeds the {} fund's balance ({} đồng).",
                cmd.year,
                remaining
            ),
        )
        .with_ext(Ext::Remaining, remaining));
    }
    let at = now();
    let row = GrantRow {
        id: new_id(),
        movement_id: m.id.clone(),
        unit_id: m.lead_unit_id.clone(),
        year: cmd.year,
        amount: cmd.amount,
        purpose: cmd.purpose.clone(),
        state: GrantState::Requested,
        decision_number: None,
        decision_date: None,
        reason: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    let after = row.snapshot(conn)?;
    audit::record(
        conn,
        who,
        "request",
        GrantRow::ENTITY,
        &row.id,
        None,
        Some(&after),
    )?;
    grant_view(conn, row)
}

/// One grant; 404 when there is none.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<GrantView> {
    let row = find(conn, id)?;
    grant_view(conn, row)
}

fn find(conn: &mut DbConn, id: &str) -> AppResult<GrantRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("đề nghị hỗ trợ kinh phí (grant)"))
}

/// A page of grants, newest first, and the next page's cursor.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<GrantView>, Option<String>)> {
    let rows = store::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
    let items = rows
        .into_iter()
        .map(|r| grant_view(conn, r))
        .collect::<AppResult<Vec<_>>>()?;
    Ok((items, next))
}

fn actor(caller: &Caller) -> GrantActor {
    match caller.role() {
        Some(Role::Coordinator) => GrantActor::Coordinator,
        Some(Role::Approver) => GrantActor::Approver,
        _ => GrantActor::Other,
    }
}

/// The refusal of a workflow action as the caller sees it.
fn refused(action: GrantAction, current: GrantState, refusal: GrantRefusal) -> AppError {
    match refusal {
        GrantRefusal::Actor => AppError::forbidden(t!(
            "Vai trò của bạn không được {} đề nghị này.",
            "Your role may not {} this grant.",
            action.as_str()
        ))
        .with_code(Code::RoleRequired),
        GrantRefusal::State(allowed) => AppError::conflict(
            Code::InvalidTransition,
            t!(
                "Không thể {} khi đề nghị đang ở trạng thái {}.",
                "Cannot {} a grant that is {}.",
                action.as_str(),
                current.as_str()
            ),
        )
        .with_ext(
            Ext::AllowedActions,
            allowed.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        ),
    }
}

/// Applies a workflow action to a grant; `extra` checks and fills the action's data.
fn act(
    conn: &mut DbConn,
    who: &Who,
    caller: &Caller,
    id: &str,
    action: GrantAction,
    extra: impl FnOnce(&mut DbConn, &mut GrantRow) -> AppResult<()>,
) -> AppResult<GrantView> {
    let before = find(conn, id)?;
    let current = before.state;
    let next = current
        .apply(action, actor(caller))
        .map_err(|refusal| refused(action, current, refusal))?;
    let mut row = before.clone();
    row.state = next;
    extra(conn, &mut row)?;
    let row = save_versioned(conn, who, action.as_str(), None, &before, row)?;
    grant_view(conn, row)
}

/// The coordinator recommends a requested grant to the approver.
pub fn recommend(conn: &mut DbConn, who: &Who, caller: &Caller, id: &str) -> AppResult<GrantView> {
    act(conn, who, caller, id, GrantAction::Recommend, |_, _| Ok(()))
}

/// The approver approves a recommended grant, within the year's fund.
pub fn approve(
    conn: &mut DbConn,
    who: &Who,
    caller: &Caller,
    id: &str,
    cmd: &Approval,
) -> AppResult<GrantView> {
    act(conn, who, caller, id, GrantAction::Approve, |conn, row| {
        spend(
            conn,
            who,
            &Spending {
                year: row.year,
                kind: FundEntryKind::Grant,
                amount: row.amount,
                grant_id: Some(row.id.clone()),
                decision_id: None,
                note: format!("Hỗ trợ kinh phí theo quyết định {}", cmd.decision_number),
            },
        )?;
        row.decision_number = Some(cmd.decision_number.clone());
        row.decision_date = Some(cmd.decision_date);
        Ok(())
    })
}

/// Rejects a grant, with the reason.
pub fn reject(
    conn: &mut DbConn,
    who: &Who,
    caller: &Caller,
    id: &str,
    reason: &str,
) -> AppResult<GrantView> {
    act(conn, who, caller, id, GrantAction::Reject, |_, row| {
        row.reason = Some(reason.to_owned());
        Ok(())
    })
}
