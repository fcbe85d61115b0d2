//! Nominations for commendation (letter points 6c, 6d): the dossier, the workflow, quotas that
//! hold across servers, the council's scores, the ranking within a quota, and the exports for
//! the Chairman's decision. Forms of commendation are reference data here too.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{get, patch, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::models::MovementRef;
use super::movements::{unit_refs, UnitRef};
use super::{check_if_match, created, etag, if_match, page, utc, with_etag, Check, Ctx};
use crate::domain::access::{Caller, Role, Scope};
use crate::domain::models::{Category, ModelKind};
use crate::domain::nominations::{
    add_working_days, NominationAction, NominationActor, NominationState, Refusal,
};
use crate::domain::page as paging;
use crate::domain::vocab::Track;
use crate::error::{AppError, AppResult};
use crate::store::nominations::{self as store, FormRow, NominationRow, ReviewRow, ScoreRow};
use crate::store::{
    audit, changes, criteria, documents, lock_key, models, movements, new_id, now, quotas, DbConn,
};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_forms).service(create_form).service(
        // `ranking` and the exports before `{id}`, which would otherwise take them as ids.
        scope("/api/v1/nominations")
            .service(create)
            .service(list)
            .service(ranking)
            .service(export_csv)
            .service(export_xlsx)
            .service(read)
            .service(update)
            .service(act)
            .service(put_review)
            .service(list_reviews)
            .service(list_comments),
    );
}

/// The roles that read nominations; a unit officer reads those its unit proposed.
const READERS: &[Role] = &[
    Role::Admin,
    Role::Coordinator,
    Role::Approver,
    Role::Reviewer,
    Role::Viewer,
    Role::UnitOfficer,
];

/// The roles that see the council's reviews and the public's comments.
const COUNCIL: &[Role] = &[
    Role::Admin,
    Role::Coordinator,
    Role::Approver,
    Role::Reviewer,
    Role::Viewer,
];

/// A form of commendation (hình thức khen thưởng).
#[derive(Serialize, ToSchema, Clone)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "code": "bang-khen-ubnd-tinh", "name": "Bằng khen của Chủ tịch UBND tỉnh"}))]
pub struct CommendationForm {
    pub id: String,
    pub code: String,
    pub name: String,
}

impl From<FormRow> for CommendationForm {
    fn from(r: FormRow) -> Self {
        CommendationForm {
            id: r.id,
            code: r.code,
            name: r.name,
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "co-thi-dua-ubnd-tinh", "name": "Cờ thi đua của UBND tỉnh"}))]
pub struct NewCommendationForm {
    #[schema(min_length = 1, max_length = 50, pattern = "^[a-z0-9-]+$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct CommendationForms {
    pub items: Vec<CommendationForm>,
}

/// A file of the dossier, kept elsewhere and pinned here by its SHA-256.
#[derive(Serialize, Deserialize, ToSchema, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Báo cáo thành tích.pdf", "media_type": "application/pdf", "size": 482113,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "url": "https://vanban.hungyen.gov.vn/hs/123.pdf"}))]
pub struct Attachment {
    #[schema(min_length = 1, max_length = 255)]
    pub name: String,
    /// `type/subtype`.
    #[schema(min_length = 3, max_length = 100)]
    pub media_type: String,
    /// Bytes.
    #[schema(minimum = 1, maximum = 1073741824_i64)]
    pub size: i64,
    /// Lowercase hex.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
    /// http or https.
    #[schema(max_length = 500)]
    pub url: String,
}

/// A new nomination, proposed by a unit.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "model_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01",
    "year": 2025, "track": "annual", "form_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01",
    "proposing_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "criteria_set_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e01",
    "dossier": "Báo cáo thành tích: tổ hợp tác đã giúp 12 hộ thoát nghèo bền vững trong 3 năm.",
    "attachments": [{"name": "Báo cáo thành tích.pdf", "media_type": "application/pdf", "size": 482113,
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "url": "https://vanban.hungyen.gov.vn/hs/123.pdf"}]
}))]
pub struct NewNomination {
    /// The nominee: an exemplary model in the movement.
    pub model_id: String,
    pub movement_id: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    pub track: Track,
    pub form_id: String,
    /// Defaults to the caller's unit.
    pub proposing_unit_id: Option<String>,
    /// The version of the movement's criteria set the nomination is judged by.
    pub criteria_set_id: String,
    /// The achievement report.
    #[schema(min_length = 1, max_length = 100000)]
    pub dossier: String,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub attachments: Vec<Attachment>,
    /// Working days of a public comment period, if one is opened (default 5).
    #[schema(minimum = 1, maximum = 60)]
    pub comment_working_days: Option<i32>,
}

/// Changes to a draft or returned nomination; absent members stay.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"dossier": "Báo cáo thành tích (bổ sung số liệu năm 2025)."}))]
pub struct NominationPatch {
    #[schema(min_length = 1, max_length = 100000)]
    pub dossier: Option<String>,
    #[schema(max_items = 50)]
    pub attachments: Option<Vec<Attachment>>,
    pub form_id: Option<String>,
    pub criteria_set_id: Option<String>,
    #[schema(minimum = 1, maximum = 60)]
    pub comment_working_days: Option<i32>,
}

/// The nominee as a nomination shows it.
#[derive(Serialize, ToSchema, Clone)]
pub struct Nominee {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
    pub category: Category,
    /// Whether the letter gives the category priority.
    pub priority: bool,
    pub unit: Option<UnitRef>,
}

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

