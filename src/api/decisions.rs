//! `/api/v1/decisions`: from recommendation to decision. The coordinator drafts a decision
//! from recommended nominations, with the submission and the draft decision drawn up as DOCX
//! and PDF; the approver issues it with its number and date, when the bonuses are computed on
//! the base salary of that day and paid from the fund, the nominations approved and the issued
//! decision kept as files linked from each award.

use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{page, utc, with_etag, Body, Check, Ctx};
use crate::blobs::Read;
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::register::{DecisionState, PaperKind, Vnd};
use crate::error::{AppError, AppResult};
use crate::paper::{self, template, Paper};
use crate::service::decisions::{self as service, DecisionRow, Issue, NewDecision, Plan, Shown};
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(read)
        .service(discard)
        .service(issue);
}

/// A pair of papers: the DOCX to edit, the PDF to keep (ids for `/api/v1/files/{id}`).
#[derive(Serialize, ToSchema)]
pub struct PaperFiles {
    #[schema(max_length = 36)]
    pub docx_file_id: String,
    #[schema(max_length = 36)]
    pub pdf_file_id: String,
}

/// A line of the annexed list.
#[derive(Serialize, ToSchema)]
pub struct DecisionItem {
    pub position: i32,
    #[schema(max_length = 36)]
    pub nomination_id: String,
    #[schema(max_length = 36)]
    pub awardee_id: Option<String>,
    #[schema(max_length = 255)]
    pub awardee_name: Option<String>,
    #[schema(max_length = 255)]
    pub unit_name: String,
    #[schema(max_length = 36)]
    pub award_type_id: Option<String>,
    #[schema(max_length = 255)]
    pub award_type_name: Option<String>,
    /// The coefficient, per mille of the base salary (1500 = 1,5).
    pub per_mille: Option<i32>,
    /// What this decision pays: fixed at issue; for a draft, as it would be decided today.
    pub amount: Option<Vnd>,
    /// What earlier decisions paid the awardee for a title of the same period.
    pub paid_before: Option<Vnd>,
}

/// A decision on commendation.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d01", "state": "issued", "year": 2025,
    "subject": "Về việc tặng thưởng danh hiệu thi đua và hình thức khen thưởng năm 2025",
    "authority": "Chủ tịch UBND tỉnh", "number": "2718/QĐ-UBND", "decided_on": "2025-12-15",
    "base_salary": 2340000, "total_bonus": 4580000,
    "submission": {"docx_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa401", "pdf_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa402"},
    "draft": {"docx_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa403", "pdf_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa404"},
    "issued": {"docx_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa405", "pdf_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa406"},
    "items": [
        {"position": 1, "nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01",
         "awardee_name": "Nguyễn Thị Hoa", "unit_name": "Sở Y tế", "award_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a11",
         "award_type_name": "Chiến sĩ thi đua cấp tỉnh", "per_mille": 1500, "amount": 3510000, "paid_before": 0},
        {"position": 2, "nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a02", "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b02",
         "awardee_name": "Trần Văn Nam", "unit_name": "Sở Y tế", "award_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a12",
         "award_type_name": "Lao động tiên tiến", "per_mille": 300, "amount": 710000, "paid_before": 0}
    ],
    "version": 2, "created_at": "2025-12-01T08:00:00Z", "updated_at": "2025-12-15T09:00:00Z"
}))]
pub struct Decision {
    pub id: String,
    pub state: DecisionState,
    /// The year of the achievements it rewards.
    pub year: i32,
    pub subject: String,
    #[schema(max_length = 255)]
    pub authority: String,
    /// Once issued.
    pub number: Option<String>,
    pub decided_on: Option<NaiveDate>,
    /// The base salary in force on the decision date, once issued.
    pub base_salary: Option<Vnd>,
    /// The bonuses paid, once issued.
    pub total_bonus: Option<Vnd>,
    /// The submission to the Chairman (tờ trình).
    pub submission: Option<PaperFiles>,
    /// The draft decision with its annexed list.
    pub draft: Option<PaperFiles>,
    /// The issued decision, with its number and date.
    pub issued: Option<PaperFiles>,
    pub items: Vec<DecisionItem>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A draft from recommended nominations, all of one year.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "nomination_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a02"],
    "subject": "Về việc tặng thưởng danh hiệu thi đua và hình thức khen thưởng năm 2025"
}))]
pub struct DecisionInput {
    #[schema(min_items = 1, max_items = 500)]
    pub nomination_ids: Vec<String>,
    /// Absent: "Về việc tặng thưởng danh hiệu thi đua và hình thức khen thưởng năm {year}".
    #[schema(min_length = 1, max_length = 500)]
    pub subject: Option<String>,
}

