//! Nominations for commendation (letter points 6c, 6d): who may read and change them, the guards
//! of each workflow step (the steps themselves are `domain::nominations`), one nomination per
//! nominee, form and year, the council's scores and the ranking within a quota pool.

use crate::error::{Code, Ext};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::quotas::{self, Pool};
use super::{json_of, new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{doors, Caller, Role};
use crate::domain::awardees::AwardStream;
use crate::domain::models::ModelKind;
use crate::domain::nominations::{
    add_working_days, NominationAction, NominationActor, NominationState, Refusal,
};
use crate::domain::page as paging;
use crate::domain::vocab::Track;
use crate::error::{unknown_reference, AppError, AppResult, FieldError};
use crate::store::award_types::AwardTypeRow;
use crate::store::awardees::AwardeeRow;
use crate::store::congresses::CongressRow;
use crate::store::movements::MovementRow;
use crate::store::nominations::{self as store, ScoreRow};
use crate::store::{
    audit, awardees, changes, criteria, documents, lock_key, models, movements, units,
};
use crate::t;

pub use crate::store::nominations::{CommentRow, Filter, FormRow, NominationRow, ReviewRow};

/// The states a ranking shows: under review or holding a place.
pub const IN_PLAY: &[NominationState] = &[
    NominationState::Submitted,
    NominationState::InReview,
    NominationState::PublicComment,
    NominationState::Recommended,
    NominationState::Approved,
];

/// A mandatory criterion whose mean is below its pass mark.
#[derive(Serialize, ToSchema, Clone)]
pub struct FlaggedCriterion {
    pub code: String,
    pub title: String,
    pub mean: f64,
    pub pass_mark: i32,
}

/// The council's scores, aggregated over the reviewers without a conflict of interest.
#[derive(Serialize, ToSchema, Clone)]
pub struct ScoreSummary {
    /// Mean total points; null before the first score.
    pub mean: Option<f64>,
    /// Reviewers whose scores count.
    pub count: i64,
    /// Reviewers excluded for a declared conflict of interest.
    pub excluded: i64,
    /// The set's threshold, and whether the mean reaches it.
    pub threshold: i32,
    pub meets_threshold: Option<bool>,
    pub flagged: Vec<FlaggedCriterion>,
}

/// A unit as a nomination cites it: `(id, code, name)`.
pub type UnitName = (String, String, String);

/// A nomination with everything its answer shows, loaded together.
pub struct Shown {
    pub row: NominationRow,
    /// The nominee: the individual or collective proposed.
    pub nominee: AwardeeRow,
    /// The nominee's unit.
    pub nominee_unit: Option<UnitName>,
    pub movement: MovementRow,
    pub form: FormRow,
    pub proposing_unit: Option<UnitName>,
    pub score: ScoreSummary,
    /// What the caller may do now.
    pub available_actions: Vec<NominationAction>,
}

/// A new nomination, its texts checked (its files are dossier items, `service::dossiers`).
#[derive(Clone)]
pub struct Proposal {
    /// The individual or collective proposed; absent, the model's.
    pub awardee_id: Option<String>,
    /// The exemplary model proposed, if one is.
    pub model_id: Option<String>,
    pub movement_id: String,
    pub year: i32,
    pub track: Track,
    /// For a congress track: the congress (absent: the one the track's old value names).
    pub congress_id: Option<String>,
    pub form_id: String,
    pub proposing_unit_id: String,
    pub criteria_set_id: String,
    pub dossier: String,
    pub comment_working_days: Option<i32>,
    /// Absent: the award type's stream.
    pub stream: Option<AwardStream>,
    pub initiative_id: Option<String>,
    pub members: Option<Members>,
}

/// A collective's member figures: (members, completed their tasks, hold Lao động tiên tiến).
pub type Members = (i32, i32, i32);

/// Changes to a draft or returned nomination, checked; absent members stay.
#[derive(Clone)]
pub struct Changes {
    pub dossier: Option<String>,
    pub form_id: Option<String>,
    pub criteria_set_id: Option<String>,
    pub comment_working_days: Option<i32>,
    pub initiative_id: Option<String>,
    pub members: Option<Members>,
}

/// A workflow step with what it needs, its texts checked.
#[derive(Clone)]
pub enum Step {
    Submit,
    Withdraw {
        reason: Option<String>,
    },
    StartReview,
    Return {
        comments: String,
    },
    OpenComment {
        working_days: Option<i32>,
    },
    CloseComment,
    Recommend {
        /// Why it goes ahead although its scores fail the criteria set.
        override_reason: Option<String>,
    },
    Reject {
        reason: String,
    },
    SendBack {
        reason: String,
    },
    Approve {
        decision_number: String,
        decision_date: NaiveDate,
    },
    Revoke {
        reason: String,
        document_id: String,
    },
}

impl Step {
    /// The workflow's action for this step.
    pub fn action(&self) -> NominationAction {
        match self {
            Step::Submit => NominationAction::Submit,
            Step::Withdraw { .. } => NominationAction::Withdraw,
            Step::StartReview => NominationAction::StartReview,
            Step::Return { .. } => NominationAction::Return,
            Step::OpenComment { .. } => NominationAction::OpenComment,
            Step::CloseComment => NominationAction::CloseComment,
            Step::Recommend { .. } => NominationAction::Recommend,
            Step::Reject { .. } => NominationAction::Reject,
            Step::SendBack { .. } => NominationAction::SendBack,
            Step::Approve { .. } => NominationAction::Approve,
            Step::Revoke { .. } => NominationAction::Revoke,
        }
    }
}

/// One reviewer's scores (criterion code, points), or a declared conflict of interest.
#[derive(Clone)]
pub struct Scoring {
    pub conflict_of_interest: bool,
    pub scores: Vec<(String, i32)>,
    pub note: Option<String>,
}

/// A reviewer's review with its scores by criterion code.
pub struct ScoredReview {
    pub row: ReviewRow,
    /// (criterion code, points).
    pub scores: Vec<(String, i32)>,
    /// The sum of the points; None for a declared conflict.
    pub total: Option<i32>,
}

/// The council's reviews of a nomination, with the aggregate.
pub struct ReviewsShown {
    pub items: Vec<ScoredReview>,
    pub summary: ScoreSummary,
}

/// The nominations of one quota pool, best mean score first, each with its rank (None when
/// unscored), and the quota's use.
pub struct Ranking {
    pub pool: Pool,
    pub items: Vec<(Option<i64>, Shown)>,
}

impl Record for NominationRow {
    const ENTITY: &'static str = "nomination";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<serde_json::Value> {
        Ok(json_of(self))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

/// What the workflow sees in a caller, for one nomination.
fn actors(caller: &Caller, row: &NominationRow) -> Vec<NominationActor> {
    let mut out = Vec::new();
    if caller.is(&[Role::UnitOfficer]) && caller.unit.as_deref() == Some(&row.proposing_unit_id) {
        out.push(NominationActor::Proposer);
    }
    if caller.is(&[Role::Coordinator]) {
        out.push(NominationActor::Coordinator);
    }
    if caller.is(&[Role::Approver]) {
        out.push(NominationActor::Approver);
    }
    if out.is_empty() {
        out.push(NominationActor::Other);
    }
    out
}

/// Refuses a caller who may not read this nomination, as if it did not exist for other units.
pub(super) fn ensure_readable(caller: &Caller, row: &NominationRow) -> AppResult<()> {
    doors::NOMINATIONS_READ.admits(caller)?;
    if caller.is(&[Role::UnitOfficer]) && caller.unit.as_deref() != Some(&row.proposing_unit_id) {
        return Err(AppError::forbidden(t!(
            "Bạn chỉ xem được hồ sơ đề nghị của đơn vị mình.",
            "You may read only your own unit's nominations."
        ))
        .with_code(Code::OtherUnit));
    }
    Ok(())
}

pub(super) fn load(conn: &mut DbConn, id: &str) -> AppResult<NominationRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("hồ sơ đề nghị (nomination)"))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The score summary of a nomination from its reviews and its criteria set.
fn score_summary(conn: &mut DbConn, row: &NominationRow) -> AppResult<ScoreSummary> {
    let threshold = criteria::get(conn, &row.criteria_set_id)?.map_or(0, |s| s.threshold);
    let crits = criteria::criteria(conn, std::slice::from_ref(&row.criteria_set_id))?;
    let reviews = store::reviews(conn, &row.id)?;
    let counted: Vec<&Vec<ScoreRow>> = reviews
        .iter()
        .filter(|(r, _)| !r.conflict_of_interest)
        .map(|(_, s)| s)
        .collect();
    let count = i64::try_from(counted.len()).unwrap_or(0);
    let mean = (count > 0).then(|| {
        let total: i64 = counted
            .iter()
            .map(|s| s.iter().map(|x| i64::from(x.points)).sum::<i64>())
            .sum();
        round2(total as f64 / count as f64)
    });
    let flagged = if count == 0 {
        Vec::new()
    } else {
        crits
            .iter()
            .filter(|c| c.mandatory)
            .filter_map(|c| {
                let pass = c.pass_mark?;
                let sum: i64 = counted
                    .iter()
                    .flat_map(|s| s.iter())
                    .filter(|s| s.criterion_id == c.id)
                    .map(|s| i64::from(s.points))
                    .sum();
                let m = round2(sum as f64 / count as f64);
                (m < f64::from(pass)).then(|| FlaggedCriterion {
                    code: c.code.clone(),
                    title: c.title.clone(),
                    mean: m,
                    pass_mark: pass,
                })
            })
            .collect()
    };
    Ok(ScoreSummary {
        mean,
        count,
        excluded: i64::try_from(reviews.len()).unwrap_or(0) - count,
        threshold,
        meets_threshold: mean.map(|m| m >= f64::from(threshold)),
        flagged,
    })
}

/// The ids once each, in their first order.
fn unique<'a>(ids: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(*id))
        .cloned()
        .collect()
}

