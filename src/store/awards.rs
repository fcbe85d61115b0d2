//! The award register: every title or form granted to an awardee, revoked ones kept.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::awards;
use super::DbConn;
use crate::domain::awardees::AwardStream;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = awards, treat_none_as_null = true)]
pub struct AwardRow {
    pub id: String,
    pub awardee_id: String,
    pub award_type_id: String,
    /// The first and last year of the achievement it recognises.
    pub period_from: i32,
    pub period_to: i32,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub issuing_authority: String,
    pub stream: AwardStream,
    /// The nomination it was approved on, if it came from one.
    pub nomination_id: Option<String>,
    pub note: Option<String>,
    pub revoked_on: Option<NaiveDate>,
    pub revocation_document_id: Option<String>,
    pub revocation_reason: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The initiative it rested on, if any.
    pub initiative_id: Option<String>,
    /// The issued decision (its document) that granted it, if it came from one.
    pub decision_id: Option<String>,
    /// The coefficient (per mille of the base salary) and the bonus that decision paid.
    pub bonus_per_mille: Option<i32>,
    pub bonus_amount: Option<i64>,
}

#[derive(Default, Debug, Clone)]
pub struct Filter {
    pub awardee_id: Option<String>,
    pub award_type_id: Option<String>,
    /// Awards whose period includes this year.
    pub year: Option<i32>,
    pub stream: Option<AwardStream>,
    pub revoked: Option<bool>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<AwardRow>> {
    Ok(awards::table
        .find(id)
        .select(AwardRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn of_nomination(conn: &mut DbConn, nomination_id: &str) -> AppResult<Option<AwardRow>> {
    Ok(awards::table
        .filter(awards::nomination_id.eq(nomination_id))
        .select(AwardRow::as_select())
        .first(conn)
        .optional()?)
}

/// Awards, the latest period first; `after` is the last (period_from, id) seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(i32, String)>,
    limit: Option<i64>,
) -> AppResult<Vec<AwardRow>> {
    let mut q = awards::table.select(AwardRow::as_select()).into_boxed();
    if let Some(v) = &f.awardee_id {
        q = q.filter(awards::awardee_id.eq(v.clone()));
    }
    if let Some(v) = &f.award_type_id {
        q = q.filter(awards::award_type_id.eq(v.clone()));
    }
    if let Some(y) = f.year {
        q = q
            .filter(awards::period_from.le(y))
            .filter(awards::period_to.ge(y));
    }
    if let Some(v) = f.stream {
        q = q.filter(awards::stream.eq(v));
    }
    match f.revoked {
        Some(true) => q = q.filter(awards::revoked_on.is_not_null()),
        Some(false) => q = q.filter(awards::revoked_on.is_null()),
        None => {}
    }
    if let Some((from, id)) = after {
        q = q.filter(
            awards::period_from
                .lt(from)
                .or(awards::period_from.eq(from).and(awards::id.lt(id))),
        );
    }
    q = q.order((awards::period_from.desc(), awards::id.desc()));
    if let Some(limit) = limit {
        q = q.limit(limit + 1);
    }
    Ok(q.load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &AwardRow) -> AppResult<()> {
    diesel::insert_into(awards::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &AwardRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        awards::table
            .filter(awards::id.eq(&row.id))
            .filter(awards::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// An award's (id, awardee, award type, first and last year).
pub type AwardKey = (String, String, String, i32, i32);

/// Every award's key, revoked ones too: what an import matches rows against.
pub fn keys(conn: &mut DbConn) -> AppResult<Vec<AwardKey>> {
    Ok(awards::table
        .select((
            awards::id,
            awards::awardee_id,
            awards::award_type_id,
            awards::period_from,
            awards::period_to,
        ))
        .load(conn)?)
}

/// The bonuses already paid to an awardee for titles (not forms) over exactly this period, by
/// awards still standing: what a new title for the same achievement tops up to the highest.
pub fn paid_for_titles(
    conn: &mut DbConn,
    awardee_id: &str,
    period: (i32, i32),
) -> AppResult<Vec<i64>> {
    use super::schema::award_types;
    let paid: Vec<Option<i64>> = awards::table
        .inner_join(award_types::table)
        .filter(awards::awardee_id.eq(awardee_id))
        .filter(awards::period_from.eq(period.0))
        .filter(awards::period_to.eq(period.1))
        .filter(awards::revoked_on.is_null())
        .filter(award_types::nature.eq(crate::domain::awardees::AwardNature::Title))
        .select(awards::bonus_amount)
        .load(conn)?;
    Ok(paid.into_iter().flatten().collect())
}

/// Links the award a nomination granted to the decision that granted it, with its bonus.
pub fn set_decision(
    conn: &mut DbConn,
    nomination_id: &str,
    decision_id: &str,
    per_mille: i32,
    amount: i64,
) -> AppResult<()> {
    diesel::update(awards::table.filter(awards::nomination_id.eq(nomination_id)))
        .set((
            awards::decision_id.eq(decision_id),
            awards::bonus_per_mille.eq(per_mille),
            awards::bonus_amount.eq(amount),
        ))
        .execute(conn)?;
    Ok(())
}