/// The issue of a decision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"number": "2718/QĐ-UBND", "decided_on": "2025-12-15"}))]
pub struct IssueInput {
    #[schema(min_length = 1, max_length = 100)]
    pub number: String,
    pub decided_on: NaiveDate,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub state: Option<DecisionState>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn pair(docx: Option<String>, pdf: Option<String>) -> Option<PaperFiles> {
    Some(PaperFiles {
        docx_file_id: docx?,
        pdf_file_id: pdf?,
    })
}

fn answer_of(row: DecisionRow, items: Vec<DecisionItem>) -> Decision {
    Decision {
        submission: pair(row.submission_docx_id, row.submission_pdf_id),
        draft: pair(row.draft_docx_id, row.draft_pdf_id),
        issued: pair(row.issued_docx_id, row.issued_pdf_id),
        id: row.id,
        state: row.state,
        year: row.year,
        subject: row.subject,
        authority: row.authority,
        number: row.number,
        decided_on: row.decided_on,
        base_salary: row.base_salary.map(Vnd),
        total_bonus: row.total_bonus.map(Vnd),
        items,
        version: row.version,
        created_at: utc(row.created_at),
        updated_at: utc(row.updated_at),
    }
}

fn answer(s: Shown) -> Decision {
    let items = s
        .entries
        .into_iter()
        .map(|e| DecisionItem {
            position: e.item.position,
            nomination_id: e.item.nomination_id,
            awardee_id: e.awardee.as_ref().map(|a| a.id.clone()),
            awardee_name: e.awardee.map(|a| a.name),
            unit_name: e.unit_name,
            award_type_id: e.award_type.as_ref().map(|t| t.id.clone()),
            award_type_name: e.award_type.map(|t| t.name),
            per_mille: e.per_mille,
            amount: e.amount.map(Vnd),
            paid_before: e.paid_before.map(Vnd),
        })
        .collect();
    answer_of(s.row, items)
}

/// The decisions, newest first.
#[utoipa::path(
    tag = "decisions", params(DecisionQuery),
    responses((status = 200, description = "Các quyết định khen thưởng", body = super::Page<Decision>)),
    security(("bearer" = []))
)]
#[get("/api/v1/decisions")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<DecisionQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let year = super::year_param("year", q.year, 2000..=2100)?;
    let (rows, next) = state
        .db
        .read(move |conn| service::list(conn, year, q.state, after.as_deref(), limit))
        .await?;
    let items = rows.into_iter().map(|r| answer_of(r, Vec::new())).collect();
    Ok(page(&req, items, next))
}

/// A template's bytes from the file store.
async fn template_bytes(state: &AppState, sha256: Option<String>) -> AppResult<Option<Vec<u8>>> {
    let Some(sha) = sha256 else {
        return Ok(None);
    };
    match state.blobs.read(&sha).await.map_err(AppError::internal)? {
        Read::Sound(bytes) => Ok(Some(bytes.to_vec())),
        Read::Missing | Read::Damaged => Err(AppError::internal(
            "the template's file is missing or damaged in the file store",
        )),
    }
}

/// A paper as DOCX and PDF: from the uploaded template when there is one, else built in.
fn render(
    template: Option<&[u8]>,
    built_in: &Paper,
    plan: &Plan,
    values: &std::collections::BTreeMap<&str, String>,
    number: Option<&str>,
) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
    match template {
        Some(t) => {
            let heading = service::annex_heading(number, plan.on);
            let annex = service::annex(plan);
            let docx = template::fill_docx(t, values, &heading, &annex)?;
            let pdf = paper::pdf(&template::paper(t, values, &heading, &annex)?)?;
            Ok((docx, pdf))
        }
        None => Ok((paper::docx(built_in)?, paper::pdf(built_in)?)),
    }
}

/// The templates of both papers of a plan: their files' hashes.
fn templates_of(
    conn: &mut crate::service::DbConn,
    plan: &Plan,
    kinds: &[PaperKind],
) -> AppResult<Vec<Option<String>>> {
    kinds
        .iter()
        .map(|k| {
            Ok(match service::template_for(conn, *k, plan)? {
                Some(t) => crate::store::files::get(conn, &t.file_id)?.map(|f| f.sha256),
                None => None,
            })
        })
        .collect()
}

