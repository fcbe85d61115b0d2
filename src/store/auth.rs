//! Accounts, API clients, ended tokens and the sign-in throttle (kept in the database, so that
//! every instance behind a load balancer sees the same failures and the same revocations).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Timestamp};

use super::schema::{api_clients, auth_epoch, auth_throttle, ended_tokens, units, users};
use super::DbConn;
use crate::domain::access::{Role, ScopeSet};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug)]
#[diesel(table_name = users, treat_none_as_null = true)]
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
    /// The folded user name and display name, for `q`.
    pub search_text: String,
    /// Bumped by every change of the account's rights; a token of an older generation is dead.
    pub token_generation: i64,
    /// The SHA-256 of the one-time set-password token, while one is outstanding.
    pub password_token_hash: Option<String>,
    pub password_token_expires_at: Option<NaiveDateTime>,
    pub version: i64,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug)]
#[diesel(table_name = api_clients, treat_none_as_null = true)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub secret_hash: String,
    /// Absent only for a client whose one scope is `metrics:read`.
    pub unit_id: Option<String>,
    pub scopes: ScopeSet,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The number of the current secret; tokens carry the number of the secret they came from.
    pub secret_version: i64,
    /// The secret before the last rotation, accepted until `previous_secret_expires_at`.
    pub previous_secret_hash: Option<String>,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
    pub token_generation: i64,
    pub version: i64,
}

/// Which accounts a list shows.
#[derive(Default, Debug)]
pub struct UserFilter {
    pub terms: Vec<String>,
    pub role: Option<Role>,
    pub unit_id: Option<String>,
    pub active: Option<bool>,
}

/// Which clients a list shows.
#[derive(Default, Debug)]
pub struct ClientFilter {
    pub unit_id: Option<String>,
    pub active: Option<bool>,
}

pub fn user(conn: &mut DbConn, id: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn user_by_username(conn: &mut DbConn, username: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// An account by its user name, with whether its unit is active (`None`: it has no unit), in
/// one round trip for sign-in.
pub fn user_signing_in(
    conn: &mut DbConn,
    username: &str,
) -> AppResult<Option<(UserRow, Option<bool>)>> {
    Ok(users::table
        .left_join(units::table)
        .filter(users::username.eq(username))
        .select((UserRow::as_select(), units::active.nullable()))
        .first(conn)
        .optional()?)
}

/// A client by its id, with whether its unit is active, as [`user_signing_in`].
pub fn client_signing_in(
    conn: &mut DbConn,
    id: &str,
) -> AppResult<Option<(ClientRow, Option<bool>)>> {
    Ok(api_clients::table
        .left_join(units::table)
        .filter(api_clients::id.eq(id))
        .select((ClientRow::as_select(), units::active.nullable()))
        .first(conn)
        .optional()?)
}

/// The account whose outstanding set-password token has this hash.
pub fn user_by_password_token(conn: &mut DbConn, hash: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::password_token_hash.eq(hash))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn count_users(conn: &mut DbConn) -> AppResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

/// Active administrators other than `except`.
pub fn other_active_admins(conn: &mut DbConn, except: &str) -> AppResult<i64> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin))
        .filter(users::active.eq(true))
        .filter(users::id.ne(except))
        .count()
        .get_result(conn)?)
}

