//! `/api/v1/eligibility-rules` and a nomination's eligibility: the rules (their kinds are code,
//! their parameters data on a legal basis, dated; the coordinator adds the province's own), a
//! nomination judged rule by rule with the evidence used, and the coordinator's recorded reason
//! to submit one whose eligibility is not known.

use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::awards::AwardTypeRef;
use super::{created, double_option, if_match, lang, utc, with_etag, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::eligibility::{EvidenceSource, Outcome, RuleKind, RuleParameters};
use crate::error::{AppResult, Lang};
use crate::service::eligibility::{self as service, Filter, NewRule, RuleChange, RuleRow, Verdict};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(read)
        .service(update);
}

/// A rule of eligibility: one kind, its parameters, the award type it applies to (`null`: every
/// one), its legal basis and the days it is in force.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-0000-7000-8000-0000003e0005", "award_type_id": "0193a1b2-0000-7000-8000-0000000a0003",
    "kind": "chain", "parameters": {"award_type_id": "0193a1b2-0000-7000-8000-0000000a0002", "count": 3, "percent": null, "reach": null},
    "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22", "document_id": null,
    "valid_from": "2024-01-01", "valid_to": null, "note": "Ba lần liên tục đạt Chiến sĩ thi đua cơ sở.",
    "version": 1, "created_at": "2026-12-07T08:00:00Z", "updated_at": "2026-12-07T08:00:00Z"
}))]
pub struct Rule {
    #[schema(max_length = 36)]
    pub id: String,
    /// `null`: the rule applies to every award type.
    #[schema(max_length = 36)]
    pub award_type_id: Option<String>,
    pub kind: RuleKind,
    pub parameters: RuleParameters,
    #[schema(max_length = 500)]
    pub legal_basis: String,
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    /// The last day in force; `null` while it lasts.
    pub valid_to: Option<NaiveDate>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Rules {
    #[schema(max_items = 10000)]
    pub items: Vec<Rule>,
}

/// A new rule (the coordinator). Parameters by kind: `chain` — `award_type_id` (the lower
/// title) and `count`; `members_holding` — `award_type_id` and `count`; the two shares —
/// `percent`; `initiative_reach` — `reach`; the others none.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "award_type_id": "0193a1b2-0000-7000-8000-0000000a0006", "kind": "members_completed_share",
    "parameters": {"percent": 100},
    "legal_basis": "Quy chế Thi đua, khen thưởng tỉnh Hưng Yên (Quyết định số 25/2025/QĐ-UBND)",
    "valid_from": "2025-07-01", "note": "100% thành viên hoàn thành nhiệm vụ."
}))]
pub struct RuleCreate {
    /// Absent: every award type.
    #[schema(max_length = 36)]
    pub award_type_id: Option<String>,
    pub kind: RuleKind,
    #[serde(default)]
    pub parameters: RuleParameters,
    #[schema(min_length = 1, max_length = 500)]
    pub legal_basis: String,
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// A rule's end or note; a rule's parameters never change (add a new rule and end this one).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"valid_to": "2026-06-30"}))]
pub struct RulePatch {
    #[serde(default, deserialize_with = "double_option")]
    pub valid_to: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 2000)]
    pub note: Option<Option<String>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RuleQuery {
    /// Rules that apply to this award type: its own and those for every type.
    #[param(max_length = 36)]
    pub award_type_id: Option<String>,
    pub kind: Option<RuleKind>,
    /// Rules in force on this day.
    pub on: Option<NaiveDate>,
}

/// One piece of evidence a rule used.
#[derive(Serialize, ToSchema)]
pub struct Evidence {
    pub source: EvidenceSource,
    /// The record's id (an award, initiative, restriction or nomination); `null` for the
    /// dossier's own figures.
    #[schema(max_length = 36)]
    pub id: Option<String>,
    #[schema(max_length = 2000)]
    pub detail: String,
}

/// One rule judged.
#[derive(Serialize, ToSchema)]
pub struct RuleOutcome {
    #[schema(max_length = 36)]
    pub rule_id: String,
    pub kind: RuleKind,
    /// `null`: a rule for every award type.
    #[schema(max_length = 36)]
    pub award_type_id: Option<String>,
    #[schema(max_length = 500)]
    pub legal_basis: String,
    pub parameters: RuleParameters,
    pub outcome: Outcome,
    #[schema(max_length = 2000)]
    pub explanation: String,
    #[schema(max_items = 1000)]
    pub evidence: Vec<Evidence>,
}