/// Loads what the answers for `rows` show: nominees, movements, forms and units at once.
fn show(conn: &mut DbConn, caller: &Caller, rows: Vec<NominationRow>) -> AppResult<Vec<Shown>> {
    let awardee_ids = unique(rows.iter().map(|r| &r.awardee_id));
    let nominees: HashMap<String, AwardeeRow> = awardees::many(conn, &awardee_ids)?
        .into_iter()
        .map(|a| (a.id.clone(), a))
        .collect();
    let unit_ids = unique(
        rows.iter()
            .map(|r| &r.proposing_unit_id)
            .chain(nominees.values().map(|a| &a.unit_id)),
    );
    let units: HashMap<String, UnitName> = units::names(conn, &unit_ids)?
        .into_iter()
        .map(|u| (u.0.clone(), u))
        .collect();
    let forms: HashMap<String, FormRow> = store::forms(conn)?
        .into_iter()
        .map(|f| (f.id.clone(), f))
        .collect();
    let mut movement_rows: HashMap<String, MovementRow> = HashMap::new();
    for id in unique(rows.iter().map(|r| &r.movement_id)) {
        if let Some(m) = movements::get(conn, &id)? {
            movement_rows.insert(id, m);
        }
    }
    rows.into_iter()
        .map(|row| {
            let score = score_summary(conn, &row)?;
            let nominee = nominees
                .get(&row.awardee_id)
                .cloned()
                .ok_or_else(|| AppError::internal("nominee missing"))?;
            let movement = movement_rows
                .get(&row.movement_id)
                .cloned()
                .ok_or_else(|| AppError::internal("movement missing"))?;
            let form = forms
                .get(&row.form_id)
                .cloned()
                .ok_or_else(|| AppError::internal("form missing"))?;
            let who = actors(caller, &row);
            let state = row.state;
            Ok(Shown {
                nominee_unit: units.get(&nominee.unit_id).cloned(),
                proposing_unit: units.get(&row.proposing_unit_id).cloned(),
                available_actions: state
                    .actions()
                    .into_iter()
                    .filter(|a| state.apply(*a, &who).is_ok())
                    .collect(),
                row,
                nominee,
                movement,
                form,
                score,
            })
        })
        .collect()
}

