//! The nomination quotas of the letter (points 6c, 6d): the rules as data, the pools they
//! define, and how many places each pool holds. Nominations take a place here, under the
//! pool's lock, so the quota holds across servers.

use crate::error::{Code, Ext};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::DbConn;
use crate::domain::register::Scale;
use crate::domain::vocab::Track;
use crate::error::{AppError, AppResult, Kind};
use crate::store::movements::{self, MovementRow};
use crate::store::{documents, lock_key, nominations as store, quotas};
use crate::t;

pub use crate::store::quotas::QuotaRuleRow;

/// The document that sets a rule, as `(id, number, issued_on)`.
pub type DocumentCited = (String, String, NaiveDate);

/// How much of a quota is used.
#[derive(Serialize, ToSchema, Clone)]
#[schema(example = json!({"track": "annual", "year": 2025, "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01",
    "rule": "annual-standard", "limit": 2, "used": 1, "remaining": 1}))]
pub struct Pool {
    pub track: Track,
    pub year: i32,
    /// For `annual`: the movement.
    pub movement_id: Option<String>,
    /// The quota rule's code (`GET /api/v1/quotas`).
    pub rule: String,
    pub limit: i64,
    /// Places held: recommended, approved, and revoked honours of that year.
    pub used: i64,
    pub remaining: i64,
}

impl Pool {
    fn new(rule: &QuotaRuleRow, year: i32, movement_id: Option<String>, used: i64) -> Pool {
        let limit = i64::from(rule.max_count);
        Pool {
            track: rule.track,
            year,
            movement_id,
            rule: rule.code.clone(),
            limit,
            used,
            remaining: (limit - used).max(0),
        }
    }
}

/// The quota rules in force, each with the document that sets it (when it is on record).
pub fn rules(conn: &mut DbConn) -> AppResult<Vec<(QuotaRuleRow, Option<DocumentCited>)>> {
    let rows = quotas::all(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.document_id.clone()).collect();
    let docs = documents::refs(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let doc = docs.iter().find(|(id, _, _)| *id == r.document_id).cloned();
            (r, doc)
        })
        .collect())
}

/// The quota rule that counts a nomination of `track`, `year` and movement, if any.
pub fn rule_for(
    conn: &mut DbConn,
    track: Track,
    year: i32,
    movement: &MovementRow,
) -> AppResult<Option<QuotaRuleRow>> {
    let scale = match track {
        Track::Annual => Some(pool_scale(conn, movement, year)?),
        Track::ProvincialCongress | Track::NationalCongress => None,
    };
    Ok(quotas::all(conn)?.into_iter().find(|r| {
        r.track == track
            && match track {
                Track::Annual => r.scale == scale,
                Track::ProvincialCongress | Track::NationalCongress => r.year == Some(year),
            }
    }))
}

/// The participation scale a movement's annual pool for `year` counts by: the scale in force
/// on the day its first place was taken, so a later change of scale leaves a year already
/// begun as it was; today's scale while no place is taken.
pub fn pool_scale(conn: &mut DbConn, movement: &MovementRow, year: i32) -> AppResult<Scale> {
    let Some(day) = store::first_place_taken(conn, &movement.id, year)? else {
        return Ok(movement.participation_scale);
    };
    Ok(movements::scale_on(conn, &movement.id, day)?.unwrap_or(movement.participation_scale))
}

/// The pool of a nomination's quota, with the places held now. Callers that are about to take
/// a place hold the pool's lock first.
pub fn pool_of(
    conn: &mut DbConn,
    track: Track,
    year: i32,
    movement: &MovementRow,
) -> AppResult<Pool> {
    let rule = rule_for(conn, track, year, movement)?.ok_or_else(|| no_rule(track, year))?;
    let movement_id = (track == Track::Annual).then(|| movement.id.clone());
    let used = store::places_held(conn, track, year, movement_id.as_deref())?;
    Ok(Pool::new(&rule, year, movement_id, used))
}

/// The pool of a congress track (one across movements), if a rule defines it for `year`.
pub fn congress_pool(conn: &mut DbConn, track: Track, year: i32) -> AppResult<Option<Pool>> {
    let Some(rule) = quotas::all(conn)?
        .into_iter()
        .find(|r| r.track == track && r.year == Some(year))
    else {
        return Ok(None);
    };
    let used = store::places_held(conn, track, year, None)?;
    Ok(Some(Pool::new(&rule, year, None, used)))
}

fn no_rule(track: Track, year: i32) -> AppError {
    AppError::new(
        Kind::Validation,
        t!(
            "Không có quy định số lượng cho loại {} năm {}.",
            "No quota rule covers track {} in {}.",
            track.as_str(),
            year
        ),
    )
    .with_code(Code::NoQuotaRule)
}

fn pool_lock_key(pool: &Pool) -> String {
    format!(
        "quota:{}:{}:{}",
        pool.track.as_str(),
        pool.year,
        pool.movement_id.as_deref().unwrap_or("*")
    )
}

/// Makes sure a place is free in the pool of a nomination about to take one: 409
/// `quota_exceeded` (with the rule, limit, used and remaining) when the pool is full.
pub fn ensure_place(
    conn: &mut DbConn,
    track: Track,
    year: i32,
    movement: &MovementRow,
) -> AppResult<()> {
    // Every recommendation into this pool queues here, on every instance,
    // before it counts the places held (SQLite: the write lock does the same).
    let probe = pool_of(conn, track, year, movement)?;
    lock_key(conn, &pool_lock_key(&probe))?;
    let pool = pool_of(conn, track, year, movement)?;
    if pool.remaining <= 0 {
        return Err(AppError::conflict(
            Code::QuotaExceeded,
            t!(
                "Đã đủ số lượng đề nghị theo quy định {} ({}/{}).",
                "The quota {} is full ({}/{}).",
                pool.rule,
                pool.used,
                pool.limit
            ),
        )
        .with_ext(Ext::Rule, pool.rule.clone())
        .with_ext(Ext::Limit, pool.limit)
        .with_ext(Ext::Used, pool.used)
        .with_ext(Ext::Remaining, pool.remaining));
    }
    Ok(())
}

/// The pools of a year with their use: per movement for `annual`, and each congress.
pub fn pools(conn: &mut DbConn, year: i32) -> AppResult<Vec<Pool>> {
    let rules = quotas::all(conn)?;
    let held = store::places_by_pool(conn, year)?;
    let used = |track: Track, movement: Option<&str>| {
        held.iter()
            .find(|(t, m, _)| *t == track && m.as_deref() == movement)
            .map_or(0, |(_, _, n)| *n)
    };
    let mut out = Vec::new();
    let all = movements::list(conn, &movements::Filter::default(), None, 10_000)?;
    for m in all {
        let scale = pool_scale(conn, &m, year)?;
        if let Some(rule) = rules
            .iter()
            .find(|r| r.track == Track::Annual && r.scale == Some(scale))
        {
            let n = used(Track::Annual, Some(&m.id));
            out.push(Pool::new(rule, year, Some(m.id.clone()), n));
        }
    }
    for rule in rules.iter().filter(|r| r.year == Some(year)) {
        out.push(Pool::new(rule, year, None, used(rule.track, None)));
    }
    Ok(out)
}