/// A nomination judged: the law of the day its dossier was received (or of today, before),
/// each rule in force with its outcome and evidence, and whether it may be submitted.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "judged_on": "2024-11-15", "received": true,
    "award_type": {"id": "0193a1b2-0000-7000-8000-0000000a0003", "code": "chien-si-thi-dua-cap-tinh", "name": "Danh hiệu Chiến sĩ thi đua cấp tỉnh", "nature": "title"},
    "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP",
    "version_id": "0193a1b2-0000-7000-8000-0000001b0003",
    "outcome": "not_met", "submittable": false, "override_reason": null,
    "rules": [{
        "rule_id": "0193a1b2-0000-7000-8000-0000003e0005", "kind": "chain",
        "award_type_id": "0193a1b2-0000-7000-8000-0000000a0003",
        "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 22",
        "parameters": {"award_type_id": "0193a1b2-0000-7000-8000-0000000a0002", "count": 3, "percent": null, "reach": null},
        "outcome": "not_met",
        "explanation": "Chỉ có 2 lần liên tục đạt Chiến sĩ thi đua cơ sở kết thúc năm 2023 hoặc 2024; cần 3.",
        "evidence": [{"source": "award", "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "detail": "Chiến sĩ thi đua cơ sở 2024, quyết định 124/QĐ-SNV."}]
    }]
}))]
pub struct Eligibility {
    #[schema(max_length = 36)]
    pub nomination_id: String,
    /// The day whose law judges it.
    pub judged_on: NaiveDate,
    /// Whether `judged_on` is the day the dossier was received (else it is today).
    pub received: bool,
    pub award_type: AwardTypeRef,
    /// The legal basis of the award type's version in force on `judged_on`; `null` if none.
    #[schema(max_length = 500)]
    pub legal_basis: Option<String>,
    #[schema(max_length = 36)]
    pub version_id: Option<String>,
    /// `not_met` if a rule is not met, else `not_known` if one is not known, else `met`.
    pub outcome: Outcome,
    /// Whether it may be submitted: met, or not known with the coordinator's reason.
    pub submittable: bool,
    #[schema(max_length = 2000)]
    pub override_reason: Option<String>,
    #[schema(max_items = 1000)]
    pub rules: Vec<RuleOutcome>,
}

/// The coordinator's reason to submit a nomination whose eligibility is not known.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Đơn vị đã nộp bản giấy danh sách thành viên; số liệu được Sở Nội vụ đối chiếu."}))]
pub struct OverrideRequest {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

fn rule(r: RuleRow) -> AppResult<Rule> {
    Ok(Rule {
        parameters: service::parameters(&r)?,
        id: r.id,
        award_type_id: r.award_type_id,
        kind: r.kind,
        legal_basis: r.legal_basis,
        document_id: r.document_id,
        valid_from: r.valid_from,
        valid_to: r.valid_to,
        note: r.note,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    })
}

fn eligibility(v: Verdict, lang: Lang) -> Eligibility {
    let submittable = v.submittable();
    Eligibility {
        nomination_id: v.nomination_id,
        judged_on: v.judged_on,
        received: v.received,
        award_type: AwardTypeRef {
            id: v.award_type.id,
            code: v.award_type.code,
            name: v.award_type.name,
            nature: v.award_type.nature,
        },
        legal_basis: v.version.as_ref().map(|x| x.legal_basis.clone()),
        version_id: v.version.map(|x| x.id),
        outcome: v.outcome,
        submittable,
        override_reason: v.override_reason,
        rules: v
            .rules
            .into_iter()
            .map(|j| RuleOutcome {
                rule_id: j.rule.id,
                kind: j.rule.kind,
                award_type_id: j.rule.award_type_id,
                legal_basis: j.rule.legal_basis,
                parameters: j.parameters,
                outcome: j.judgement.outcome,
                explanation: j.judgement.explanation.get(lang).to_owned(),
                evidence: j
                    .judgement
                    .evidence
                    .into_iter()
                    .map(|e| Evidence {
                        source: e.source,
                        id: e.id,
                        detail: e.detail.get(lang).to_owned(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn judged(v: Verdict, lang: Lang) -> HttpResponse {
    let code = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, code))
        .insert_header((header::VARY, "Accept-Language"))
        .json(eligibility(v, lang))
}

/// Lists the rules of eligibility, those for every type first.
#[utoipa::path(
    tag = "award-types", params(RuleQuery),
    responses((status = 200, description = "Các quy tắc xét khen thưởng", body = Rules)),
    security(("bearer" = []))
)]
#[get("/api/v1/eligibility-rules")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<RuleQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let filter = Filter {
        award_type_id: q.award_type_id,
        kind: q.kind,
        on: q.on,
    };
    let rows = state
        .db
        .read(move |conn| service::list(conn, &filter))
        .await?;
    let items = rows.into_iter().map(rule).collect::<AppResult<_>>()?;
    Ok(HttpResponse::Ok().json(Rules { items }))
}

/// Adds a rule of eligibility (the coordinator).
#[utoipa::path(
    tag = "award-types", request_body = RuleCreate,
    responses((status = 201, description = "Đã thêm quy tắc", body = Rule,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/eligibility-rules")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<RuleCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    for (member, why) in b.parameters.problems(b.kind) {
        c.fail(&format!("/parameters/{member}"), why);
    }
    if b.valid_to.is_some_and(|to| to < b.valid_from) {
        c.fail(
            "/valid_to",
            t!(
                "Ngày hết hiệu lực không thể trước ngày có hiệu lực.",
                "valid_to cannot precede valid_from."
            ),
        );
    }
    let new = NewRule {
        legal_basis: c.name("/legal_basis", &b.legal_basis, 500),
        note: c.optional("/note", b.note.as_deref(), 2000),
        award_type_id: b.award_type_id,
        kind: b.kind,
        parameters: b.parameters,
        document_id: b.document_id,
        valid_from: b.valid_from,
        valid_to: b.valid_to,
    };
    c.finish()?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| service::create(conn, &who, &new))
        .await?;
    let r = rule(row)?;
    Ok(created(
        format!("/api/v1/eligibility-rules/{}", r.id),
        r.version,
        &r,
    ))
}

/// Reads one rule.
#[utoipa::path(
    tag = "award-types", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Quy tắc", body = Rule, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/eligibility-rules/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = state.db.read(move |conn| service::read(conn, &id)).await?;
    let r = rule(row)?;
    Ok(with_etag(r.version, &r))
}