/// A nomination.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01",
    "nominee": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "kind": "collective", "name": "Tổ sản xuất rau an toàn thôn Đông",
        "category": "small_collective", "priority": true, "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"}},
    "movement": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "code": "PT-NGUOI-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau"},
    "year": 2025, "track": "annual",
    "form": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "code": "bang-khen-ubnd-tinh", "name": "Bằng khen của Chủ tịch UBND tỉnh"},
    "proposing_unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"},
    "criteria_set_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e01", "dossier": "Báo cáo thành tích.", "attachments": [],
    "state": "in_review", "available_actions": ["return", "open_comment", "recommend", "reject"],
    "comment_working_days": 5, "comment_closes_on": null, "return_comments": null, "reason": null,
    "decision_number": null, "decision_date": null, "revocation_document_id": null,
    "score": {"mean": 86.5, "count": 2, "excluded": 1, "threshold": 80, "meets_threshold": true, "flagged": []},
    "version": 4, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T09:00:00Z"
}))]
pub struct Nomination {
    pub id: String,
    pub nominee: Nominee,
    pub movement: MovementRef,
    pub year: i32,
    pub track: Track,
    pub form: CommendationForm,
    pub proposing_unit: Option<UnitRef>,
    pub criteria_set_id: String,
    pub dossier: String,
    pub attachments: Vec<Attachment>,
    pub state: NominationState,
    /// What the caller may do now.
    pub available_actions: Vec<NominationAction>,
    pub comment_working_days: i32,
    pub comment_closes_on: Option<NaiveDate>,
    pub return_comments: Option<String>,
    /// Why it was withdrawn, rejected, sent back or revoked (the latest).
    pub reason: Option<String>,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub revocation_document_id: Option<String>,
    pub score: ScoreSummary,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A workflow action with what it needs.
#[derive(Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
#[schema(example = json!({"action": "approve", "decision_number": "2150/QĐ-UBND", "decision_date": "2025-12-20"}))]
pub enum ActionRequest {
    /// The proposing unit sends the dossier (from draft or returned).
    Submit,
    /// The proposing unit withdraws it (until review ends).
    Withdraw {
        #[schema(max_length = 2000)]
        reason: Option<String>,
    },
    /// The coordinator starts the review.
    StartReview,
    /// The coordinator returns it to the unit with comments.
    Return {
        #[schema(min_length = 1, max_length = 4000)]
        comments: String,
    },
    /// The coordinator opens public comment until a closing date counted in working days.
    OpenComment {
        /// Defaults to the nomination's `comment_working_days`.
        #[schema(minimum = 1, maximum = 60)]
        working_days: Option<i32>,
    },
    /// The coordinator closes public comment, on or after the closing date.
    CloseComment,
    /// The coordinator recommends it to the Chairman, within the quota.
    Recommend,
    /// The coordinator (in review) or the approver (once recommended) rejects it.
    Reject {
        #[schema(min_length = 1, max_length = 2000)]
        reason: String,
    },
    /// The approver sends a recommendation back to review.
    SendBack {
        #[schema(min_length = 1, max_length = 2000)]
        reason: String,
    },
    /// The approver decides the commendation.
    Approve {
        #[schema(min_length = 1, max_length = 100)]
        decision_number: String,
        decision_date: NaiveDate,
    },
    /// The approver revokes an honour (a false dossier), citing the revoking document.
    Revoke {
        #[schema(min_length = 1, max_length = 2000)]
        reason: String,
        document_id: String,
    },
}

impl ActionRequest {
    fn action(&self) -> NominationAction {
        match self {
            ActionRequest::Submit => NominationAction::Submit,
            ActionRequest::Withdraw { .. } => NominationAction::Withdraw,
            ActionRequest::StartReview => NominationAction::StartReview,
            ActionRequest::Return { .. } => NominationAction::Return,
            ActionRequest::OpenComment { .. } => NominationAction::OpenComment,
            ActionRequest::CloseComment => NominationAction::CloseComment,
            ActionRequest::Recommend => NominationAction::Recommend,
            ActionRequest::Reject { .. } => NominationAction::Reject,
            ActionRequest::SendBack { .. } => NominationAction::SendBack,
            ActionRequest::Approve { .. } => NominationAction::Approve,
            ActionRequest::Revoke { .. } => NominationAction::Revoke,
        }
    }
}

/// One reviewer's scores, or the declaration of a conflict of interest.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"conflict_of_interest": false, "scores": [{"criterion": "TC1", "points": 45}, {"criterion": "TC2", "points": 40}], "note": "Hồ sơ đầy đủ."}))]
pub struct ReviewRequest {
    /// A reviewer with a conflict of interest declares it and gives no scores.
    #[serde(default)]
    pub conflict_of_interest: bool,
    /// One score per criterion of the set, by its code.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub scores: Vec<CriterionScore>,
    #[schema(max_length = 4000)]
    pub note: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct CriterionScore {
    #[schema(min_length = 1, max_length = 20)]
    pub criterion: String,
    #[schema(minimum = 0, maximum = 1000)]
    pub points: i32,
}

/// A reviewer's review.
#[derive(Serialize, ToSchema)]
pub struct Review {
    pub id: String,
    pub reviewer_id: String,
    pub conflict_of_interest: bool,
    pub scores: Vec<CriterionScore>,
    /// The sum of the points; null for a declared conflict.
    pub total: Option<i32>,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Reviews {
    pub items: Vec<Review>,
    pub summary: ScoreSummary,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NominationQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub track: Option<Track>,
    pub movement_id: Option<String>,
    pub state: Option<NominationState>,
    pub proposing_unit_id: Option<String>,
    pub model_id: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// A quota pool: the nominations one quota rule counts.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PoolQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
    pub track: Track,
    /// Required for `annual` (the quota is per movement); ignored for the congress tracks.
    pub movement_id: Option<String>,
}

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

/// One nomination in a quota pool's ranking.
#[derive(Serialize, ToSchema)]
pub struct Ranked {
    /// 1 for the highest mean score; unscored nominations come last, without a rank.
    pub rank: Option<i64>,
    pub nomination: Nomination,
}

#[derive(Serialize, ToSchema)]
pub struct Ranking {
    pub pool: Pool,
    pub items: Vec<Ranked>,
}

/// A comment the public sent, for the coordinator.
#[derive(Serialize, ToSchema)]
pub struct PublicComment {
    pub id: String,
    pub author_name: Option<String>,
    pub contact: Option<String>,
    pub comment: String,
    pub received_at: DateTime<Utc>,
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
fn ensure_readable(caller: &Caller, row: &NominationRow) -> AppResult<()> {
    caller.require(READERS)?;
    if caller.is(&[Role::UnitOfficer]) && caller.unit.as_deref() != Some(&row.proposing_unit_id) {
        return Err(AppError::forbidden(t!(
            "Bạn chỉ xem được hồ sơ đề nghị của đơn vị mình.",
            "You may read only your own unit's nominations."
        ))
        .with_code("other_unit"));
    }
    Ok(())
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<NominationRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("hồ sơ đề nghị (nomination)"))
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

#[cfg(test)]
mod tests {
    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(super::defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(super::defuse("-12.5"), "-12.5");
        assert_eq!(super::defuse("Tổ rau an toàn"), "Tổ rau an toàn");
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Builds the answers for rows, loading nominees, movements, forms and units at once.
fn assemble(
    conn: &mut DbConn,
    caller: &Caller,
    rows: Vec<NominationRow>,
) -> AppResult<Vec<Nomination>> {
    let model_ids: Vec<String> = rows.iter().map(|r| r.model_id.clone()).collect();
    let mut nominees: HashMap<String, (Nominee, String)> = HashMap::new();
    for id in super::unique(&model_ids) {
        if let Some(m) = models::get_any(conn, &id)? {
            let category = m.category;
            nominees.insert(
                id,
                (
                    Nominee {
                        id: m.id.clone(),
                        kind: m.kind,
                        name: m.name.clone(),
                        category,
                        priority: category.is_priority(),
                        unit: None,
                    },
                    m.managing_unit_id,
                ),
            );
        }
    }
    let mut unit_ids: Vec<String> = rows.iter().map(|r| r.proposing_unit_id.clone()).collect();
    unit_ids.extend(nominees.values().map(|(_, u)| u.clone()));
    let units = unit_refs(conn, &super::unique(&unit_ids))?;
    let forms: HashMap<String, CommendationForm> = store::forms(conn)?
        .into_iter()
        .map(|f| (f.id.clone(), f.into()))
        .collect();
    let mut movement_refs: HashMap<String, MovementRef> = HashMap::new();
    for id in super::unique(
        &rows
            .iter()
            .map(|r| r.movement_id.clone())
            .collect::<Vec<_>>(),
    ) {
        if let Some(m) = movements::get(conn, &id)? {
            movement_refs.insert(
                id,
                MovementRef {
                    id: m.id,
                    code: m.code,
                    name: m.name,
                },
            );
        }
    }
    rows.into_iter()
        .map(|r| {
            let nominee = nominees.get(&r.model_id).map(|(n, unit)| Nominee {
                unit: units.get(unit).cloned(),
                ..n.clone()
            });
            let state = r.state;
            let who = actors(caller, &r);
            let available_actions = state
                .actions()
                .into_iter()
                .filter(|a| state.apply(*a, &who).is_ok())
                .collect();
            Ok(Nomination {
                score: score_summary(conn, &r)?,
                nominee: nominee.ok_or_else(|| AppError::internal("nominee missing"))?,
                movement: movement_refs
                    .get(&r.movement_id)
                    .cloned()
                    .ok_or_else(|| AppError::internal("movement missing"))?,
                track: r.track,
                form: forms
                    .get(&r.form_id)
                    .cloned()
                    .ok_or_else(|| AppError::internal("form missing"))?,
                proposing_unit: units.get(&r.proposing_unit_id).cloned(),
                attachments: serde_json::from_str(&r.attachments).unwrap_or_default(),
                state,
                available_actions,
                id: r.id,
                year: r.year,
                criteria_set_id: r.criteria_set_id,
                dossier: r.dossier,
                comment_working_days: r.comment_working_days,
                comment_closes_on: r.comment_closes_on,
                return_comments: r.return_comments,
                reason: r.reason,
                decision_number: r.decision_number,
                decision_date: r.decision_date,
                revocation_document_id: r.revocation_document_id,
                version: r.version,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
            })
        })
        .collect()
}

fn one(conn: &mut DbConn, caller: &Caller, row: NominationRow) -> AppResult<Nomination> {
    assemble(conn, caller, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("nomination vanished"))
}

fn to_json(r: &NominationRow) -> serde_json::Value {
    serde_json::to_value(r).unwrap_or_default()
}

/// Writes `row` over `before` as the next version (412 on a stale `If-Match`, checked after
/// every other rule), and records it in the audit log.
fn save(
    conn: &mut DbConn,
    who: &audit::Who,
    action: &str,
    if_match: Option<&str>,
    before: &NominationRow,
    mut row: NominationRow,
) -> AppResult<()> {
    check_if_match(if_match, before.version)?;
    row.version = before.version + 1;
    row.updated_at = now();
    if !store::update(conn, &row, before.version)? {
        return Err(AppError::stale(&etag(before.version)));
    }
    audit::record(
        conn,
        who,
        action,
        "nomination",
        &row.id,
        Some(&to_json(before)),
        Some(&to_json(&row)),
    )
}

/// One achievement, one form: refuses while an earlier nomination of the nominee for the same
/// form and year stands. The caller holds the nominee's lock.
fn refuse_duplicate(conn: &mut DbConn, model_id: &str, form_id: &str, year: i32) -> AppResult<()> {
    match store::standing_duplicate(conn, model_id, form_id, year)? {
        None => Ok(()),
        Some(earlier) => Err(AppError::conflict(
            "duplicate_nomination",
            t!(
                "Điển hình này đã được đề nghị cùng hình thức khen thưởng trong năm {} (hồ sơ {}).",
                "This nominee already has a nomination for the same form in {} ({}).",
                year,
                earlier.id
            ),
        )
        .with_ext("nomination_id", earlier.id)),
    }
}

/// Validates the dossier's attachments.
fn check_attachments(c: &mut Check, given: &[Attachment]) -> Vec<Attachment> {
    if given.len() > 50 {
        c.fail(
            "/attachments",
            t!("Tối đa 50 tệp đính kèm.", "At most 50 attachments."),
        );
    }
    given
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let at = |m: &str| format!("/attachments/{i}/{m}");
            let name = c.name(&at("name"), &a.name, 255);
            let media_type = c.name(&at("media_type"), &a.media_type, 100);
            let well_formed = media_type.split_once('/').is_some_and(|(t, s)| {
                !t.is_empty() && !s.is_empty() && !media_type.contains(char::is_whitespace)
            });
            if !well_formed {
                c.fail(
                    &at("media_type"),
                    t!(
                        "Kiểu tệp phải có dạng type/subtype.",
                        "The media type must look like type/subtype."
                    ),
                );
            }
            if !(1..=1_073_741_824).contains(&a.size) {
                c.fail(
                    &at("size"),
                    t!(
                        "Kích thước phải từ 1 byte đến 1 GiB.",
                        "The size must be 1 byte to 1 GiB."
                    ),
                );
            }
            let hex_ok = a.sha256.len() == 64
                && a.sha256
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ('a'..='f').contains(&ch));
            if !hex_ok {
                c.fail(
                    &at("sha256"),
                    t!(
                        "SHA-256 phải là 64 ký tự hex viết thường.",
                        "sha256 must be 64 lowercase hex characters."
                    ),
                );
            }
            let url = c.url(&at("url"), Some(&a.url)).unwrap_or_default();
            if url.is_empty() {
                c.fail(&at("url"), t!("Không được để trống.", "Must not be empty."));
            }
            Attachment {
                name,
                media_type,
                size: a.size,
                sha256: a.sha256.clone(),
                url,
            }
        })
        .collect()
}

fn check_working_days(c: &mut Check, pointer: &str, days: Option<i32>) {
    if days.is_some_and(|d| !(1..=60).contains(&d)) {
        c.fail(
            pointer,
            t!(
                "Số ngày làm việc phải từ 1 đến 60.",
                "The working days must be 1 to 60."
            ),
        );
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
        None => Err(super::unknown_reference(
            "/criteria_set_id",
            "bộ tiêu chí / criteria set",
        )),
    }
}

fn form_exists(conn: &mut DbConn, id: &str) -> AppResult<()> {
    store::form(conn, id)?
        .map(|_| ())
        .ok_or_else(|| super::unknown_reference("/form_id", "hình thức khen thưởng / form"))
}

/// The quota rule that counts a nomination of `track`, `year` and movement, if any.
fn rule_for(
    conn: &mut DbConn,
    track: Track,
    year: i32,
    movement: &movements::MovementRow,
) -> AppResult<Option<quotas::QuotaRuleRow>> {
    Ok(quotas::all(conn)?.into_iter().find(|r| {
        r.track == track
            && match track {
                Track::Annual => r.scale == Some(movement.participation_scale),
                Track::ProvincialCongress | Track::NationalCongress => r.year == Some(year),
            }
    }))
}

/// The pool of a nomination's quota, with the places held now. Callers that are about to take
/// a place hold the pool's lock first.
fn pool_of(
    conn: &mut DbConn,
    track: Track,
    year: i32,
    movement: &movements::MovementRow,
) -> AppResult<Pool> {
    let rule = rule_for(conn, track, year, movement)?.ok_or_else(|| no_rule(track, year))?;
    let movement_id = (track == Track::Annual).then(|| movement.id.clone());
    let used = store::places_held(conn, track, year, movement_id.as_deref())?;
    let limit = i64::from(rule.max_count);
    Ok(Pool {
        track,
        year,
        movement_id,
        rule: rule.code,
        limit,
        used,
        remaining: (limit - used).max(0),
    })
}

fn no_rule(track: Track, year: i32) -> AppError {
    AppError::conflict(
        "no_quota_rule",
        t!(
            "Không có quy định số lượng cho loại {} năm {}.",
            "No quota rule covers track {} in {}.",
            track.as_str(),
            year
        ),
    )
}

fn pool_lock_key(pool: &Pool) -> String {
    format!(
        "quota:{}:{}:{}",
        pool.track.as_str(),
        pool.year,
        pool.movement_id.as_deref().unwrap_or("*")
    )
}

/// Lists the forms of commendation.
#[utoipa::path(
    tag = "nominations",
    responses((status = 200, description = "Các hình thức khen thưởng", body = CommendationForms)),
    security(("bearer" = []))
)]
#[get("/api/v1/commendation-forms")]
pub async fn list_forms(_caller: Caller, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let items = state
        .db
        .read(|conn| Ok(store::forms(conn)?.into_iter().map(Into::into).collect()))
        .await?;
    Ok(HttpResponse::Ok().json(CommendationForms { items }))
}

/// Adds a form of commendation (admins and coordinators).
#[utoipa::path(
    tag = "nominations", request_body = NewCommendationForm,
    responses((status = 201, description = "Đã thêm hình thức khen thưởng", body = CommendationForm,
        headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/commendation-forms")]
pub async fn create_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<NewCommendationForm>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    let mut c = Check::new();
    let code = c.name("/code", &body.code, 50);
    if !code
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        c.fail(
            "/code",
            t!(
                "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang.",
                "The code takes lowercase ASCII letters, digits and hyphens."
            ),
        );
    }
    let name = c.name("/name", &body.name, 300);
    c.finish()?;
    let who = ctx.who();
    let form = state
        .db
        .write(move |conn| {
            if store::form_by_code(conn, &code)?.is_some() {
                return Err(AppError::conflict(
                    "duplicate",
                    t!("Mã {} đã có.", "The code {} is taken.", code),
                ));
            }
            let row = FormRow {
                id: new_id(),
                code: code.clone(),
                name: name.clone(),
                created_at: now(),
            };
            store::insert_form(conn, &row)?;
            audit::record(
                conn,
                &who,
                "create",
                "commendation_form",
                &row.id,
                None,
                Some(&serde_json::to_value(&row).unwrap_or_default()),
            )?;
            Ok(CommendationForm::from(row))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/commendation-forms/{}", form.id),
        ))
        .json(form))
}

