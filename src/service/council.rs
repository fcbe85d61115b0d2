//! The Emulation and Commendation Council: members by term, sessions opened only with their
//! quorum, secret ballots counted on the council's total membership, and the gate that keeps a
//! nominee whose award type needs the ballot from being recommended without a passed one.
//!
//! Secrecy: who voted (`council_voters`) and how (`council_ballots`: a random id, no voter, no
//! time) are written apart; the audit log records that a member voted, never the ballot; the
//! tally is read only when the session closes, and only as counts.

use chrono::NaiveDate;
use serde_json::json;

use super::award_types::version_on;
use super::eligibility::judging_day;
use super::{json_of, new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{Caller, Role};
use crate::domain::council::{
    needed, passes, AttendanceStatus, Choice, CouncilPosition, SessionState,
};
use crate::domain::nominations::NominationState;
use crate::error::Text;
use crate::error::{unknown_reference, AppError, AppResult, Code, Ext, FieldError};
pub use crate::store::council::{
    AgendaRow, AttendanceRow, CouncilRow, MemberRow, MinutesRow, SessionRow,
};
use crate::store::{audit, auth, council as store, documents, lock_key, nominations, units};
use crate::t;

/// A new council, its texts checked.
#[derive(Clone)]
pub struct NewCouncil {
    pub name: String,
    pub unit_id: Option<String>,
    pub quorum_numerator: i32,
    pub quorum_denominator: i32,
    pub award_attendance_percent: i32,
    pub written_opinions_count: bool,
    pub legal_basis: String,
    pub note: Option<String>,
}

/// A change of the council's name, basis or settings; what is absent stays.
#[derive(Clone, Default)]
pub struct CouncilChange {
    pub name: Option<String>,
    pub quorum_numerator: Option<i32>,
    pub quorum_denominator: Option<i32>,
    pub award_attendance_percent: Option<i32>,
    pub written_opinions_count: Option<bool>,
    pub legal_basis: Option<String>,
    /// `Some(None)` clears the note.
    pub note: Option<Option<String>>,
}

impl Record for CouncilRow {
    const ENTITY: &'static str = "council";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<serde_json::Value> {
        Ok(json_of(self))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update_council(conn, row, expected)
    }
}

/// Why a quorum is refused, if it is: it is a fraction from 1/100 to 1.
pub fn quorum_refusal(numerator: i32, denominator: i32) -> Option<Text> {
    let fine = (1..=100).contains(&numerator)
        && (1..=100).contains(&denominator)
        && numerator <= denominator;
    (!fine).then(|| {
        t!(
            "Túc số là một phân số từ 1/100 đến 1 (tử số không lớn hơn mẫu số).",
            "The quorum is a fraction from 1/100 to 1 (numerator at most the denominator)."
        )
    })
}

/// Changes a council's settings (If-Match): a session already open keeps the total membership
/// and the setting on written opinions it opened with.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    change: &CouncilChange,
) -> AppResult<CouncilShown> {
    let before = council(conn, id)?;
    let mut row = before.clone();
    if let Some(v) = &change.name {
        row.name.clone_from(v);
    }
    if let Some(v) = change.quorum_numerator {
        row.quorum_numerator = v;
    }
    if let Some(v) = change.quorum_denominator {
        row.quorum_denominator = v;
    }
    if let Some(why) = quorum_refusal(row.quorum_numerator, row.quorum_denominator) {
        return Err(AppError::invalid_field("/quorum_numerator", why));
    }
    if let Some(v) = change.award_attendance_percent {
        row.award_attendance_percent = v;
    }
    if let Some(v) = change.written_opinions_count {
        row.written_opinions_count = v;
    }
    if let Some(v) = &change.legal_basis {
        row.legal_basis.clone_from(v);
    }
    if let Some(v) = &change.note {
        row.note.clone_from(v);
    }
    let row = save_versioned(conn, who, "update", if_match, &before, row)?;
    read(conn, &row.id, Some(crate::domain::today()))
}

/// A member's appointment.
#[derive(Clone)]
pub struct NewMember {
    pub user_id: String,
    pub position: CouncilPosition,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub document_id: Option<String>,
}