/// Ends a rule, or changes its note (the coordinator).
#[utoipa::path(
    tag = "award-types", request_body = RulePatch,
    params(("id" = String, Path, description = "Mã định danh"), ("If-Match" = Option<String>, Header, description = "ETag đã đọc")),
    responses((status = 200, description = "Đã cập nhật", body = Rule, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/eligibility-rules/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: Body<RulePatch>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let note = b
        .note
        .map(|n| n.and_then(|n| c.optional("/note", Some(&n), 2000)));
    c.finish()?;
    let change = RuleChange {
        valid_to: b.valid_to,
        note,
    };
    let (id, tag, who) = (id.into_inner(), if_match(&req), ctx.who());
    let row = state
        .db
        .write(move |conn| service::update(conn, &who, &id, &change, tag.as_deref()))
        .await?;
    let r = rule(row)?;
    Ok(with_etag(r.version, &r))
}

/// A nomination's eligibility, rule by rule, with the evidence used.
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh của hồ sơ")),
    responses((status = 200, description = "Kết quả xét điều kiện", body = Eligibility)),
    security(("bearer" = []))
)]
#[get("/{id}/eligibility")]
pub async fn of_nomination(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let verdict = state
        .db
        .read(move |conn| service::of_nomination(conn, &caller, &id))
        .await?;
    Ok(judged(verdict, lang(&req)))
}

/// Records the coordinator's reason to submit a nomination whose eligibility is not known.
#[utoipa::path(
    tag = "nominations", request_body = OverrideRequest,
    params(("id" = String, Path, description = "Mã định danh của hồ sơ"), ("If-Match" = Option<String>, Header, description = "ETag đã đọc của hồ sơ")),
    responses((status = 200, description = "Đã ghi nhận lý do", body = Eligibility)),
    security(("bearer" = []))
)]
#[post("/{id}/eligibility-override")]
pub async fn override_unknown(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: Body<OverrideRequest>,
) -> AppResult<HttpResponse> {
    let mut c = Check::new();
    let reason = c.name("/reason", &body.reason, 2000);
    c.finish()?;
    let (id, tag, who, caller) = (id.into_inner(), if_match(&req), ctx.who(), ctx.caller);
    let verdict = state
        .db
        .write(move |conn| {
            service::override_unknown(conn, &caller, &who, &id, &reason, tag.as_deref())
        })
        .await?;
    Ok(judged(verdict, lang(&req)))
}
