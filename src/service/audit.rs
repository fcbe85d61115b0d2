//! Reading the audit log: who changed what, when, in which request. Every change writes its
//! own row in its transaction (`store::audit::record`); this module only reads them back.

use super::DbConn;
use crate::error::AppResult;
use crate::store::audit as store;
pub use crate::store::audit::{AuditRow, Filter};

/// A page of entries, newest first, one more than `limit` when more follow; `after` is the id
/// of the last entry already seen.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<AuditRow>> {
    store::list(conn, filter, after, limit)
}