/// Accounts in order of user name; `after` is the last (username, id) seen.
pub fn list_users(
    conn: &mut DbConn,
    f: &UserFilter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<Vec<UserRow>> {
    let mut q = users::table.select(UserRow::as_select()).into_boxed();
    for term in &f.terms {
        q = q.filter(users::search_text.like(format!("%{term}%")));
    }
    if let Some(role) = f.role {
        q = q.filter(users::role.eq(role));
    }
    if let Some(unit) = &f.unit_id {
        q = q.filter(users::unit_id.eq(unit.clone()));
    }
    if let Some(active) = f.active {
        q = q.filter(users::active.eq(active));
    }
    if let Some((name, id)) = after {
        q = q.filter(
            users::username
                .gt(name.clone())
                .or(users::username.eq(name).and(users::id.gt(id))),
        );
    }
    Ok(q.order((users::username.asc(), users::id.asc()))
        .limit(limit + 1)
        .load(conn)?)
}

pub fn insert_user(conn: &mut DbConn, row: &UserRow) -> AppResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Writes `row` if the stored version is still `expected`; false when someone else got there first.
pub fn update_user(conn: &mut DbConn, row: &UserRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        users::table
            .filter(users::id.eq(&row.id))
            .filter(users::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// Accounts whose folded search text is still empty (made before it existed).
/// Whether any account lacks its search text (made before it was kept).
pub fn search_text_missing(conn: &mut DbConn) -> AppResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        users::table.filter(users::search_text.eq("")),
    ))
    .get_result(conn)?)
}

pub fn users_without_search_text(conn: &mut DbConn) -> AppResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::search_text.eq(""))
        .select(UserRow::as_select())
        .load(conn)?)
}

