//! Decisions (quyết định khen thưởng) with their annexed lists, the templates their papers are
//! drafted from, and the public honours' change log.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{decision_items, decisions, honour_changes, paper_templates};
use super::{lock_key, now, DbConn};
use crate::domain::register::{DecisionState, PaperKind};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = decisions, treat_none_as_null = true)]
pub struct DecisionRow {
    pub id: String,
    pub state: DecisionState,
    /// The year of the achievements it rewards.
    pub year: i32,
    pub subject: String,
    pub authority: String,
    pub number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    /// Fixed at issue: the base salary in force on the decision date, and the bonuses' sum.
    pub base_salary: Option<i64>,
    pub total_bonus: Option<i64>,
    pub submission_docx_id: Option<String>,
    pub submission_pdf_id: Option<String>,
    pub draft_docx_id: Option<String>,
    pub draft_pdf_id: Option<String>,
    pub issued_docx_id: Option<String>,
    pub issued_pdf_id: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A line of the annexed list; its bonus is fixed at issue.
#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = decision_items, treat_none_as_null = true)]
pub struct ItemRow {
    pub decision_id: String,
    pub nomination_id: String,
    pub position: i32,
    pub per_mille: Option<i32>,
    pub amount: Option<i64>,
    pub paid_before: Option<i64>,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = paper_templates)]
pub struct TemplateRow {
    pub id: String,
    pub kind: PaperKind,
    /// None: for every award type.
    pub award_type_id: Option<String>,
    pub file_id: String,
    /// The fields it uses, as a JSON array.
    pub fields: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &DecisionRow) -> AppResult<()> {
    diesel::insert_into(decisions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<DecisionRow>> {
    Ok(decisions::table
        .find(id)
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Writes `row` if its stored version is still `expected`.
pub fn update(conn: &mut DbConn, row: &DecisionRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        decisions::table
            .filter(decisions::id.eq(&row.id))
            .filter(decisions::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// Decisions, newest first; `after` is the last id seen.
pub fn list(
    conn: &mut DbConn,
    year: Option<i32>,
    state: Option<DecisionState>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<DecisionRow>> {
    let mut q = decisions::table
        .select(DecisionRow::as_select())
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(decisions::year.eq(y));
    }
    if let Some(s) = state {
        q = q.filter(decisions::state.eq(s));
    }
    if let Some(id) = after {
        q = q.filter(decisions::id.lt(id.to_owned()));
    }
    Ok(q.order(decisions::id.desc()).limit(limit + 1).load(conn)?)
}

/// Removes a draft and its list.
pub fn delete(conn: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(decision_items::table.filter(decision_items::decision_id.eq(id)))
        .execute(conn)?;
    diesel::delete(decisions::table.find(id)).execute(conn)?;
    Ok(())
}

pub fn insert_item(conn: &mut DbConn, row: &ItemRow) -> AppResult<()> {
    diesel::insert_into(decision_items::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update_item(conn: &mut DbConn, row: &ItemRow) -> AppResult<()> {
    diesel::update(decision_items::table.find((&row.decision_id, &row.nomination_id)))
        .set(row)
        .execute(conn)?;
    Ok(())
}

/// A decision's list, in its order.
pub fn items(conn: &mut DbConn, decision_id: &str) -> AppResult<Vec<ItemRow>> {
    Ok(decision_items::table
        .filter(decision_items::decision_id.eq(decision_id))
        .order(decision_items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// The decision a nomination is listed in, if any.
pub fn decision_of(conn: &mut DbConn, nomination_id: &str) -> AppResult<Option<String>> {
    Ok(decision_items::table
        .filter(decision_items::nomination_id.eq(nomination_id))
        .select(decision_items::decision_id)
        .first(conn)
        .optional()?)
}

/// Whether the file is one of a decision's papers.
pub fn is_paper(conn: &mut DbConn, file_id: &str) -> AppResult<bool> {
    let n: i64 = decisions::table
        .filter(
            decisions::submission_docx_id
                .eq(file_id)
                .or(decisions::submission_pdf_id.eq(file_id))
                .or(decisions::draft_docx_id.eq(file_id))
                .or(decisions::draft_pdf_id.eq(file_id))
                .or(decisions::issued_docx_id.eq(file_id))
                .or(decisions::issued_pdf_id.eq(file_id)),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn insert_template(conn: &mut DbConn, row: &TemplateRow) -> AppResult<()> {
    diesel::insert_into(paper_templates::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Every template, newest first.
pub fn templates(conn: &mut DbConn) -> AppResult<Vec<TemplateRow>> {
    Ok(paper_templates::table
        .order((
            paper_templates::created_at.desc(),
            paper_templates::id.desc(),
        ))
        .select(TemplateRow::as_select())
        .load(conn)?)
}

/// Records that the public honours of `nomination_ids` changed, as `changes::touch` does for
/// models: the sequence is taken under a lock held until commit.
pub fn touch_honours(conn: &mut DbConn, nomination_ids: &[String]) -> AppResult<()> {
    if nomination_ids.is_empty() {
        return Ok(());
    }
    lock_key(conn, "honour_changes")?;
    let last: Option<i64> = honour_changes::table
        .select(diesel::dsl::max(honour_changes::seq))
        .first(conn)?;
    let mut seq = last.unwrap_or(0);
    let at = now();
    for id in nomination_ids {
        seq += 1;
        diesel::insert_into(honour_changes::table)
            .values((
                honour_changes::seq.eq(seq),
                honour_changes::nomination_id.eq(id),
                honour_changes::changed_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// At most `limit` honour changes after `since`: (seq, nomination id).
pub fn honour_changes_after(
    conn: &mut DbConn,
    since: i64,
    limit: i64,
) -> AppResult<Vec<(i64, String)>> {
    Ok(honour_changes::table
        .filter(honour_changes::seq.gt(since))
        .order(honour_changes::seq.asc())
        .limit(limit)
        .select((honour_changes::seq, honour_changes::nomination_id))
        .load(conn)?)
}
