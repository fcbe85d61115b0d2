//! The council: its members by term, its sessions with their agenda and attendance, and the
//! ballots — who voted (`council_voters`, no choice) apart from how (`council_ballots`, no
//! voter, no time, a random id).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{
    council_agenda, council_attendance, council_ballots, council_members, council_minutes,
    council_sessions, council_voters, councils,
};
use super::DbConn;
use crate::domain::council::{AttendanceStatus, CouncilPosition, SessionState};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = councils, treat_none_as_null = true)]
pub struct CouncilRow {
    pub id: String,
    pub name: String,
    /// The unit whose council it is; `None`: the province's.
    pub unit_id: Option<String>,
    pub quorum_numerator: i32,
    pub quorum_denominator: i32,
    /// The share of members an award session needs present.
    pub award_attendance_percent: i32,
    /// Whether absent members' written opinions count toward agreement.
    pub written_opinions_count: bool,
    pub legal_basis: String,
    pub note: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = council_members, treat_none_as_null = true)]
pub struct MemberRow {
    pub id: String,
    pub council_id: String,
    pub user_id: String,
    pub position: CouncilPosition,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// The document that appointed the member.
    pub document_id: Option<String>,
    /// The document that ended the term.
    pub end_document_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl MemberRow {
    pub fn in_office_on(&self, day: NaiveDate) -> bool {
        crate::domain::in_force(self.valid_from, self.valid_to, day)
    }
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = council_sessions, treat_none_as_null = true)]
pub struct SessionRow {
    pub id: String,
    pub council_id: String,
    pub number: String,
    pub held_on: NaiveDate,
    pub state: SessionState,
    /// The council's total membership on `held_on`, fixed when it opened.
    pub members_total: Option<i32>,
    pub present: Option<i32>,
    pub opened_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    /// The council's setting on written opinions, fixed when it opened.
    pub written_opinions_count: Option<bool>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = council_agenda, treat_none_as_null = true)]
pub struct AgendaRow {
    pub session_id: String,
    pub nomination_id: String,
    pub position: i32,
    pub ballot_required: bool,
    pub threshold_percent: Option<i32>,
    /// The tally, written when the session closes.
    pub agree: Option<i32>,
    pub disagree: Option<i32>,
    /// The written opinions of absent members among them, or beside them when they do not
    /// count.
    pub written_agree: Option<i32>,
    pub written_disagree: Option<i32>,
    pub passed: Option<bool>,
}

/// The minutes of a closed session, kept as files.
#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = council_minutes)]
pub struct MinutesRow {
    pub session_id: String,
    pub docx_file_id: String,
    pub pdf_file_id: String,
    pub created_at: NaiveDateTime,
}

/// The ballots on a nominee, counted apart by how they came: at the session, or in writing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub agree: i64,
    pub disagree: i64,
    pub written_agree: i64,
    pub written_disagree: i64,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = council_attendance)]
pub struct AttendanceRow {
    pub session_id: String,
    pub member_id: String,
    pub status: AttendanceStatus,
}