/// A unit proposes a nominee for a commendation (a draft until it is submitted).
///
/// The same nominee with the same form in the same year is refused while an earlier
/// nomination stands (rejected and withdrawn ones do not count). A national-congress
/// nomination needs an approved provincial-congress honour of the same year.
#[utoipa::path(
    tag = "nominations", request_body = NewNomination,
    responses((status = 201, description = "Đã lập hồ sơ đề nghị", body = Nomination,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<NewNomination>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let dossier = c.name("/dossier", &b.dossier, 100_000);
    let attachments = check_attachments(&mut c, &b.attachments);
    check_working_days(&mut c, "/comment_working_days", b.comment_working_days);
    if !(2000..=2100).contains(&b.year) {
        c.fail(
            "/year",
            t!(
                "Năm phải từ 2000 đến 2100.",
                "The year must be between 2000 and 2100."
            ),
        );
    }
    let proposing = b.proposing_unit_id.clone().or(ctx.caller.unit.clone());
    if proposing.is_none() {
        c.fail(
            "/proposing_unit_id",
            t!("Cần đơn vị đề nghị.", "The proposing unit is required."),
        );
    }
    c.finish()?;
    let proposing = proposing.unwrap_or_default();
    // People propose; a unit's software does not (it could not read or submit the draft).
    ctx.caller
        .require(&[Role::Admin, Role::Coordinator, Role::UnitOfficer])?;
    ctx.caller
        .require_for_unit(&proposing, Scope::ModelsWrite)?;
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let n = state
        .db
        .write(move |conn| {
            let model = models::get(conn, &b.model_id)?
                .ok_or_else(|| super::unknown_reference("/model_id", "điển hình / model"))?;
            let movement = movements::get(conn, &b.movement_id)?
                .ok_or_else(|| super::unknown_reference("/movement_id", "phong trào / movement"))?;
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
            if crate::store::units::get(conn, &proposing)?.is_none() {
                return Err(super::unknown_reference(
                    "/proposing_unit_id",
                    "đơn vị / unit",
                ));
            }
            form_exists(conn, &b.form_id)?;
            criteria_set_of(conn, &movement.id, &b.criteria_set_id)?;
            if rule_for(conn, b.track, b.year, &movement)?.is_none() {
                return Err(AppError::invalid_field(
                    "/year",
                    t!(
                        "Không có quy định số lượng cho loại {} năm {}.",
                        "No quota rule covers track {} in {}.",
                        b.track.as_str(),
                        b.year
                    ),
                )
                .with_code("no_quota_rule"));
            }
            // One nominee's nominations queue here, on every instance, before the duplicate check.
            lock_key(conn, &format!("nominee:{}", model.id))?;
            refuse_duplicate(conn, &model.id, &b.form_id, b.year)?;
            if b.track == Track::NationalCongress
                && !store::approved_on(conn, &model.id, Track::ProvincialCongress, b.year)?
            {
                return Err(AppError::conflict(
                    "not_provincial_honouree",
                    t!(
                        "Chỉ điển hình đã được tuyên dương tại Đại hội thi đua yêu nước tỉnh năm {} mới được đề nghị lên Đại hội toàn quốc.",
                        "Only models honoured at the {} provincial congress may go on to the national congress.",
                        b.year
                    ),
                ));
            }
            let at = now();
            let row = NominationRow {
                id: new_id(),
                model_id: model.id.clone(),
                movement_id: movement.id.clone(),
                year: b.year,
                track: b.track,
                form_id: b.form_id.clone(),
                proposing_unit_id: proposing.clone(),
                criteria_set_id: b.criteria_set_id.clone(),
                dossier: dossier.clone(),
                attachments: serde_json::to_string(&attachments).unwrap_or_else(|_| "[]".into()),
                state: NominationState::Draft,
                comment_working_days: b.comment_working_days.unwrap_or(5),
                comment_closes_on: None,
                return_comments: None,
                reason: None,
                decision_number: None,
                decision_date: None,
                revocation_document_id: None,
                version: 1,
                created_at: at,
                updated_at: at,
            };
            store::insert(conn, &row)?;
            // A version that judges a nomination is frozen.
            criteria::mark_used(conn, &row.criteria_set_id)?;
            audit::record(conn, &who, "create", "nomination", &row.id, None, Some(&to_json(&row)))?;
            one(conn, &caller, row)
        })
        .await?;
    Ok(created(
        format!("/api/v1/nominations/{}", n.id),
        n.version,
        &n,
    ))
}

/// Lists nominations, newest first; a unit officer sees its own unit's.
#[utoipa::path(
    tag = "nominations", params(NominationQuery),
    responses((status = 200, description = "Một trang hồ sơ đề nghị", body = super::Page<Nomination>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<NominationQuery>,
) -> AppResult<HttpResponse> {
    caller.require(READERS)?;
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let mut filter = store::Filter {
        year: super::year_param("year", q.year, 2000..=2100)?,
        track: q.track,
        movement_id: q.movement_id,
        state: q.state,
        proposing_unit_id: q.proposing_unit_id,
        model_id: q.model_id,
    };
    if caller.is(&[Role::UnitOfficer]) {
        filter.proposing_unit_id = caller.unit.clone();
    }
    let (items, next) = state
        .db
        .read(move |conn| {
            let rows = store::list(conn, &filter, after.as_deref(), Some(limit))?;
            let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
            Ok((assemble(conn, &caller, rows)?, next))
        })
        .await?;
    Ok(page(&req, items, next))
}

/// Reads one nomination.
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Hồ sơ đề nghị", body = Nomination, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let n = state
        .db
        .read(move |conn| {
            let row = load(conn, &id)?;
            ensure_readable(&caller, &row)?;
            one(conn, &caller, row)
        })
        .await?;
    Ok(with_etag(n.version, &n))
}

/// The proposing unit edits a draft or returned dossier.
#[utoipa::path(
    tag = "nominations", request_body = NominationPatch,
    params(("id" = String, Path, description = "Mã định danh"), ("If-Match" = Option<String>, Header, description = "ETag đã đọc")),
    responses((status = 200, description = "Đã cập nhật", body = Nomination, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: super::Body<NominationPatch>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let dossier = b.dossier.as_deref().map(|d| c.name("/dossier", d, 100_000));
    let attachments = b
        .attachments
        .as_deref()
        .map(|a| check_attachments(&mut c, a));
    check_working_days(&mut c, "/comment_working_days", b.comment_working_days);
    c.finish()?;
    let (id, tag, who, caller) = (id.into_inner(), if_match(&req), ctx.who(), ctx.caller);
    let n = state
        .db
        .write(move |conn| {
            let before = load(conn, &id)?;
            ensure_readable(&caller, &before)?;
            caller.require_for_unit(&before.proposing_unit_id, Scope::ModelsWrite)?;
            if !before.state.editable() {
                return Err(AppError::conflict(
                    "not_editable",
                    t!(
                        "Chỉ sửa được hồ sơ ở trạng thái nháp hoặc bị trả lại (hiện: {}).",
                        "Only a draft or returned nomination can be edited (now: {}).",
                        before.state.as_str()
                    ),
                ));
            }
            let mut row = before.clone();
            if let Some(f) = &b.form_id {
                form_exists(conn, f)?;
                row.form_id = f.clone();
            }
            if let Some(s) = b
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
                lock_key(conn, &format!("nominee:{}", row.model_id))?;
                refuse_duplicate(conn, &row.model_id, &row.form_id, row.year)?;
            }
            if let Some(d) = &dossier {
                row.dossier = d.clone();
            }
            if let Some(a) = &attachments {
                row.attachments = serde_json::to_string(a).unwrap_or_else(|_| "[]".into());
            }
            if let Some(d) = b.comment_working_days {
                row.comment_working_days = d;
            }
            save(conn, &who, "update", tag.as_deref(), &before, row)?;
            load(conn, &id).and_then(|row| one(conn, &caller, row))
        })
        .await?;
    Ok(with_etag(n.version, &n))
}

/// Takes one step of the workflow.
///
/// | from | action | who | to |
/// | --- | --- | --- | --- |
/// | draft, returned | submit | officer of the proposing unit | submitted |
/// | draft, returned, submitted, in_review | withdraw | officer of the proposing unit | withdrawn |
/// | submitted | start_review | coordinator | in_review |
/// | in_review | return | coordinator | returned |
/// | in_review | open_comment | coordinator | public_comment |
/// | public_comment | close_comment (on or after the closing date) | coordinator | in_review |
/// | in_review | recommend (within the quota) | coordinator | recommended |
/// | in_review, recommended | reject | coordinator in review; approver once recommended | rejected |
/// | recommended | send_back | approver | in_review |
/// | recommended | approve | approver | approved |
/// | approved | revoke | approver | revoked |
///
/// 403 `role_required` for a caller without the role or unit for the step; 409
/// `invalid_transition` with `allowed_actions` for a step the state does not allow; 409
/// `quota_exceeded` with `limit`, `used` and `remaining` when the quota is full.
#[utoipa::path(
    tag = "nominations", request_body = ActionRequest,
    params(("id" = String, Path, description = "Mã định danh"), ("If-Match" = Option<String>, Header, description = "ETag đã đọc")),
    responses((status = 200, description = "Đã chuyển trạng thái", body = Nomination, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/actions")]
pub async fn act(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: super::Body<ActionRequest>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let action = b.action();
    let mut c = Check::new();
    let text = match &b {
        ActionRequest::Withdraw { reason } => c.optional("/reason", reason.as_deref(), 2000),
        ActionRequest::Return { comments } => Some(c.name("/comments", comments, 4000)),
        ActionRequest::Reject { reason }
        | ActionRequest::SendBack { reason }
        | ActionRequest::Revoke { reason, .. } => Some(c.name("/reason", reason, 2000)),
        ActionRequest::Approve {
            decision_number, ..
        } => Some(c.name("/decision_number", decision_number, 100)),
        _ => None,
    };
    if let ActionRequest::OpenComment { working_days } = &b {
        check_working_days(&mut c, "/working_days", *working_days);
    }
    if let ActionRequest::Approve { decision_date, .. } = &b {
        if *decision_date > crate::domain::today() {
            c.fail(
                "/decision_date",
                t!(
                    "Ngày quyết định không thể ở tương lai.",
                    "decision_date cannot be in the future."
                ),
            );
        }
    }
    c.finish()?;
    let (id, tag, who, caller) = (id.into_inner(), if_match(&req), ctx.who(), ctx.caller);
    let n = state
        .db
        .write(move |conn| {
            let before = load(conn, &id)?;
            ensure_readable(&caller, &before)?;
            let current = before.state;
            let next = current
                .apply(action, &actors(&caller, &before))
                .map_err(|refusal| refused(refusal, action, current))?;
            let mut row = before.clone();
            row.state = next;
            let movement = movements::get(conn, &row.movement_id)?
                .ok_or_else(|| AppError::internal("movement missing"))?;
            let track = row.track;
            match &b {
                ActionRequest::Return { .. } => row.return_comments = text.clone(),
                ActionRequest::Withdraw { .. }
                | ActionRequest::Reject { .. }
                | ActionRequest::SendBack { .. } => row.reason = text.clone(),
                ActionRequest::OpenComment { working_days } => {
                    let model = models::get(conn, &row.model_id)?;
                    if !model.is_some_and(|m| m.is_public()) {
                        return Err(AppError::conflict(
                            "nominee_not_public",
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
                }
                ActionRequest::CloseComment => {
                    let closes = row.comment_closes_on.unwrap_or_default();
                    if crate::domain::today() < closes {
                        return Err(AppError::conflict(
                            "comment_period_open",
                            t!(
                                "Thời hạn lấy ý kiến đến hết ngày {}.",
                                "Public comment runs until the end of {}.",
                                closes
                            ),
                        )
                        .with_ext("comment_closes_on", closes.to_string()));
                    }
                }
                ActionRequest::Recommend => {
                    if track == Track::NationalCongress
                        && !store::approved_on(conn, &row.model_id, Track::ProvincialCongress, row.year)?
                    {
                        return Err(AppError::conflict(
                            "not_provincial_honouree",
                            t!(
                                "Điển hình không còn là điển hình được tuyên dương tại Đại hội tỉnh năm {}.",
                                "The nominee no longer holds a {} provincial congress honour.",
                                row.year
                            ),
                        ));
                    }
                    // Every recommendation into this pool queues here, on every instance,
                    // before it counts the places held (SQLite: the write lock does the same).
                    let probe = pool_of(conn, track, row.year, &movement)?;
                    lock_key(conn, &pool_lock_key(&probe))?;
                    let pool = pool_of(conn, track, row.year, &movement)?;
                    if pool.remaining <= 0 {
                        return Err(AppError::conflict(
                            "quota_exceeded",
                            t!(
                                "Đã đủ số lượng đề nghị theo quy định {} ({}/{}).",
                                "The quota {} is full ({}/{}).",
                                pool.rule,
                                pool.used,
                                pool.limit
                            ),
                        )
                        .with_ext("rule", pool.rule.clone())
                        .with_ext("limit", pool.limit)
                        .with_ext("used", pool.used)
                        .with_ext("remaining", pool.remaining));
                    }
                }
                ActionRequest::Approve {
                    decision_date, ..
                } => {
                    row.decision_number = text.clone();
                    row.decision_date = Some(*decision_date);
                }
                ActionRequest::Revoke { document_id, .. } => {
                    if documents::get(conn, document_id)?.is_none() {
                        return Err(super::unknown_reference("/document_id", "văn bản / document"));
                    }
                    row.reason = text.clone();
                    row.revocation_document_id = Some(document_id.clone());
                }
                ActionRequest::Submit | ActionRequest::StartReview => {}
            }
            save(conn, &who, action.as_str(), tag.as_deref(), &before, row)?;
            if matches!(action, NominationAction::Approve | NominationAction::Revoke) {
                // The honour appears on, or leaves, the model's public page.
                changes::touch(conn, std::slice::from_ref(&before.model_id))?;
            }
            load(conn, &id).and_then(|row| one(conn, &caller, row))
        })
        .await?;
    Ok(with_etag(n.version, &n))
}

fn refused(refusal: Refusal, action: NominationAction, current: NominationState) -> AppError {
    match refusal {
        Refusal::Actor => AppError::forbidden(t!(
            "Bạn không có vai trò hoặc đơn vị để {} hồ sơ này.",
            "You lack the role or unit to {} this nomination.",
            action.as_str()
        ))
        .with_code("role_required"),
        Refusal::State(allowed) => AppError::conflict(
            "invalid_transition",
            t!(
                "Không thể {} hồ sơ đang ở trạng thái {}.",
                "Cannot {} a nomination that is {}.",
                action.as_str(),
                current.as_str()
            ),
        )
        .with_ext("state", current.as_str())
        .with_ext(
            "allowed_actions",
            allowed.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        ),
    }
}

/// A reviewer scores the nomination (or declares a conflict of interest); a second call
/// replaces the first.
#[utoipa::path(
    tag = "nominations", request_body = ReviewRequest,
    params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đã ghi điểm", body = Reviews)),
    security(("bearer" = []))
)]
#[put("/{id}/reviews/mine")]
pub async fn put_review(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: super::Body<ReviewRequest>,
) -> AppResult<HttpResponse> {
    ctx.caller.require(&[Role::Reviewer])?;
    let b = body.into_inner();
    let mut c = Check::new();
    let note = c.optional("/note", b.note.as_deref(), 4000);
    if b.conflict_of_interest && !b.scores.is_empty() {
        c.fail(
            "/scores",
            t!(
                "Người có xung đột lợi ích không chấm điểm.",
                "A reviewer with a conflict of interest gives no scores."
            ),
        );
    }
    c.finish()?;
    let (id, who, reviewer) = (id.into_inner(), ctx.who(), ctx.caller.id().to_owned());
    let reviews = state
        .db
        .write(move |conn| {
            let n = load(conn, &id)?;
            if !n.state.open_for_scoring() {
                return Err(AppError::conflict(
                    "not_in_review",
                    t!(
                        "Chỉ chấm điểm hồ sơ đang xét (hiện: {}).",
                        "Only a nomination in review can be scored (now: {}).",
                        n.state.as_str()
                    ),
                ));
            }
            let crits = criteria::criteria(conn, std::slice::from_ref(&n.criteria_set_id))?;
            let review_id = new_id();
            let mut c = Check::new();
            let mut scores = Vec::new();
            for (i, s) in b.scores.iter().enumerate() {
                match crits.iter().find(|k| k.code == s.criterion) {
                    None => c.fail(
                        &format!("/scores/{i}/criterion"),
                        t!(
                            "Bộ tiêu chí không có tiêu chí {}.",
                            "The set has no criterion {}.",
                            s.criterion
                        ),
                    ),
                    Some(k) if !(0..=k.max_points).contains(&s.points) => c.fail(
                        &format!("/scores/{i}/points"),
                        t!(
                            "Điểm phải từ 0 đến {}.",
                            "Points must be 0 to {}.",
                            k.max_points
                        ),
                    ),
                    Some(k) if scores.iter().any(|x: &ScoreRow| x.criterion_id == k.id) => c.fail(
                        &format!("/scores/{i}/criterion"),
                        t!(
                            "Tiêu chí {} được chấm hai lần.",
                            "Criterion {} is scored twice.",
                            s.criterion
                        ),
                    ),
                    Some(k) => scores.push(ScoreRow {
                        review_id: review_id.clone(),
                        criterion_id: k.id.clone(),
                        points: s.points,
                    }),
                }
            }
            if !b.conflict_of_interest {
                let missing: Vec<&str> = crits
                    .iter()
                    .filter(|k| !b.scores.iter().any(|s| s.criterion == k.code))
                    .map(|k| k.code.as_str())
                    .collect();
                if !missing.is_empty() {
                    c.fail(
                        "/scores",
                        t!(
                            "Thiếu điểm các tiêu chí: {}.",
                            "Scores are missing for: {}.",
                            missing.join(", ")
                        ),
                    );
                }
            }
            c.finish()?;
            let at = now();
            let review = ReviewRow {
                id: review_id,
                nomination_id: n.id.clone(),
                reviewer_id: reviewer.clone(),
                conflict_of_interest: b.conflict_of_interest,
                note: note.clone(),
                created_at: at,
                updated_at: at,
            };
            store::put_review(conn, &review, &scores)?;
            audit::record(
                conn,
                &who,
                "review",
                "nomination",
                &n.id,
                None,
                Some(&serde_json::json!({"review": review, "scores": scores})),
            )?;
            reviews_of(conn, &n)
        })
        .await?;
    Ok(HttpResponse::Ok().json(reviews))
}

fn reviews_of(conn: &mut DbConn, n: &NominationRow) -> AppResult<Reviews> {
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
        .map(|(r, scores)| Review {
            total: (!r.conflict_of_interest).then(|| scores.iter().map(|s| s.points).sum()),
            scores: scores
                .iter()
                .map(|s| CriterionScore {
                    criterion: code(&s.criterion_id),
                    points: s.points,
                })
                .collect(),
            id: r.id,
            reviewer_id: r.reviewer_id,
            conflict_of_interest: r.conflict_of_interest,
            note: r.note,
            updated_at: utc(r.updated_at),
        })
        .collect();
    Ok(Reviews {
        items,
        summary: score_summary(conn, n)?,
    })
}

/// The council's reviews of a nomination, with the aggregate.
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Điểm của hội đồng", body = Reviews)),
    security(("bearer" = []))
)]
#[get("/{id}/reviews")]
pub async fn list_reviews(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.require(COUNCIL)?;
    let id = id.into_inner();
    let reviews = state
        .db
        .read(move |conn| {
            let n = load(conn, &id)?;
            reviews_of(conn, &n)
        })
        .await?;
    Ok(HttpResponse::Ok().json(reviews))
}

/// The nominations of a pool that are still in play, best mean score first.
fn ranked(
    conn: &mut DbConn,
    caller: &Caller,
    q: &PoolQuery,
    only: &[NominationState],
) -> AppResult<Ranking> {
    if q.track == Track::Annual && q.movement_id.is_none() {
        return Err(AppError::invalid_param(
            "movement_id",
            t!(
                "Chỉ tiêu hằng năm tính theo phong trào: cần movement_id.",
                "The annual quota is per movement: movement_id is required."
            ),
        ));
    }
    let movement = match &q.movement_id {
        Some(id) => Some(movements::get(conn, id)?.ok_or_else(|| {
            AppError::invalid_param(
                "movement_id",
                t!("Không có phong trào này.", "No such movement."),
            )
        })?),
        None => None,
    };
    // A pool no rule defines is a question about nothing: the parameters are wrong.
    let unknown_pool = || {
        AppError::invalid_param(
            "year",
            t!(
                "Không có quy định số lượng cho loại {} năm {}.",
                "No quota rule covers track {} in {}.",
                q.track.as_str(),
                q.year
            ),
        )
        .with_code("no_quota_rule")
    };
    let pool = match (&movement, q.track) {
        (Some(m), _) => {
            if rule_for(conn, q.track, q.year, m)?.is_none() {
                return Err(unknown_pool());
            }
            pool_of(conn, q.track, q.year, m)?
        }
        (None, track) => {
            let rule = quotas::all(conn)?
                .into_iter()
                .find(|r| r.track == track && r.year == Some(q.year))
                .ok_or_else(unknown_pool)?;
            let used = store::places_held(conn, track, q.year, None)?;
            let limit = i64::from(rule.max_count);
            Pool {
                track,
                year: q.year,
                movement_id: None,
                rule: rule.code,
                limit,
                used,
                remaining: (limit - used).max(0),
            }
        }
    };
    let filter = store::Filter {
        year: Some(q.year),
        track: Some(q.track),
        movement_id: pool.movement_id.clone(),
        ..Default::default()
    };
    let rows: Vec<NominationRow> = store::list(conn, &filter, None, None)?
        .into_iter()
        .filter(|r| only.contains(&r.state))
        .collect();
    let mut items = assemble(conn, caller, rows)?;
    items.sort_by(|a, b| {
        b.score
            .mean
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.score.mean.unwrap_or(f64::NEG_INFINITY))
            .then(a.created_at.cmp(&b.created_at))
    });
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, n)| Ranked {
            rank: n.score.mean.map(|_| i64::try_from(i).unwrap_or(0) + 1),
            nomination: n,
        })
        .collect();
    Ok(Ranking { pool, items })
}

