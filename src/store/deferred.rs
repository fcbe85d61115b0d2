//! Writes gathered and made at once: while a bulk change runs (an import of thousands of
//! rows), the audit entries and the public change log's entries it makes are kept and written
//! at its end, in the same transaction, with one statement per thousand rows on PostgreSQL
//! instead of one per row (each statement costs a round trip). Nothing in a bulk change reads
//! the audit log or the change log back, so it sees the same data either way.

use std::cell::RefCell;

use super::audit::AuditRow;
use super::DbConn;
use crate::error::AppResult;

#[derive(Default)]
struct Gathered {
    audit: Vec<AuditRow>,
    touched: Vec<String>,
}

thread_local! {
    // A transaction runs on one thread from start to end (a blocking task), so what a bulk
    // change gathers stays with it.
    static GATHERED: RefCell<Option<Gathered>> = const { RefCell::new(None) };
}

/// Clears what was gathered when the bulk change ends, even by a panic, so nothing gathered
/// leaks into the thread's next transaction.
struct Reset;

impl Drop for Reset {
    fn drop(&mut self) {
        GATHERED.with(|g| g.borrow_mut().take());
    }
}

/// Runs `f` with audit entries and change-log entries gathered, then writes them; `f`'s
/// error is answered and nothing gathered is written (the caller's transaction rolls back).
pub fn bulk<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> AppResult<T>) -> AppResult<T> {
    let _reset = Reset;
    GATHERED.with(|g| *g.borrow_mut() = Some(Gathered::default()));
    let value = f(conn)?;
    let gathered = GATHERED.with(|g| g.borrow_mut().take()).unwrap_or_default();
    super::audit::insert_all(conn, &gathered.audit)?;
    super::changes::touch_now(conn, &gathered.touched)?;
    Ok(value)
}

/// Keeps an audit entry for the end of the bulk change; gives it back when none runs.
pub(super) fn keep_audit(row: AuditRow) -> Option<AuditRow> {
    GATHERED.with(|g| match g.borrow_mut().as_mut() {
        Some(gathered) => {
            gathered.audit.push(row);
            None
        }
        None => Some(row),
    })
}

/// Keeps touched models for the end of the bulk change; false when none runs.
pub(super) fn keep_touched(model_ids: &[String]) -> bool {
    GATHERED.with(|g| match g.borrow_mut().as_mut() {
        Some(gathered) => {
            gathered.touched.extend_from_slice(model_ids);
            true
        }
        None => false,
    })
}