pub fn council(conn: &mut DbConn, id: &str) -> AppResult<Option<CouncilRow>> {
    Ok(councils::table
        .find(id)
        .select(CouncilRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn council_of_level(conn: &mut DbConn, unit_id: Option<&str>) -> AppResult<Option<CouncilRow>> {
    let q = councils::table.select(CouncilRow::as_select()).into_boxed();
    let q = match unit_id {
        Some(u) => q.filter(councils::unit_id.eq(u.to_owned())),
        None => q.filter(councils::unit_id.is_null()),
    };
    Ok(q.first(conn).optional()?)
}

pub fn councils(conn: &mut DbConn) -> AppResult<Vec<CouncilRow>> {
    Ok(councils::table
        .select(CouncilRow::as_select())
        .order((
            councils::unit_id.is_not_null(),
            councils::name,
            councils::id,
        ))
        .load(conn)?)
}

pub fn insert_council(conn: &mut DbConn, row: &CouncilRow) -> AppResult<()> {
    diesel::insert_into(councils::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Saves the council if it is still at `expected`; false when another request changed it.
pub fn update_council(conn: &mut DbConn, row: &CouncilRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        councils::table
            .filter(councils::id.eq(&row.id))
            .filter(councils::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn members(conn: &mut DbConn, council_id: &str) -> AppResult<Vec<MemberRow>> {
    Ok(council_members::table
        .filter(council_members::council_id.eq(council_id))
        .select(MemberRow::as_select())
        .order((council_members::valid_from, council_members::id))
        .load(conn)?)
}

pub fn member(conn: &mut DbConn, id: &str) -> AppResult<Option<MemberRow>> {
    Ok(council_members::table
        .find(id)
        .select(MemberRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_member(conn: &mut DbConn, row: &MemberRow) -> AppResult<()> {
    diesel::insert_into(council_members::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update_member(conn: &mut DbConn, row: &MemberRow) -> AppResult<()> {
    diesel::update(council_members::table.find(&row.id))
        .set(row)
        .execute(conn)?;
    Ok(())
}

pub fn session(conn: &mut DbConn, id: &str) -> AppResult<Option<SessionRow>> {
    Ok(council_sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn sessions(conn: &mut DbConn, council_id: Option<&str>) -> AppResult<Vec<SessionRow>> {
    let mut q = council_sessions::table
        .select(SessionRow::as_select())
        .into_boxed();
    if let Some(c) = council_id {
        q = q.filter(council_sessions::council_id.eq(c.to_owned()));
    }
    Ok(
        q.order((council_sessions::held_on.desc(), council_sessions::id))
            .load(conn)?,
    )
}

pub fn insert_session(conn: &mut DbConn, row: &SessionRow) -> AppResult<()> {
    diesel::insert_into(council_sessions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Saves the session if it is still at `expected`; false when another request changed it.
pub fn update_session(conn: &mut DbConn, row: &SessionRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        council_sessions::table
            .filter(council_sessions::id.eq(&row.id))
            .filter(council_sessions::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

pub fn agenda(conn: &mut DbConn, session_id: &str) -> AppResult<Vec<AgendaRow>> {
    Ok(council_agenda::table
        .filter(council_agenda::session_id.eq(session_id))
        .select(AgendaRow::as_select())
        .order(council_agenda::position)
        .load(conn)?)
}

pub fn insert_agenda(conn: &mut DbConn, rows: &[AgendaRow]) -> AppResult<()> {
    for row in rows {
        diesel::insert_into(council_agenda::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

pub fn update_agenda(conn: &mut DbConn, row: &AgendaRow) -> AppResult<()> {
    diesel::update(council_agenda::table.find((&row.session_id, &row.nomination_id)))
        .set(row)
        .execute(conn)?;
    Ok(())
}

/// The latest ballot on a nomination in a closed session: the day it was held and whether it
/// passed.
pub fn last_ballot(conn: &mut DbConn, nomination_id: &str) -> AppResult<Option<(NaiveDate, bool)>> {
    Ok(council_agenda::table
        .inner_join(council_sessions::table)
        .filter(council_agenda::nomination_id.eq(nomination_id))
        .filter(council_agenda::ballot_required.eq(true))
        .filter(council_sessions::state.eq(SessionState::Closed))
        .order((
            council_sessions::held_on.desc(),
            council_sessions::closed_at.desc(),
        ))
        .select((council_sessions::held_on, council_agenda::passed))
        .first::<(NaiveDate, Option<bool>)>(conn)
        .optional()?
        .map(|(day, passed)| (day, passed.unwrap_or(false))))
}

/// Whether the nomination is on the agenda of a session not yet closed.
pub fn on_open_agenda(conn: &mut DbConn, nomination_id: &str) -> AppResult<bool> {
    Ok(council_agenda::table
        .inner_join(council_sessions::table)
        .filter(council_agenda::nomination_id.eq(nomination_id))
        .filter(council_sessions::state.ne(SessionState::Closed))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Rewrites a nominee's ballots at a session in the order of their random ids, so that not even
/// the order rows are stored in follows the order they were cast.
pub fn shuffle(conn: &mut DbConn, session_id: &str, nomination_id: &str) -> AppResult<()> {
    let rows: Vec<(String, bool, bool)> = council_ballots::table
        .filter(council_ballots::session_id.eq(session_id))
        .filter(council_ballots::nomination_id.eq(nomination_id))
        .select((
            council_ballots::id,
            council_ballots::agree,
            council_ballots::written,
        ))
        .order(council_ballots::id)
        .load(conn)?;
    diesel::delete(
        council_ballots::table
            .filter(council_ballots::session_id.eq(session_id))
            .filter(council_ballots::nomination_id.eq(nomination_id)),
    )
    .execute(conn)?;
    for (_, agree, written) in rows {
        insert_ballot(conn, session_id, nomination_id, agree, written)?;
    }
    Ok(())
}

pub fn attendance(conn: &mut DbConn, session_id: &str) -> AppResult<Vec<AttendanceRow>> {
    Ok(council_attendance::table
        .filter(council_attendance::session_id.eq(session_id))
        .select(AttendanceRow::as_select())
        .load(conn)?)
}

/// Replaces the attendance of a session.
pub fn set_attendance(
    conn: &mut DbConn,
    session_id: &str,
    rows: &[AttendanceRow],
) -> AppResult<()> {
    diesel::delete(council_attendance::table.filter(council_attendance::session_id.eq(session_id)))
        .execute(conn)?;
    for row in rows {
        diesel::insert_into(council_attendance::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Whether `user_id` already voted on the nominee at the session.
pub fn voted(
    conn: &mut DbConn,
    session_id: &str,
    nomination_id: &str,
    user_id: &str,
) -> AppResult<bool> {
    Ok(council_voters::table
        .find((session_id, nomination_id, user_id))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// How many voted on the nominee at the session (who is not secret; how is).
pub fn voters(conn: &mut DbConn, session_id: &str, nomination_id: &str) -> AppResult<i64> {
    Ok(council_voters::table
        .filter(council_voters::session_id.eq(session_id))
        .filter(council_voters::nomination_id.eq(nomination_id))
        .count()
        .get_result(conn)?)
}

/// Records that `user_id` voted (at the session, or in writing when `written`), and, apart, a
/// ballot with `agree` under a random id.
pub fn cast(
    conn: &mut DbConn,
    session_id: &str,
    nomination_id: &str,
    user_id: &str,
    agree: bool,
    written: bool,
) -> AppResult<()> {
    diesel::insert_into(council_voters::table)
        .values((
            council_voters::session_id.eq(session_id),
            council_voters::nomination_id.eq(nomination_id),
            council_voters::user_id.eq(user_id),
        ))
        .execute(conn)?;
    insert_ballot(conn, session_id, nomination_id, agree, written)
}

/// A ballot: a random id, the choice, no voter, no time.
fn insert_ballot(
    conn: &mut DbConn,
    session_id: &str,
    nomination_id: &str,
    agree: bool,
    written: bool,
) -> AppResult<()> {
    diesel::insert_into(council_ballots::table)
        .values((
            council_ballots::id.eq(uuid::Uuid::new_v4().to_string()),
            council_ballots::session_id.eq(session_id),
            council_ballots::nomination_id.eq(nomination_id),
            council_ballots::agree.eq(agree),
            council_ballots::written.eq(written),
        ))
        .execute(conn)?;
    Ok(())
}

/// The tally of the ballots on a nominee at a session.
pub fn tally(conn: &mut DbConn, session_id: &str, nomination_id: &str) -> AppResult<Tally> {
    let choices: Vec<(bool, bool)> = council_ballots::table
        .filter(council_ballots::session_id.eq(session_id))
        .filter(council_ballots::nomination_id.eq(nomination_id))
        .select((council_ballots::agree, council_ballots::written))
        .load(conn)?;
    let count = |agree: bool, written: bool| {
        let n = choices.iter().filter(|c| **c == (agree, written)).count();
        i64::try_from(n).unwrap_or(i64::MAX)
    };
    Ok(Tally {
        agree: count(true, false),
        disagree: count(false, false),
        written_agree: count(true, true),
        written_disagree: count(false, true),
    })
}

/// Whether the file is the minutes of a session.
pub fn is_minutes(conn: &mut DbConn, file_id: &str) -> AppResult<bool> {
    Ok(council_minutes::table
        .filter(
            council_minutes::docx_file_id
                .eq(file_id)
                .or(council_minutes::pdf_file_id.eq(file_id)),
        )
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

pub fn minutes(conn: &mut DbConn, session_id: &str) -> AppResult<Option<MinutesRow>> {
    Ok(council_minutes::table
        .find(session_id)
        .select(MinutesRow::as_select())
        .first(conn)
        .optional()?)
}

/// Keeps the minutes of a session, replacing earlier ones.
pub fn set_minutes(conn: &mut DbConn, row: &MinutesRow) -> AppResult<()> {
    diesel::delete(council_minutes::table.find(&row.session_id)).execute(conn)?;
    diesel::insert_into(council_minutes::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}
