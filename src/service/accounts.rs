//! Use cases of people's accounts: created, changed, deactivated and reactivated by those who
//! manage their role (`Role::manages`), password resets and set-password tokens, and lifting a
//! lockout. Every change of an account's rights (role, unit, deactivation, a new password)
//! bumps its token generation, so the tokens issued before it stop working on every instance.

use chrono::{NaiveDateTime, TimeDelta};
use serde_json::{json, Value};

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::Role;
use crate::domain::text;
use crate::error::{AppError, AppResult, Code, Ext};
use crate::store::auth as store;
pub use crate::store::auth::{UserFilter, UserRow};
use crate::store::{audit, lock_key, system_now};
use crate::t;

/// How long a set-password or reset token stays usable.
pub const PASSWORD_TOKEN_HOURS: i64 = 24;

/// The stored hash of an account that has no usable password (a reset is outstanding, or it
/// was created with a set-password token): no password verifies against it.
pub const NO_PASSWORD: &str = "!";

impl Record for UserRow {
    const ENTITY: &'static str = "user";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(snapshot(self))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update_user(conn, row, expected)
    }
}

/// The account as the audit log keeps it: never its password hash or token.
fn snapshot(row: &UserRow) -> Value {
    json!({
        "username": row.username, "display_name": row.display_name, "role": row.role,
        "unit_id": row.unit_id, "active": row.active, "version": row.version,
    })
}

/// A one-time token to set a password, shown once; only its hash is kept.
pub struct OneTimeToken {
    pub token: String,
    pub expires_at: NaiveDateTime,
}

/// A new account, its fields checked; `password_hash` absent to issue a set-password token.
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<String>,
    pub password_hash: Option<String>,
}

/// Saves a changed account through [`save_versioned`]; a change to what its tokens depend on
/// raises the revocation epoch in the same transaction, so every instance checks them again.
fn save(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    if_match: Option<&str>,
    before: &UserRow,
    row: UserRow,
) -> AppResult<UserRow> {
    let ends_tokens =
        row.token_generation != before.token_generation || row.active != before.active;
    let saved = save_versioned(conn, who, action, if_match, before, row)?;
    if ends_tokens {
        super::auth::tokens_may_have_ended(conn)?;
    }
    Ok(saved)
}

/// Changes to an account: `None` keeps a field.
#[derive(Default)]
pub struct AccountChange {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// `Some(None)` takes the account out of its unit.
    pub unit_id: Option<Option<String>>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<UserRow> {
    store::user(conn, id)?.ok_or_else(|| AppError::not_found("tài khoản (user)"))
}

/// A page of accounts in order of user name, each with the end of its lockout if locked now;
/// one more than `limit` when more follow.
pub fn list(
    conn: &mut DbConn,
    filter: &UserFilter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<Vec<(UserRow, Option<NaiveDateTime>)>> {
    let rows = store::list_users(conn, filter, after, limit)?;
    let keys: Vec<String> = rows.iter().map(|r| account_key(&r.username)).collect();
    let locked = store::locked_keys(conn, &keys)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let until = locked.get(&account_key(&r.username)).copied();
            (r, until)
        })
        .collect())
}

/// The end of the account's sign-in lockout, when it is locked out now.
pub fn locked_until(conn: &mut DbConn, row: &UserRow) -> AppResult<Option<NaiveDateTime>> {
    store::locked_until(conn, &account_key(&row.username))
}

/// The throttle key of an account.
pub fn account_key(username: &str) -> String {
    format!("user:{username}")
}

fn cannot_manage(role: Role) -> AppError {
    AppError::forbidden(t!(
        "Bạn không được quản lý tài khoản có vai trò {}.",
        "You may not manage accounts with the role {}.",
        role.as_str()
    ))
    .with_code(Code::CannotManage)
    .with_ext(Ext::Role, role.as_str())
}

fn ensure_manages(manager: Role, role: Role) -> AppResult<()> {
    if manager.manages(role) {
        Ok(())
    } else {
        Err(cannot_manage(role))
    }
}

/// Refuses to leave the service without an active administrator.
fn ensure_another_admin(conn: &mut DbConn, id: &str) -> AppResult<()> {
    lock_key(conn, "accounts:admins")?;
    if store::other_active_admins(conn, id)? == 0 {
        return Err(AppError::conflict(
            Code::LastAdmin,
            t!(
                "Đây là quản trị viên cuối cùng còn hoạt động; hãy tạo quản trị viên khác trước.",
                "This is the last active administrator; make another one first."
            ),
        ));
    }
    Ok(())
}