/// The submission and the draft decision of a list, drawn up and kept.
async fn draft_papers(
    state: &AppState,
    drawn: &Plan,
    subject: &str,
    shas: Vec<Option<String>>,
    today: NaiveDate,
) -> AppResult<service::DraftPapers> {
    let mut templates = Vec::new();
    for sha in shas {
        templates.push(template_bytes(state, sha).await?);
    }
    let (p, s, province) = (
        drawn.clone(),
        subject.to_owned(),
        state.config.province.clone(),
    );
    let (submission, decision) = web::block(move || {
        let values = service::values(&p, &province, &s, None);
        let submission = render(
            templates.first().and_then(Option::as_deref),
            &service::submission_paper(&p, &province, &s, today),
            &p,
            &values,
            None,
        )?;
        let decision = render(
            templates.get(1).and_then(Option::as_deref),
            &service::decision_paper(&p, &province, &s, None),
            &p,
            &values,
            None,
        )?;
        Ok::<_, anyhow::Error>((submission, decision))
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    Ok(service::DraftPapers {
        submission: super::files::keep_papers(
            state,
            &format!("to-trinh-{}", drawn.year),
            submission,
        )
        .await?,
        decision: super::files::keep_papers(
            state,
            &format!("du-thao-quyet-dinh-{}", drawn.year),
            decision,
        )
        .await?,
    })
}

/// Drafts a decision: the submission and the draft decision as DOCX and PDF.
#[utoipa::path(
    tag = "decisions", request_body = DecisionInput,
    responses((status = 201, description = "Đã lập dự thảo quyết định và tờ trình", body = Decision,
        headers(("Location" = String, description = "Địa chỉ quyết định"), ("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[post("/api/v1/decisions")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<DecisionInput>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    if b.nomination_ids.is_empty() || b.nomination_ids.len() > 500 {
        c.fail(
            "/nomination_ids",
            crate::t!(
                "Cần từ 1 đến 500 hồ sơ đề nghị.",
                "Give 1 to 500 nominations."
            ),
        );
    }
    let subject = b.subject.as_deref().map(|s| c.name("/subject", s, 500));
    c.finish()?;
    let cmd = NewDecision {
        nomination_ids: b.nomination_ids,
        subject,
    };
    let today = crate::domain::today();
    let (cmd, drawn, subject, shas) = state
        .db
        .read(move |conn| {
            service::ensure_draftable(conn, &cmd)?;
            let drawn = service::plan(conn, &cmd.nomination_ids, today)?;
            let subject = cmd
                .subject
                .clone()
                .unwrap_or_else(|| service::default_subject(drawn.year));
            let shas = templates_of(conn, &drawn, &[PaperKind::Submission, PaperKind::Decision])?;
            Ok((cmd, drawn, subject, shas))
        })
        .await?;
    let papers = draft_papers(&state, &drawn, &subject, shas, today).await?;
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create(conn, &who, &cmd, &subject, &drawn, &papers))
        .await?;
    let d = answer(shown);
    Ok(super::created(
        format!("/api/v1/decisions/{}", d.id),
        d.version,
        &d,
    ))
}

/// Reads a decision with its list.
#[utoipa::path(
    tag = "decisions",
    params(("id" = String, Path, description = "Mã định danh của quyết định", max_length = 36)),
    responses((status = 200, description = "Quyết định khen thưởng", body = Decision,
        headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/decisions/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let d = state
        .db
        .read(move |conn| service::read(conn, &id))
        .await
        .map(answer)?;
    Ok(with_etag(d.version, &d))
}

/// Removes a draft; its nominations may go into another.
#[utoipa::path(
    tag = "decisions",
    params(("id" = String, Path, description = "Mã định danh của quyết định", max_length = 36)),
    responses((status = 204, description = "Đã xóa dự thảo")),
    security(("bearer" = []))
)]
#[delete("/api/v1/decisions/{id}")]
pub async fn discard(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (id, who) = (id.into_inner(), ctx.who());
    state
        .db
        .write(move |conn| service::discard(conn, &who, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Issues a draft with its number and date.
#[utoipa::path(
    tag = "decisions", request_body = IssueInput,
    params(("id" = String, Path, description = "Mã định danh của quyết định", max_length = 36)),
    responses((status = 200, description = "Quyết định đã ban hành", body = Decision,
        headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[post("/api/v1/decisions/{id}/issue")]
pub async fn issue(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<IssueInput>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let number = c.name("/number", &b.number, 100);
    c.finish()?;
    let cmd = Issue {
        number,
        decided_on: b.decided_on,
    };
    let id = id.into_inner();
    let province = state.config.province.clone();
    let (row, drawn, sha) = {
        let (id, on) = (id.clone(), cmd.decided_on);
        state
            .db
            .read(move |conn| {
                let (row, ids) = service::for_issue(conn, &id)?;
                let drawn = service::plan(conn, &ids, on)?;
                let sha = templates_of(conn, &drawn, &[PaperKind::Decision])?
                    .pop()
                    .flatten();
                Ok((row, drawn, sha))
            })
            .await?
    };
    let template = template_bytes(&state, sha).await?;
    let (p, number) = (drawn.clone(), cmd.number.clone());
    let papers = web::block(move || {
        let values = service::values(&p, &province, &row.subject, Some(&number));
        render(
            template.as_deref(),
            &service::decision_paper(&p, &province, &row.subject, Some(&number)),
            &p,
            &values,
            Some(&number),
        )
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    let papers =
        super::files::keep_papers(&state, &format!("quyet-dinh-{}", cmd.decided_on), papers)
            .await?;
    let (who, caller) = (ctx.who(), ctx.caller);
    let d = state
        .db
        .write(move |conn| service::issue(conn, &who, &caller, &id, &cmd, &drawn, &papers))
        .await
        .map(answer)?;
    Ok(with_etag(d.version, &d))
}