fn show_one(conn: &mut DbConn, caller: &Caller, row: NominationRow) -> AppResult<Shown> {
    show(conn, caller, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("nomination vanished"))
}

/// The forms of commendation (every award type, in the shape before award types).
pub fn forms(conn: &mut DbConn) -> AppResult<Vec<FormRow>> {
    store::forms(conn)
}

/// One achievement, one form: refuses while an earlier nomination of the nominee for the same
/// form and year stands. The caller holds the nominee's lock.
/// Refuses a second nomination of the nominee for the same form and year in the same round (a
/// track, and a congress for the congress tracks): honoured in the annual round, a nominee may
/// still go to a congress with the same form.
fn refuse_duplicate(
    conn: &mut DbConn,
    awardee_id: &str,
    form_id: &str,
    year: i32,
    round: (Track, Option<&str>),
) -> AppResult<()> {
    match store::standing_duplicate(conn, awardee_id, form_id, year, round)? {
        None => Ok(()),
        Some(earlier) => Err(AppError::conflict(
            Code::DuplicateNomination,
            t!(
                "Cá nhân, tập thể này đã được đề nghị cùng hình thức khen thưởng, cùng đợt xét trong năm {} (hồ sơ {}).",
                "This nominee already has a nomination for the same form in the same round of {} ({}).",
                year,
                earlier.id
            ),
        )
        .with_ext(Ext::NominationId, earlier.id)),
    }
}

/// The criteria set, which must be a version of the movement's.
fn criteria_set_of(conn: &mut DbConn, movement_id: &str, id: &str) -> AppResult<()> {
    match criteria::get(conn, id)? {
        Some(s) if s.movement_id == movement_id => Ok(()),
        Some(_) => Err(AppError::invalid_field(
            "/criteria_set_id",
            t!(
                "Bộ tiêu chí này không thuộc phong trào của hồ sơ.",
                "That criteria set belongs to another movement."
            ),
        )),
        None => Err(unknown_reference(
            "/criteria_set_id",
            "bộ tiêu chí / criteria set",
        )),
    }
}

/// The award type a nomination names: known, in use, and for a nominee of its kind.
fn award_type_for(conn: &mut DbConn, id: &str, kind: ModelKind) -> AppResult<AwardTypeRow> {
    let t = crate::store::award_types::get(conn, id)?
        .ok_or_else(|| unknown_reference("/form_id", "hình thức khen thưởng / form"))?;
    if !t.active {
        return Err(AppError::invalid_field(
            "/form_id",
            t!(
                "{} không còn được dùng để đề nghị.",
                "{} is no longer used for nominations.",
                t.name
            ),
        ));
    }
    if !t.recipient.admits(kind) {
        return Err(AppError::invalid_field(
            "/form_id",
            t!(
                "{} không dành cho {}.",
                "{} is not for a nominee of kind {}.",
                t.name,
                kind.as_str()
            ),
        ));
    }
    Ok(t)
}

/// A nomination is proposed by the officer of the nominee's managing unit or of the
/// movement's lead unit, for the officer's own unit, or by the registrars for any unit.
fn may_propose(
    caller: &Caller,
    p: &Proposal,
    nominee: &AwardeeRow,
    movement: &MovementRow,
) -> AppResult<()> {
    let door = &doors::NOMINATION_CREATE;
    door.for_movement(caller, Some(&nominee.unit_id), &movement.lead_unit_id)?;
    if caller.is_registrar() || caller.unit.as_deref() == Some(p.proposing_unit_id.as_str()) {
        Ok(())
    } else {
        Err(doors::other_unit())
    }
}

/// The nominee and the movement of a proposal: the awardee named or the model's (a model named
/// must be part of the movement, and the awardee named, if any, the model's).
fn nominee_in_movement(conn: &mut DbConn, p: &Proposal) -> AppResult<(AwardeeRow, MovementRow)> {
    let movement = movements::get(conn, &p.movement_id)?
        .ok_or_else(|| unknown_reference("/movement_id", "phong trào / movement"))?;
    let Some(model_id) = &p.model_id else {
        let id = p.awardee_id.as_deref().unwrap_or_default();
        let awardee = awardees::get(conn, id)?
            .ok_or_else(|| unknown_reference("/awardee_id", "cá nhân, tập thể / awardee"))?;
        return Ok((awardee, movement));
    };
    let model = models::get(conn, model_id)?
        .ok_or_else(|| unknown_reference("/model_id", "điển hình / model"))?;
    let awardee_id = model.awardee_id.clone().unwrap_or_else(|| model.id.clone());
    if p.awardee_id.as_ref().is_some_and(|a| *a != awardee_id) {
        return Err(AppError::invalid_field(
            "/awardee_id",
            t!(
                "Cá nhân, tập thể này không phải của điển hình đã chọn.",
                "That awardee is not the model's."
            ),
        ));
    }
    let awardee = awardees::get(conn, &awardee_id)?
        .ok_or_else(|| unknown_reference("/awardee_id", "cá nhân, tập thể / awardee"))?;
    let in_movement = models::movements_of(conn, std::slice::from_ref(&model.id))?
        .iter()
        .any(|(_, id, _, _)| *id == movement.id);
    if !in_movement {
        return Err(AppError::invalid_field(
            "/movement_id",
            t!(
                "Điển hình này không thuộc phong trào đã chọn.",
                "The model is not part of that movement."
            ),
        ));
    }
    Ok((awardee, movement))
}

