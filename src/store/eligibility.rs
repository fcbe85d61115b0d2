//! Rules of eligibility, each one kind with its parameters for one award type (or every one),
//! dated on a legal basis; and what judging reads that no other store answers: who else rests
//! on an initiative, and the awards of a collective's members.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::awards::AwardRow;
use super::schema::{awardees, awards, eligibility_rules, nomination_receipts, nominations};
use super::DbConn;
use crate::domain::eligibility::RuleKind;
use crate::domain::nominations::NominationState;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = eligibility_rules, treat_none_as_null = true)]
pub struct RuleRow {
    pub id: String,
    /// The award type it applies to; `None`: every one.
    pub award_type_id: Option<String>,
    pub kind: RuleKind,
    /// The parameters as JSON (`domain::eligibility::RuleParameters`).
    pub parameters: String,
    pub legal_basis: String,
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub note: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl RuleRow {
    /// Whether the rule is in force on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        crate::domain::in_force(self.valid_from, self.valid_to, day)
    }
}

/// The day the province received a nomination's dossier, and the coordinator's reason to
/// submit it although a rule is not known.
#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = nomination_receipts, treat_none_as_null = true)]
pub struct ReceiptRow {
    pub nomination_id: String,
    pub received_on: Option<NaiveDate>,
    pub eligibility_override: Option<String>,
    pub updated_at: NaiveDateTime,
}

pub fn receipt(conn: &mut DbConn, nomination_id: &str) -> AppResult<Option<ReceiptRow>> {
    Ok(nomination_receipts::table
        .find(nomination_id)
        .select(ReceiptRow::as_select())
        .first(conn)
        .optional()?)
}

/// Stores a nomination's receipt, replacing the one before.
pub fn save_receipt(conn: &mut DbConn, row: &ReceiptRow) -> AppResult<()> {
    let n = diesel::update(nomination_receipts::table.find(&row.nomination_id))
        .set(row)
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(nomination_receipts::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Which rules to list.
#[derive(Default, Debug, Clone)]
pub struct Filter {
    /// Rules that apply to this type: its own and those for every type.
    pub award_type_id: Option<String>,
    pub kind: Option<RuleKind>,
    /// Rules in force on this day.
    pub on: Option<NaiveDate>,
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<RuleRow>> {
    Ok(eligibility_rules::table
        .find(id)
        .select(RuleRow::as_select())
        .first(conn)
        .optional()?)
}

/// Rules, those for every type first, then by type, day and id.
pub fn list(conn: &mut DbConn, f: &Filter) -> AppResult<Vec<RuleRow>> {
    let mut q = eligibility_rules::table
        .select(RuleRow::as_select())
        .into_boxed();
    if let Some(t) = &f.award_type_id {
        q = q.filter(
            eligibility_rules::award_type_id
                .eq(t.clone())
                .or(eligibility_rules::award_type_id.is_null()),
        );
    }
    if let Some(k) = f.kind {
        q = q.filter(eligibility_rules::kind.eq(k));
    }
    if let Some(day) = f.on {
        q = q.filter(eligibility_rules::valid_from.le(day)).filter(
            eligibility_rules::valid_to
                .is_null()
                .or(eligibility_rules::valid_to.ge(day)),
        );
    }
    Ok(q.order((
        eligibility_rules::award_type_id.is_not_null(),
        eligibility_rules::award_type_id,
        eligibility_rules::valid_from,
        eligibility_rules::id,
    ))
    .load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &RuleRow) -> AppResult<()> {
    diesel::insert_into(eligibility_rules::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &RuleRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        eligibility_rules::table
            .filter(eligibility_rules::id.eq(&row.id))
            .filter(eligibility_rules::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// Standing awards resting on `initiative`, but the one of nomination `except`.
pub fn awards_on_initiative(
    conn: &mut DbConn,
    initiative: &str,
    except: &str,
) -> AppResult<Vec<AwardRow>> {
    Ok(awards::table
        .filter(awards::initiative_id.eq(initiative))
        .filter(awards::revoked_on.is_null())
        .filter(
            awards::nomination_id
                .is_null()
                .or(awards::nomination_id.ne(except)),
        )
        .select(AwardRow::as_select())
        .order(awards::period_from)
        .load(conn)?)
}

/// Other nominations resting on `initiative` that went to the province and are still alive
/// without an award yet: (id, year).
pub fn nominations_on_initiative(
    conn: &mut DbConn,
    initiative: &str,
    except: &str,
) -> AppResult<Vec<(String, i32)>> {
    use NominationState as S;
    let pending = [
        S::Submitted,
        S::InReview,
        S::Returned,
        S::PublicComment,
        S::Recommended,
    ];
    Ok(nominations::table
        .filter(nominations::initiative_id.eq(initiative))
        .filter(nominations::id.ne(except))
        .filter(nominations::state.eq_any(pending))
        .select((nominations::id, nominations::year))
        .order(nominations::year)
        .load(conn)?)
}

/// Standing awards covering `year` held by the individuals of `unit` (a collective's members
/// as the register knows them).
pub fn member_awards(conn: &mut DbConn, unit: &str, year: i32) -> AppResult<Vec<AwardRow>> {
    Ok(awards::table
        .inner_join(awardees::table)
        .filter(awardees::unit_id.eq(unit))
        .filter(awardees::kind.eq(crate::domain::models::ModelKind::Individual))
        .filter(awards::revoked_on.is_null())
        .filter(awards::period_from.le(year))
        .filter(awards::period_to.ge(year))
        .select(AwardRow::as_select())
        .order(awards::id)
        .load(conn)?)
}