pub fn set_search_text(conn: &mut DbConn, id: &str, text: &str) -> AppResult<()> {
    diesel::update(users::table.find(id))
        .set(users::search_text.eq(text))
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

/// Clients in order of creation (their ids are time-ordered); `after` is the last id seen.
pub fn list_clients(
    conn: &mut DbConn,
    f: &ClientFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<ClientRow>> {
    let mut q = api_clients::table
        .select(ClientRow::as_select())
        .into_boxed();
    if let Some(unit) = &f.unit_id {
        q = q.filter(api_clients::unit_id.eq(unit.clone()));
    }
    if let Some(active) = f.active {
        q = q.filter(api_clients::active.eq(active));
    }
    if let Some(id) = after {
        q = q.filter(api_clients::id.gt(id));
    }
    Ok(q.order(api_clients::id.asc()).limit(limit + 1).load(conn)?)
}

pub fn insert_client(conn: &mut DbConn, row: &ClientRow) -> AppResult<()> {
    diesel::insert_into(api_clients::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Writes `row` if the stored version is still `expected`.
pub fn update_client(conn: &mut DbConn, row: &ClientRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        api_clients::table
            .filter(api_clients::id.eq(&row.id))
            .filter(api_clients::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// What decides whether a person's token still speaks for them.
#[derive(Clone, Copy, Debug)]
pub struct UserStanding {
    pub active: bool,
    pub token_generation: i64,
    /// Whether the account's unit is active; `None` for an account with no unit.
    pub unit_active: Option<bool>,
    /// Whether the token asked about was ended by logout.
    pub token_ended: bool,
}

/// The standing of an account and of one of its tokens (`jti`; "" when only the account
/// matters, as no token has that id), in one round trip.
pub fn user_standing(conn: &mut DbConn, id: &str, jti: &str) -> AppResult<Option<UserStanding>> {
    let ended = diesel::dsl::exists(ended_tokens::table.filter(ended_tokens::jti.eq(jti)));
    let row: Option<(bool, i64, Option<bool>, bool)> = users::table
        .left_join(units::table)
        .filter(users::id.eq(id))
        .select((
            users::active,
            users::token_generation,
            units::active.nullable(),
            ended,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(active, token_generation, unit_active, token_ended)| UserStanding {
            active,
            token_generation,
            unit_active,
            token_ended,
        },
    ))
}

/// What decides whether a client's token still speaks for it.
#[derive(Clone, Copy, Debug)]
pub struct ClientStanding {
    pub active: bool,
    pub token_generation: i64,
    pub secret_version: i64,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
    pub unit_active: Option<bool>,
    pub token_ended: bool,
}

/// The standing of a client and of one of its tokens, as [`user_standing`].
pub fn client_standing(
    conn: &mut DbConn,
    id: &str,
    jti: &str,
) -> AppResult<Option<ClientStanding>> {
    type Row = (bool, i64, i64, Option<NaiveDateTime>, Option<bool>, bool);
    let ended = diesel::dsl::exists(ended_tokens::table.filter(ended_tokens::jti.eq(jti)));
    let row: Option<Row> = api_clients::table
        .left_join(units::table)
        .filter(api_clients::id.eq(id))
        .select((
            api_clients::active,
            api_clients::token_generation,
            api_clients::secret_version,
            api_clients::previous_secret_expires_at,
            units::active.nullable(),
            ended,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(
        |(active, gen, secret_version, previous, unit_active, token_ended)| ClientStanding {
            active,
            token_generation: gen,
            secret_version,
            previous_secret_expires_at: previous,
            unit_active,
            token_ended,
        },
    ))
}

/// The revocation epoch: raised by every change that can end tokens.
pub fn epoch(conn: &mut DbConn) -> AppResult<i64> {
    Ok(auth_epoch::table
        .find(1)
        .select(auth_epoch::value)
        .first(conn)?)
}

/// Raises the revocation epoch, in the transaction of the change that ends tokens.
pub fn raise_epoch(conn: &mut DbConn) -> AppResult<()> {
    diesel::update(auth_epoch::table.find(1))
        .set(auth_epoch::value.eq(auth_epoch::value + 1))
        .execute(conn)?;
    Ok(())
}

/// Ends a token before its time; the row is kept until the token would have expired anyway,
/// and rows of tokens that have expired are swept on the way.
pub fn end_token(conn: &mut DbConn, jti: &str, expires_at: NaiveDateTime) -> AppResult<()> {
    let at = super::system_now();
    diesel::delete(ended_tokens::table.filter(ended_tokens::expires_at.lt(at))).execute(conn)?;
    let known: Option<String> = ended_tokens::table
        .find(jti)
        .select(ended_tokens::jti)
        .first(conn)
        .optional()?;
    if known.is_none() {
        diesel::insert_into(ended_tokens::table)
            .values((
                ended_tokens::jti.eq(jti),
                ended_tokens::expires_at.eq(expires_at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The sign-in throttle's rules.
#[derive(Clone, Copy, Debug)]
pub struct ThrottleRule {
    pub max_failures: i32,
    pub window_secs: i64,
    pub lockout_secs: i64,
}

/// The end of a key's lockout, when it is locked out now.
pub fn locked_until(conn: &mut DbConn, key: &str) -> AppResult<Option<NaiveDateTime>> {
    let until: Option<Option<NaiveDateTime>> = auth_throttle::table
        .find(key)
        .select(auth_throttle::blocked_until)
        .first(conn)
        .optional()?;
    let at = super::system_now();
    Ok(until.flatten().filter(|u| *u > at))
}

/// The keys among `keys` that are locked out now, with the end of their lockout.
pub fn locked_keys(
    conn: &mut DbConn,
    keys: &[String],
) -> AppResult<std::collections::HashMap<String, NaiveDateTime>> {
    let at = super::system_now();
    let rows: Vec<(String, Option<NaiveDateTime>)> = auth_throttle::table
        .filter(auth_throttle::key.eq_any(keys))
        .filter(auth_throttle::blocked_until.gt(at))
        .select((auth_throttle::key, auth_throttle::blocked_until))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, until)| until.map(|u| (k, u)))
        .collect())
}

#[derive(QueryableByName)]
struct Attempt {
    #[diesel(sql_type = Integer)]
    failures: i32,
    #[diesel(sql_type = Nullable<Timestamp>)]
    blocked_until: Option<NaiveDateTime>,
}

/// Counts an attempt against `key` before its credentials are checked, in one statement that
/// increments and decides the lockout, so that concurrent attempts on any instance each see a
/// different count. Within the window the first `max_failures` attempts may go on; the one that
/// reaches the limit locks the key, and every later one is refused until the lockout ends.
/// Returns the seconds to wait when this attempt is refused. A success clears or refunds it.
const RESERVE: &str =
    "INSERT INTO auth_throttle AS t (key, failures, window_start, blocked_until) \
     VALUES (#1, 1, #2, CASE WHEN 1 >= #3 THEN #4 ELSE NULL END) \
     ON CONFLICT (key) DO UPDATE SET \
     failures = CASE WHEN t.blocked_until > #2 THEN t.failures + 1 \
         WHEN t.blocked_until IS NOT NULL OR t.window_start <= #5 THEN 1 \
         ELSE t.failures + 1 END, \
     window_start = CASE WHEN t.blocked_until > #2 THEN t.window_start \
         WHEN t.blocked_until IS NOT NULL OR t.window_start <= #5 THEN #2 \
         ELSE t.window_start END, \
     blocked_until = CASE WHEN t.blocked_until > #2 THEN t.blocked_until \
         WHEN t.blocked_until IS NOT NULL OR t.window_start <= #5 \
             THEN CASE WHEN 1 >= #3 THEN #4 ELSE NULL END \
         WHEN t.failures + 1 >= #3 THEN #4 \
         ELSE NULL END \
     RETURNING failures, blocked_until";

/// Gives back an attempt that succeeded (a shared address must not lock itself out by signing
/// its people in), lifting the lockout when the count falls below the limit.
const REFUND: &str = "UPDATE auth_throttle SET failures = failures - 1, \
     blocked_until = CASE WHEN failures - 1 >= #2 THEN blocked_until ELSE NULL END \
     WHERE key = #1 AND failures > 0";

/// The statement in the backend's placeholders: `$n` on PostgreSQL, `?n` on SQLite.
fn placeholders(sql: &str, conn: &DbConn) -> String {
    let mark = match conn {
        DbConn::Postgres(_) => "$",
        DbConn::Sqlite(_) => "?",
    };
    sql.replace('#', mark)
}

pub fn reserve_attempt(conn: &mut DbConn, key: &str, rule: ThrottleRule) -> AppResult<Option<i64>> {
    let at = super::system_now();
    let lock_end = at + chrono::TimeDelta::seconds(rule.lockout_secs);
    let window_floor = at - chrono::TimeDelta::seconds(rule.window_secs);
    let sql = placeholders(RESERVE, conn);
    macro_rules! run {
        ($c:expr) => {
            diesel::sql_query(sql.as_str())
                .bind::<Text, _>(key)
                .bind::<Timestamp, _>(at)
                .bind::<Integer, _>(rule.max_failures)
                .bind::<Timestamp, _>(lock_end)
                .bind::<Timestamp, _>(window_floor)
                .get_result::<Attempt>($c)?
        };
    }
    let attempt = match conn {
        DbConn::Postgres(c) => run!(c),
        DbConn::Sqlite(c) => run!(c),
    };
    if attempt.failures <= rule.max_failures {
        return Ok(None);
    }
    let wait = attempt
        .blocked_until
        .map_or(rule.lockout_secs, |u| (u - at).num_seconds() + 1);
    Ok(Some(wait.max(1)))
}

pub fn refund_attempt(conn: &mut DbConn, key: &str, rule: ThrottleRule) -> AppResult<()> {
    let sql = placeholders(REFUND, conn);
    macro_rules! run {
        ($c:expr) => {
            diesel::sql_query(sql.as_str())
                .bind::<Text, _>(key)
                .bind::<Integer, _>(rule.max_failures)
                .execute($c)?
        };
    }
    match conn {
        DbConn::Postgres(c) => run!(c),
        DbConn::Sqlite(c) => run!(c),
    };
    Ok(())
}

/// Forgets the attempts of `key`: after a successful sign-in, or an administrator's unlock.
pub fn clear_failures(conn: &mut DbConn, key: &str) -> AppResult<()> {
    diesel::delete(auth_throttle::table.find(key)).execute(conn)?;
    Ok(())
}