/// The states a ranking shows: under review or holding a place.
const IN_PLAY: &[NominationState] = &[
    NominationState::Submitted,
    NominationState::InReview,
    NominationState::PublicComment,
    NominationState::Recommended,
    NominationState::Approved,
];

/// The nominations of one quota pool ranked by the council's mean score, with the quota's use.
#[utoipa::path(
    tag = "nominations", params(PoolQuery),
    responses((status = 200, description = "Xếp hạng trong một chỉ tiêu", body = Ranking)),
    security(("bearer" = []))
)]
#[get("/ranking")]
pub async fn ranking(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PoolQuery>,
) -> AppResult<HttpResponse> {
    caller.require(COUNCIL)?;
    let q = query.into_inner();
    super::year_param("year", Some(q.year), 2000..=2100)?;
    let r = state
        .db
        .read(move |conn| ranked(conn, &caller, &q, IN_PLAY))
        .await?;
    Ok(HttpResponse::Ok().json(r))
}

/// The column headings of the exports.
const EXPORT_HEADINGS: [&str; 8] = [
    "STT",
    "Tên tập thể, cá nhân",
    "Loại",
    "Đơn vị",
    "Phong trào",
    "Hình thức khen thưởng",
    "Điểm",
    "Đối tượng ưu tiên",
];