/// The end of a member's term.
#[derive(Clone)]
pub struct TermEnd {
    pub valid_to: NaiveDate,
    pub end_document_id: Option<String>,
}

/// A new session: its number, day and agenda.
#[derive(Clone)]
pub struct NewSession {
    pub council_id: String,
    pub number: String,
    pub held_on: NaiveDate,
    pub nomination_ids: Vec<String>,
}

/// A council with its members.
pub struct CouncilShown {
    pub council: CouncilRow,
    pub members: Vec<MemberRow>,
}

/// A session with what the council and its members need to see.
pub struct SessionShown {
    pub session: SessionRow,
    pub agenda: Vec<(AgendaRow, i64)>,
    pub attendance: Vec<AttendanceRow>,
    pub minutes: Option<MinutesRow>,
}

/// The members of `council_id` in office on `day`.
pub fn members_on(
    conn: &mut DbConn,
    council_id: &str,
    day: NaiveDate,
) -> AppResult<Vec<MemberRow>> {
    Ok(store::members(conn, council_id)?
        .into_iter()
        .filter(|m| m.in_office_on(day))
        .collect())
}

pub fn council(conn: &mut DbConn, id: &str) -> AppResult<CouncilRow> {
    store::council(conn, id)?.ok_or_else(|| AppError::not_found("hội đồng (council)"))
}

