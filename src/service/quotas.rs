//! The nomination quotas of the letter (points 6c, 6d): the rules as data, the pools they
//! define, and how many places each pool holds. Nominations take a place here, under the
//! pool's lock, so the quota holds across servers.

use crate::error::{Code, Ext};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{new_id, now, DbConn, Who};
use crate::domain::awardees::AwardStream;
use crate::domain::register::Scale;
use crate::domain::vocab::Track;
use crate::error::{unknown_reference, AppError, AppResult, Kind};
use crate::store::audit;
use crate::store::congresses::CongressRow;
use crate::store::movements::{self, MovementRow};
use crate::store::{documents, lock_key, nominations as store, quotas};
use crate::t;

pub use crate::store::quotas::QuotaRuleRow;

/// The document that sets a rule, as `(id, number, issued_on)`.
pub type DocumentCited = (String, String, NaiveDate);

/// How much of a quota is used.
#[derive(Serialize, ToSchema, Clone)]
#[schema(example = json!({"track": "annual", "year": 2025, "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01",
    "congress_id": null, "stream": "merit", "rule": "annual-standard", "limit": 2, "used": 1, "remaining": 1}))]
pub struct Pool {
    pub track: Track,
    pub year: i32,
    /// For `annual`: the movement.
    pub movement_id: Option<String>,
    /// For a congress track: the congress.
    pub congress_id: Option<String>,
    /// The stream whose nominations it counts (`merit` for the movements' and congresses').
    pub stream: AwardStream,
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
            congress_id: rule.congress_id.clone(),
            stream: rule.stream.unwrap_or(AwardStream::Merit),
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

/// The pool a nomination takes its place in: a movement's year (the annual track), or a
/// congress.
#[derive(Clone, Copy)]
pub enum PoolOf<'a> {
    Annual(&'a MovementRow, i32),
    Congress(&'a CongressRow),
    /// A stream's own provincial pool of a year (not merit: its pools are the movements').
    Stream(AwardStream, i32),
}

impl PoolOf<'_> {
    /// The pool of a nomination of `track` and `year` for `movement`, going to `congress`
    /// (which a congress track always names).
    pub fn of<'a>(
        track: Track,
        year: i32,
        movement: &'a MovementRow,
        congress: Option<&'a CongressRow>,
    ) -> AppResult<PoolOf<'a>> {
        match (track, congress) {
            (Track::Annual, _) => Ok(PoolOf::Annual(movement, year)),
            (_, Some(c)) => Ok(PoolOf::Congress(c)),
            (_, None) => Err(AppError::internal("a congress nomination with no congress")),
        }
    }

    fn lock_key(&self) -> String {
        match self {
            PoolOf::Annual(m, year) => format!("quota:annual:{year}:{}", m.id),
            PoolOf::Congress(c) => format!("quota:congress:{}", c.id),
            PoolOf::Stream(s, year) => format!("quota:stream:{year}:{}", s.as_str()),
        }
    }
}

/// The rule among `rules` in force on `day`: the latest to begin by then (one with no first
/// day holds from always).
fn in_force(rules: Vec<QuotaRuleRow>, day: NaiveDate) -> Option<QuotaRuleRow> {
    rules
        .into_iter()
        .filter(|r| r.valid_from.is_none_or(|from| from <= day))
        .max_by_key(|r| r.valid_from)
}

/// The day a pool's rule is judged on: the day its first place was taken, so a later rule or
/// scale leaves a pool already begun as it was; today while no place is taken.
fn pool_day(conn: &mut DbConn, pool: PoolOf) -> AppResult<NaiveDate> {
    let first = match pool {
        PoolOf::Annual(m, year) => store::first_place_taken(conn, &m.id, year)?,
        PoolOf::Congress(c) => store::first_place_taken_at(conn, &c.id)?,
        PoolOf::Stream(s, year) => store::first_place_taken_in_stream(conn, s, year)?,
    };
    Ok(first.unwrap_or_else(crate::domain::today))
}