/// The references of a proposal other than nominee and movement, its congress (for a congress
/// track) and its quota rule.
fn check_references(
    conn: &mut DbConn,
    p: &Proposal,
    stream: AwardStream,
    movement: &MovementRow,
) -> AppResult<Option<CongressRow>> {
    if units::get(conn, &p.proposing_unit_id)?.is_none() {
        return Err(unknown_reference("/proposing_unit_id", "đơn vị / unit"));
    }
    criteria_set_of(conn, &movement.id, &p.criteria_set_id)?;
    let congress = super::congresses::of_track(conn, p.track, p.congress_id.as_deref())?;
    if let Some(c) = &congress {
        if c.year != p.year {
            return Err(AppError::invalid_field(
                "/year",
                t!(
                    "{} diễn ra năm {}: năm đề nghị phải là năm đó.",
                    "{} is held in {}: the nomination's year must be that year.",
                    c.name,
                    c.year
                ),
            ));
        }
    }
    let pool = quotas::PoolOf::of(p.track, p.year, movement, congress.as_ref())?;
    // Another stream's annual nomination takes its own pool where the province sets one.
    let own_pool = p.track == Track::Annual && stream != AwardStream::Merit;
    if !own_pool && quotas::rule_for(conn, pool)?.is_none() {
        return Err(AppError::invalid_field(
            "/year",
            t!(
                "Không có quy định số lượng cho loại {} năm {}.",
                "No quota rule covers track {} in {}.",
                p.track.as_str(),
                p.year
            ),
        )
        .with_code(Code::NoQuotaRule));
    }
    Ok(congress)
}

/// A congress that draws from another takes only that congress's honourees.
fn ensure_drawn(
    conn: &mut DbConn,
    awardee_id: &str,
    congress: Option<&CongressRow>,
) -> AppResult<()> {
    let Some(source) = congress.and_then(|c| c.draws_from_id.as_deref()) else {
        return Ok(());
    };
    if store::approved_at(conn, awardee_id, source)? {
        return Ok(());
    }
    let name =
        crate::store::congresses::get(conn, source)?.map_or_else(|| source.to_owned(), |c| c.name);
    Err(AppError::conflict(
        Code::NotProvincialHonouree,
        t!(
            "Chỉ điển hình đã được tuyên dương tại {} mới được đề nghị lên đại hội này.",
            "Only models honoured at {} may go on to this congress.",
            name
        ),
    ))
}

/// A unit proposes a nominee: a draft, refused while an earlier nomination of the nominee for
/// the same form and year stands.
pub fn create(conn: &mut DbConn, caller: &Caller, who: &Who, p: &Proposal) -> AppResult<Shown> {
    let (nominee, movement) = nominee_in_movement(conn, p)?;
    // Who may propose is settled before anything is counted or locked, so an attempt that is
    // refused holds no place and blocks no one.
    may_propose(caller, p, &nominee, &movement)?;
    let award_type = award_type_for(conn, &p.form_id, nominee.kind)?;
    let stream = p.stream.unwrap_or(award_type.stream);
    super::registrations::ensure_registered(conn, &award_type, &nominee.id, p.year, stream)?;
    let congress = check_references(conn, p, stream, &movement)?;
    let proposer = std::slice::from_ref(&p.proposing_unit_id);
    super::units::working_on(conn, "/proposing_unit_id", proposer, crate::domain::today())?;
    // One nominee's nominations queue here, on every instance, before the duplicate check.
    lock_key(conn, &format!("nominee:{}", nominee.id))?;
    let round = (p.track, congress.as_ref().map(|c| c.id.as_str()));
    refuse_duplicate(conn, &nominee.id, &p.form_id, p.year, round)?;
    ensure_drawn(conn, &nominee.id, congress.as_ref())?;
    let at = now();
    let row = NominationRow {
        id: new_id(),
        awardee_id: nominee.id.clone(),
        model_id: p.model_id.clone(),
        movement_id: movement.id.clone(),
        year: p.year,
        track: p.track,
        form_id: p.form_id.clone(),
        proposing_unit_id: p.proposing_unit_id.clone(),
        criteria_set_id: p.criteria_set_id.clone(),
        dossier: p.dossier.clone(),
        state: NominationState::Draft,
        comment_working_days: p.comment_working_days.unwrap_or(5),
        comment_closes_on: None,
        return_comments: None,
        reason: None,
        decision_number: None,
        decision_date: None,
        revocation_document_id: None,
        version: 1,
        created_at: at,
        updated_at: at,
        place_taken_on: None,
        congress_id: congress.map(|c| c.id),
        quota_rule_id: None,
        score_override: None,
        stream,
        initiative_id: p.initiative_id.clone(),
        members_total: p.members.map(|m| m.0),
        members_completed: p.members.map(|m| m.1),
        members_advanced: p.members.map(|m| m.2),
    };
    dossier_facts(conn, &nominee, p.initiative_id.as_deref(), p.members)?;
    store::insert(conn, &row)?;
    // A version that judges a nomination is frozen.
    criteria::mark_used(conn, &row.criteria_set_id)?;
    audit::record(
        conn,
        who,
        "create",
        "nomination",
        &row.id,
        None,
        Some(&json_of(&row)),
    )?;
    show_one(conn, caller, row)
}

/// A page of nominations, newest first, after the cursor `after`, and the next cursor.
pub fn list(
    conn: &mut DbConn,
    caller: &Caller,
    filter: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<Shown>, Option<String>)> {
    let rows = store::list(conn, filter, after, Some(limit))?;
    let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
    Ok((show(conn, caller, rows)?, next))
}