fn category_label(c: Category) -> &'static str {
    match c {
        Category::SmallCollective => "Tập thể nhỏ",
        Category::FrontlineStaff => "Người trực tiếp thực hiện nhiệm vụ",
        Category::Worker => "Công nhân",
        Category::Farmer => "Nông dân",
        Category::DirectProducer => "Người trực tiếp lao động sản xuất",
        Category::Manager => "Cán bộ quản lý",
        Category::Other => "Khác",
    }
}

/// The recommended list as rows of text, in rank order.
async fn export_rows(
    caller: Caller,
    state: &AppState,
    q: PoolQuery,
) -> AppResult<(Vec<[String; 8]>, String)> {
    caller.require(COUNCIL)?;
    super::year_param("year", Some(q.year), 2000..=2100)?;
    let name = format!("de-nghi-khen-thuong-{}-{}", q.track.as_str(), q.year);
    let recommended = state
        .db
        .read(move |conn| ranked(conn, &caller, &q, &[NominationState::Recommended]))
        .await?;
    let rows = recommended
        .items
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let n = r.nomination;
            let category = category_label(n.nominee.category);
            [
                (i + 1).to_string(),
                n.nominee.name,
                match n.nominee.kind {
                    ModelKind::Collective => "Tập thể".to_owned(),
                    ModelKind::Individual => "Cá nhân".to_owned(),
                },
                n.nominee.unit.map(|u| u.name).unwrap_or_default(),
                n.movement.name,
                n.form.name,
                n.score.mean.map(|m| format!("{m:.2}")).unwrap_or_default(),
                if n.nominee.priority {
                    category.to_owned()
                } else {
                    format!("Không ({category})")
                },
            ]
        })
        .collect();
    Ok((rows, name))
}