/// The quota rule that counts a pool, if any.
pub fn rule_for(conn: &mut DbConn, pool: PoolOf) -> AppResult<Option<QuotaRuleRow>> {
    let day = pool_day(conn, pool)?;
    let candidates: Vec<QuotaRuleRow> = match pool {
        PoolOf::Annual(m, _) => {
            let scale = movements::scale_on(conn, &m.id, day)?.unwrap_or(m.participation_scale);
            quotas::all(conn)?
                .into_iter()
                .filter(|r| {
                    r.track == Track::Annual && r.scale == Some(scale) && r.stream.is_none()
                })
                .collect()
        }
        PoolOf::Stream(s, _) => quotas::all(conn)?
            .into_iter()
            .filter(|r| r.stream == Some(s))
            .collect(),
        PoolOf::Congress(c) => quotas::all(conn)?
            .into_iter()
            .filter(|r| r.congress_id.as_deref() == Some(c.id.as_str()))
            .collect(),
    };
    Ok(in_force(candidates, day))
}

/// A pool with the places held now, counted by `rule`.
fn pool_with(conn: &mut DbConn, pool: PoolOf, rule: &QuotaRuleRow) -> AppResult<Pool> {
    Ok(match pool {
        PoolOf::Annual(m, year) => {
            let used = store::places_held(conn, Track::Annual, year, Some(&m.id))?;
            Pool::new(rule, year, Some(m.id.clone()), used)
        }
        PoolOf::Congress(c) => {
            let used = store::places_held_at(conn, &c.id)?;
            Pool::new(rule, c.year, None, used)
        }
        PoolOf::Stream(s, year) => {
            let used = store::places_held_in_stream(conn, s, year)?;
            Pool::new(rule, year, None, used)
        }
    })
}

/// A pool with its rule and the places held now, if a rule counts it.
pub fn counted(conn: &mut DbConn, pool: PoolOf) -> AppResult<Option<(QuotaRuleRow, Pool)>> {
    let Some(rule) = rule_for(conn, pool)? else {
        return Ok(None);
    };
    let shown = pool_with(conn, pool, &rule)?;
    Ok(Some((rule, shown)))
}

/// A pool with its rule and the places held now; 422 `no_quota_rule` when no rule counts it.
/// Callers that are about to take a place hold the pool's lock first.
pub fn pool_of(conn: &mut DbConn, pool: PoolOf) -> AppResult<(QuotaRuleRow, Pool)> {
    counted(conn, pool)?.ok_or_else(|| no_rule(pool))
}

fn rule_lock_key(rule_id: &str) -> String {
    format!("quota-rule:{rule_id}")
}

fn no_rule(pool: PoolOf) -> AppError {
    let what = match pool {
        PoolOf::Annual(m, year) => format!("{} ({year})", m.code),
        PoolOf::Congress(c) => c.name.clone(),
        PoolOf::Stream(s, year) => format!("{} ({year})", s.as_str()),
    };
    AppError::new(
        Kind::Validation,
        t!(
            "Không có quy định số lượng cho {}.",
            "No quota rule counts {}.",
            what
        ),
    )
    .with_code(Code::NoQuotaRule)
}

/// Makes sure a place is free in the pool of a nomination about to take one: 409
/// `quota_exceeded` (with the rule, limit, used and remaining) when the pool is full. Answers
/// the rule that counts the place.
pub fn ensure_place(conn: &mut DbConn, pool: PoolOf) -> AppResult<QuotaRuleRow> {
    // Every recommendation into this pool queues here, on every instance,
    // before it counts the places held (SQLite: the write lock does the same).
    lock_key(conn, &pool.lock_key())?;
    // Then the rule's, which a correction or a superseding rule takes too: neither slips in
    // between the choice of the rule and the count.
    let rule = rule_for(conn, pool)?.ok_or_else(|| no_rule(pool))?;
    lock_key(conn, &rule_lock_key(&rule.id))?;
    let (rule, pool) = pool_of(conn, pool)?;
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
    Ok(rule)
}

