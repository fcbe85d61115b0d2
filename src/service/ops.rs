//! Operations: what the readiness probe asks of the database.

use super::DbConn;
use crate::error::AppResult;

/// Whether the database answers a trivial query.
pub fn ping(conn: &mut DbConn) -> AppResult<()> {
    crate::store::ping(conn)
}
