//! Nominations for commendation, their reviews and scores, the forms of commendation, the
//! public holidays, and the public's comments.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{
    holidays, nomination_reviews, nomination_scores, nominations, public_comments,
};
use super::DbConn;
use crate::domain::awardees::AwardStream;
use crate::domain::models::ModelKind;
use crate::domain::nominations::NominationState;
use crate::domain::vocab::Track;
use crate::error::AppResult;

pub use super::award_types::FormRow;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = nominations, treat_none_as_null = true)]
pub struct NominationRow {
    pub id: String,
    /// The individual or collective proposed.
    pub awardee_id: String,
    /// The exemplary model proposed, when the nomination names one.
    pub model_id: Option<String>,
    pub movement_id: String,
    pub year: i32,
    pub track: Track,
    pub form_id: String,
    pub proposing_unit_id: String,
    pub criteria_set_id: String,
    pub dossier: String,
    pub state: NominationState,
    pub comment_working_days: i32,
    pub comment_closes_on: Option<NaiveDate>,
    pub return_comments: Option<String>,
    pub reason: Option<String>,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub revocation_document_id: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The day it took its quota place (it entered `recommended`); kept when it later leaves.
    pub place_taken_on: Option<NaiveDate>,
    /// For a congress track: the congress it goes to.
    pub congress_id: Option<String>,
    /// The quota rule that counted its place, once it took one.
    pub quota_rule_id: Option<String>,
    /// Why it was recommended although its scores failed the criteria set (the coordinator's
    /// override of the criteria gate).
    pub score_override: Option<String>,
    /// The stream it belongs to (merit, thematic, ad hoc, …).
    pub stream: AwardStream,
    /// The initiative the achievement rests on, if any.
    pub initiative_id: Option<String>,
    /// A collective's members, how many completed their tasks, how many hold Lao động tiên tiến.
    pub members_total: Option<i32>,
    pub members_completed: Option<i32>,
    pub members_advanced: Option<i32>,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = nomination_reviews, treat_none_as_null = true)]
pub struct ReviewRow {
    pub id: String,
    pub nomination_id: String,
    pub reviewer_id: String,
    pub conflict_of_interest: bool,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = nomination_scores)]
pub struct ScoreRow {
    pub review_id: String,
    pub criterion_id: String,
    pub points: i32,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = holidays)]
pub struct HolidayRow {
    pub day: NaiveDate,
    pub name: String,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = public_comments)]
pub struct CommentRow {
    pub id: String,
    pub nomination_id: String,
    pub author_name: Option<String>,
    pub contact: Option<String>,
    pub body: String,
    pub created_at: NaiveDateTime,
}

#[derive(Default, Debug, Clone)]
pub struct Filter {
    pub year: Option<i32>,
    pub track: Option<Track>,
    pub movement_id: Option<String>,
    pub state: Option<NominationState>,
    pub proposing_unit_id: Option<String>,
    pub model_id: Option<String>,
    pub awardee_id: Option<String>,
    pub congress_id: Option<String>,
}

