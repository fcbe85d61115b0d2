//! Accounts, API clients and the sign-in throttle (kept in the database, so that every
//! instance behind a load balancer sees the same failures).

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::schema::{api_clients, auth_throttle, users};
use super::{new_id, now, DbConn};
use crate::domain::access::Role;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<String>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = api_clients)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub secret_hash: String,
    pub unit_id: String,
    pub scopes: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

pub fn user_by_username(conn: &mut DbConn, username: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn count_users(conn: &mut DbConn) -> AppResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

pub fn insert_user(
    conn: &mut DbConn,
    username: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
    unit_id: Option<&str>,
) -> AppResult<UserRow> {
    let at = now();
    let row = UserRow {
        id: new_id(),
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        password_hash: password_hash.to_owned(),
        role,
        unit_id: unit_id.map(str::to_owned),
        active: true,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn set_password(conn: &mut DbConn, user_id: &str, password_hash: &str) -> AppResult<()> {
    diesel::update(users::table.find(user_id))
        .set((
            users::password_hash.eq(password_hash),
            users::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn client(conn: &mut DbConn, id: &str) -> AppResult<Option<ClientRow>> {
    Ok(api_clients::table
        .find(id)
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_client(conn: &mut DbConn, row: &ClientRow) -> AppResult<()> {
    diesel::insert_into(api_clients::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The sign-in throttle's rules.
#[derive(Clone, Copy, Debug)]
pub struct ThrottleRule {
    pub max_failures: i32,
    pub window_secs: i64,
    pub lockout_secs: i64,
}

/// Seconds to wait when `key` is locked out now; `None` when it may try.
pub fn blocked_for(conn: &mut DbConn, key: &str) -> AppResult<Option<i64>> {
    let until: Option<Option<NaiveDateTime>> = auth_throttle::table
        .find(key)
        .select(auth_throttle::blocked_until)
        .first(conn)
        .optional()?;
    let at = super::system_now();
    Ok(until
        .flatten()
        .filter(|u| *u > at)
        .map(|u| (u - at).num_seconds() + 1))
}

/// Counts one failure for `key`; locks it out once the rule's limit is reached in the window.
pub fn record_failure(conn: &mut DbConn, key: &str, rule: ThrottleRule) -> AppResult<()> {
    let at = super::system_now();
    let current: Option<(i32, NaiveDateTime)> = auth_throttle::table
        .find(key)
        .select((auth_throttle::failures, auth_throttle::window_start))
        .first(conn)
        .optional()?;
    let (failures, window_start) = match current {
        Some((n, start)) if at - start < TimeDelta::seconds(rule.window_secs) => (n + 1, start),
        _ => (1, at),
    };
    let blocked_until =
        (failures >= rule.max_failures).then(|| at + TimeDelta::seconds(rule.lockout_secs));
    if current.is_some() {
        diesel::update(auth_throttle::table.find(key))
            .set((
                auth_throttle::failures.eq(failures),
                auth_throttle::window_start.eq(window_start),
                auth_throttle::blocked_until.eq(blocked_until),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(auth_throttle::table)
            .values((
                auth_throttle::key.eq(key),
                auth_throttle::failures.eq(failures),
                auth_throttle::window_start.eq(window_start),
                auth_throttle::blocked_until.eq(blocked_until),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Forgets the failures of `key` after a successful sign-in.
pub fn clear_failures(conn: &mut DbConn, key: &str) -> AppResult<()> {
    diesel::delete(auth_throttle::table.find(key)).execute(conn)?;
    Ok(())
}

/// Creates the first `admin` on an empty database; `None` when accounts already exist.
pub fn bootstrap_admin(conn: &mut DbConn, password_hash: &str) -> AppResult<Option<UserRow>> {
    if count_users(conn)? > 0 {
        return Ok(None);
    }
    insert_user(
        conn,
        "admin",
        "Quản trị hệ thống",
        password_hash,
        Role::Admin,
        None,
    )
    .map(Some)
}