/// One nomination the caller may read.
pub fn read(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<Shown> {
    let row = load(conn, id)?;
    ensure_readable(caller, &row)?;
    show_one(conn, caller, row)
}

/// Applies `c` to `row`: checks the new references; a new criteria set clears the scores, a new
/// form is checked against duplicates.
fn apply_changes(
    conn: &mut DbConn,
    before: &NominationRow,
    row: &mut NominationRow,
    c: &Changes,
) -> AppResult<()> {
    if let Some(f) = c.form_id.as_ref().filter(|f| **f != row.form_id) {
        let kind =
            awardees::get_any(conn, &row.awardee_id)?.map_or(ModelKind::Individual, |a| a.kind);
        let award_type = award_type_for(conn, f, kind)?;
        super::registrations::ensure_registered(
            conn,
            &award_type,
            &row.awardee_id,
            row.year,
            row.stream,
        )?;
        row.form_id = f.clone();
    }
    if let Some(s) = c
        .criteria_set_id
        .as_ref()
        .filter(|s| **s != row.criteria_set_id)
    {
        criteria_set_of(conn, &row.movement_id, s)?;
        criteria::mark_used(conn, s)?;
        row.criteria_set_id = s.clone();
        // Scores given against another version judge nothing now: the council scores again.
        store::clear_reviews(conn, &row.id)?;
    }
    if row.form_id != before.form_id {
        lock_key(conn, &format!("nominee:{}", row.awardee_id))?;
        let round = (row.track, row.congress_id.as_deref());
        refuse_duplicate(conn, &row.awardee_id, &row.form_id, row.year, round)?;
    }
    if let Some(d) = &c.dossier {
        row.dossier = d.clone();
    }
    if let Some(d) = c.comment_working_days {
        row.comment_working_days = d;
    }
    if c.initiative_id.is_some() || c.members.is_some() {
        let nominee = awardees::get_any(conn, &row.awardee_id)?
            .ok_or_else(|| AppError::internal("nominee missing"))?;
        if let Some(i) = &c.initiative_id {
            row.initiative_id = Some(i.clone());
        }
        if let Some(m) = c.members {
            (
                row.members_total,
                row.members_completed,
                row.members_advanced,
            ) = (Some(m.0), Some(m.1), Some(m.2));
        }
        dossier_facts(conn, &nominee, c.initiative_id.as_deref(), c.members)?;
    }
    Ok(())
}

/// The dossier's facts: an initiative of the nominee, member figures of a collective only.
fn dossier_facts(
    conn: &mut DbConn,
    nominee: &AwardeeRow,
    initiative_id: Option<&str>,
    members: Option<Members>,
) -> AppResult<()> {
    if let Some(id) = initiative_id {
        let i = crate::store::initiatives::get(conn, id)?
            .ok_or_else(|| unknown_reference("/initiative_id", "sáng kiến / initiative"))?;
        if i.awardee_id != nominee.id {
            return Err(AppError::invalid_field(
                "/initiative_id",
                t!(
                    "Sáng kiến này không phải của cá nhân, tập thể được đề nghị.",
                    "That initiative is not the nominee's."
                ),
            ));
        }
    }
    if members.is_some() && nominee.kind != ModelKind::Collective {
        return Err(AppError::invalid_field(
            "/members",
            t!(
                "Chỉ tập thể mới có số liệu thành viên.",
                "Only a collective has member figures."
            ),
        ));
    }
    Ok(())
}

/// The proposing unit edits a draft or returned dossier (412 on a stale `If-Match`, checked
/// after every other rule).
pub fn update(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    c: &Changes,
) -> AppResult<Shown> {
    let before = load(conn, id)?;
    ensure_readable(caller, &before)?;
    doors::NOMINATION_EDIT.for_unit(caller, &before.proposing_unit_id)?;
    if !before.state.editable() {
        return Err(AppError::conflict(
            Code::NotEditable,
            t!(
                "Chỉ sửa được hồ sơ ở trạng thái nháp hoặc bị trả lại (hiện: {}).",
                "Only a draft or returned nomination can be edited (now: {}).",
                before.state.as_str()
            ),
        ));
    }
    let mut row = before.clone();
    apply_changes(conn, &before, &mut row, c)?;
    save_versioned(conn, who, "update", if_match, &before, row)?;
    load(conn, id).and_then(|row| show_one(conn, caller, row))
}

/// Takes one step of the workflow: the state machine decides whether the caller may take it
/// from the current state; the step's own guards (a public nominee, the closing date, the
/// quota, the revoking document) and the If-Match check follow (412 last).
pub fn act(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    if_match: Option<&str>,
    step: &Step,
) -> AppResult<Shown> {
    let action = step.action();
    let before = load(conn, id)?;
    ensure_readable(caller, &before)?;
    let current = before.state;
    let next = current
        .apply(action, &actors(caller, &before))
        .map_err(|refusal| refused(refusal, action, current))?;
    if action == NominationAction::Submit {
        super::registrations::ensure_before_deadline(conn, &before, current)?;
    }
    let mut row = before.clone();
    row.state = next;
    let movement = movements::get(conn, &row.movement_id)?
        .ok_or_else(|| AppError::internal("movement missing"))?;
    apply_step(conn, step, &mut row, &movement)?;
    let saved = save_versioned(conn, who, action.as_str(), if_match, &before, row)?;
    // The register holds what was granted, in the same transaction.
    match action {
        NominationAction::Approve => super::awards::from_nomination(conn, who, &saved)?,
        NominationAction::Revoke => super::awards::revoke_for_nomination(conn, who, &saved)?,
        _ => {}
    }
    if matches!(action, NominationAction::Approve | NominationAction::Revoke) {
        // The honour appears on, or leaves, the model's public page.
        if let Some(model) = &before.model_id {
            changes::touch(conn, std::slice::from_ref(model))?;
        }
        // And on, or off, the public honours; the portal follows their changes.
        crate::store::decisions::touch_honours(conn, std::slice::from_ref(&saved.id))?;
    }
    load(conn, id).and_then(|row| show_one(conn, caller, row))
}

/// The step's guards, and what it records on the nomination.
fn apply_step(
    conn: &mut DbConn,
    step: &Step,
    row: &mut NominationRow,
    movement: &MovementRow,
) -> AppResult<()> {
    match step {
        Step::Return { comments } => row.return_comments = Some(comments.clone()),
        Step::Withdraw { reason } => row.reason = reason.clone(),
        Step::Reject { reason } | Step::SendBack { reason } => row.reason = Some(reason.clone()),
        Step::OpenComment { working_days } => open_comment(conn, row, *working_days)?,
        Step::CloseComment => comment_period_over(row)?,
        Step::Recommend { override_reason } => {
            row.score_override = criteria_gate(conn, row, override_reason.as_deref())?;
            super::council::ensure_ballot_passed(conn, row)?;
            let congress = match &row.congress_id {
                Some(id) => crate::store::congresses::get(conn, id)?,
                None => None,
            };
            // The nominee must still hold the honour the congress draws from.
            ensure_drawn(conn, &row.awardee_id, congress.as_ref())?;
            if let Some(pool) = pool_of_step(conn, row, movement, congress.as_ref())? {
                let rule = quotas::ensure_place(conn, pool)?;
                row.place_taken_on = Some(crate::domain::today());
                row.quota_rule_id = Some(rule.id);
            }
        }
        Step::Approve {
            decision_number,
            decision_date,
        } => {
            row.decision_number = Some(decision_number.clone());
            row.decision_date = Some(*decision_date);
        }
        Step::Revoke {
            reason,
            document_id,
        } => {
            if documents::get(conn, document_id)?.is_none() {
                return Err(unknown_reference("/document_id", "văn bản / document"));
            }
            row.reason = Some(reason.clone());
            row.revocation_document_id = Some(document_id.clone());
        }
        Step::Submit => {
            // The province receives the dossier today: today's law judges it.
            super::eligibility::receive(conn, row)?;
            super::dossiers::ensure_complete(conn, row)?;
        }
        Step::StartReview => {}
    }
    Ok(())
}

/// The pool a recommendation takes a place in: its movement's year or its congress for a
/// merit nomination; for another stream's annual nomination, the stream's own pool of the
/// year where the province set one, and none otherwise (an ad-hoc award is fast-tracked,
/// outside the annual round).
fn pool_of_step<'a>(
    conn: &mut DbConn,
    row: &NominationRow,
    movement: &'a MovementRow,
    congress: Option<&'a CongressRow>,
) -> AppResult<Option<quotas::PoolOf<'a>>> {
    if row.track == Track::Annual && row.stream != AwardStream::Merit {
        let own = quotas::PoolOf::Stream(row.stream, row.year);
        return Ok(quotas::rule_for(conn, own)?.map(|_| own));
    }
    quotas::PoolOf::of(row.track, row.year, movement, congress).map(Some)
}