/// A fresh one-time token: the token itself, and its hash to keep.
fn one_time_token() -> (OneTimeToken, String) {
    let token = crate::auth::new_secret();
    let hash = crate::auth::hash_secret(&token);
    let expires_at = system_now() + TimeDelta::hours(PASSWORD_TOKEN_HOURS);
    (OneTimeToken { token, expires_at }, hash)
}

/// Creates an account. Without a password, the answer carries a set-password token.
pub fn create(
    conn: &mut DbConn,
    who: &Who,
    manager: Role,
    cmd: &NewAccount,
) -> AppResult<(UserRow, Option<OneTimeToken>)> {
    ensure_manages(manager, cmd.role)?;
    super::units::ensure_active(conn, cmd.unit_id.as_deref())?;
    if store::user_by_username(conn, &cmd.username)?.is_some() {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!(
                "Đã có tài khoản tên {}.",
                "An account named {} already exists.",
                cmd.username.clone()
            ),
        )
        .with_ext(Ext::Pointer, "/username"));
    }
    let (token, token_hash) = match &cmd.password_hash {
        Some(_) => (None, None),
        None => {
            let (token, hash) = one_time_token();
            (Some(token), Some(hash))
        }
    };
    let at = now();
    let row = UserRow {
        id: new_id(),
        search_text: text::fold(&format!("{} {}", cmd.username, cmd.display_name)),
        username: cmd.username.clone(),
        display_name: cmd.display_name.clone(),
        password_hash: cmd
            .password_hash
            .clone()
            .unwrap_or_else(|| NO_PASSWORD.to_owned()),
        role: cmd.role,
        unit_id: cmd.unit_id.clone(),
        active: true,
        created_at: at,
        updated_at: at,
        token_generation: 1,
        password_token_expires_at: token.as_ref().map(|t| t.expires_at),
        password_token_hash: token_hash,
        version: 1,
    };
    store::insert_user(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "user",
        &row.id,
        None,
        Some(&snapshot(&row)),
    )?;
    Ok((row, token))
}

/// Changes an account's display name, role or unit. A new role or unit ends its tokens.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    manager: Role,
    id: &str,
    if_match: Option<&str>,
    change: &AccountChange,
) -> AppResult<UserRow> {
    let before = get(conn, id)?;
    ensure_manages(manager, before.role)?;
    let mut row = before.clone();
    if let Some(name) = &change.display_name {
        row.display_name.clone_from(name);
        row.search_text = text::fold(&format!("{} {name}", row.username));
    }
    if let Some(role) = change.role {
        ensure_manages(manager, role)?;
        row.role = role;
    }
    if let Some(unit) = &change.unit_id {
        row.unit_id.clone_from(unit);
    } else if !row.role.needs_unit() {
        row.unit_id = None;
    }
    match (row.role.needs_unit(), &row.unit_id) {
        (true, None) => {
            return Err(AppError::invalid_field(
                "/unit_id",
                t!(
                    "Cán bộ đơn vị phải thuộc một đơn vị.",
                    "A unit officer needs a unit."
                ),
            ))
        }
        (false, Some(_)) => {
            return Err(AppError::invalid_field(
                "/unit_id",
                t!(
                    "Chỉ cán bộ đơn vị (unit_officer) mới thuộc một đơn vị.",
                    "Only a unit officer belongs to a unit."
                ),
            ))
        }
        _ => {}
    }
    if row.unit_id != before.unit_id {
        super::units::ensure_active(conn, row.unit_id.as_deref())?;
    }
    if before.role == Role::Admin && row.role != Role::Admin && before.active {
        ensure_another_admin(conn, id)?;
    }
    if row.role != before.role || row.unit_id != before.unit_id {
        row.token_generation += 1;
    }
    save(conn, who, "update", if_match, &before, row)
}

