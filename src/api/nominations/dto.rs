//! The request and answer types of nominations, with their schemas.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::models::MovementRef;
use crate::api::movements::UnitRef;
use crate::api::utc;
use crate::domain::awardees::AwardStream;
use crate::domain::models::{Category, ModelKind};
use crate::domain::nominations::{NominationAction, NominationState};
use crate::domain::vocab::Track;
use crate::service::nominations::{
    self as service, CommentRow, FormRow, ReviewsShown, ScoreSummary, Shown, UnitName,
};
use crate::service::quotas::Pool;

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

/// A new nomination, proposed by a unit.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "model_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "movement_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01",
    "year": 2025, "track": "annual", "form_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01",
    "proposing_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "criteria_set_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e01",
    "dossier": "Báo cáo thành tích: tổ hợp tác đã giúp 12 hộ thoát nghèo bền vững trong 3 năm."
}))]
pub struct NewNomination {
    /// The nominee: an individual or collective (`/api/v1/awardees`). Absent, the model's.
    pub awardee_id: Option<String>,
    /// An exemplary model of the movement, when the nominee is proposed as one; its awardee is
    /// the nominee. One of `awardee_id` and `model_id` is needed.
    pub model_id: Option<String>,
    pub movement_id: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    pub track: Track,
    /// For the congress tracks: the congress (`/api/v1/congresses`), whose year `year` must be;
    /// absent, the letter's congress of the track (X for `provincial_congress`, XI for
    /// `national_congress`).
    pub congress_id: Option<String>,
    pub form_id: String,
    /// Defaults to the caller's unit.
    pub proposing_unit_id: Option<String>,
    /// The version of the movement's criteria set the nomination is judged by.
    pub criteria_set_id: String,
    /// The achievement report.
    #[schema(min_length = 1, max_length = 100000)]
    pub dossier: String,
    /// Working days of a public comment period, if one is opened (default 5).
    #[schema(minimum = 1, maximum = 60)]
    pub comment_working_days: Option<i32>,
    /// The stream (`merit`, `thematic`, `ad_hoc`, …); absent, the award type's.
    pub stream: Option<AwardStream>,
    /// The initiative the achievement rests on (`/api/v1/initiatives`), one of the nominee's.
    #[schema(max_length = 36)]
    pub initiative_id: Option<String>,
    /// A collective's member figures.
    pub members: Option<MemberFigures>,
}

/// A collective's member figures, as its dossier states them.
#[derive(Serialize, Deserialize, ToSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"total": 24, "completed": 24, "advanced": 18}))]
pub struct MemberFigures {
    /// Members.
    #[schema(minimum = 1, maximum = 100000)]
    pub total: i32,
    /// Members who completed their tasks.
    #[schema(minimum = 0, maximum = 100000)]
    pub completed: i32,
    /// Members holding Lao động tiên tiến.
    #[schema(minimum = 0, maximum = 100000)]
    pub advanced: i32,
}

/// Changes to a draft or returned nomination; absent members stay.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"dossier": "Báo cáo thành tích (bổ sung số liệu năm 2025)."}))]
pub struct NominationPatch {
    #[schema(min_length = 1, max_length = 100000)]
    pub dossier: Option<String>,
    pub form_id: Option<String>,
    pub criteria_set_id: Option<String>,
    #[schema(minimum = 1, maximum = 60)]
    pub comment_working_days: Option<i32>,
    #[schema(max_length = 36)]
    pub initiative_id: Option<String>,
    pub members: Option<MemberFigures>,
}

/// The nominee as a nomination shows it.
#[derive(Serialize, ToSchema, Clone)]
pub struct Nominee {
    /// The individual or collective (`/api/v1/awardees`); for a model recorded without naming
    /// one, also the model's id.
    pub id: String,
    /// The exemplary model proposed, when the nomination names one.
    pub model_id: Option<String>,
    pub kind: ModelKind,
    pub name: String,
    pub category: Category,
    /// Whether the letter gives the category priority.
    pub priority: bool,
    pub unit: Option<UnitRef>,
}

