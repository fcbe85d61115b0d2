//! The use cases: what the service does, as functions of `(conn, &Who, command)` that hold the
//! rules needing the database (guards, quotas, audiences, compliance) and write their audit
//! rows. Handlers, the seed and the webhook worker call these; none of them reaches the store.
//!
//! A service function runs inside the caller's connection or transaction (`Db::read`,
//! `Db::write`): it never opens one itself, so a handler can compose two in one transaction.

/// The `id`, `version` and `bump` of a [`Record`] whose row has the usual `id`, `version` and
/// `updated_at` columns: written inside its `impl Record`, as `row_versioning!()` for the row
/// itself or `row_versioning!(row)` for a wrapper that saves its `row` with more.
macro_rules! row_versioning {
    ($($field:ident)?) => {
        fn id(&self) -> &str {
            &self$(.$field)?.id
        }

        fn version(&self) -> i64 {
            self$(.$field)?.version
        }

        fn bump(&mut self, at: chrono::NaiveDateTime) {
            self$(.$field)?.version += 1;
            self$(.$field)?.updated_at = at;
        }
    };
}

pub mod accounts;
pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod award_types;
pub mod awardees;
pub mod awards;
pub mod base_salaries;
pub mod congresses;
pub mod council;
pub mod council_minutes;
pub mod criteria;
pub mod decisions;
pub mod documents;
pub mod dossiers;
pub mod eligibility;
pub mod files;
pub mod funding;
pub mod groups;
pub mod holidays;
pub mod initiatives;
pub mod inspections;
pub mod models;
pub mod movements;
pub mod nominations;
pub mod ops;
pub mod plans;
pub mod public;
pub mod public_nominations;
pub mod publicity;
pub mod quotas;
pub mod registrations;
pub mod reminders;
pub mod reorganisations;
pub mod reports;
pub mod stats;
pub mod units;

use chrono::NaiveDateTime;
use serde_json::Value;

pub use crate::domain::access::Who;
use crate::domain::version::{check_if_match, etag};
use crate::error::{AppError, AppResult};
pub use crate::store::{new_id, now, DbConn};

/// A row as the audit log keeps it.
pub(crate) fn json_of<T: serde::Serialize>(row: &T) -> serde_json::Value {
    serde_json::to_value(row).unwrap_or_default()
}

/// A record that changes by versions: each change adds one to `version`, is written only if
/// nobody wrote meanwhile, and leaves an audit row with the record before and after.
pub trait Record: Clone {
    /// The record's entity as the audit log names it.
    const ENTITY: &'static str;
    fn id(&self) -> &str;
    fn version(&self) -> i64;
    /// Marks the next version, written at `at`.
    fn bump(&mut self, at: NaiveDateTime);
    /// The record as the audit log keeps it.
    fn snapshot(&self, conn: &mut DbConn) -> AppResult<Value>;
    /// Writes `row` if the stored record is still at version `expected`; false otherwise.
    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool>;
}

/// Saves a changed record: checks the caller's `If-Match` against the version read, bumps the
/// version, writes only if the stored record is still the one read (412 otherwise), and
/// records `action` in the audit log, all in the caller's transaction.
pub fn save_versioned<R: Record>(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    if_match: Option<&str>,
    before: &R,
    mut row: R,
) -> AppResult<R> {
    check_if_match(if_match, before.version())?;
    let old = before.snapshot(conn)?;
    row.bump(now());
    if !R::store(conn, &row, before.version())? {
        return Err(AppError::stale(&etag(before.version())));
    }
    let new = row.snapshot(conn)?;
    crate::store::audit::record(
        conn,
        who,
        action,
        R::ENTITY,
        row.id(),
        Some(&old),
        Some(&new),
    )?;
    Ok(row)
}
