//! Use cases of accounts and API clients: who may sign in, the sign-in throttle (counted in
//! the database, so every instance sees the same failures), and the accounts the command line
//! creates.

use super::{new_id, now, DbConn, Who};
use crate::domain::access::{Role, Scope};
use crate::error::AppResult;
use crate::store::audit;
use crate::store::auth as store;
pub use crate::store::auth::{ClientRow, ThrottleRule, UserRow};

/// The longest wait, in seconds, of the keys that are locked out; `None` when none is.
pub fn blocked_for(conn: &mut DbConn, keys: &[String]) -> AppResult<Option<i64>> {
    let mut wait = None;
    for key in keys {
        wait = wait.max(store::blocked_for(conn, key)?);
    }
    Ok(wait)
}

/// Counts a failed sign-in against each key, each with its own rule.
pub fn count_failure(conn: &mut DbConn, keys: &[(String, ThrottleRule)]) -> AppResult<()> {
    for (key, rule) in keys {
        store::record_failure(conn, key, *rule)?;
    }
    Ok(())
}

/// Forgets the failures of a key after a sign-in succeeds.
pub fn clear_failures(conn: &mut DbConn, key: &str) -> AppResult<()> {
    store::clear_failures(conn, key)
}

/// The account of a (lower-cased) user name.
pub fn user(conn: &mut DbConn, username: &str) -> AppResult<Option<UserRow>> {
    store::user_by_username(conn, username)
}

/// An API client by its id.
pub fn client(conn: &mut DbConn, id: &str) -> AppResult<Option<ClientRow>> {
    store::client(conn, id)
}

/// A person's new account, its password already hashed.
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<String>,
}

/// Creates an account; the audit row names it, never its password.
pub fn create_user(conn: &mut DbConn, who: &Who, cmd: &NewUser) -> AppResult<UserRow> {
    let user = store::insert_user(
        conn,
        &cmd.username,
        &cmd.display_name,
        &cmd.password_hash,
        cmd.role,
        cmd.unit_id.as_deref(),
    )?;
    let after =
        serde_json::json!({"username": user.username, "role": user.role, "unit_id": user.unit_id});
    audit::record(conn, who, "create", "user", &user.id, None, Some(&after))?;
    Ok(user)
}

/// Creates an API client of a unit with the hash of its secret; the audit row never holds it.
pub fn create_client(
    conn: &mut DbConn,
    who: &Who,
    name: &str,
    unit_id: &str,
    scopes: &[Scope],
    secret_hash: String,
) -> AppResult<ClientRow> {
    let row = ClientRow {
        id: new_id(),
        name: name.to_owned(),
        secret_hash,
        unit_id: unit_id.to_owned(),
        scopes: Scope::join(scopes),
        active: true,
        created_at: now(),
    };
    store::insert_client(conn, &row)?;
    let after = serde_json::json!({"name": row.name, "unit_id": row.unit_id, "scopes": row.scopes});
    audit::record(
        conn,
        who,
        "create",
        "api_client",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}