/// Deactivates (`active` false) or reactivates an account. Deactivation ends its tokens.
pub fn set_active(
    conn: &mut DbConn,
    who: &Who,
    manager: Role,
    id: &str,
    if_match: Option<&str>,
    active: bool,
) -> AppResult<UserRow> {
    let before = get(conn, id)?;
    ensure_manages(manager, before.role)?;
    if before.active == active {
        return Err(if active {
            AppError::conflict(
                Code::AlreadyActive,
                t!(
                    "Tài khoản đang hoạt động.",
                    "The account is already active."
                ),
            )
        } else {
            AppError::conflict(
                Code::AlreadyInactive,
                t!(
                    "Tài khoản đã ngừng hoạt động.",
                    "The account is already inactive."
                ),
            )
        });
    }
    if active {
        super::units::ensure_active(conn, before.unit_id.as_deref())?;
    } else if before.role == Role::Admin {
        ensure_another_admin(conn, id)?;
    }
    let mut row = before.clone();
    row.active = active;
    row.token_generation += 1;
    let action = if active { "reactivate" } else { "deactivate" };
    save(conn, who, action, if_match, &before, row)
}

/// An administrator's reset: the old password stops working, the account's tokens end, and a
/// one-time token (shown once, valid for 24 hours) lets its owner choose a new password.
pub fn reset_password(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<(UserRow, OneTimeToken)> {
    let before = get(conn, id)?;
    let (token, hash) = one_time_token();
    let mut row = before.clone();
    row.password_hash = NO_PASSWORD.to_owned();
    row.password_token_hash = Some(hash);
    row.password_token_expires_at = Some(token.expires_at);
    row.token_generation += 1;
    let row = save(conn, who, "reset_password", if_match, &before, row)?;
    Ok((row, token))
}

/// Lifts an account's sign-in lockout.
pub fn unlock(conn: &mut DbConn, who: &Who, id: &str) -> AppResult<UserRow> {
    let row = get(conn, id)?;
    store::clear_failures(conn, &account_key(&row.username))?;
    audit::record(conn, who, "unlock", "user", &row.id, None, None)?;
    Ok(row)
}

fn invalid_password_token() -> AppError {
    AppError::bad_request(t!(
        "Mã đặt mật khẩu không đúng, đã dùng hoặc đã hết hạn.",
        "The set-password token is wrong, used or expired."
    ))
    .with_code(Code::InvalidPasswordToken)
}

/// The account a set-password token belongs to, while the token is usable.
pub fn by_password_token(conn: &mut DbConn, token_hash: &str) -> AppResult<UserRow> {
    store::user_by_password_token(conn, token_hash)?
        .filter(|u| {
            u.active
                && u.password_token_expires_at
                    .is_some_and(|e| e > system_now())
        })
        .ok_or_else(invalid_password_token)
}

/// Sets a new password with a one-time token; the token is used up and older tokens end.
pub fn redeem_password_token(
    conn: &mut DbConn,
    request_id: Option<String>,
    token_hash: &str,
    password_hash: &str,
) -> AppResult<UserRow> {
    let before = by_password_token(conn, token_hash)?;
    let who = Who {
        actor_type: "user".to_owned(),
        actor_id: before.id.clone(),
        actor_unit_id: before.unit_id.clone(),
        request_id,
        cause_id: None,
    };
    let mut row = before.clone();
    row.password_hash = password_hash.to_owned();
    row.password_token_hash = None;
    row.password_token_expires_at = None;
    row.token_generation += 1;
    save(conn, &who, "set_password", None, &before, row)
}

/// Changes one's own password (the current one already checked). Every token of the account,
/// the one of this request too, ends: the owner signs in again with the new password.
pub fn change_own_password(
    conn: &mut DbConn,
    who: &Who,
    expected_version: i64,
    password_hash: &str,
) -> AppResult<UserRow> {
    let before = get(conn, &who.actor_id)?;
    if before.version != expected_version {
        return Err(AppError::stale(&crate::domain::version::etag(
            before.version,
        )));
    }
    let mut row = before.clone();
    row.password_hash = password_hash.to_owned();
    row.password_token_hash = None;
    row.password_token_expires_at = None;
    row.token_generation += 1;
    save(conn, who, "change_password", None, &before, row)
}

/// Whether [`backfill_search_text`] has anything to do: a read, so that a start with nothing
/// to fill writes nothing.
pub fn search_text_missing(conn: &mut DbConn) -> AppResult<bool> {
    store::search_text_missing(conn)
}

/// Fills the search text of accounts made before it was kept.
pub fn backfill_search_text(conn: &mut DbConn) -> AppResult<()> {
    for row in store::users_without_search_text(conn)? {
        let text = text::fold(&format!("{} {}", row.username, row.display_name));
        store::set_search_text(conn, &row.id, &text)?;
    }
    Ok(())
}

/// Hands an account over to the unit `to`, or deactivates it when `to` is `None`: a step of a
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