/// The criteria gate of a recommendation: refused (422 `criteria_not_met`, naming each
/// mandatory criterion whose mean is below its pass mark, and the threshold when the mean total
/// is below it) unless the coordinator gives a reason, which is kept. A nomination no reviewer
/// has scored yet has no mean to judge and passes; the reason is kept only when it was needed.
fn criteria_gate(
    conn: &mut DbConn,
    row: &NominationRow,
    override_reason: Option<&str>,
) -> AppResult<Option<String>> {
    let score = score_summary(conn, row)?;
    let mut failed: Vec<FieldError> = score
        .flagged
        .iter()
        .map(|c| {
            FieldError::body(
                format!("/criteria/{}", c.code),
                t!(
                    "Tiêu chí {} «{}»: điểm trung bình {} dưới mức đạt {}.",
                    "Criterion {} \"{}\": its mean {} is below its pass mark {}.",
                    c.code,
                    c.title,
                    c.mean,
                    c.pass_mark
                ),
            )
        })
        .collect();
    if let (Some(mean), Some(false)) = (score.mean, score.meets_threshold) {
        failed.push(FieldError::body(
            "/threshold",
            t!(
                "Tổng điểm trung bình {} dưới ngưỡng {} của bộ tiêu chí.",
                "The mean total {} is below the set's threshold {}.",
                mean,
                score.threshold
            ),
        ));
    }
    if failed.is_empty() {
        return Ok(None);
    }
    match override_reason {
        Some(reason) => Ok(Some(reason.to_owned())),
        None => {
            let mut e = AppError::invalid(failed).with_code(Code::CriteriaNotMet);
            e.detail = t!(
                "Điểm của hồ sơ chưa đạt bộ tiêu chí; chỉ đề xuất được khi Sở Nội vụ nêu lý do (override_reason).",
                "The nomination's scores fail its criteria set; it is recommended only with the coordinator's reason (override_reason)."
            );
            Err(e)
        }
    }
}

/// Opens public comment (a published nominee only) until a date counted in working days.
fn open_comment(
    conn: &mut DbConn,
    row: &mut NominationRow,
    working_days: Option<i32>,
) -> AppResult<()> {
    let model = match &row.model_id {
        Some(id) => models::get(conn, id)?,
        None => None,
    };
    if !model.is_some_and(|m| m.is_public()) {
        return Err(AppError::conflict(
            Code::NomineeNotPublic,
            t!(
                "Chỉ lấy ý kiến công khai khi điển hình đã công khai (và cá nhân đã đồng ý).",
                "Public comment needs a published nominee (an individual with recorded consent)."
            ),
        ));
    }
    let days = working_days.unwrap_or(row.comment_working_days);
    let today = crate::domain::today();
    let holidays = store::holiday_set(conn, today)?;
    row.comment_working_days = days;
    row.comment_closes_on = Some(add_working_days(
        today,
        u32::try_from(days).unwrap_or(5),
        &holidays,
    ));
    Ok(())
}