pub use super::award_types::{form, forms};

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<NominationRow>> {
    Ok(nominations::table
        .find(id)
        .select(NominationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Nominations matching `f`, newest first; `after` is the last id seen; `limit` None for all.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<&str>,
    limit: Option<i64>,
) -> AppResult<Vec<NominationRow>> {
    let mut q = nominations::table
        .select(NominationRow::as_select())
        .into_boxed();
    if let Some(v) = f.year {
        q = q.filter(nominations::year.eq(v));
    }
    if let Some(v) = f.track {
        q = q.filter(nominations::track.eq(v));
    }
    if let Some(v) = &f.movement_id {
        q = q.filter(nominations::movement_id.eq(v.clone()));
    }
    if let Some(v) = &f.congress_id {
        q = q.filter(nominations::congress_id.eq(v.clone()));
    }
    if let Some(v) = f.state {
        q = q.filter(nominations::state.eq(v));
    }
    if let Some(v) = &f.proposing_unit_id {
        q = q.filter(nominations::proposing_unit_id.eq(v.clone()));
    }
    if let Some(v) = &f.model_id {
        q = q.filter(nominations::model_id.eq(v.clone()));
    }
    if let Some(v) = &f.awardee_id {
        q = q.filter(nominations::awardee_id.eq(v.clone()));
    }
    if let Some(id) = after {
        q = q.filter(nominations::id.lt(id.to_owned()));
    }
    q = q.order(nominations::id.desc());
    if let Some(limit) = limit {
        q = q.limit(limit + 1);
    }
    Ok(q.load(conn)?)
}

pub fn insert(conn: &mut DbConn, row: &NominationRow) -> AppResult<()> {
    diesel::insert_into(nominations::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &NominationRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        nominations::table
            .filter(nominations::id.eq(&row.id))
            .filter(nominations::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

fn holding_states() -> Vec<NominationState> {
    NominationState::ALL
        .iter()
        .copied()
        .filter(|s| s.holds_quota_place())
        .collect()
}

/// How many places of a quota pool are held: per movement for `annual`, across movements for
/// the congress tracks (`movement_id` None).
pub fn places_held(
    conn: &mut DbConn,
    track: Track,
    year: i32,
    movement_id: Option<&str>,
) -> AppResult<i64> {
    let mut q = nominations::table
        .filter(nominations::track.eq(track))
        .filter(nominations::year.eq(year))
        .filter(nominations::state.eq_any(holding_states()))
        .into_boxed();
    if track == Track::Annual {
        // The movements' annual pools count merit nominations; other streams have their own.
        q = q.filter(nominations::stream.eq(AwardStream::Merit));
    }
    if let Some(m) = movement_id {
        q = q.filter(nominations::movement_id.eq(m.to_owned()));
    }
    Ok(q.count().get_result(conn)?)
}

/// How many places of a congress's pool are held.
pub fn places_held_at(conn: &mut DbConn, congress_id: &str) -> AppResult<i64> {
    Ok(nominations::table
        .filter(nominations::congress_id.eq(congress_id))
        .filter(nominations::state.eq_any(holding_states()))
        .count()
        .get_result(conn)?)
}

/// The day the first place of a congress's pool was taken, if one was.
pub fn first_place_taken_at(conn: &mut DbConn, congress_id: &str) -> AppResult<Option<NaiveDate>> {
    Ok(nominations::table
        .filter(nominations::congress_id.eq(congress_id))
        .select(diesel::dsl::min(nominations::place_taken_on))
        .first::<Option<NaiveDate>>(conn)?)
}

/// The last day a place was taken under `rule_id`, if one was.
pub fn last_place_under(conn: &mut DbConn, rule_id: &str) -> AppResult<Option<NaiveDate>> {
    Ok(nominations::table
        .filter(nominations::quota_rule_id.eq(rule_id))
        .select(diesel::dsl::max(nominations::place_taken_on))
        .first::<Option<NaiveDate>>(conn)?)
}

/// Whether a nomination holds a place that `rule_id` counted.
pub fn rule_in_use(conn: &mut DbConn, rule_id: &str) -> AppResult<bool> {
    let n: i64 = nominations::table
        .filter(nominations::quota_rule_id.eq(rule_id))
        .filter(nominations::state.eq_any(holding_states()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether an awardee was honoured (approved) at a congress.
pub fn approved_at(conn: &mut DbConn, awardee_id: &str, congress_id: &str) -> AppResult<bool> {
    let n: i64 = nominations::table
        .filter(nominations::awardee_id.eq(awardee_id))
        .filter(nominations::congress_id.eq(congress_id))
        .filter(nominations::state.eq(NominationState::Approved))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The day the first place of a movement's annual pool for `year` was taken, if one was.
pub fn first_place_taken(
    conn: &mut DbConn,
    movement_id: &str,
    year: i32,
) -> AppResult<Option<NaiveDate>> {
    Ok(nominations::table
        .filter(nominations::track.eq(Track::Annual))
        .filter(nominations::stream.eq(AwardStream::Merit))
        .filter(nominations::year.eq(year))
        .filter(nominations::movement_id.eq(movement_id))
        .select(diesel::dsl::min(nominations::place_taken_on))
        .first::<Option<NaiveDate>>(conn)?)
}

/// How many places of a stream's own pool of `year` are held.
pub fn places_held_in_stream(conn: &mut DbConn, stream: AwardStream, year: i32) -> AppResult<i64> {
    Ok(nominations::table
        .filter(nominations::track.eq(Track::Annual))
        .filter(nominations::stream.eq(stream))
        .filter(nominations::year.eq(year))
        .filter(nominations::quota_rule_id.is_not_null())
        .filter(nominations::state.eq_any(holding_states()))
        .count()
        .get_result(conn)?)
}

/// The day the first place of a stream's own pool of `year` was taken, if one was.
pub fn first_place_taken_in_stream(
    conn: &mut DbConn,
    stream: AwardStream,
    year: i32,
) -> AppResult<Option<NaiveDate>> {
    Ok(nominations::table
        .filter(nominations::track.eq(Track::Annual))
        .filter(nominations::stream.eq(stream))
        .filter(nominations::year.eq(year))
        .select(diesel::dsl::min(nominations::place_taken_on))
        .first::<Option<NaiveDate>>(conn)?)
}

/// The last day a place of any of a movement's annual pools was taken, if one was.
pub fn last_place_taken(conn: &mut DbConn, movement_id: &str) -> AppResult<Option<NaiveDate>> {
    Ok(nominations::table
        .filter(nominations::track.eq(Track::Annual))
        .filter(nominations::stream.eq(AwardStream::Merit))
        .filter(nominations::movement_id.eq(movement_id))
        .select(diesel::dsl::max(nominations::place_taken_on))
        .first::<Option<NaiveDate>>(conn)?)
}

/// The places held in every pool of a year: (track, movement, count), the movement only for
/// `annual`.
pub fn places_by_pool(
    conn: &mut DbConn,
    year: i32,
) -> AppResult<Vec<(Track, Option<String>, i64)>> {
    let rows: Vec<(Track, String)> = nominations::table
        .filter(nominations::year.eq(year))
        .filter(nominations::state.eq_any(holding_states()))
        .select((nominations::track, nominations::movement_id))
        .load(conn)?;
    let mut out: Vec<(Track, Option<String>, i64)> = Vec::new();
    for (track, movement) in rows {
        let movement = (track == Track::Annual).then_some(movement);
        match out
            .iter_mut()
            .find(|(t, m, _)| *t == track && *m == movement)
        {
            Some(entry) => entry.2 += 1,
            None => out.push((track, movement, 1)),
        }
    }
    Ok(out)
}

/// An earlier nomination of the same nominee for the same form and year that still stands.
pub fn standing_duplicate(
    conn: &mut DbConn,
    awardee_id: &str,
    form_id: &str,
    year: i32,
    round: (Track, Option<&str>),
) -> AppResult<Option<NominationRow>> {
    let rows: Vec<NominationRow> = nominations::table
        .filter(nominations::awardee_id.eq(awardee_id))
        .filter(nominations::form_id.eq(form_id))
        .filter(nominations::year.eq(year))
        .select(NominationRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .find(|r| r.state.blocks_duplicates() && (r.track, r.congress_id.as_deref()) == round))
}

/// The approved honours of these models, newest decision first.
pub fn honours_of(conn: &mut DbConn, model_ids: &[String]) -> AppResult<Vec<NominationRow>> {
    if model_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(nominations::table
        .filter(nominations::model_id.eq_any(model_ids))
        .filter(nominations::state.eq(NominationState::Approved))
        .order((nominations::decision_date.desc(), nominations::id))
        .select(NominationRow::as_select())
        .load(conn)?)
}

/// The reviews of a nomination with their scores.
pub fn reviews(
    conn: &mut DbConn,
    nomination_id: &str,
) -> AppResult<Vec<(ReviewRow, Vec<ScoreRow>)>> {
    let reviews: Vec<ReviewRow> = nomination_reviews::table
        .filter(nomination_reviews::nomination_id.eq(nomination_id))
        .order(nomination_reviews::created_at)
        .select(ReviewRow::as_select())
        .load(conn)?;
    let ids: Vec<&String> = reviews.iter().map(|r| &r.id).collect();
    let scores: Vec<ScoreRow> = nomination_scores::table
        .filter(nomination_scores::review_id.eq_any(ids))
        .select(ScoreRow::as_select())
        .load(conn)?;
    Ok(reviews
        .into_iter()
        .map(|r| {
            let mine = scores
                .iter()
                .filter(|s| s.review_id == r.id)
                .cloned()
                .collect();
            (r, mine)
        })
        .collect())
}

/// Replaces the reviewer's review of a nomination (one per reviewer) and its scores.
pub fn put_review(conn: &mut DbConn, review: &ReviewRow, scores: &[ScoreRow]) -> AppResult<()> {
    let existing: Option<String> = nomination_reviews::table
        .filter(nomination_reviews::nomination_id.eq(&review.nomination_id))
        .filter(nomination_reviews::reviewer_id.eq(&review.reviewer_id))
        .select(nomination_reviews::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        diesel::delete(nomination_scores::table.filter(nomination_scores::review_id.eq(&id)))
            .execute(conn)?;
        diesel::delete(nomination_reviews::table.find(&id)).execute(conn)?;
    }
    diesel::insert_into(nomination_reviews::table)
        .values(review)
        .execute(conn)?;
    for s in scores {
        diesel::insert_into(nomination_scores::table)
            .values(s)
            .execute(conn)?;
    }
    Ok(())
}

/// Drops every review of a nomination (its criteria set changed).
pub fn clear_reviews(conn: &mut DbConn, nomination_id: &str) -> AppResult<()> {
    let ids: Vec<String> = nomination_reviews::table
        .filter(nomination_reviews::nomination_id.eq(nomination_id))
        .select(nomination_reviews::id)
        .load(conn)?;
    diesel::delete(nomination_scores::table.filter(nomination_scores::review_id.eq_any(&ids)))
        .execute(conn)?;
    diesel::delete(
        nomination_reviews::table.filter(nomination_reviews::nomination_id.eq(nomination_id)),
    )
    .execute(conn)?;
    Ok(())
}

/// Holidays between two dates, inclusive.
pub fn holidays_between(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<HolidayRow>> {
    Ok(holidays::table
        .filter(holidays::day.ge(from))
        .filter(holidays::day.le(to))
        .order(holidays::day)
        .select(HolidayRow::as_select())
        .load(conn)?)
}

/// The holiday dates from `from` on, for counting working days.
pub fn holiday_set(conn: &mut DbConn, from: NaiveDate) -> AppResult<HashSet<NaiveDate>> {
    let days: Vec<NaiveDate> = holidays::table
        .filter(holidays::day.ge(from))
        .select(holidays::day)
        .load(conn)?;
    Ok(days.into_iter().collect())
}

pub fn holiday(conn: &mut DbConn, day: NaiveDate) -> AppResult<Option<HolidayRow>> {
    Ok(holidays::table
        .find(day)
        .select(HolidayRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_holiday(conn: &mut DbConn, row: &HolidayRow) -> AppResult<()> {
    diesel::insert_into(holidays::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn delete_holiday(conn: &mut DbConn, day: NaiveDate) -> AppResult<bool> {
    Ok(diesel::delete(holidays::table.find(day)).execute(conn)? == 1)
}

pub fn insert_comment(conn: &mut DbConn, row: &CommentRow) -> AppResult<()> {
    diesel::insert_into(public_comments::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The public's comments on a nomination, oldest first; `after` is the last id seen.
pub fn comments(
    conn: &mut DbConn,
    nomination_id: &str,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<CommentRow>> {
    let mut q = public_comments::table
        .filter(public_comments::nomination_id.eq(nomination_id))
        .select(CommentRow::as_select())
        .into_boxed();
    if let Some(id) = after {
        q = q.filter(public_comments::id.gt(id.to_owned()));
    }
    Ok(q.order(public_comments::id).limit(limit + 1).load(conn)?)
}

/// Nominations in one state whose nominee the public may see (active, published, an individual
/// only with consent), newest first; `after` is the last id seen.
pub fn public_in_state(
    conn: &mut DbConn,
    state: NominationState,
    year: Option<i32>,
    movement_id: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<NominationRow>> {
    use super::schema::exemplary_models as m;
    let mut q = nominations::table
        .inner_join(m::table)
        .filter(nominations::state.eq(state))
        .filter(m::active.eq(true))
        .filter(m::published.eq(true))
        .filter(
            m::kind
                .eq(ModelKind::Collective)
                .or(m::consent_at.is_not_null()),
        )
        .select(NominationRow::as_select())
        .into_boxed();
    if let Some(y) = year {
        q = q.filter(nominations::year.eq(y));
    }
    if let Some(v) = movement_id {
        q = q.filter(nominations::movement_id.eq(v.to_owned()));
    }
    if let Some(id) = after {
        q = q.filter(nominations::id.lt(id.to_owned()));
    }
    Ok(q.order(nominations::id.desc())
        .limit(limit + 1)
        .load(conn)?)
}