/// The pools of a year with their use: per movement for `annual`, and each congress held that
/// year.
pub fn pools(conn: &mut DbConn, year: i32) -> AppResult<Vec<Pool>> {
    let mut out = Vec::new();
    let all = movements::list(conn, &movements::Filter::default(), None, 10_000)?;
    for m in &all {
        out.extend(counted(conn, PoolOf::Annual(m, year))?.map(|(_, p)| p));
    }
    let (congresses, _) = super::congresses::list(conn, Some(year), None, 1_000)?;
    for c in &congresses {
        out.extend(counted(conn, PoolOf::Congress(c))?.map(|(_, p)| p));
    }
    for s in AwardStream::ALL
        .iter()
        .filter(|s| **s != AwardStream::Merit)
    {
        out.extend(counted(conn, PoolOf::Stream(*s, year))?.map(|(_, p)| p));
    }
    Ok(out)
}

/// A new quota rule, its fields checked for form: a movement's year by scale (`scale`), or a
/// congress (`congress_id`).
pub struct NewRule {
    pub code: String,
    pub scale: Option<Scale>,
    pub congress_id: Option<String>,
    /// A stream's own pool (not merit); exclusive with `scale` and `congress_id`.
    pub stream: Option<AwardStream>,
    pub max_count: i32,
    pub description: String,
    pub document_id: String,
    /// The first day it counts; the document's day when absent.
    pub valid_from: Option<NaiveDate>,
    /// The code of the rule of the same pool it replaces from `valid_from`.
    pub supersedes: Option<String>,
}

/// Whether two rules count the same pools.
fn same_pools(a: &QuotaRuleRow, b: &QuotaRuleRow) -> bool {
    a.track == b.track
        && a.scale == b.scale
        && a.congress_id == b.congress_id
        && a.stream == b.stream
}