/// Public comment closes on or after its closing date.
fn comment_period_over(row: &NominationRow) -> AppResult<()> {
    let closes = row.comment_closes_on.unwrap_or_default();
    if crate::domain::today() < closes {
        return Err(AppError::conflict(
            Code::CommentPeriodOpen,
            t!(
                "Thời hạn lấy ý kiến đến hết ngày {}.",
                "Public comment runs until the end of {}.",
                closes
            ),
        )
        .with_ext(Ext::CommentClosesOn, closes.to_string()));
    }
    Ok(())
}

/// The answer to a step the workflow refuses: 403 `role_required` for the wrong caller, 409
/// `invalid_transition` with the allowed actions for the wrong state.
fn refused(refusal: Refusal, action: NominationAction, current: NominationState) -> AppError {
    match refusal {
        Refusal::Actor => AppError::forbidden(t!(
            "Bạn không có vai trò hoặc đơn vị để {} hồ sơ này.",
            "You lack the role or unit to {} this nomination.",
            action.as_str()
        ))
        .with_code(Code::RoleRequired),
        Refusal::State(allowed) => AppError::conflict(
            Code::InvalidTransition,
            t!(
                "Không thể {} hồ sơ đang ở trạng thái {}.",
                "Cannot {} a nomination that is {}.",
                action.as_str(),
                current.as_str()
            ),
        )
        .with_ext(Ext::State, current.as_str())
        .with_ext(
            Ext::AllowedActions,
            allowed.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        ),
    }
}

