//! Use cases of API clients (the units' own software): created with a secret shown once and
//! kept only as a hash, renamed, given other scopes, rotated (the old secret keeps working for
//! a grace period of at most 7 days) and deactivated. A change of scopes and a deactivation end
//! the client's tokens; a rotated-out secret's tokens end with its grace period.

use chrono::TimeDelta;
use serde_json::{json, Value};

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{Role, Scope, ScopeSet};
use crate::error::{AppError, AppResult, Code};
use crate::store::auth as store;
pub use crate::store::auth::{ClientFilter, ClientRow};
use crate::store::{audit, system_now};
use crate::t;

/// The longest grace period of a rotated-out secret.
pub const MAX_GRACE_SECS: i64 = 7 * 24 * 3600;

impl Record for ClientRow {
    const ENTITY: &'static str = "api_client";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(snapshot(self))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update_client(conn, row, expected)
    }
}

/// The client as the audit log keeps it: never a secret or its hash.
fn snapshot(row: &ClientRow) -> Value {
    json!({
        "name": row.name, "unit_id": row.unit_id, "scopes": row.scopes.to_string(),
        "active": row.active, "secret_version": row.secret_version,
        "previous_secret_expires_at": row.previous_secret_expires_at, "version": row.version,
    })
}

/// A client with the secret just made for it: the only time the secret is seen.
pub struct Issued {
    pub client: ClientRow,
    pub secret: String,
}

/// A new client, its fields checked (`check_scopes` holds for its scopes and unit).
pub struct NewClient {
    pub name: String,
    pub unit_id: Option<String>,
    pub scopes: Vec<Scope>,
}

/// Changes to a client: `None` keeps a field.
#[derive(Default)]
pub struct ClientChange {
    pub name: Option<String>,
    pub scopes: Option<Vec<Scope>>,
}

/// What scopes a client may hold with or without a unit: at least one; `metrics:read` alone and
/// with no unit; any other scopes with a unit. The error names the member at fault.
pub fn check_scopes(
    scopes: &[Scope],
    has_unit: bool,
) -> Result<(), (&'static str, crate::error::Text)> {
    let metrics = scopes.contains(&Scope::MetricsRead);
    if scopes.is_empty() {
        return Err((
            "/scopes",
            t!(
                "Cần ít nhất một quyền (scope).",
                "At least one scope is needed."
            ),
        ));
    }
    if scopes.len() > Scope::ALL.len() {
        return Err((
            "/scopes",
            t!(
                "Nhiều nhất {} quyền (scope), mỗi quyền một lần.",
                "At most {} scopes, each once.",
                Scope::ALL.len()
            ),
        ));
    }
    if metrics && scopes.len() > 1 {
        return Err((
            "/scopes",
            t!(
                "Quyền metrics:read không đi cùng quyền khác.",
                "metrics:read cannot be combined with other scopes."
            ),
        ));
    }
    match (metrics, has_unit) {
        (true, true) => Err((
            "/unit_id",
            t!(
                "Ứng dụng chỉ đọc số đo (metrics:read) không thuộc đơn vị nào.",
                "A metrics:read client belongs to no unit."
            ),
        )),
        (false, false) => Err((
            "/unit_id",
            t!(
                "Ứng dụng của đơn vị cần unit_id.",
                "A unit's client needs unit_id."
            ),
        )),
        _ => Ok(()),
    }
}

/// Saves a changed client through [`save_versioned`]; a change to what its tokens depend on
/// raises the revocation epoch in the same transaction, so every instance checks them again.
fn save(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    if_match: Option<&str>,
    before: &ClientRow,
    row: ClientRow,
) -> AppResult<ClientRow> {
    let ends_tokens = row.token_generation != before.token_generation
        || row.active != before.active
        || row.secret_version != before.secret_version;
    let saved = save_versioned(conn, who, action, if_match, before, row)?;
    if ends_tokens {
        super::auth::tokens_may_have_ended(conn)?;
    }
    Ok(saved)
}