/// The recommended list of a quota pool as CSV (UTF-8 with BOM, for spreadsheet programs).
#[utoipa::path(
    tag = "nominations", params(PoolQuery),
    responses((status = 200, description = "Danh sách đề nghị khen thưởng (CSV)", content_type = "text/csv", body = String)),
    security(("bearer" = []))
)]
#[get("/recommended.csv")]
pub async fn export_csv(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PoolQuery>,
) -> AppResult<HttpResponse> {
    let (rows, name) = export_rows(caller, &state, query.into_inner()).await?;
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| AppError::internal(e);
    w.write_record(EXPORT_HEADINGS).map_err(failed)?;
    for r in &rows {
        w.write_record(r.iter().map(|cell| defuse(cell).into_owned()))
            .map_err(failed)?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(bytes))
}

/// The recommended list of a quota pool as an Excel workbook (.xlsx).
#[utoipa::path(
    tag = "nominations", params(PoolQuery),
    responses((status = 200, description = "Danh sách đề nghị khen thưởng (Excel)",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)),
    security(("bearer" = []))
)]
#[get("/recommended.xlsx")]
pub async fn export_xlsx(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PoolQuery>,
) -> AppResult<HttpResponse> {
    let (rows, name) = export_rows(caller, &state, query.into_inner()).await?;
    let bytes = web::block(move || workbook(&rows))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.xlsx\""),
        ))
        .body(bytes))
}