/// Records a rule on a document in force. The latest rule of its pools, if any, must be the
/// one it supersedes, and it begins after that one.
pub fn create_rule(conn: &mut DbConn, who: &Who, r: &NewRule) -> AppResult<QuotaRuleRow> {
    let doc = super::movements::document(conn, "/document_id", &r.document_id)?;
    let valid_from = r.valid_from.unwrap_or(doc.issued_on);
    super::movements::not_before_document("/valid_from", valid_from, &doc)?;
    let (track, year) = match &r.congress_id {
        Some(id) => {
            let c = crate::store::congresses::get(conn, id)?
                .ok_or_else(|| unknown_reference("/congress_id", "đại hội / congress"))?;
            (super::congresses::track_of(c.level), Some(c.year))
        }
        None => (Track::Annual, None),
    };
    if quotas::by_code(conn, &r.code)?.is_some() {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!(
                "Đã có quy định mã {}.",
                "A rule with code {} exists already.",
                r.code
            ),
        ));
    }
    let row = QuotaRuleRow {
        id: new_id(),
        code: r.code.clone(),
        track,
        scale: r.scale,
        year,
        max_count: r.max_count,
        description: r.description.clone(),
        document_id: r.document_id.clone(),
        created_at: now(),
        congress_id: r.congress_id.clone(),
        valid_from: Some(valid_from),
        supersedes_id: None,
        stream: r.stream,
    };
    let latest = quotas::all(conn)?
        .into_iter()
        .filter(|o| same_pools(o, &row))
        .max_by_key(|o| o.valid_from);
    let supersedes_id = match (latest, &r.supersedes) {
        (None, None) => None,
        (None, Some(_)) => {
            return Err(AppError::invalid_field(
                "/supersedes",
                t!(
                    "Chưa có quy định nào cho các nhóm này để thay thế.",
                    "No rule counts these pools yet: there is nothing to supersede."
                ),
            ))
        }
        (Some(old), given) if given.as_deref() != Some(old.code.as_str()) => {
            return Err(AppError::invalid_field(
                "/supersedes",
                t!(
                    "Quy định {} đang áp dụng cho các nhóm này: hãy ghi mã đó vào supersedes.",
                    "Rule {} counts these pools now: name it in supersedes.",
                    old.code
                ),
            ))
        }
        (Some(old), _) => {
            lock_key(conn, &rule_lock_key(&old.id))?;
            // Like a change of scale: not from a day on or before a place the old rule counted,
            // so no pool already begun finds itself counted by a rule it did not begin with.
            if let Some(last) = store::last_place_under(conn, &old.id)? {
                if valid_from <= last {
                    return Err(AppError::invalid_field(
                        "/valid_from",
                        t!(
                            "Quy định {} đã tính chỗ đến ngày {}: quy định mới chỉ áp dụng từ sau ngày đó.",
                            "Rule {} counted a place on {}: the new rule may only begin after that day.",
                            old.code,
                            last
                        ),
                    ));
                }
            }
            if old.valid_from.is_some_and(|from| from >= valid_from) {
                return Err(AppError::invalid_field(
                    "/valid_from",
                    t!(
                        "Quy định mới phải áp dụng sau ngày {} của quy định {}.",
                        "The new rule must begin after {}, when rule {} began.",
                        old.valid_from.map(|d| d.to_string()).unwrap_or_default(),
                        old.code
                    ),
                ));
            }
            Some(old.id)
        }
    };
    let row = QuotaRuleRow {
        supersedes_id,
        ..row
    };
    quotas::insert(conn, &row)?;
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(
        conn,
        who,
        "create",
        "quota_rule",
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

/// Corrects a rule's limit or description in place: only while it counts no place held (409
/// `rule_in_use`; a rule on a new document supersedes it instead).
pub fn change_rule(
    conn: &mut DbConn,
    who: &Who,
    code: &str,
    max_count: Option<i32>,
    description: Option<String>,
) -> AppResult<QuotaRuleRow> {
    let before = quotas::by_code(conn, code)?
        .ok_or_else(|| AppError::not_found("quy định số lượng (quota rule)"))?;
    lock_key(conn, &rule_lock_key(&before.id))?;
    if store::rule_in_use(conn, &before.id)? {
        return Err(AppError::conflict(
            Code::RuleInUse,
            t!(
                "Quy định {} đã tính chỗ cho hồ sơ đề nghị: không sửa tại chỗ; hãy ban hành quy định mới thay thế (supersedes).",
                "Rule {} counts places taken: it is not changed in place; record a new rule that supersedes it.",
                before.code
            ),
        ));
    }
    let mut row = before.clone();
    if let Some(n) = max_count {
        row.max_count = n;
    }
    if let Some(d) = description {
        row.description = d;
    }
    quotas::update(conn, &row)?;
    let (b, a) = (
        serde_json::to_value(&before).unwrap_or_default(),
        serde_json::to_value(&row).unwrap_or_default(),
    );
    audit::record(
        conn,
        who,
        "update",
        "quota_rule",
        &row.id,
        Some(&b),
        Some(&a),
    )?;
    Ok(row)
}

/// The document that sets a rule, when it is on record.
pub fn cited(conn: &mut DbConn, rule: &QuotaRuleRow) -> AppResult<Option<DocumentCited>> {
    Ok(
        documents::refs(conn, std::slice::from_ref(&rule.document_id))?
            .into_iter()
            .next(),
    )
}

/// The code of a rule, by its id.
pub fn code_of(conn: &mut DbConn, id: Option<&str>) -> AppResult<Option<String>> {
    let Some(id) = id else { return Ok(None) };
    Ok(quotas::all(conn)?
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| r.code))
}