/// The scores of a review against the criteria set: each criterion known, within its points,
/// once, and (unless a conflict is declared) every criterion scored. Every problem is reported.
fn check_scores(
    crits: &[criteria::CriterionRow],
    review_id: &str,
    s: &Scoring,
) -> AppResult<Vec<ScoreRow>> {
    let mut errors = Vec::new();
    let mut scores: Vec<ScoreRow> = Vec::new();
    for (i, (criterion, points)) in s.scores.iter().enumerate() {
        match crits.iter().find(|k| k.code == *criterion) {
            None => errors.push(FieldError::body(
                format!("/scores/{i}/criterion"),
                t!(
                    "Bộ tiêu chí không có tiêu chí {}.",
                    "The set has no criterion {}.",
                    criterion
                ),
            )),
            Some(k) if !(0..=k.max_points).contains(points) => errors.push(FieldError::body(
                format!("/scores/{i}/points"),
                t!(
                    "Điểm phải từ 0 đến {}.",
                    "Points must be 0 to {}.",
                    k.max_points
                ),
            )),
            Some(k) if scores.iter().any(|x| x.criterion_id == k.id) => {
                errors.push(FieldError::body(
                    format!("/scores/{i}/criterion"),
                    t!(
                        "Tiêu chí {} được chấm hai lần.",
                        "Criterion {} is scored twice.",
                        criterion
                    ),
                ));
            }
            Some(k) => scores.push(ScoreRow {
                review_id: review_id.to_owned(),
                criterion_id: k.id.clone(),
                points: *points,
            }),
        }
    }
    if !s.conflict_of_interest {
        let missing: Vec<&str> = crits
            .iter()
            .filter(|k| !s.scores.iter().any(|(c, _)| *c == k.code))
            .map(|k| k.code.as_str())
            .collect();
        if !missing.is_empty() {
            errors.push(FieldError::body(
                "/scores",
                t!(
                    "Thiếu điểm các tiêu chí: {}.",
                    "Scores are missing for: {}.",
                    missing.join(", ")
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(scores)
    } else {
        Err(AppError::invalid(errors))
    }
}

/// A reviewer scores a nomination in review (or declares a conflict of interest); a second
/// review replaces the first.
pub fn review(
    conn: &mut DbConn,
    who: &Who,
    reviewer_id: &str,
    id: &str,
    s: &Scoring,
) -> AppResult<ReviewsShown> {
    let n = load(conn, id)?;
    if !n.state.open_for_scoring() {
        return Err(AppError::conflict(
            Code::NotInReview,
            t!(
                "Chỉ chấm điểm hồ sơ đang xét (hiện: {}).",
                "Only a nomination in review can be scored (now: {}).",
                n.state.as_str()
            ),
        ));
    }
    let crits = criteria::criteria(conn, std::slice::from_ref(&n.criteria_set_id))?;
    let review_id = new_id();
    let scores = check_scores(&crits, &review_id, s)?;
    let at = now();
    let review = ReviewRow {
        id: review_id,
        nomination_id: n.id.clone(),
        reviewer_id: reviewer_id.to_owned(),
        conflict_of_interest: s.conflict_of_interest,
        note: s.note.clone(),
        created_at: at,
        updated_at: at,
    };
    store::put_review(conn, &review, &scores)?;
    audit::record(
        conn,
        who,
        "review",
        "nomination",
        &n.id,
        None,
        Some(&serde_json::json!({"review": review, "scores": scores})),
    )?;
    reviews_of(conn, &n)
}

/// The council's reviews of a nomination, with the aggregate.
pub fn reviews(conn: &mut DbConn, id: &str) -> AppResult<ReviewsShown> {
    let n = load(conn, id)?;
    reviews_of(conn, &n)
}

fn reviews_of(conn: &mut DbConn, n: &NominationRow) -> AppResult<ReviewsShown> {
    let crits = criteria::criteria(conn, std::slice::from_ref(&n.criteria_set_id))?;
    let code = |id: &str| {
        crits
            .iter()
            .find(|k| k.id == id)
            .map(|k| k.code.clone())
            .unwrap_or_default()
    };
    let items = store::reviews(conn, &n.id)?
        .into_iter()
        .map(|(row, scores)| ScoredReview {
            total: (!row.conflict_of_interest).then(|| scores.iter().map(|s| s.points).sum()),
            scores: scores
                .iter()
                .map(|s| (code(&s.criterion_id), s.points))
                .collect(),
            row,
        })
        .collect();
    Ok(ReviewsShown {
        items,
        summary: score_summary(conn, n)?,
    })
}

/// The pool a ranking asks about: per movement for `annual` (required), one per congress (the
/// one `congress_id` names, or the letter's congress of the track).
fn pool_asked(conn: &mut DbConn, ask: &PoolAsk) -> AppResult<Pool> {
    let (track, year) = (ask.track, ask.year);
    // A pool no rule defines is a question about nothing: the parameters are wrong.
    let unknown_pool = |name: &str| {
        AppError::invalid(vec![FieldError::param(
            name,
            t!(
                "Không có quy định số lượng cho loại {} năm {}.",
                "No quota rule covers track {} in {}.",
                track.as_str(),
                year
            ),
        )])
        .with_code(Code::NoQuotaRule)
    };
    if track != Track::Annual {
        let congress = match &ask.congress_id {
            Some(id) => crate::store::congresses::get(conn, id)?
                .filter(|c| super::congresses::track_of(c.level) == track)
                .ok_or_else(|| unknown_pool("congress_id"))?,
            None => crate::store::congresses::by_alias(conn, track)?
                .ok_or_else(|| unknown_pool("track"))?,
        };
        if congress.year != year {
            return Err(unknown_pool("year"));
        }
        return answered_pool(conn, quotas::PoolOf::Congress(&congress), || {
            unknown_pool("year")
        });
    }
    let Some(id) = ask.movement_id.as_deref() else {
        return Err(AppError::invalid_param(
            "movement_id",
            t!(
                "Chỉ tiêu hằng năm tính theo phong trào: cần movement_id.",
                "The annual quota is per movement: movement_id is required."
            ),
        ));
    };
    let movement = movements::get(conn, id)?.ok_or_else(|| {
        AppError::invalid_param(
            "movement_id",
            t!("Không có phong trào này.", "No such movement."),
        )
    })?;
    answered_pool(conn, quotas::PoolOf::Annual(&movement, year), || {
        unknown_pool("year")
    })
}

/// A pool with its use, or `unknown` when no rule counts it (other errors pass through).
fn answered_pool(
    conn: &mut DbConn,
    pool: quotas::PoolOf,
    unknown: impl FnOnce() -> AppError,
) -> AppResult<Pool> {
    quotas::counted(conn, pool)?
        .map(|(_, shown)| shown)
        .ok_or_else(unknown)
}

/// Which pool a ranking is about.
pub struct PoolAsk {
    pub track: Track,
    pub year: i32,
    /// For `annual`: the movement (required).
    pub movement_id: Option<String>,
    /// For a congress track: the congress (absent: the letter's congress of the track).
    pub congress_id: Option<String>,
}

/// The nominations of a pool in the states `only`, best mean score first (the earliest first
/// among equals), with their ranks and the pool's use.
pub fn ranking(
    conn: &mut DbConn,
    caller: &Caller,
    ask: &PoolAsk,
    only: &[NominationState],
) -> AppResult<Ranking> {
    let pool = pool_asked(conn, ask)?;
    // The council reads every pool; a lead unit the pool of a movement it leads.
    let door = &doors::POOL_READ;
    match &pool.movement_id {
        Some(id) => {
            let lead = movements::get(conn, id)?.map(|m| m.lead_unit_id);
            door.for_movement(caller, None, lead.as_deref().unwrap_or_default())?;
        }
        None => door.for_province(caller)?,
    }
    let filter = Filter {
        year: Some(ask.year),
        track: Some(ask.track),
        movement_id: pool.movement_id.clone(),
        congress_id: pool.congress_id.clone(),
        ..Default::default()
    };
    let rows: Vec<NominationRow> = store::list(conn, &filter, None, None)?
        .into_iter()
        .filter(|r| only.contains(&r.state))
        .collect();
    let mut items = show(conn, caller, rows)?;
    items.sort_by(|a, b| {
        b.score
            .mean
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.score.mean.unwrap_or(f64::NEG_INFINITY))
            .then(a.row.created_at.cmp(&b.row.created_at))
    });
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n.score.mean.map(|_| i64::try_from(i).unwrap_or(0) + 1), n))
        .collect();
    Ok(Ranking { pool, items })
}

/// A page of the public's comments on a nomination, oldest first, and the next cursor. The
/// council reads them; the commenters' contact details only the registrars (coordinators and
/// administrators), who answer them.
pub fn comments(
    conn: &mut DbConn,
    caller: &Caller,
    id: &str,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<CommentRow>, Option<String>)> {
    doors::COUNCIL.admits(caller)?;
    load(conn, id)?;
    let mut rows = store::comments(conn, id, after, limit)?;
    if !caller.is_registrar() {
        for row in &mut rows {
            row.contact = None;
        }
    }
    Ok(paging::split(rows, limit, |r| r.id.clone()))
}

/// Hands an open nomination over to `to` as its proposing unit: a step of a reorganisation.
pub fn hand_over(conn: &mut DbConn, who: &Who, id: &str, to: &str) -> AppResult<()> {
    let before = load(conn, id)?;
    let mut row = before.clone();
    row.proposing_unit_id = to.to_owned();
    save_versioned(conn, who, "reorganise", None, &before, row)?;
    Ok(())
}
