//! The statutory base salaries (mức lương cơ sở), dated rows on their decrees: the seed holds
//! 2,340,000 VND from 1 July 2024 (Decree 73/2024/NĐ-CP); the coordinator adds each later one
//! with its decree. A bonus reads the one in force on the decision date.

use chrono::NaiveDate;

use super::{json_of, new_id, now, DbConn, Who};
use crate::domain::register::Vnd;
use crate::error::{unknown_reference, AppError, AppResult, Code};
pub use crate::store::base_salaries::BaseSalaryRow;
use crate::store::{audit, base_salaries as store, documents, lock_key};
use crate::t;

/// A base salary to record.
#[derive(Clone)]
pub struct NewBaseSalary {
    pub amount: Vnd,
    pub valid_from: NaiveDate,
    pub legal_basis: String,
    pub document_id: Option<String>,
}

pub fn list(conn: &mut DbConn) -> AppResult<Vec<BaseSalaryRow>> {
    store::all(conn)
}

/// The base salary in force on `day` (none before the first row).
pub fn on(conn: &mut DbConn, day: NaiveDate) -> AppResult<Option<BaseSalaryRow>> {
    store::on(conn, day)
}

/// Records a base salary from its day: one per day (409 `duplicate` naming the one there).
pub fn create(conn: &mut DbConn, who: &Who, n: &NewBaseSalary) -> AppResult<BaseSalaryRow> {
    if let Some(doc) = &n.document_id {
        if documents::get(conn, doc)?.is_none() {
            return Err(unknown_reference("/document_id", "văn bản / document"));
        }
    }
    lock_key(conn, "base-salaries")?;
    if let Some(there) = store::starting(conn, n.valid_from)? {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!(
                "Đã có mức lương cơ sở từ ngày {} ({} đồng, {}).",
                "A base salary from {} is already recorded ({} VND, {}).",
                there.valid_from,
                there.amount,
                there.legal_basis
            ),
        ));
    }
    let row = BaseSalaryRow {
        id: new_id(),
        amount: n.amount.0,
        valid_from: n.valid_from,
        legal_basis: n.legal_basis.clone(),
        document_id: n.document_id.clone(),
        created_at: now(),
    };
    store::insert(conn, &row)?;
    let after = json_of(&row);
    audit::record(
        conn,
        who,
        "create",
        "base_salary",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}