fn ensure_manages(manager: Role, scopes: &[Scope]) -> AppResult<()> {
    if manager.manages_client(scopes) {
        return Ok(());
    }
    Err(AppError::forbidden(t!(
        "Bạn không được quản lý ứng dụng có các quyền {}.",
        "You may not manage clients with the scopes {}.",
        Scope::join(scopes)
    ))
    .with_code(Code::CannotManage))
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<ClientRow> {
    store::client(conn, id)?.ok_or_else(|| AppError::not_found("ứng dụng (API client)"))
}

pub fn list(
    conn: &mut DbConn,
    filter: &ClientFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<ClientRow>> {
    store::list_clients(conn, filter, after, limit)
}

/// Creates a client and its first secret.
pub fn create(conn: &mut DbConn, who: &Who, manager: Role, cmd: &NewClient) -> AppResult<Issued> {
    ensure_manages(manager, &cmd.scopes)?;
    super::units::ensure_active(conn, cmd.unit_id.as_deref())?;
    let secret = crate::auth::new_secret();
    let at = now();
    let row = ClientRow {
        id: new_id(),
        name: cmd.name.clone(),
        secret_hash: crate::auth::hash_secret(&secret),
        unit_id: cmd.unit_id.clone(),
        scopes: ScopeSet::new(cmd.scopes.clone()),
        active: true,
        created_at: at,
        updated_at: at,
        secret_version: 1,
        previous_secret_hash: None,
        previous_secret_expires_at: None,
        token_generation: 1,
        version: 1,
    };
    store::insert_client(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "api_client",
        &row.id,
        None,
        Some(&snapshot(&row)),
    )?;
    Ok(Issued {
        client: row,
        secret,
    })
}

/// Renames a client or changes its scopes; new scopes end its tokens.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    manager: Role,
    id: &str,
    if_match: Option<&str>,
    change: &ClientChange,
) -> AppResult<ClientRow> {
    let before = get(conn, id)?;
    ensure_manages(manager, before.scopes.scopes())?;
    let mut row = before.clone();
    if let Some(name) = &change.name {
        row.name.clone_from(name);
    }
    if let Some(scopes) = &change.scopes {
        ensure_manages(manager, scopes)?;
        check_scopes(scopes, row.unit_id.is_some())
            .map_err(|(pointer, text)| AppError::invalid_field(pointer, text))?;
        let scopes = ScopeSet::new(scopes.clone());
        if scopes != row.scopes {
            row.scopes = scopes;
            row.token_generation += 1;
        }
    }
    save(conn, who, "update", if_match, &before, row)
}

/// Gives a client a new secret. The old one keeps working for `grace_secs` (0 to 7 days), and
/// so do the tokens issued with it; a secret older than that stops at once.
pub fn rotate(
    conn: &mut DbConn,
    who: &Who,
    manager: Role,
    id: &str,
    if_match: Option<&str>,
    grace_secs: i64,
) -> AppResult<Issued> {
    let before = get(conn, id)?;
    ensure_manages(manager, before.scopes.scopes())?;
    let secret = crate::auth::new_secret();
    let mut row = before.clone();
    let grace = grace_secs.clamp(0, MAX_GRACE_SECS);
    if grace > 0 {
        row.previous_secret_hash = Some(before.secret_hash.clone());
        row.previous_secret_expires_at = Some(system_now() + TimeDelta::seconds(grace));
    } else {
        row.previous_secret_hash = None;
        row.previous_secret_expires_at = None;
    }
    row.secret_hash = crate::auth::hash_secret(&secret);
    row.secret_version += 1;
    let client = save(conn, who, "rotate_secret", if_match, &before, row)?;
    Ok(Issued { client, secret })
}

/// Deactivates or reactivates a client; deactivation ends its tokens.
pub fn set_active(
    conn: &mut DbConn,
    who: &Who,
    manager: Role,
    id: &str,
    if_match: Option<&str>,
    active: bool,
) -> AppResult<ClientRow> {
    let before = get(conn, id)?;
    ensure_manages(manager, before.scopes.scopes())?;
    if before.active == active {
        return Err(if active {
            AppError::conflict(
                Code::AlreadyActive,
                t!("Ứng dụng đang hoạt động.", "The client is already active."),
            )
        } else {
            AppError::conflict(
                Code::AlreadyInactive,
                t!(
                    "Ứng dụng đã ngừng hoạt động.",
                    "The client is already inactive."
                ),
            )
        });
    }
    if active {
        super::units::ensure_active(conn, before.unit_id.as_deref())?;
    }
    let mut row = before.clone();
    row.active = active;
    row.token_generation += 1;
    let action = if active { "reactivate" } else { "deactivate" };
    save(conn, who, action, if_match, &before, row)
}

/// Hands a client over to the unit `to`, or deactivates it when `to` is `None`: a step of a
/// reorganisation. Either way its tokens end.
pub fn hand_over(conn: &mut DbConn, who: &Who, id: &str, to: Option<&str>) -> AppResult<()> {
    let before = get(conn, id)?;
    let mut row = before.clone();
    match to {
        Some(unit) => row.unit_id = Some(unit.to_owned()),
        None => row.active = false,
    }
    row.token_generation += 1;
    save(conn, who, "reorganise", None, &before, row)?;
    Ok(())
}