/// A text cell a spreadsheet will not run as a formula (OWASP "CSV injection"): a leading
/// `=`, `+`, `-`, `@`, tab or carriage return gets an apostrophe. Numbers stay as they are.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn workbook(rows: &[[String; 8]]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách đề nghị").map_err(failed)?;
    let bold = Format::new().set_bold().set_text_wrap();
    for (col, heading) in (0u16..).zip(EXPORT_HEADINGS) {
        sheet
            .write_string_with_format(0, col, heading, &bold)
            .map_err(failed)?;
    }
    for (row, r) in (1u32..).zip(rows) {
        for (col, value) in (0u16..).zip(r.iter()) {
            // The order and the score as numbers, so the clerk can sort and sum them.
            match (col, value.parse::<f64>()) {
                (0 | 6, Ok(n)) => sheet.write_number(row, col, n),
                _ => sheet.write_string(row, col, value),
            }
            .map_err(failed)?;
        }
    }
    for (col, width) in [
        (0u16, 6.0),
        (1, 40.0),
        (2, 10.0),
        (3, 36.0),
        (4, 40.0),
        (5, 34.0),
        (6, 8.0),
        (7, 30.0),
    ] {
        sheet.set_column_width(col, width).map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// The comments the public sent about a nomination, oldest first (never shown publicly).
#[utoipa::path(
    tag = "nominations",
    params(("id" = String, Path, description = "Mã định danh"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200), ("cursor" = Option<String>, Query)),
    responses((status = 200, description = "Ý kiến của nhân dân", body = super::Page<PublicComment>)),
    security(("bearer" = []))
)]
#[get("/{id}/comments")]
pub async fn list_comments(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<CommentsQuery>,
) -> AppResult<HttpResponse> {
    caller.require(COUNCIL)?;
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let id = id.into_inner();
    let (items, next) = state
        .db
        .read(move |conn| {
            load(conn, &id)?;
            let rows = store::comments(conn, &id, after.as_deref(), limit)?;
            let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
            let items = rows
                .into_iter()
                .map(|r| PublicComment {
                    id: r.id,
                    author_name: r.author_name,
                    contact: r.contact,
                    comment: r.body,
                    received_at: utc(r.created_at),
                })
                .collect::<Vec<_>>();
            Ok((items, next))
        })
        .await?;
    Ok(page(&req, items, next))
}

#[derive(Deserialize)]
pub struct CommentsQuery {
    pub limit: Option<i64>,
    pub cursor: Option<String>,
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
        if let Some(rule) = rules
            .iter()
            .find(|r| r.track == Track::Annual && r.scale == Some(m.participation_scale))
        {
            let (limit, n) = (i64::from(rule.max_count), used(Track::Annual, Some(&m.id)));
            out.push(Pool {
                track: Track::Annual,
                year,
                movement_id: Some(m.id.clone()),
                rule: rule.code.clone(),
                limit,
                used: n,
                remaining: (limit - n).max(0),
            });
        }
    }
    for rule in rules.iter().filter(|r| r.year == Some(year)) {
        let track = rule.track;
        let (limit, n) = (i64::from(rule.max_count), used(track, None));
        out.push(Pool {
            track,
            year,
            movement_id: None,
            rule: rule.code.clone(),
            limit,
            used: n,
            remaining: (limit - n).max(0),
        });
    }
    Ok(out)
}