/// Records a council for a level (the province's, or a unit's): 409 `duplicate` when the level
/// has one.
pub fn create(conn: &mut DbConn, who: &Who, n: &NewCouncil) -> AppResult<CouncilShown> {
    if let Some(unit) = &n.unit_id {
        if units::get(conn, unit)?.is_none() {
            return Err(unknown_reference("/unit_id", "đơn vị / unit"));
        }
    }
    lock_key(conn, "council-level")?;
    if store::council_of_level(conn, n.unit_id.as_deref())?.is_some() {
        return Err(AppError::conflict(
            Code::Duplicate,
            t!(
                "Cấp này đã có Hội đồng Thi đua – Khen thưởng.",
                "This level already has its council."
            ),
        ));
    }
    let at = now();
    let row = CouncilRow {
        id: new_id(),
        name: n.name.clone(),
        unit_id: n.unit_id.clone(),
        quorum_numerator: n.quorum_numerator,
        quorum_denominator: n.quorum_denominator,
        award_attendance_percent: n.award_attendance_percent,
        written_opinions_count: n.written_opinions_count,
        legal_basis: n.legal_basis.clone(),
        note: n.note.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert_council(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "council",
        &row.id,
        None,
        Some(&json_of(&row)),
    )?;
    Ok(CouncilShown {
        council: row,
        members: Vec::new(),
    })
}

pub fn list(conn: &mut DbConn) -> AppResult<Vec<CouncilRow>> {
    store::councils(conn)
}

/// A council and its members in office on `day` (every term when `day` is `None`).
pub fn read(conn: &mut DbConn, id: &str, day: Option<NaiveDate>) -> AppResult<CouncilShown> {
    let council = council(conn, id)?;
    let members = match day {
        Some(d) => members_on(conn, id, d)?,
        None => store::members(conn, id)?,
    };
    Ok(CouncilShown { council, members })
}

fn overlaps(a: &MemberRow, from: NaiveDate, to: Option<NaiveDate>) -> bool {
    let a_to = a.valid_to.unwrap_or(NaiveDate::MAX);
    a.valid_from <= to.unwrap_or(NaiveDate::MAX) && from <= a_to
}

/// Appoints a member (an active account with role `reviewer`), by document.
pub fn add_member(
    conn: &mut DbConn,
    who: &Who,
    council_id: &str,
    m: &NewMember,
) -> AppResult<MemberRow> {
    council(conn, council_id)?;
    let user = auth::user(conn, &m.user_id)?
        .ok_or_else(|| unknown_reference("/user_id", "tài khoản / account"))?;
    if user.role != Role::Reviewer || !user.active {
        return Err(AppError::invalid_field(
            "/user_id",
            t!(
                "Thành viên Hội đồng là tài khoản đang hoạt động có vai trò reviewer.",
                "A council member is an active account with role reviewer."
            ),
        ));
    }
    if let Some(doc) = &m.document_id {
        if documents::get(conn, doc)?.is_none() {
            return Err(unknown_reference("/document_id", "văn bản / document"));
        }
    }
    if m.valid_to.is_some_and(|to| to < m.valid_from) {
        return Err(AppError::invalid_field(
            "/valid_to",
            t!(
                "Ngày kết thúc trước ngày bắt đầu.",
                "The term ends before it begins."
            ),
        ));
    }
    lock_key(conn, &format!("council-members:{council_id}"))?;
    for other in store::members(conn, council_id)? {
        if !overlaps(&other, m.valid_from, m.valid_to) {
            continue;
        }
        let clash = if other.user_id == m.user_id {
            Some(t!(
                "Người này đã là thành viên Hội đồng trong thời gian đó.",
                "This person is already a member for part of that term."
            ))
        } else if other.position == CouncilPosition::Chair && m.position == CouncilPosition::Chair {
            Some(t!(
                "Hội đồng đã có Chủ tịch trong thời gian đó.",
                "The council already has a chair for part of that term."
            ))
        } else {
            None
        };
        if let Some(detail) = clash {
            return Err(AppError::conflict(Code::Duplicate, detail));
        }
    }
    let at = now();
    let row = MemberRow {
        id: new_id(),
        council_id: council_id.to_owned(),
        user_id: m.user_id.clone(),
        position: m.position,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        document_id: m.document_id.clone(),
        end_document_id: None,
        created_at: at,
        updated_at: at,
    };
    store::insert_member(conn, &row)?;
    audit::record(
        conn,
        who,
        "appoint",
        "council",
        council_id,
        None,
        Some(&json_of(&row)),
    )?;
    Ok(row)
}

/// Ends a member's term on a day, by document.
pub fn end_term(
    conn: &mut DbConn,
    who: &Who,
    council_id: &str,
    member_id: &str,
    e: &TermEnd,
) -> AppResult<MemberRow> {
    let before = store::member(conn, member_id)?
        .filter(|m| m.council_id == council_id)
        .ok_or_else(|| AppError::not_found("thành viên hội đồng (council member)"))?;
    if e.valid_to < before.valid_from || before.valid_to.is_some_and(|to| e.valid_to > to) {
        return Err(AppError::invalid_field(
            "/valid_to",
            t!(
                "Ngày kết thúc phải trong nhiệm kỳ: không trước ngày bắt đầu, không sau ngày kết thúc đã ghi (kéo dài nhiệm kỳ là một lần bổ nhiệm mới).",
                "The end must fall within the term: not before it begins, not after the end recorded (a longer term is a new appointment)."
            ),
        ));
    }
    if let Some(doc) = &e.end_document_id {
        if documents::get(conn, doc)?.is_none() {
            return Err(unknown_reference("/end_document_id", "văn bản / document"));
        }
    }
    let mut row = before.clone();
    row.valid_to = Some(e.valid_to);
    row.end_document_id = e.end_document_id.clone();
    row.updated_at = now();
    store::update_member(conn, &row)?;
    audit::record(
        conn,
        who,
        "end_term",
        "council",
        council_id,
        Some(&json_of(&before)),
        Some(&json_of(&row)),
    )?;
    Ok(row)
}

/// Whether a nominee's award type needs the council's ballot, and at what threshold, by the law
/// of the day its dossier was received.
fn ballot_of(conn: &mut DbConn, n: &nominations::NominationRow) -> AppResult<(bool, Option<i32>)> {
    let (day, _) = judging_day(conn, &n.id)?;
    Ok(
        version_on(conn, &n.form_id, day)?.map_or((false, None), |v| {
            (v.ballot_required, v.ballot_threshold_percent)
        }),
    )
}

/// Plans a session: its number, day and agenda (nominations in review).
pub fn create_session(conn: &mut DbConn, who: &Who, n: &NewSession) -> AppResult<SessionShown> {
    if store::council(conn, &n.council_id)?.is_none() {
        return Err(unknown_reference("/council_id", "hội đồng / council"));
    }
    // One open agenda per nominee, across instances.
    lock_key(conn, "council-agenda")?;
    let mut errors = Vec::new();
    let mut agenda = Vec::new();
    let session_id = new_id();
    for (i, id) in n.nomination_ids.iter().enumerate() {
        let pointer = format!("/nomination_ids/{i}");
        match nominations::get(conn, id)? {
            None => errors.push(FieldError::body(
                pointer,
                t!("Không có hồ sơ này.", "No such nomination."),
            )),
            Some(row) if row.state != NominationState::InReview => errors.push(FieldError::body(
                pointer,
                t!(
                    "Chỉ đưa vào chương trình hồ sơ đang xét (hiện: {}).",
                    "Only nominations in review go on the agenda (now: {}).",
                    row.state.as_str()
                ),
            )),
            Some(row) if store::on_open_agenda(conn, &row.id)? => errors.push(FieldError::body(
                pointer,
                t!(
                    "Hồ sơ đã có trong chương trình một phiên họp chưa bế mạc.",
                    "The nomination is already on the agenda of a session not yet closed."
                ),
            )),
            Some(row) => {
                let (ballot_required, threshold_percent) = ballot_of(conn, &row)?;
                agenda.push(AgendaRow {
                    session_id: session_id.clone(),
                    nomination_id: row.id,
                    position: i32::try_from(i).unwrap_or(i32::MAX),
                    ballot_required,
                    threshold_percent,
                    agree: None,
                    disagree: None,
                    written_agree: None,
                    written_disagree: None,
                    passed: None,
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let at = now();
    let session = SessionRow {
        id: session_id,
        council_id: n.council_id.clone(),
        number: n.number.clone(),
        held_on: n.held_on,
        state: SessionState::Planned,
        members_total: None,
        present: None,
        opened_at: None,
        closed_at: None,
        written_opinions_count: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert_session(conn, &session)?;
    store::insert_agenda(conn, &agenda)?;
    let after = json!({"session": session, "agenda": agenda});
    audit::record(
        conn,
        who,
        "create",
        "council_session",
        &session.id,
        None,
        Some(&after),
    )?;
    show(conn, session)
}

pub fn session(conn: &mut DbConn, id: &str) -> AppResult<SessionRow> {
    store::session(conn, id)?.ok_or_else(|| AppError::not_found("phiên họp (council session)"))
}

/// The session, its writers serialised across instances: a ballot and the close, or two
/// ballots, never interleave (a ballot read as open is counted by the close that follows).
fn session_for_write(conn: &mut DbConn, id: &str) -> AppResult<SessionRow> {
    lock_key(conn, &format!("council-session:{id}"))?;
    session(conn, id)
}

fn show(conn: &mut DbConn, session: SessionRow) -> AppResult<SessionShown> {
    let mut agenda = Vec::new();
    for row in store::agenda(conn, &session.id)? {
        let voted = store::voters(conn, &session.id, &row.nomination_id)?;
        agenda.push((row, voted));
    }
    let attendance = store::attendance(conn, &session.id)?;
    let minutes = store::minutes(conn, &session.id)?;
    Ok(SessionShown {
        session,
        agenda,
        attendance,
        minutes,
    })
}

pub fn read_session(conn: &mut DbConn, id: &str) -> AppResult<SessionShown> {
    let s = session(conn, id)?;
    show(conn, s)
}

pub fn sessions(conn: &mut DbConn, council_id: Option<&str>) -> AppResult<Vec<SessionRow>> {
    store::sessions(conn, council_id)
}

fn wrong_state(s: &SessionRow, wanted: SessionState) -> AppError {
    AppError::conflict(
        Code::SessionState,
        t!(
            "Phiên họp đang ở trạng thái {}, việc này cần trạng thái {}.",
            "The session is {}; this needs it {}.",
            s.state.as_str(),
            wanted.as_str()
        ),
    )
    .with_ext(Ext::State, s.state.as_str())
}

/// Saves a session's new state, refusing a change raced by another request.
fn save(conn: &mut DbConn, mut row: SessionRow) -> AppResult<SessionRow> {
    let expected = row.version;
    row.version += 1;
    row.updated_at = now();
    if !store::update_session(conn, &row, expected)? {
        return Err(AppError::conflict(
            Code::SessionState,
            t!(
                "Phiên họp vừa được thay đổi; hãy tải lại.",
                "The session just changed; reload it."
            ),
        )
        .with_ext(Ext::State, row.state.as_str()));
    }
    Ok(row)
}

/// Records who attends a planned session (members of the council in office that day; those
/// not listed are absent).
pub fn set_attendance(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    entries: &[(String, AttendanceStatus)],
) -> AppResult<SessionShown> {
    let s = session_for_write(conn, id)?;
    if s.state != SessionState::Planned {
        return Err(wrong_state(&s, SessionState::Planned));
    }
    let members = members_on(conn, &s.council_id, s.held_on)?;
    let mut rows: Vec<AttendanceRow> = Vec::new();
    let mut errors = Vec::new();
    for (i, (member_id, status)) in entries.iter().enumerate() {
        if !members.iter().any(|m| &m.id == member_id) {
            errors.push(FieldError::body(
                format!("/attendance/{i}/member_id"),
                t!(
                    "Không phải thành viên Hội đồng vào ngày họp.",
                    "Not a member of the council on the session's day."
                ),
            ));
        } else if rows.iter().any(|r| &r.member_id == member_id) {
            errors.push(FieldError::body(
                format!("/attendance/{i}/member_id"),
                t!(
                    "Thành viên được nêu hai lần.",
                    "The member is listed twice."
                ),
            ));
        } else {
            rows.push(AttendanceRow {
                session_id: s.id.clone(),
                member_id: member_id.clone(),
                status: *status,
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    store::set_attendance(conn, &s.id, &rows)?;
    audit::record(
        conn,
        who,
        "attendance",
        "council_session",
        &s.id,
        None,
        Some(&json_of(&rows)),
    )?;
    let s = save(conn, s)?;
    show(conn, s)
}

/// Opens a session: only with its quorum of the members in office that day, and, when the
/// agenda holds a ballot, the attendance an award session needs (409 `no_quorum`).
pub fn open(conn: &mut DbConn, who: &Who, id: &str) -> AppResult<SessionShown> {
    let mut s = session_for_write(conn, id)?;
    if s.state != SessionState::Planned {
        return Err(wrong_state(&s, SessionState::Planned));
    }
    if crate::domain::today() < s.held_on {
        return Err(AppError::conflict(
            Code::SessionState,
            t!(
                "Phiên họp được lập cho ngày {}: chưa khai mạc được.",
                "The session is planned for {}: it cannot open before.",
                s.held_on
            ),
        )
        .with_ext(Ext::State, s.state.as_str()));
    }
    let c = council(conn, &s.council_id)?;
    let members = members_on(conn, &c.id, s.held_on)?;
    let total = i64::try_from(members.len()).unwrap_or(i64::MAX);
    let attendance = store::attendance(conn, &s.id)?;
    let present = i64::try_from(
        attendance
            .iter()
            .filter(|a| a.status == AttendanceStatus::Present)
            .filter(|a| members.iter().any(|m| m.id == a.member_id))
            .count(),
    )
    .unwrap_or(i64::MAX);
    let ballots = store::agenda(conn, &s.id)?
        .iter()
        .any(|a| a.ballot_required);
    let mut need = needed(
        total,
        c.quorum_numerator.into(),
        c.quorum_denominator.into(),
    );
    if ballots {
        need = need.max(needed(total, c.award_attendance_percent.into(), 100));
    }
    if total == 0 || present < need {
        return Err(AppError::conflict(
            Code::NoQuorum,
            t!(
                "Chưa đủ số thành viên: có mặt {}/{}, cần ít nhất {}.",
                "Not enough members: {} of {} present, at least {} needed.",
                present,
                total,
                need.max(1)
            ),
        )
        .with_ext(Ext::Members, total)
        .with_ext(Ext::Present, present)
        .with_ext(Ext::Needed, need.max(1)));
    }
    s.state = SessionState::Open;
    s.members_total = Some(i32::try_from(total).unwrap_or(i32::MAX));
    s.present = Some(i32::try_from(present).unwrap_or(i32::MAX));
    s.opened_at = Some(now());
    s.written_opinions_count = Some(c.written_opinions_count);
    let s = save(conn, s)?;
    audit::record(
        conn,
        who,
        "open",
        "council_session",
        &s.id,
        None,
        Some(&json_of(&s)),
    )?;
    show(conn, s)
}

/// Closes a session: each ballot is tallied and judged on the total membership, with the
/// written opinions of absent members when the council counts them.
pub fn close(conn: &mut DbConn, who: &Who, id: &str) -> AppResult<SessionShown> {
    let mut s = session_for_write(conn, id)?;
    if s.state != SessionState::Open {
        return Err(wrong_state(&s, SessionState::Open));
    }
    let total = i64::from(s.members_total.unwrap_or(0));
    let written_count = s.written_opinions_count.unwrap_or(false);
    let mut results = Vec::new();
    for mut row in store::agenda(conn, &s.id)? {
        if !row.ballot_required {
            continue;
        }
        store::shuffle(conn, &s.id, &row.nomination_id)?;
        let tally = store::tally(conn, &s.id, &row.nomination_id)?;
        let threshold = i64::from(row.threshold_percent.unwrap_or(100));
        let counted = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
        row.agree = Some(counted(tally.agree));
        row.disagree = Some(counted(tally.disagree));
        row.written_agree = Some(counted(tally.written_agree));
        row.written_disagree = Some(counted(tally.written_disagree));
        let agree = tally.agree
            + if written_count {
                tally.written_agree
            } else {
                0
            };
        row.passed = Some(passes(agree, threshold, total));
        store::update_agenda(conn, &row)?;
        results.push(row);
    }
    s.state = SessionState::Closed;
    s.closed_at = Some(now());
    let s = save(conn, s)?;
    audit::record(
        conn,
        who,
        "close",
        "council_session",
        &s.id,
        None,
        Some(&json!({"results": results})),
    )?;
    show(conn, s)
}

/// The session, open for ballots (planned too when `written`: opinions come in before the
/// meeting), with `nomination_id` an agenda nominee in review whose award type needs a ballot.
fn ballot_target(
    conn: &mut DbConn,
    id: &str,
    nomination_id: &str,
    written: bool,
) -> AppResult<SessionRow> {
    let s = session_for_write(conn, id)?;
    let open = s.state == SessionState::Open || (written && s.state == SessionState::Planned);
    if !open {
        return Err(wrong_state(&s, SessionState::Open));
    }
    let on_agenda = store::agenda(conn, &s.id)?
        .into_iter()
        .find(|a| a.nomination_id == nomination_id);
    if !on_agenda.is_some_and(|a| a.ballot_required) {
        return Err(AppError::invalid_field(
            "/nomination_id",
            t!(
                "Hồ sơ này không có trong chương trình phiên họp hoặc không cần bỏ phiếu.",
                "This nomination is not on the session's agenda, or needs no ballot."
            ),
        ));
    }
    if nominations::get(conn, nomination_id)?.is_none_or(|n| n.state != NominationState::InReview) {
        return Err(AppError::invalid_field(
            "/nomination_id",
            t!(
                "Hồ sơ không còn ở trạng thái đang xét (đã rút hoặc bị trả lại).",
                "The nomination is no longer in review (withdrawn or returned)."
            ),
        ));
    }
    Ok(s)
}

/// One ballot per member and nominee: 409 `already_voted`, at the session or in writing.
fn ensure_not_voted(
    conn: &mut DbConn,
    s: &SessionRow,
    nomination_id: &str,
    user_id: &str,
) -> AppResult<()> {
    if store::voted(conn, &s.id, nomination_id, user_id)? {
        return Err(AppError::conflict(
            Code::AlreadyVoted,
            t!(
                "Thành viên này đã có phiếu (hoặc ý kiến bằng văn bản) cho hồ sơ này; mỗi thành viên một phiếu.",
                "This member already has a ballot (or a written opinion) on this nominee; one per member."
            ),
        ));
    }
    Ok(())
}

/// A present member casts one secret ballot on an agenda nominee whose award type needs one.
pub fn cast(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    nomination_id: &str,
    choice: Choice,
) -> AppResult<()> {
    let user_id = caller.id().to_owned();
    let s = ballot_target(conn, id, nomination_id, false)?;
    let members = members_on(conn, &s.council_id, s.held_on)?;
    let attendance = store::attendance(conn, &s.id)?;
    let present = members.iter().any(|m| {
        m.user_id == user_id
            && attendance
                .iter()
                .any(|a| a.member_id == m.id && a.status == AttendanceStatus::Present)
    });
    if !present {
        return Err(AppError::forbidden(t!(
            "Chỉ thành viên Hội đồng có mặt tại phiên họp được bỏ phiếu.",
            "Only council members present at the session vote."
        ))
        .with_code(Code::NotPresent));
    }
    ensure_not_voted(conn, &s, nomination_id, &user_id)?;
    store::cast(
        conn,
        &s.id,
        nomination_id,
        &user_id,
        choice == Choice::Agree,
        false,
    )?;
    // That the member voted, never how, nor the ballot's id.
    let what = json!({"nomination_id": nomination_id});
    audit::record(
        conn,
        who,
        "voted",
        "council_session",
        &s.id,
        None,
        Some(&what),
    )
}

/// The coordinator records the written opinion of a member absent with one (as the attendance
/// says) on an agenda nominee: kept as a ballot is, who apart from how, and counted at the
/// close when the council counts written opinions.
pub fn record_opinion(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    member_id: &str,
    nomination_id: &str,
    choice: Choice,
) -> AppResult<()> {
    let s = ballot_target(conn, id, nomination_id, true)?;
    let member = members_on(conn, &s.council_id, s.held_on)?
        .into_iter()
        .find(|m| m.id == member_id)
        .ok_or_else(|| {
            AppError::invalid_field(
                "/member_id",
                t!(
                    "Không phải thành viên Hội đồng vào ngày họp.",
                    "Not a member of the council on the session's day."
                ),
            )
        })?;
    let with_opinion = store::attendance(conn, &s.id)?
        .iter()
        .any(|a| a.member_id == member.id && a.status == AttendanceStatus::AbsentWithOpinion);
    if !with_opinion {
        return Err(AppError::invalid_field(
            "/member_id",
            t!(
                "Chỉ ghi ý kiến bằng văn bản của thành viên được ghi là vắng mặt có ý kiến bằng văn bản trong danh sách tham dự.",
                "Only a member the attendance records as absent with a written opinion gives one."
            ),
        ));
    }
    ensure_not_voted(conn, &s, nomination_id, &member.user_id)?;
    store::cast(
        conn,
        &s.id,
        nomination_id,
        &member.user_id,
        choice == Choice::Agree,
        true,
    )?;
    let what = json!({"nomination_id": nomination_id, "member_id": member.id});
    audit::record(
        conn,
        who,
        "written_opinion",
        "council_session",
        &s.id,
        None,
        Some(&what),
    )
}

/// The recommendation gate: a nominee whose award type needs the council's ballot is
/// recommended only with a passed one (409 `ballot_not_passed`).
pub fn ensure_ballot_passed(conn: &mut DbConn, n: &nominations::NominationRow) -> AppResult<()> {
    let (required, threshold) = ballot_of(conn, n)?;
    if !required {
        return Ok(());
    }
    // The latest ballot decides, and only one held since the dossier was last received.
    let (received, _) = judging_day(conn, &n.id)?;
    if store::last_ballot(conn, &n.id)?
        .is_some_and(|(held_on, passed)| passed && held_on >= received)
    {
        return Ok(());
    }
    Err(AppError::conflict(
        Code::BallotNotPassed,
        t!(
            "Loại khen thưởng này cần Hội đồng bỏ phiếu kín đạt ít nhất {}% tổng số thành viên; hồ sơ chưa có lần bỏ phiếu đạt.",
            "This award needs the council's secret ballot with at least {}% of its total membership; the nominee has no passed ballot.",
            threshold.unwrap_or(100)
        ),
    ))
}