/// A nomination.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01",
    "nominee": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "model_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "kind": "collective", "name": "Tổ sản xuất rau an toàn thôn Đông",
        "category": "small_collective", "priority": true, "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"}},
    "movement": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "code": "PT-NGUOI-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau"},
    "year": 2025, "track": "annual", "congress_id": null, "stream": "merit", "initiative_id": null, "members": null,
    "form": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "code": "bang-khen-ubnd-tinh", "name": "Bằng khen của Chủ tịch UBND tỉnh"},
    "proposing_unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"},
    "criteria_set_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4e01", "dossier": "Báo cáo thành tích.",
    "state": "in_review", "available_actions": ["return", "open_comment", "recommend", "reject"],
    "comment_working_days": 5, "comment_closes_on": null, "return_comments": null, "reason": null,
    "decision_number": null, "decision_date": null, "revocation_document_id": null,
    "score": {"mean": 86.5, "count": 2, "excluded": 1, "threshold": 80, "meets_threshold": true, "flagged": []},
    "score_override": null,
    "version": 4, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T09:00:00Z"
}))]
pub struct Nomination {
    pub id: String,
    pub nominee: Nominee,
    pub movement: MovementRef,
    pub year: i32,
    pub track: Track,
    /// For the congress tracks: the congress it goes to.
    pub congress_id: Option<String>,
    /// The stream it belongs to.
    pub stream: AwardStream,
    /// The initiative the achievement rests on, if any.
    pub initiative_id: Option<String>,
    /// A collective's member figures, if given.
    pub members: Option<MemberFigures>,
    pub form: CommendationForm,
    pub proposing_unit: Option<UnitRef>,
    pub criteria_set_id: String,
    pub dossier: String,
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
    /// Why it was recommended although its scores fail the criteria set.
    #[schema(max_length = 2000)]
    pub score_override: Option<String>,
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
    /// The coordinator recommends it to the Chairman, within the quota. Its scores must pass
    /// the criteria set (each mandatory criterion's mean at its pass mark, the mean total at
    /// the threshold); otherwise only with `override_reason`, which is kept, audited and shown
    /// in the exports.
    Recommend {
        #[schema(min_length = 1, max_length = 2000)]
        override_reason: Option<String>,
    },
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
    /// Only the nominations of this individual or collective.
    pub awardee_id: Option<String>,
    /// Only the nominations for this congress.
    pub congress_id: Option<String>,
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
    /// For the congress tracks: the congress (`/api/v1/congresses`); absent, the letter's
    /// congress of the track (X for `provincial_congress`, XI for `national_congress`).
    pub congress_id: Option<String>,
}

impl PoolQuery {
    pub fn ask(&self) -> crate::service::nominations::PoolAsk {
        crate::service::nominations::PoolAsk {
            track: self.track,
            year: self.year,
            movement_id: self.movement_id.clone(),
            congress_id: self.congress_id.clone(),
        }
    }
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
    /// How to reach the commenter: shown to coordinators and administrators only (null for
    /// the rest of the council).
    pub contact: Option<String>,
    pub comment: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Deserialize)]
pub struct CommentsQuery {
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn unit_ref((id, code, name): UnitName) -> UnitRef {
    UnitRef { id, code, name }
}

impl From<Shown> for Nomination {
    fn from(s: Shown) -> Self {
        let (r, m, mv) = (s.row, s.nominee, s.movement);
        Nomination {
            nominee: Nominee {
                id: m.id,
                model_id: r.model_id,
                kind: m.kind,
                name: m.name,
                category: m.category,
                priority: m.category.is_priority(),
                unit: s.nominee_unit.map(unit_ref),
            },
            movement: MovementRef {
                id: mv.id,
                code: mv.code,
                name: mv.name,
            },
            track: r.track,
            congress_id: r.congress_id,
            stream: r.stream,
            initiative_id: r.initiative_id.clone(),
            members: match (r.members_total, r.members_completed, r.members_advanced) {
                (Some(total), Some(completed), Some(advanced)) => Some(MemberFigures {
                    total,
                    completed,
                    advanced,
                }),
                _ => None,
            },
            form: s.form.into(),
            proposing_unit: s.proposing_unit.map(unit_ref),
            state: r.state,
            available_actions: s.available_actions,
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
            score: s.score,
            score_override: r.score_override,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

impl From<ReviewsShown> for Reviews {
    fn from(r: ReviewsShown) -> Self {
        let items = r
            .items
            .into_iter()
            .map(|s| Review {
                total: s.total,
                scores: s
                    .scores
                    .into_iter()
                    .map(|(criterion, points)| CriterionScore { criterion, points })
                    .collect(),
                id: s.row.id,
                reviewer_id: s.row.reviewer_id,
                conflict_of_interest: s.row.conflict_of_interest,
                note: s.row.note,
                updated_at: utc(s.row.updated_at),
            })
            .collect();
        Reviews {
            items,
            summary: r.summary,
        }
    }
}

impl From<service::Ranking> for Ranking {
    fn from(r: service::Ranking) -> Self {
        Ranking {
            pool: r.pool,
            items: r
                .items
                .into_iter()
                .map(|(rank, n)| Ranked {
                    rank,
                    nomination: n.into(),
                })
                .collect(),
        }
    }
}

impl From<CommentRow> for PublicComment {
    fn from(r: CommentRow) -> Self {
        PublicComment {
            id: r.id,
            author_name: r.author_name,
            contact: r.contact,
            comment: r.body,
            received_at: utc(r.created_at),
        }
    }
}
