//! Use cases of signing in: the throttle (each attempt counted in the database before its
//! credentials are checked, so a burst on any number of instances gets no more tries than the
//! limit), who may sign in, whether a token still speaks for its holder, and logout.

use chrono::NaiveDateTime;

use super::{DbConn, Who};
use crate::domain::access::Role;
use crate::error::AppResult;
use crate::store::auth as store;
pub use crate::store::auth::{ClientRow, ThrottleRule, UserRow};
use crate::store::system_now;

/// Counts an attempt against each key before its credentials are checked; the longest wait,
/// in seconds, when any key refuses it.
pub fn reserve(conn: &mut DbConn, keys: &[(String, ThrottleRule)]) -> AppResult<Option<i64>> {
    let mut wait = None;
    for (key, rule) in keys {
        wait = wait.max(store::reserve_attempt(conn, key, *rule)?);
    }
    Ok(wait)
}

/// After a successful sign-in: the account's (or client's) attempts are forgotten, and the
/// address gets its attempt back.
pub fn succeeded(
    conn: &mut DbConn,
    principal_key: &str,
    address: &(String, ThrottleRule),
) -> AppResult<()> {
    store::clear_failures(conn, principal_key)?;
    store::refund_attempt(conn, &address.0, address.1)
}

/// An account by its (lower-cased) user name, and whether it may sign in now: it is active and
/// so is its unit.
pub fn account(conn: &mut DbConn, username: &str) -> AppResult<Option<(UserRow, bool)>> {
    Ok(
        store::user_signing_in(conn, username)?.map(|(user, unit_active)| {
            let may = user.active && unit_active != Some(false);
            (user, may)
        }),
    )
}

/// A client by its id, and whether it may have tokens now: it is active and so is its unit.
pub fn client(conn: &mut DbConn, id: &str) -> AppResult<Option<(ClientRow, bool)>> {
    Ok(
        store::client_signing_in(conn, id)?.map(|(client, unit_active)| {
            let may = client.active && unit_active != Some(false);
            (client, may)
        }),
    )
}

/// Which of a client's secrets `secret_hash` is: the current one's number, or the previous
/// one's while its grace period runs; `None` when it is neither.
pub fn secret_version(client: &ClientRow, matches: impl Fn(&str) -> bool) -> Option<i64> {
    if matches(&client.secret_hash) {
        return Some(client.secret_version);
    }
    let previous_alive = client
        .previous_secret_expires_at
        .is_some_and(|e| e > system_now());
    match &client.previous_secret_hash {
        Some(hash) if previous_alive && matches(hash) => Some(client.secret_version - 1),
        _ => None,
    }
}

/// What a token says of its holder that the database may since have contradicted.
pub struct TokenFacts<'a> {
    pub jti: &'a str,
    pub principal: Principal<'a>,
    pub generation: i64,
}

pub enum Principal<'a> {
    User(&'a str),
    /// A client, and the number of the secret its token came from.
    Client(&'a str, i64),
}

/// Whether a token still speaks for its holder, and until when the answer holds if nothing
/// changes: a token issued with a client's previous secret stops at the end of its grace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub alive: bool,
    pub until: Option<NaiveDateTime>,
}

/// Whether a token still speaks for its holder: not ended by logout, the account or client
/// still active and of the same generation (no change of rights since), its unit active, and
/// for a client the secret it came from still accepted.
pub fn token_alive(conn: &mut DbConn, facts: &TokenFacts<'_>) -> AppResult<Verdict> {
    let dead = Verdict {
        alive: false,
        until: None,
    };
    Ok(match facts.principal {
        Principal::User(id) => match store::user_standing(conn, id, facts.jti)? {
            Some(s) => Verdict {
                alive: !s.token_ended
                    && s.active
                    && s.token_generation == facts.generation
                    && s.unit_active != Some(false),
                until: None,
            },
            None => dead,
        },
        Principal::Client(id, secret) => match store::client_standing(conn, id, facts.jti)? {
            Some(s) => {
                let (secret_ok, until) = if secret == s.secret_version {
                    (true, None)
                } else if secret == s.secret_version - 1 {
                    let grace = s.previous_secret_expires_at;
                    (grace.is_some_and(|e| e > system_now()), grace)
                } else {
                    (false, None)
                };
                Verdict {
                    alive: !s.token_ended
                        && s.active
                        && s.token_generation == facts.generation
                        && s.unit_active != Some(false)
                        && secret_ok,
                    until,
                }
            }
            None => dead,
        },
    })
}

/// The revocation epoch, which every change that can end tokens raises; an instance that sees
/// it move forgets what it remembered of tokens.
pub fn epoch(conn: &mut DbConn) -> AppResult<i64> {
    store::epoch(conn)
}

/// Tells every instance, through the revocation epoch, that tokens may have ended: call it in
/// the transaction of any change to what [`token_alive`] reads.
pub fn tokens_may_have_ended(conn: &mut DbConn) -> AppResult<()> {
    store::raise_epoch(conn)
}

/// Ends one token (logout) until it would have expired.
pub fn end_token(
    conn: &mut DbConn,
    who: &Who,
    jti: &str,
    expires_at: NaiveDateTime,
) -> AppResult<()> {
    store::end_token(conn, jti, expires_at)?;
    tokens_may_have_ended(conn)?;
    crate::store::audit::record(
        conn,
        who,
        "logout",
        who.actor_type.as_str(),
        &who.actor_id,
        None,
        None,
    )
}

/// Creates the first `admin` on an empty database; `None` when accounts already exist.
pub fn bootstrap_admin(conn: &mut DbConn, password_hash: &str) -> AppResult<Option<UserRow>> {
    if store::count_users(conn)? > 0 {
        return Ok(None);
    }
    let cmd = super::accounts::NewAccount {
        username: "admin".to_owned(),
        display_name: "Quản trị hệ thống".to_owned(),
        role: Role::Admin,
        unit_id: None,
        password_hash: Some(password_hash.to_owned()),
    };
    let (row, _) = super::accounts::create(conn, &Who::system("bootstrap"), Role::Admin, &cmd)?;
    Ok(Some(row))
}

/// Whether any account exists yet.
pub fn has_accounts(conn: &mut DbConn) -> AppResult<bool> {
    Ok(store::count_users(conn)? > 0)
}
